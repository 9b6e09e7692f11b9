// Operator actions (Retry, Cancel, Pause, Resume) applied through the lifecycle table, with an audit event naming
// the actor. Running jobs are asked to stop at their next chunk boundary; jobs moved to pending are re-enqueued.

import {
  allowedActions,
  type BulkRetryStatus,
  canDiscard,
  type OperatorAction,
  outcomeOf,
  retryRestarts,
  stopRequested,
} from "../api/lifecycle.ts";
import { JOB_STATUSES, type JobStatus } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { countJobs, statusesOf } from "../db/jobs/read.ts";
import {
  type BulkSelection,
  type BulkStep,
  type Change,
  type Changed,
  changeInBulk,
  changeJobWithRetry,
} from "../db/jobs/transitions.ts";
import type { JobRow } from "../db/schema.ts";
import type { Publisher } from "../live/publisher.ts";
import { announce, enqueueAdmitted } from "./announce.ts";
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

/** What a retry resets, for one job and for many at once: a new run, attempts from zero. */
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

/** What an action does to a job in `from`, for one job (planAction) and for many (bulkAction) alike. */
export interface ActionEffect {
  set: Partial<Omit<JobRow, "id" | "workspaceId" | "rev" | "run">>;
  newRun: boolean;
  /** A deferred stop: only jobs not already asked to stop. */
  onlyUnrequested: boolean;
  event: { kind: string; message: string | null };
}

export function effectOf(from: JobStatus, action: OperatorAction, now: number, actor: string): ActionEffect | null {
  const outcome = outcomeOf(from, action);
  if (!outcome) return null;
  if (outcome.kind === "deferred") {
    return {
      // Who paused a job is said on it while it waits ("paused by …"), also when it stops at a chunk boundary.
      set: action === "pause" ? { control: action, pausedBy: actor } : { control: action as "cancel" },
      newRun: false,
      onlyUnrequested: true,
      event: { kind: `${action}_requested`, message: "the job stops at its next chunk boundary" },
    };
  }
  const status = outcome.to;
  const event = { kind: PAST_TENSE[action], message: null };
  switch (action) {
    case "cancel":
      return {
        set: { status, control: null, leaseId: null, leaseUntil: null, completedAt: now },
        newRun: false,
        onlyUnrequested: false,
        event,
      };
    case "pause":
      return { set: { status, control: null, pausedBy: actor }, newRun: false, onlyUnrequested: false, event };
    case "resume":
      return {
        set: { status, runAfter: now, enqueuedAt: now, pausedBy: null },
        newRun: true,
        onlyUnrequested: false,
        event,
      };
    case "retry": {
      const restart = retryRestarts(from);
      return {
        set: {
          status,
          ...retriedFields(now),
          ...(restart
            ? { cursor: null, processed: 0, progress: 0, currentItem: null, result: null, error: null, startedAt: null }
            : {}),
        },
        newRun: true,
        onlyUnrequested: false,
        event: {
          kind: event.kind,
          message: restart ? "restarted from the beginning" : "continues from its checkpoint",
        },
      };
    }
  }
}

/** The change an action makes to a job, or a refusal (409) saying why. */
export function planAction(
  job: JobRow,
  action: OperatorAction,
  actor: string,
  now: number,
): Change | { refuse: string } {
  const effect = effectOf(job.status, action, now, actor);
  if (!effect || !allowedActions(job.status, job.control).includes(action)) {
    const why = job.control ? ` (a ${job.control} is already requested)` : "";
    return { refuse: `cannot ${action} a job that is ${job.status}${why}` };
  }
  return {
    set: { ...effect.set, ...(effect.newRun ? { run: job.run + 1 } : {}) },
    event: { ...effect.event, actor },
    now,
  };
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
  await afterChange(deps, outcome);
  return { ok: true, job: outcome.job };
}

/**
 * Publishes the change and enqueues what its batch admitted: the job itself when a slot was free, or the jobs a freed
 * slot went to (the sweeper covers a lost send).
 */
export async function afterChange(deps: ActionDeps, changed: Changed): Promise<void> {
  await announce(deps, changed);
}

/** The most jobs one bulk action moves per status, and the most ids one request may list. */
export const BULK_LIMIT = 500;

/** Actions offered on many jobs at once (pages, API, TUI). */
export const BULK_ACTIONS = ["retry", "cancel"] as const satisfies readonly OperatorAction[];
export type BulkAction = (typeof BULK_ACTIONS)[number];
/** What the jobs page's selection can do: the bulk lifecycle actions, and discard (worker/jobs/archive/discard.ts). */
export const BULK_CHOICES = [...BULK_ACTIONS, "discard"] as const;
export type BulkChoice = (typeof BULK_CHOICES)[number];

/** Whether a bulk choice applies to a job in this status now. */
function bulkApplies(choice: BulkChoice, status: JobStatus, control: JobRow["control"]): boolean {
  return choice === "discard" ? canDiscard(status) : allowedActions(status, control).includes(choice);
}

export interface BulkOutcome {
  /** Jobs the action moved at once (retried, cancelled). */
  applied: JobRow[];
  /** Running jobs asked to stop at their next chunk boundary. */
  stopping: JobRow[];
  /** Selected jobs the lifecycle does not allow the action for, by status (an id selection only). */
  skipped: Partial<Record<JobStatus, number>>;
  /** Listed ids that are not jobs of this workspace. */
  notFound: number;
}

/**
 * Applies `action` to the selected jobs in one D1 batch: one step per status the lifecycle allows the action from,
 * each audited with the actor like a single action; then publishes the changes, enqueues the jobs that are pending
 * again and the callbacks of the jobs that ended.
 */
export async function bulkAction(
  deps: ActionDeps,
  workspaceId: string,
  action: BulkAction,
  selection: BulkSelection,
  actor: string,
  /** Why, for each job's history (a replay of an error group says it). */
  reason?: string,
): Promise<BulkOutcome> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const from = "ids" in selection || !selection.status ? JOB_STATUSES : [selection.status];
  const steps: BulkStep[] = [];
  for (const status of from) {
    const effect = effectOf(status, action, now, actor);
    if (!effect) continue;
    const message = reason
      ? [effect.event.message, `reason: ${reason}`].filter(Boolean).join("; ")
      : effect.event.message;
    steps.push({ from: status, ...effect, event: { ...effect.event, message } });
  }
  const result = await changeInBulk(db, workspaceId, selection, steps, { actor, now, limit: BULK_LIMIT });
  const skipped: Partial<Record<JobStatus, number>> = {};
  for (const job of result.untouched) skipped[job.status] = (skipped[job.status] ?? 0) + 1;
  const stopping = result.changed.filter((job) => stopRequested(job) !== null);
  const applied = result.changed.filter((job) => stopRequested(job) === null);
  for (const job of applied) await announce(deps, { job, admitted: [] });
  for (const job of stopping) deps.publisher.transition(job);
  await enqueueAdmitted(deps, result.admitted, new Set(result.changed.map((job) => job.id)));
  const notFound = "ids" in selection ? new Set(selection.ids).size - result.found : 0;
  return { applied, stopping, skipped, notFound };
}

/** Retries every failed (or dead-lettered) job matching the filter, up to BULK_LIMIT per call: "Retry all". */
export async function retryAll(
  deps: ActionDeps,
  workspaceId: string,
  filter: { status: BulkRetryStatus; type?: string },
  actor: string,
): Promise<number> {
  return (await bulkAction(deps, workspaceId, "retry", filter, actor)).applied.length;
}

export interface BulkPreview {
  /** Selected jobs found in the workspace (for a filter: how many match it). */
  matched: number;
  /** Of those, how many the action applies to now. */
  applicable: number;
  /** The others, by status. */
  skipped: Partial<Record<JobStatus, number>>;
}

/**
 * What a bulk action would do, without doing it: the confirmation says how many jobs it moves and which statuses it
 * skips. Listed ids are read (one statement); a filter is answered from the status counts (never a scan).
 */
export async function previewBulk(
  env: Env,
  workspaceId: string,
  action: BulkChoice,
  selection: BulkSelection,
): Promise<BulkPreview> {
  const db = makeDb(env.DB);
  const skipped: Partial<Record<JobStatus, number>> = {};
  let matched = 0;
  let applicable = 0;
  const tally = (status: JobStatus, n: number, applies: boolean) => {
    matched += n;
    if (applies) applicable += n;
    else if (n > 0) skipped[status] = (skipped[status] ?? 0) + n;
  };
  if ("ids" in selection) {
    for (const job of await statusesOf(db, workspaceId, [...new Set(selection.ids)])) {
      tally(job.status, 1, bulkApplies(action, job.status, job.control));
    }
  } else {
    const counts = await countJobs(db, workspaceId, { type: selection.type });
    for (const status of selection.status ? [selection.status] : JOB_STATUSES) {
      tally(
        status,
        counts[status] ?? 0,
        action === "discard" ? canDiscard(status) : outcomeOf(status, action) !== null,
      );
    }
  }
  return { matched, applicable, skipped };
}
