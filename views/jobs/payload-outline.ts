// What a stored payload holds, in one line ("data_import payload · 30,000 rows · 2.1 MB"), and whether it is large
// enough to collapse on the job page: a page that refetches once a second should not carry a megabyte of CSV.
import { formatBytes, formatCount } from "../format.ts";

/** Over this many characters of pretty JSON the payload is collapsed (about a screenful). */
export const LARGE_PAYLOAD_CHARS = 4096;
/** Over this many rows (or SKUs) the payload is collapsed even when it is short. */
export const LARGE_PAYLOAD_ROWS = 20;
/** A collapsed payload still previews its start; the download has the rest. */
export const PREVIEW_CHARS = 20_000;

export interface PayloadOutline {
  pretty: string;
  bytes: number;
  /** What the payload lists, if anything: rows to import, SKUs to work on. */
  items: { count: number; noun: string } | null;
  large: boolean;
  summary: string;
}

const encoder = new TextEncoder();

function itemsOf(parsed: unknown, csvRows: number | null): PayloadOutline["items"] {
  if (typeof parsed !== "object" || parsed === null) return null;
  const p = parsed as Record<string, unknown>;
  if (Array.isArray(p.rows)) return { count: p.rows.length, noun: p.rows.length === 1 ? "row" : "rows" };
  if (typeof p.csv === "string") {
    // The job's total is the exact record count the import computed; without it, lines less the header will do.
    const count = csvRows ?? Math.max(0, p.csv.split("\n").filter((line) => line.trim() !== "").length - 1);
    return { count, noun: count === 1 ? "CSV row" : "CSV rows" };
  }
  if (Array.isArray(p.product_skus)) {
    return { count: p.product_skus.length, noun: p.product_skus.length === 1 ? "SKU" : "SKUs" };
  }
  return null;
}

/** `csvRows` is the job's total when known (an inline CSV's record count, counted once at creation). */
export function outlinePayload(type: string, stored: string, csvRows: number | null): PayloadOutline {
  let parsed: unknown = null;
  let pretty = stored;
  try {
    parsed = JSON.parse(stored);
    pretty = JSON.stringify(parsed, null, 2);
  } catch {
    // Not JSON (should not happen): show the stored text as it is.
  }
  const bytes = encoder.encode(stored).length;
  const items = itemsOf(parsed, csvRows);
  const large = pretty.length > LARGE_PAYLOAD_CHARS || (items !== null && items.count > LARGE_PAYLOAD_ROWS);
  const parts = [
    `${type} payload`,
    ...(items ? [`${formatCount(items.count)} ${items.noun}`] : []),
    formatBytes(bytes),
  ];
  return { pretty, bytes, items, large, summary: parts.join(" · ") };
}
