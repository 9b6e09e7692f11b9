// Why a pending or paused job waits, as a row and the detail pane say it: the server's `waiting.detail`, its `until`
// in the operator's local time, the slot numbers from the latest lanes, and shorter forms for a narrow cell. Pure;
// the server's text comes back as sent, for the caller to sanitize and escape.
import { typeShortName } from "../worker/api/job-types.ts";
import type { Job } from "../worker/api/schema.ts";
import { relativeText } from "../worker/api/time-text.ts";
import { type LaneContext, waitingOf } from "../worker/api/waiting.ts";
import { clockText } from "./clock.ts";

export interface WaitOptions {
  now: number;
  timeZone?: string;
  /** The workspace's lanes as last read, or null before the first read. */
  lanes?: LaneContext | null;
}

/** "admin@acme.test" → "admin": who it was, in fewer cells. */
const withoutDomains = (text: string) => text.replace(/([^\s@]+)@[^\s@]+/g, "$1");

/**
 * The ways of saying why `job` waits, the detail pane's whole sentence first, then shorter ones in the order a row
 * prefers them (numbers before words), each complete; [] when it does not wait. A row uses the first that fits.
 */
export function waitTexts(job: Job, opts: WaitOptions): string[] {
  const w = job.waiting;
  if (!w) return [];
  const detail = w.detail;
  const until = w.until === undefined ? Number.NaN : Date.parse(w.until);
  const texts: string[] = [];
  if (!Number.isNaN(until) && (w.reason === "backoff" || w.reason === "scheduled")) {
    // The server says the time in UTC; here it is the operator's clock, and how far off it is.
    const at = clockText(until, opts.now, { timeZone: opts.timeZone });
    const zoned = clockText(until, opts.now, { timeZone: opts.timeZone, zone: true });
    const lead = w.reason === "backoff" ? "next attempt at" : "scheduled for";
    const short = w.reason === "backoff" ? "retry at" : "at";
    const relative = relativeText(new Date(until).toISOString(), opts.now);
    texts.push(`${lead} ${zoned} (${relative})`, `${lead} ${at} (${relative})`, `${lead} ${at}`, `${short} ${at}`);
    texts.push(w.reason === "backoff" ? `retry ${relative}` : relative);
  } else if (w.reason === "workspace_limit") {
    // A freed slot publishes no event for the jobs still waiting, but reloads the lanes: their numbers are fresher.
    const lanes = opts.lanes;
    const fresh = lanes
      ? waitingOf(
          {
            status: job.status,
            type: job.type,
            admitted: false,
            runAfter: null,
            pausedBy: null,
            attempts: 0,
            maxAttempts: 0,
          },
          { ...lanes, paused: new Map() },
          opts.now,
        )
      : null;
    texts.push(fresh ? fresh.detail : detail);
    if (lanes) texts.push(`slots ${lanes.inUse}/${lanes.maxRunning} used`);
    texts.push("waiting for a slot", "no slot yet");
  } else if (w.reason === "type_paused") {
    texts.push(detail);
    const short = detail.startsWith(`${job.type} `) ? typeShortName(job.type) + detail.slice(job.type.length) : detail;
    texts.push(short, withoutDomains(short), "type paused");
  } else if (w.reason === "paused") {
    texts.push(detail, withoutDomains(detail), "paused");
  } else {
    texts.push(detail, "waiting for a consumer", "queued");
  }
  return texts.filter((t, i) => t && texts.indexOf(t) === i);
}

/** The detail pane's sentence, or null when the job does not wait. */
export function waitSentence(job: Job, opts: WaitOptions): string | null {
  return waitTexts(job, opts)[0] ?? null;
}
