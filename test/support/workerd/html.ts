// Reading server-rendered markup in the workerd page tests: entities undone, and the slice of a page one element holds.

export const unescapeHtml = (html: string) =>
  html
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

/** The markup from `opening` (the start of an element's tag) to its first `closing`; throws when absent. */
export function markupFrom(html: string, opening: string, closing: string): string {
  const start = html.indexOf(opening);
  if (start < 0) throw new Error(`no ${opening} on the page`);
  return html.slice(start, html.indexOf(closing, start));
}

/** The markup of a section, by its id, up to the next section. */
export function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no #${id}`);
  const end = html.indexOf("<section", start + 1);
  return html.slice(start, end < 0 ? undefined : end);
}
