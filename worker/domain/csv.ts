// CSV for product imports: finding record boundaries in raw bytes (so large inputs are read in chunks that never
// split a record, even with quoted newlines), parsing records with papaparse, and mapping them to product fields.
import Papa from "papaparse";
import { PRODUCT_CSV_COLUMNS, REQUIRED_PRODUCT_COLUMNS } from "../api/payloads.ts";

const QUOTE = 0x22;
const LF = 0x0a;

/**
 * Byte offsets just past the end of each complete record in `bytes`, at most `maxRecords` of them. `bytes` must start
 * at a record boundary. A record ends at a line feed outside double quotes (an escaped quote `""` toggles twice).
 * With `atEof`, trailing bytes without a final newline also form a record.
 */
export function recordEnds(bytes: Uint8Array, maxRecords: number, atEof: boolean): number[] {
  const ends: number[] = [];
  let inQuotes = false;
  for (let i = 0; i < bytes.length && ends.length < maxRecords; i++) {
    const b = bytes[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (b === LF && !inQuotes) ends.push(i + 1);
  }
  const last = ends.at(-1) ?? 0;
  if (atEof && ends.length < maxRecords && last < bytes.length && !isBlank(bytes.subarray(last))) {
    ends.push(bytes.length);
  }
  return ends;
}

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x20 || b === 0x0d || b === LF || b === 0x09);
}

/** Counts the records of a whole document (used to know an import's total up front). */
export function countRecords(bytes: Uint8Array): number {
  return recordEnds(bytes, Number.MAX_SAFE_INTEGER, true).length;
}

/** Parses complete CSV records (no header handling); blank lines are skipped. */
export function parseRecords(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: "greedy" });
  return parsed.data;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type HeaderCheck = { ok: true; columns: string[] } | { ok: false; missing: string[] };

/** Normalises header cells (trim, lower case) and checks the required product columns are present. */
export function checkHeader(cells: string[]): HeaderCheck {
  const columns = cells.map((c) => c.trim().toLowerCase());
  const missing = REQUIRED_PRODUCT_COLUMNS.filter((c) => !columns.includes(c));
  return missing.length > 0 ? { ok: false, missing } : { ok: true, columns };
}

/** A record as the product fields it carries; empty optional cells become absent. */
export function recordToFields(columns: string[], cells: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const known = PRODUCT_CSV_COLUMNS as readonly string[];
  columns.forEach((column, i) => {
    const value = cells[i];
    if (!known.includes(column) || value === undefined) return;
    if (value.trim() === "" && (column === "description" || column === "hs_code")) return;
    fields[column] = value;
  });
  return fields;
}

/** A spreadsheet runs a cell that starts with one of these as a formula, whatever follows (newlines included). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet shows as typed: a leading quote mark turns a would-be formula into plain text. */
export function formulaSafe(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * CSV lines for an export. Every text cell goes through formulaSafe (papaparse's own escapeFormulae pattern stops at
 * the first line break, so "=2+5\n+0" would pass it), so an exported catalogue cannot smuggle formulas into whoever
 * opens it. Numbers stay numbers: a negative amount is data, not a formula.
 */
export function toCsvLines(rows: (string | number | null)[][]): string {
  if (rows.length === 0) return "";
  const safe = rows.map((row) => row.map((cell) => (typeof cell === "string" ? formulaSafe(cell) : cell)));
  return `${Papa.unparse(safe, { header: false, newline: "\r\n", escapeFormulae: false })}\r\n`;
}
