// The signature of a job's error: its type plus the error text with what varies between occurrences normalised away
// (ids, numbers, URLs, quoted values, hex, e-mail addresses), hashed to 16 hex digits. Jobs that failed for the same
// reason share it, so "Admin → Errors" can group 700,000 failures into the dozen reasons behind them.

/** The error with its variable parts replaced by placeholders, in the order that keeps each rule from eating another. */
export function normaliseError(error: string): string {
  return (
    error
      .replace(/\s+/g, " ")
      .trim()
      // URLs first: they contain numbers, ids and quotes of their own.
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, "<url>")
      .replace(/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, "<email>")
      // Quoted values ("Germany", 'SKU-1', `x`): the data, not the reason.
      .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, "<value>")
      // ULIDs and UUIDs, then long hex strings, then every run of digits (SKU-123, 4.2, 2026-12-01, 30s, R2).
      .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, "<id>")
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
      .replace(/\b[0-9a-f]{12,}\b/gi, "<hex>")
      .replace(/\d+(?:[.,:/-]\d+)*/g, "<n>")
      .slice(0, 500)
  );
}

/** FNV-1a over 64 bits: stable, synchronous and plenty to tell a workspace's error reasons apart. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

export function errorSignature(type: string, error: string): string {
  return fnv1a64(`${type}\n${normaliseError(error)}`);
}
