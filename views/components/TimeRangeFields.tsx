// The created_at range of a filter form: two datetime-local inputs read as UTC (the summary and hint say so), folded
// behind a summary that names the range in force, dropping down over the page when opened, so the header row stays
// one line.

export interface TimeRangeValues {
  /** What the inputs show: the range in force, or what was typed when it could not be used. */
  from: string;
  to: string;
  /** Whether the range in force is this one (false when a typed bound was left out: the page says why). */
  applied: boolean;
}

const shown = (text: string) => text.replace("T", " ");

/** "any time", "from 2026-12-01 09:00", "2026-12-01 09:00 to 2026-12-02 00:00" (UTC). */
export function rangeText(from: string, to: string): string {
  if (from && to) return `${shown(from)} to ${shown(to)} UTC`;
  if (from) return `from ${shown(from)} UTC`;
  if (to) return `until ${shown(to)} UTC`;
  return "any time";
}

export function TimeRangeFields({ id, values }: { id: string; values: TimeRangeValues }) {
  const hint = `${id}-hint`;
  return (
    <details class="time-range">
      <summary>
        Created: <span class="time-range-text">{values.applied ? rangeText(values.from, values.to) : "left out"}</span>
      </summary>
      <div class="time-range-fields">
        <label for={`${id}-from`}>From</label>
        <input
          type="datetime-local"
          id={`${id}-from`}
          name="created_from"
          value={values.from}
          aria-describedby={hint}
        />
        <label for={`${id}-to`}>To</label>
        <input type="datetime-local" id={`${id}-to`} name="created_to" value={values.to} aria-describedby={hint} />
        <p class="hint" id={hint}>
          Times are UTC; both ends are included.
        </p>
      </div>
    </details>
  );
}
