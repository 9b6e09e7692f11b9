// The created_at range of the admin pages' filters (`created_from` / `created_to`), as <input type="datetime-local">
// sends it: a time without a zone, read as UTC (the pages say so), or a full ISO-8601 time with its zone. A bound
// covers its whole last unit, so "to 09:00" includes 09:00:59 and "to 2026-12-01" the whole day: what a person means.

/** A usable bound: its instant (epoch ms) and the text links and the input carry (UTC, no zone, as the input wants). */
export interface TimeBound {
  ms: number;
  text: string;
}

export interface TimeRange {
  from: TimeBound | null;
  to: TimeBound | null;
  /** Why a bound (or the range) was left out, as sentences for the page; empty when everything given was used. */
  problems: string[];
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.replace(":", "");
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return zone.startsWith("-") ? -minutes : minutes;
}

/**
 * One bound, or null when the text is not a time. Precision is at most a second (a datetime-local input with
 * `step` left alone sends minutes); an end bound runs to the last millisecond of its unit.
 */
export function parseBound(text: string, end: boolean): TimeBound | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) =>
    part === undefined ? undefined : Number(part),
  ) as [number, number, number, number | undefined, number | undefined, number | undefined];
  const utc = Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0);
  // Date.UTC rolls 2026-02-31 over into March: a time that does not exist is refused, not moved.
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    (hour ?? 0) > 23 ||
    (minute ?? 0) > 59 ||
    (second ?? 0) > 59
  ) {
    return null;
  }
  const start = utc - offsetMinutes(m[7]) * MINUTE;
  const unit = hour === undefined ? DAY : second === undefined ? MINUTE : 1000;
  const ms = end ? start + unit - 1 : start;
  // The text shows the bound's unit as a datetime-local input would (a whole day as its first or last minute).
  const iso = new Date(ms).toISOString();
  return { ms, text: iso.slice(0, unit === 1000 ? 19 : 16) };
}

/** Empty values mean "no bound"; a bound that is not a time, or a range that ends before it starts, is left out. */
export function parseTimeRange(fromText: string | undefined, toText: string | undefined): TimeRange {
  const problems: string[] = [];
  const read = (text: string | undefined, end: boolean, name: string): TimeBound | null => {
    const value = text?.trim() ?? "";
    if (value === "") return null;
    const bound = value.length <= 40 ? parseBound(value, end) : null;
    if (!bound) problems.push(`"${name}" is not a time such as 2026-12-01T09:00; it is left out.`);
    return bound;
  };
  const from = read(fromText, false, "From");
  const to = read(toText, true, "To");
  if (from && to && from.ms > to.ms) {
    return { from: null, to: null, problems: ["The time range ends before it starts, so it is left out."] };
  }
  return { from, to, problems };
}
