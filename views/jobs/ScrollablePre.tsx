// A <pre> that may scroll (it has a max height): focusable and named, so keyboard users can scroll it and screen
// readers announce what it holds (axe's scrollable-region-focusable).
import type { Child } from "hono/jsx";

/**
 * role="region" carries the name: ARIA forbids aria-label on an element with no role (a <pre> is generic), and a
 * named region is what axe suggests for a scrollable box.
 */
export function ScrollablePre({
  label,
  class: className,
  children,
}: {
  label: string;
  class: string;
  children: Child;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: the element that scrolls must be the focusable, named one; a <section> around it would name a box that does not scroll.
    <pre class={className} tabindex={0} role="region" aria-label={label}>
      {children}
    </pre>
  );
}
