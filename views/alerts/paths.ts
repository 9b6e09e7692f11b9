// The alerts page's addresses: a rule's action routes, and the page with its two independent keyset cursors
// (`after` pages the rules, `before` the resolved incidents), so paging one list keeps the other where it was.
export const ALERTS_PATH = "/admin/alerts";

export const rulePath = (rule: { id: string }) => `${ALERTS_PATH}/${rule.id}`;

export interface AlertsCursors {
  after?: string;
  before?: string;
}

export function alertsPageUrl(cursors: AlertsCursors, hash?: string): string {
  const query = new URLSearchParams();
  if (cursors.after) query.set("after", cursors.after);
  if (cursors.before) query.set("before", cursors.before);
  const text = query.toString();
  return `${ALERTS_PATH}${text ? `?${text}` : ""}${hash ? `#${hash}` : ""}`;
}
