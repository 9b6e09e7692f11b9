// The dead-letter consumer's decision: a message that exhausted its retries marks its job `dead_letter`.
import { canApply, statusAfter } from "../api/lifecycle.ts";
import type { JobMessage } from "../api/queue-messages.ts";
import { makeDb } from "../db/client.ts";
import { getJobById } from "../db/jobs/read.ts";
import { changeJob } from "../db/jobs/transitions.ts";
import { alertOnDeadLetter } from "./alerts/evaluate.ts";
import { announce } from "./announce.ts";
import type { Decision, EngineDeps } from "./engine.ts";

export async function processDeadLetter(deps: EngineDeps, message: JobMessage): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const job = await getJobById(db, message.jobId);
  if (!job || job.run !== message.run) return { kind: "ack", why: "stale dead letter" };
  if (!canApply(job.status, "dead_letter")) return { kind: "ack", why: `job is ${job.status}` };
  const updated = await changeJob(db, job, {
    set: {
      status: statusAfter(job.status, "dead_letter"),
      leaseId: null,
      leaseUntil: null,
      control: null,
      completedAt: now,
    },
    event: {
      kind: "dead_lettered",
      actor: "system",
      message: `gave up after ${job.attempts} attempt(s): ${job.error ?? "unknown error"}`,
    },
    now,
  });
  if (updated) {
    await announce(deps, updated);
    // The workspace's dead-letter rules look now, so the incident opens within seconds, not at the next sweep.
    await alertOnDeadLetter(deps.env, deps.enqueuer, job.workspaceId, now);
  }
  return { kind: "ack", why: updated ? "dead-lettered" : "changed concurrently" };
}
