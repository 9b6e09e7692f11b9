// Clock times in the operator's time zone ("14:03:05", "18 Nov 14:03:05"): the API speaks UTC, a person at a
// terminal reads their own time. Pure apart from the zone, which tests pass explicitly.

const formats = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are slow to build and a frame formats every waiting row: one per zone and shape. */
function format(timeZone: string | undefined, shape: "time" | "minute" | "zone" | "day" | "date"): Intl.DateTimeFormat {
  const key = `${timeZone ?? ""}|${shape}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      shape === "day"
        ? { year: "numeric", month: "2-digit", day: "2-digit" }
        : shape === "date"
          ? { day: "numeric", month: "short" }
          : shape === "minute"
            ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
            : { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
    if (shape === "zone") options.timeZoneName = "short";
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    formats.set(key, f);
  }
  return f;
}

export interface ClockOptions {
  /** An IANA zone; the system's own when absent. */
  timeZone?: string;
  /** Add the zone's short name ("14:03:05 CET"), where a UTC time may be on screen too. */
  zone?: boolean;
  /** false: to the minute ("14:03"), for the ends of a band whose width is minutes anyway. */
  seconds?: boolean;
}

/** `ms` as a clock time, with the day in front when it is not the day of `now` (a retry tomorrow, a change last week). */
export function clockText(ms: number, now: number, opts: ClockOptions = {}): string {
  const shape = opts.zone ? "zone" : opts.seconds === false ? "minute" : "time";
  const time = format(opts.timeZone, shape).format(ms);
  const day = format(opts.timeZone, "day");
  if (day.format(ms) === day.format(now)) return time;
  return `${format(opts.timeZone, "date").format(ms)} ${time}`;
}
