// A running job's rate and when it should finish, with its band: "52/s · 3 min left (2–4 min)" under the progress
// bar on the row, and the exact times on hover. Only what the Job JSON knows: no rate before two chunks, no ETA
// without a known total (or a source's size).
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

export function EtaNote({ job, now }: { job: Job; now: number }) {
  const parts = [job.rate === null ? null : rateText(job.rate), etaText(job, now)].filter(Boolean);
  if (parts.length === 0) return null;
  const title = job.eta_at
    ? `Expected to finish at ${job.eta_at} (90% between ${job.eta_low_at} and ${job.eta_high_at})`
    : "Items per second over the recent chunks";
  return (
    <span class="eta-note" title={title}>
      {parts.join(" · ")}
    </span>
  );
}
