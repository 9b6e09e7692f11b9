// Times and durations as people read them, one format for the pages, the TUI and the API docs: "3 min ago",
// "in 2 h", "1 h 04 min", "2.4 s". Pure: the caller passes "now", so a page, a test and a terminal agree.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span of time, compact and exact enough for an operator: `850 ms`, `2.4 s`, `42 s`, `3 min 05 s`, `1 h 04 min`, `2 d 3 h`. */
export function durationText(ms: number): string {
  const abs = Math.max(0, Math.round(ms));
  if (abs < SECOND) return `${abs} ms`;
  if (abs < 10 * SECOND) return `${(Math.floor(abs / 100) / 10).toFixed(1)} s`;
  if (abs < MINUTE) return `${Math.floor(abs / SECOND)} s`;
  if (abs < HOUR) {
    const seconds = Math.floor((abs % MINUTE) / SECOND);
    return `${Math.floor(abs / MINUTE)} min ${String(seconds).padStart(2, "0")} s`;
  }
  if (abs < DAY) {
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return `${Math.floor(abs / HOUR)} h ${String(minutes).padStart(2, "0")} min`;
  }
  const hours = Math.floor((abs % DAY) / HOUR);
  return hours ? `${Math.floor(abs / DAY)} d ${hours} h` : `${Math.floor(abs / DAY)} d`;
}

/** How far `iso` is from `now`, in the largest whole unit: `just now`, `42 s ago`, `3 min ago`, `in 2 h`, `5 d ago`. */
export function relativeText(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  const abs = Math.abs(delta);
  if (abs < 5 * SECOND) return "just now";
  const unit =
    abs < MINUTE
      ? `${Math.floor(abs / SECOND)} s`
      : abs < HOUR
        ? `${Math.floor(abs / MINUTE)} min`
        : abs < DAY
          ? `${Math.floor(abs / HOUR)} h`
          : `${Math.floor(abs / DAY)} d`;
  return delta < 0 ? `${unit} ago` : `in ${unit}`;
}

/** Milliseconds between two ISO times, or null when either is missing (a job that has not started or ended). */
export function between(fromIso: string | null, toIso: string | null): number | null {
  if (!fromIso || !toIso) return null;
  return Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
}

/** A rate as people read it, one format for the pages and the TUI: `0.4/s`, `9.9/s`, `52/s`, `1,235/s`. */
export function rateText(perSecond: number): string {
  return `${perSecond >= 10 ? Math.round(perSecond).toLocaleString("en-US") : perSecond.toFixed(1)}/s`;
}
