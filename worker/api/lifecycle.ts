// The job lifecycle from DESIGN.md as data: which event moves a job from which status to which, and the few named
// groups of statuses the rest of the code asks about. The only code that knows what a status allows: the engine, the
// dead-letter consumer, the data layer, the views, the hub and the TUI all ask it. Pure (wire layer), so the TUI may
// import it.
import type { JobStatus } from "./schema.ts";

/** Engine events happen inside the consumer, operator actions come from people (API, pages, TUI). */
export type EngineEvent = "claim" | "complete" | "retryable_error" | "permanent_error" | "dead_letter";
export type OperatorAction = "cancel" | "pause" | "resume" | "retry";
export type LifecycleEvent = EngineEvent | OperatorAction;

/**
 * What an event does from a given status: move at once (`to`), or, for a running job, ask it to stop at its next
 * chunk boundary (`deferred`: the engine then applies `to`).
 */
export type Outcome = { kind: "now"; to: JobStatus } | { kind: "deferred"; to: JobStatus };

const TABLE: Partial<Record<JobStatus, Partial<Record<LifecycleEvent, Outcome>>>> = {
  pending: {
    claim: { kind: "now", to: "running" },
    cancel: { kind: "now", to: "cancelled" },
    pause: { kind: "now", to: "paused" },
    // The DLQ consumer may find a job still pending if its last message was dead-lettered after a lost claim.
    dead_letter: { kind: "now", to: "dead_letter" },
  },
  running: {
    complete: { kind: "now", to: "completed" },
    retryable_error: { kind: "now", to: "pending" },
    permanent_error: { kind: "now", to: "failed" },
    dead_letter: { kind: "now", to: "dead_letter" },
    cancel: { kind: "deferred", to: "cancelled" },
    pause: { kind: "deferred", to: "paused" },
  },
  paused: {
    cancel: { kind: "now", to: "cancelled" },
    resume: { kind: "now", to: "pending" },
  },
  failed: { retry: { kind: "now", to: "pending" } },
  dead_letter: { retry: { kind: "now", to: "pending" } },
  cancelled: { retry: { kind: "now", to: "pending" } },
};

/** The status a job is in while a consumer holds it (with a lease). */
export const LEASED_STATUS: JobStatus = "running";
/** The status of a job that waits for a consumer (new, backing off, resumed or retried). */
export const QUEUED_STATUS: JobStatus = "pending";
/** The status of a job that ended well. */
export const SUCCEEDED_STATUS: JobStatus = "completed";
/** The status of a job that exhausted its retries. */
export const DEAD_LETTER_STATUS: JobStatus = "dead_letter";
/** Jobs that ended badly: what a failure rate counts as failed and Admin → Errors groups. */
export const FAILURE_STATUSES: readonly JobStatus[] = ["failed", "dead_letter"];
/** Jobs that still need the engine: the hub keeps its sweeper alarm armed while any exist. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ["pending", "running"];
/**
 * The statuses in which an admitted job holds one of its workspace's slots (DESIGN.md "Lanes"): from admission until
 * it is paused or ends. A retry's backoff and a continuation keep the slot; leaving these statuses gives it back.
 */
export const SLOT_STATUSES: readonly JobStatus[] = ACTIVE_STATUSES;

export function holdsSlot(status: JobStatus): boolean {
  return SLOT_STATUSES.includes(status);
}

/** A job's priority can be changed while it waits to start. */
export function canReprioritise(status: JobStatus): boolean {
  return status === QUEUED_STATUS;
}

/** Ended jobs that "Retry all" moves back (the bulk retry's filter). */
export const BULK_RETRY_STATUSES = ["failed", "dead_letter"] as const satisfies readonly JobStatus[];
export type BulkRetryStatus = (typeof BULK_RETRY_STATUSES)[number];

/** The outcome of `event` on a job in `status`, or null when the transition is not allowed (409). */
export function outcomeOf(status: JobStatus, event: LifecycleEvent): Outcome | null {
  return TABLE[status]?.[event] ?? null;
}

export function canApply(status: JobStatus, event: LifecycleEvent): boolean {
  return outcomeOf(status, event) !== null;
}

/** Where `event` takes a job in `status`; for code paths that checked canApply (or hold the lease) first. */
export function statusAfter(status: JobStatus, event: LifecycleEvent): JobStatus {
  const outcome = outcomeOf(status, event);
  if (!outcome) throw new Error(`the lifecycle has no ${event} from ${status}`);
  return outcome.to;
}

export function isActive(status: JobStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** A running job asked to stop shows "Cancelling…"/"Pausing…" until its next chunk boundary. */
export function stopRequested(job: {
  status: JobStatus;
  control: "cancel" | "pause" | null;
}): "cancel" | "pause" | null {
  return job.status === LEASED_STATUS ? job.control : null;
}

/** Operator actions a UI may offer for a job, in display order. */
export function allowedActions(status: JobStatus, control: "cancel" | "pause" | null = null): OperatorAction[] {
  const actions: OperatorAction[] = ["retry", "cancel", "pause", "resume"];
  return actions.filter((action) => {
    if (!canApply(status, action)) return false;
    // A running job that was already asked to stop cannot be asked again.
    if (status === LEASED_STATUS && control !== null && (action === "cancel" || action === "pause")) return false;
    return true;
  });
}

/** Retry of a cancelled job restarts from scratch; failed and dead-lettered jobs continue from their checkpoint. */
export function retryRestarts(status: JobStatus): boolean {
  return status === "cancelled";
}

export const TERMINAL_STATUSES: readonly JobStatus[] = ["completed", "failed", "cancelled", "dead_letter"];

/** Ended jobs are the ones retention prunes and an operator may discard (archived first). */
export const DISCARDABLE_STATUSES: readonly JobStatus[] = TERMINAL_STATUSES;

export function canDiscard(status: JobStatus): boolean {
  return DISCARDABLE_STATUSES.includes(status);
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
