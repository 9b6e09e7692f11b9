// What follows every committed transition: the live event; for a job that ended with a callback_url, the queue
// message that delivers its signed job.finished callback (the callback row itself was written with the transition);
// and the queue messages of the jobs the same batch admitted.

import { isTerminal } from "../api/lifecycle.ts";
import type { JobMessage } from "../api/queue-messages.ts";
import { callbackId } from "../db/jobs/statements.ts";
import type { Changed } from "../db/jobs/transitions.ts";
import type { JobRow } from "../db/schema.ts";
import type { Publisher } from "../live/publisher.ts";
import type { Enqueuer } from "./messages.ts";

type AnnounceDeps = { publisher: Publisher; enqueuer: Enqueuer };

export async function announce(deps: AnnounceDeps, changed: Changed): Promise<void> {
  const { job } = changed;
  deps.publisher.transition(job);
  await enqueueAdmitted(deps, changed.admitted, new Set([job.id]));
  if (!isTerminal(job.status) || job.callbackUrl === null) return;
  try {
    await deps.enqueuer.enqueueCallback(callbackId(job));
  } catch (error) {
    // The sweeper re-enqueues overdue callbacks; a lost send only delays it.
    console.error(`enqueue of the callback for job ${job.id} failed:`, error);
  }
}

/** The first-run message of an admitted job (a claim starts it from its checkpoint). */
export const admittedMessage = (job: JobRow): JobMessage => ({
  jobId: job.id,
  workspaceId: job.workspaceId,
  run: job.run,
  lease: null,
});

/**
 * Publishes the admitted jobs (their wait reason changed; those in `published` were already) and sends their
 * messages once watchers have them, so a consumer's "running" never arrives before the "pending". A lost send is
 * repaired by the sweeper, which re-enqueues admitted jobs that stayed pending past its grace period.
 */
export async function enqueueAdmitted(
  deps: AnnounceDeps,
  admitted: JobRow[],
  published: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (admitted.length === 0) return;
  for (const row of admitted) if (!published.has(row.id)) deps.publisher.transition(row);
  await deps.publisher.flush();
  try {
    await deps.enqueuer.enqueueMany(admitted.map(admittedMessage));
  } catch (error) {
    console.error(`enqueue of ${admitted.length} admitted job(s) failed; the sweeper will re-send them:`, error);
  }
}
