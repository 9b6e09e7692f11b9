// A cron expression in words, for the patterns whose meaning is plain ("Every day at 02:30", "Monday to Friday at
// 09:00", "Every 15 minutes"). Anything else answers null and the page shows the expression alone rather than words
// that could be wrong: a step that does not divide the hour or the day evenly (croner restarts it at each boundary),
// L, W, #, ?, and a day of the month together with a weekday (croner then fires on either). Pure, no platform code.

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
const WEEKDAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Times listed by name at most ("at 06:00, 12:00 and 18:00"); more read better as the expression. */
const MAX_TIMES = 4;

interface Range {
  min: number;
  max: number;
  /** Names croner accepts for the values, the first meaning `min`. */
  names?: readonly string[];
}

function single(token: string, range: Range): number | null {
  if (/^\d{1,2}$/.test(token)) {
    const n = Number(token);
    return n >= range.min && n <= range.max ? n : null;
  }
  const named = range.names?.indexOf(token.toLowerCase()) ?? -1;
  return named >= 0 ? range.min + named : null;
}

/** The values a field lists ("5", "1-5", "1,3,5", names too), ascending; null for anything else, `*` included. */
function listed(field: string, range: Range): number[] | null {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const [from, to, ...more] = part.split("-");
    if (from === undefined || more.length > 0) return null;
    const first = single(from, range);
    const last = to === undefined ? first : single(to, range);
    if (first === null || last === null || last < first) return null;
    for (let n = first; n <= last; n++) values.add(n);
  }
  return [...values].sort((x, y) => x - y);
}

/** `*` → 1, `*\/N` → N when N divides `whole` evenly; otherwise null. */
function everyStep(field: string, whole: number): number | null {
  if (field === "*") return 1;
  const step = /^\*\/(\d{1,2})$/.exec(field)?.[1];
  if (step === undefined) return null;
  const n = Number(step);
  return n >= 1 && n < whole && whole % n === 0 ? n : null;
}

const pad = (n: number) => String(n).padStart(2, "0");

function joined(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** Consecutive values of three or more read as a range ("Monday to Friday"), others as a list. */
function spanOrList(values: readonly number[], name: (n: number) => string): { text: string; span: boolean } {
  const first = values[0] as number;
  const last = values.at(-1) as number;
  if (values.length >= 3 && last - first === values.length - 1) {
    return { text: `${name(first)} to ${name(last)}`, span: true };
  }
  return { text: joined(values.map(name)), span: false };
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

/** When in the day it fires: a frequency ("every 15 minutes") or the times ("at 02:30"), or null. */
function timeOfDay(minute: string, hour: string): { every: string } | { at: string } | null {
  const minuteStep = everyStep(minute, 60);
  if (minuteStep !== null) {
    if (hour !== "*") return null;
    return { every: minuteStep === 1 ? "every minute" : `every ${minuteStep} minutes` };
  }
  const minutes = listed(minute, { min: 0, max: 59 });
  if (!minutes) return null;
  const hourStep = everyStep(hour, 24);
  if (hourStep !== null) {
    const marks = joined(minutes.map((m) => `:${pad(m)}`));
    if (hourStep === 1) return { every: `every hour at ${marks}` };
    return minutes.length === 1 ? { every: `every ${hourStep} hours at ${marks}` } : null;
  }
  const hours = listed(hour, { min: 0, max: 23 });
  if (!hours || hours.length * minutes.length > MAX_TIMES) return null;
  return { at: `at ${joined(hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`)))}` };
}

type Days = { kind: "daily" } | { kind: "weekdays"; text: string; span: boolean } | { kind: "monthdays"; text: string };

/** Which days it fires on, and in which months (null: every month), or null when that has no plain words. */
function daysOf(dom: string, month: string, dow: string): { days: Days; months: string | null } | null {
  const months = month === "*" ? null : listed(month, { min: 1, max: 12, names: MONTH_NAMES });
  if (month !== "*" && !months) return null;
  const monthText = months && months.length < 12 ? spanOrList(months, (m) => MONTHS[m - 1] as string).text : null;
  if (dom !== "*" && dow !== "*") return null;
  if (dow !== "*") {
    const listedDays = listed(dow, { min: 0, max: 7, names: WEEKDAY_NAMES });
    if (!listedDays) return null;
    // 7 is Sunday too; Monday first, so that a weekend reads "Saturday and Sunday".
    const days = [...new Set(listedDays.map((d) => (d + 6) % 7))].sort((x, y) => x - y);
    if (days.length === 7) return { days: { kind: "daily" }, months: monthText };
    const { text, span } = spanOrList(days, (d) => WEEKDAYS[(d + 1) % 7] as string);
    return { days: { kind: "weekdays", text, span }, months: monthText };
  }
  if (dom !== "*") {
    const dates = listed(dom, { min: 1, max: 31 });
    if (!dates) return null;
    return { days: { kind: "monthdays", text: joined(dates.map(ordinal)) }, months: monthText };
  }
  return { days: { kind: "daily" }, months: monthText };
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The expression in words (its times are in the schedule's own zone), or null when plain words would not be exact. */
export function cronWords(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const time = timeOfDay(minute, hour);
  const when = daysOf(dom, month, dow);
  if (!time || !when) return null;
  const { days, months } = when;
  const inMonths = months ? ` in ${months}` : "";
  if ("every" in time) {
    if (days.kind === "daily") return capitalised(`${time.every}${inMonths}`);
    if (days.kind === "weekdays") {
      return capitalised(`${time.every}${days.span ? `, ${days.text}` : ` on ${days.text}`}${inMonths}`);
    }
    return capitalised(`${time.every} on the ${days.text} of ${months ?? "every month"}`);
  }
  if (days.kind === "daily") return `Every day${inMonths} ${time.at}`;
  if (days.kind === "weekdays") return `${days.span ? days.text : `Every ${days.text}`}${inMonths} ${time.at}`;
  return `On the ${days.text} of ${months ?? "every month"} ${time.at}`;
}
