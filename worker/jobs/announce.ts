// What follows every committed transition: the live event, and for a job that ended with a callback_url, the queue
// message that delivers its signed job.finished callback (the callback row itself was written with the transition).

import { isTerminal } from "../api/lifecycle.ts";
import { callbackId } from "../db/jobs/statements.ts";
import type { JobRow } from "../db/schema.ts";
import type { Publisher } from "../live/publisher.ts";
import type { Enqueuer } from "./messages.ts";

export async function announce(deps: { publisher: Publisher; enqueuer: Enqueuer }, job: JobRow): Promise<void> {
  deps.publisher.transition(job);
  if (!isTerminal(job.status) || job.callbackUrl === null) return;
  try {
    await deps.enqueuer.enqueueCallback(callbackId(job));
  } catch (error) {
    // The sweeper re-enqueues overdue callbacks; a lost send only delays it.
    console.error(`enqueue of the callback for job ${job.id} failed:`, error);
  }
}
