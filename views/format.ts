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

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** `512 B`, `4.2 MB`, `12 MB`: one decimal below 10 units, none above. */
export function formatBytes(n: number): string {
  let value = Math.max(0, n);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 || value >= 10 ? String(Math.round(value)) : value.toFixed(1);
  return `${text} ${BYTE_UNITS[unit]}`;
}
