// The tools at the right of every signed-in page header: the live indicator (where the page is live), the colour
// theme switch (System / Light / Dark, remembered per browser by /static/theme.js) and the shortcuts button.
import { LiveStatus } from "./LiveStatus.tsx";

export function HeaderTools({ live }: { live?: boolean }) {
  return (
    <div class="header-tools">
      {live ? <LiveStatus /> : null}
      <button
        type="button"
        class="btn btn-small btn-quiet theme-toggle"
        id="theme-toggle"
        aria-label="Colour theme: system"
      >
        <span aria-hidden="true">◐</span> <span class="theme-name">System</span>
      </button>
      <button
        type="button"
        class="btn btn-small btn-quiet"
        id="shortcuts-open"
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
      >
        <kbd>?</kbd>
      </button>
    </div>
  );
}
