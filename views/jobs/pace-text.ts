// A running job's rate and time left as the pages say them: "29/s · 1 min left (1–2 min)". Only what the Job JSON
// knows: no rate before two chunks, no time left without a known total (or a source's size).
import type { Job } from "../../worker/api/schema.ts";
import { durationText, rateText } from "../../worker/api/time-text.ts";

const left = (iso: string, now: number) => Math.max(0, Date.parse(iso) - now);

/** "3 min left (2–4 min)", or null without an ETA. */
export function etaText(job: Job, now: number): string | null {
  if (!job.eta_at || !job.eta_low_at || !job.eta_high_at) return null;
  const low = durationText(left(job.eta_low_at, now));
  const high = durationText(left(job.eta_high_at, now));
  return `${durationText(left(job.eta_at, now))} left (${low === high ? low : `${low}–${high}`})`;
}

/** The rate and the time left, or null when the job has neither. */
export function paceText(job: Job, now: number): string | null {
  const parts = [job.rate === null ? null : rateText(job.rate), etaText(job, now)].filter(Boolean);
  return parts.length === 0 ? null : parts.join(" · ");
}

/** The hover text of a running job's pace: the exact expected end and its band. */
export function paceTitle(job: Job): string | undefined {
  return job.eta_at
    ? `Expected to finish at ${job.eta_at} (90% between ${job.eta_low_at} and ${job.eta_high_at})`
    : undefined;
}
