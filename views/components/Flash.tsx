// The message area under a page title. Pages render it empty; htmx responses fill it through an <hx-partial>.
import type { Child } from "hono/jsx";

export type FlashTone = "ok" | "error";

export function FlashArea() {
  return <div id="flash" class="flash-area" role="status" aria-live="polite" />;
}

export function FlashMessage({ tone, children }: { tone: FlashTone; children: Child }) {
  return <p class={`flash flash-${tone}`}>{children}</p>;
}

/** Fills #flash from any htmx response, whatever the main target (also after a `<tr>`, where a <div> would not parse). */
export function FlashPartial({ tone, children }: { tone: FlashTone; children: Child }) {
  return (
    <hx-partial hx-target="#flash" hx-swap="innerHTML">
      <FlashMessage tone={tone}>{children}</FlashMessage>
    </hx-partial>
  );
}
