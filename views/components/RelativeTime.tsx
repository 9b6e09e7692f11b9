// A timestamp as "3 min ago": relative text from the server, the exact time on hover (UTC here; /static/app.js
// swaps in the viewer's local time with its zone and keeps the relative text current while the page stays open).
import { relativeText } from "../../worker/api/time-text.ts";
import { utcText } from "../format.ts";

export function RelativeTime({ iso, now, note }: { iso: string | null; now: number; note?: string }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time
      datetime={iso}
      data-relative="true"
      data-note={note}
      title={note ? `${utcText(iso)} · ${note}` : utcText(iso)}
    >
      {relativeText(iso, now)}
    </time>
  );
}
