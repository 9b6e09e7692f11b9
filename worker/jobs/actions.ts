// Operator actions (Retry, Cancel, Pause, Resume) applied through the lifecycle table, with an audit event naming
// the actor. Running jobs are asked to stop at their next chunk boundary; jobs moved to pending are re-enqueued.

import type { OperatorAction } from "../api/lifecycle.ts";
import { allowedActions, type BulkRetryStatus, outcomeOf, QUEUED_STATUS, retryRestarts } from "../api/lifecycle.ts";
import { makeDb } from "../db/client.ts";
import { type Change, changeJobWithRetry, retryInBulk } from "../db/jobs/transitions.ts";
import type { JobRow } from "../db/schema.ts";
import type { Publisher } from "../live/publisher.ts";
import { announce } from "./announce.ts";
import type { Enqueuer } from "./messages.ts";

export interface ActionDeps {
  env: Env;
  enqueuer: Enqueuer;
  publisher: Publisher;
  clock?: () => number;
}

export type ActionResult =
  | { ok: true; job: JobRow }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "invalid_transition"; job: JobRow; message: string };

/** The history event's kind for each action (event kinds, not statuses). */
const PAST_TENSE: Record<OperatorAction, string> = {
  retry: "retried",
  cancel: "cancelled",
  pause: "paused",
  resume: "resumed",
};

/** What a retry resets, for one job (planAction) and for many at once (retryAll): a new run, attempts from zero. */
function retriedFields(now: number) {
  return {
    attempts: 0,
    runAfter: now,
    enqueuedAt: now,
    completedAt: null,
    control: null,
    leaseId: null,
    leaseUntil: null,
  };
}

/** The change an action makes to a job, or a refusal (409) saying why. */
export function planAction(
  job: JobRow,
  action: OperatorAction,
  actor: string,
  now: number,
): Change | { refuse: string } {
  const outcome = outcomeOf(job.status, action);
  if (!outcome || !allowedActions(job.status, job.control).includes(action)) {
    const why = job.control ? ` (a ${job.control} is already requested)` : "";
    return { refuse: `cannot ${action} a job that is ${job.status}${why}` };
  }
  if (outcome.kind === "deferred") {
    return {
      set: { control: action as "cancel" | "pause" },
      event: { kind: `${action}_requested`, actor, message: "the job stops at its next chunk boundary" },
      now,
    };
  }
  const event = { kind: PAST_TENSE[action], actor, message: null };
  const status = outcome.to;
  switch (action) {
    case "cancel":
      return {
        set: { status, control: null, leaseId: null, leaseUntil: null, completedAt: now },
        event,
        now,
      };
    case "pause":
      return { set: { status, control: null }, event, now };
    case "resume":
      return { set: { status, run: job.run + 1, runAfter: now, enqueuedAt: now }, event, now };
    case "retry": {
      const restart = retryRestarts(job.status);
      return {
        set: {
          status,
          run: job.run + 1,
          ...retriedFields(now),
          ...(restart
            ? { cursor: null, processed: 0, progress: 0, currentItem: null, result: null, error: null, startedAt: null }
            : {}),
        },
        event: { ...event, message: restart ? "restarted from the beginning" : "continues from its checkpoint" },
        now,
      };
    }
  }
}

/** Applies an action to a job the caller loaded (the job provider checked tenant and role). */
export async function applyAction(
  deps: ActionDeps,
  job: JobRow,
  action: OperatorAction,
  actor: string,
): Promise<ActionResult> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const outcome = await changeJobWithRetry(db, job, (current) => planAction(current, action, actor, now));
  if ("missing" in outcome) return { ok: false, reason: "not_found" };
  if ("refused" in outcome)
    return { ok: false, reason: "invalid_transition", job: outcome.job, message: outcome.refused };
  await afterChange(deps, outcome.job);
  return { ok: true, job: outcome.job };
}

/** Publishes the change and, when the job is pending again, enqueues its new run (the sweeper covers a lost send). */
async function afterChange(deps: ActionDeps, job: JobRow): Promise<void> {
  await announce(deps, job);
  if (job.status !== QUEUED_STATUS) return;
  // As at creation: the pending state reaches watchers before a consumer can move the job on.
  await deps.publisher.flush();
  try {
    await deps.enqueuer.enqueue({ jobId: job.id, workspaceId: job.workspaceId, run: job.run, lease: null });
  } catch (error) {
    console.error(`enqueue of job ${job.id} failed; the sweeper will pick it up:`, error);
  }
}

/** The most jobs one bulk retry moves; the caller can repeat it for more (the answer says how many moved). */
export const BULK_RETRY_LIMIT = 500;

/** Retries every failed (or dead-lettered) job matching the filter, up to BULK_RETRY_LIMIT per call. */
export async function retryAll(
  deps: ActionDeps,
  workspaceId: string,
  filter: { status: BulkRetryStatus; type?: string },
  actor: string,
): Promise<number> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const retried = await retryInBulk(db, workspaceId, filter, {
    actor,
    now,
    limit: BULK_RETRY_LIMIT,
    reset: retriedFields(now),
  });
  for (const job of retried) deps.publisher.transition(job);
  await deps.publisher.flush();
  try {
    await deps.enqueuer.enqueueMany(
      retried.map((job) => ({ jobId: job.id, workspaceId: job.workspaceId, run: job.run, lease: null })),
    );
  } catch (error) {
    console.error("enqueue of a bulk retry failed; the sweeper will pick the jobs up:", error);
  }
  return retried.length;
}
