// Formatting shared by the views: exact UTC text for times, grouped numbers, short error text.

/** `2026-11-28 15:38:02 UTC`: what a page shows before the browser localises it (and without scripts). */
export function utcText(iso: string, withMillis = false): string {
  const text = iso.replace("T", " ").replace("Z", "");
  return `${withMillis ? text : text.replace(/\.\d+$/, "")} UTC`;
}

const grouped = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return grouped.format(n);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const ROLE_LABELS = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" } as const;

export function roleLabel(role: keyof typeof ROLE_LABELS): string {
  return ROLE_LABELS[role];
}
