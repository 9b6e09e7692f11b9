// A job's time and pace as the rows and the detail pane say them (DESIGN.md "Time and rate"): items per second over
// the recent chunks, the time left with its 90% band, given up part by part in a declared order for a narrow Progress
// cell, and the detail pane's Waited / Ran / Rate / Expected lines in the operator's local time. Pure.
import { isTerminal, LEASED_STATUS, stopRequested } from "../worker/api/lifecycle.ts";
import type { Job } from "../worker/api/schema.ts";
import { between, durationText, rateText, relativeText } from "../worker/api/time-text.ts";
import { clockText } from "./clock.ts";

/** "52/s", "1,234/s", "0.4/s": as the web row says it (views/jobs/EtaNote.tsx). */
/**
 * What a running row's Progress cell gives up, first to last, until it fits: the smaller unit of each duration
 * ("3 min 05 s" → "3 min": an estimate is not that exact), the bar's length (to its shortest: the percentage says the
 * same), the band ("(2–4 min)"), the bar itself (the percentage stays), then the rate. The time left goes last: "when
 * will it finish?" is what the row is asked. What still does not fit falls back to the plain bar; the detail pane has
 * it all.
 */
export const PACE_DROP_ORDER = ["units", "long-bar", "band", "bar", "rate"] as const;
type Drop = (typeof PACE_DROP_ORDER)[number];

/** One way of saying a running job's pace in its row: the text after the percentage, and how much bar goes before. */
export interface PaceForm {
  bar: "long" | "short" | "none";
  text: string;
}

/** "4 min 05 s" → "4 min": a duration in its largest unit. */
const largestUnit = (text: string) => text.split(" ").slice(0, 2).join(" ");

const leftOf = (iso: string, now: number) => Date.parse(iso) - now;

function duration(ms: number, drops: ReadonlySet<Drop>): string {
  const text = durationText(ms);
  return drops.has("units") ? largestUnit(text) : text;
}

/** "(2–4 min)", "(45 s–2 min)", "(up to 4 min)", or "" when the band says nothing the estimate does not. */
function bandText(job: Job, now: number, drops: ReadonlySet<Drop>): string {
  if (!job.eta_low_at || !job.eta_high_at || drops.has("band")) return "";
  const low = leftOf(job.eta_low_at, now);
  const high = duration(Math.max(0, leftOf(job.eta_high_at, now)), drops);
  if (low < 1000) return `(up to ${high})`;
  const from = duration(low, drops);
  if (from === high) return "";
  const [fromNumber, fromUnit, more] = from.split(" ");
  // "2 min–4 min" reads as "2–4 min" when both are one number of the same unit.
  const shared = more === undefined && high.split(" ").length === 2 && high.endsWith(` ${fromUnit}`);
  return `(${shared ? fromNumber : from}–${high})`;
}

/** "3 min 05 s left (2–4 min)", or null without an ETA; a job past its estimate (no event since) is "due now". */
function etaPhrase(job: Job, now: number, drops: ReadonlySet<Drop>): string | null {
  if (!job.eta_at) return null;
  const left = leftOf(job.eta_at, now);
  if (left < 1000) return "due now";
  const band = bandText(job, now, drops);
  return `${duration(left, drops)} left${band ? ` ${band}` : ""}`;
}

/** Only a running job that is not being stopped has a pace worth a row's room. */
function showsPace(job: Job): boolean {
  return job.status === LEASED_STATUS && !stopRequested(job) && (job.rate !== null || job.eta_at !== null);
}

/**
 * The ways a running row says its pace, complete each, in the declared drop order ([] when it has none): the first
 * that fits the cell wins.
 */
export function paceForms(job: Job, now: number): PaceForm[] {
  if (!showsPace(job)) return [];
  const forms: PaceForm[] = [];
  for (let k = 0; k <= PACE_DROP_ORDER.length; k++) {
    const drops = new Set<Drop>(PACE_DROP_ORDER.slice(0, k));
    const rate = job.rate === null || drops.has("rate") ? null : rateText(job.rate);
    const text = [rate, etaPhrase(job, now, drops)].filter(Boolean).join(", ");
    const bar = drops.has("bar") ? "none" : drops.has("long-bar") ? "short" : "long";
    const same = forms.some((f) => f.text === text && f.bar === bar);
    if (text && !same) forms.push({ bar, text });
  }
  return forms;
}

export interface PaceLineOptions {
  now: number;
  /** The zone the expected end is said in; the system's when absent. */
  timeZone?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** How long it waited for its first start, from the server's wait_ms, else from the times (an older server). */
function waitedText(job: Job, now: number): string | null {
  if (job.wait_ms !== null) return durationText(job.wait_ms);
  if (job.started_at) return durationText(between(job.created_at, job.started_at) ?? 0);
  // Not started yet: it is still waiting, unless it ended without ever running (cancelled while pending).
  const waiting = between(job.created_at, isTerminal(job.status) ? null : iso(now));
  return waiting === null ? null : `${durationText(waiting)} so far`;
}

/**
 * Time spent running (run_ms, summed over its chunks: pauses and backoffs left out); a job with none recorded (it ran
 * before run_ms existed, or has not finished a chunk) is measured from its first start, as the web page does.
 */
function ranText(job: Job, now: number): string | null {
  const running = job.status === LEASED_STATUS;
  const end = isTerminal(job.status) ? job.completed_at : running ? iso(now) : job.updated_at;
  const ms = job.run_ms > 0 ? job.run_ms : between(job.started_at, end);
  return ms === null ? null : `${durationText(ms)}${running ? " so far" : ""}`;
}

/** The band's ends: to the minute when it spans minutes (widened outwards, so it still holds the 90%), else exact. */
function bandClock(low: number, high: number, now: number, timeZone?: string): string {
  const minute = 60_000;
  if (high - low < 2 * minute) {
    return `${clockText(low, now, { timeZone })}–${clockText(high, now, { timeZone })}`;
  }
  const from = clockText(Math.floor(low / minute) * minute, now, { timeZone, seconds: false });
  const to = clockText(Math.ceil(high / minute) * minute, now, { timeZone, seconds: false });
  return `${from}–${to}`;
}

/** "to end at 14:05:10 (90%: 14:03–14:08), in 3 min", or null without an ETA. */
function expectedText(job: Job, opts: PaceLineOptions): string | null {
  if (!job.eta_at) return null;
  const { now, timeZone } = opts;
  const at = Date.parse(job.eta_at);
  const low = job.eta_low_at ? Date.parse(job.eta_low_at) : Number.NaN;
  const high = job.eta_high_at ? Date.parse(job.eta_high_at) : Number.NaN;
  const band = Number.isNaN(low) || Number.isNaN(high) ? "" : ` (90%: ${bandClock(low, high, now, timeZone)})`;
  const when = at - now < 5000 ? "due now" : relativeText(job.eta_at, now);
  return `to end at ${clockText(at, now, { timeZone })}${band}, ${when}`;
}

/** The detail pane's time lines, label and value, for those the job has: Waited, Ran, Rate, Expected. */
export function paceLines(job: Job, opts: PaceLineOptions): [label: string, value: string][] {
  const lines: [string, string | null][] = [
    ["Waited", waitedText(job, opts.now)],
    ["Ran", ranText(job, opts.now)],
    ["Rate", job.rate === null ? null : `${rateText(job.rate)} (recent chunks)`],
    ["Expected", expectedText(job, opts)],
  ];
  return lines.flatMap(([label, value]) => (value === null ? [] : [[label, value] as [string, string]]));
}
