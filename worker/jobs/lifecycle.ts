// The job lifecycle from DESIGN.md as data: which event moves a job from which status to which.
// Pure, so the engine, the API, the pages and the TUI all agree on what is allowed.
import type { JobStatus } from "../api/schema.ts";

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

/** The outcome of `event` on a job in `status`, or null when the transition is not allowed (409). */
export function outcomeOf(status: JobStatus, event: LifecycleEvent): Outcome | null {
  return TABLE[status]?.[event] ?? null;
}

export function canApply(status: JobStatus, event: LifecycleEvent): boolean {
  return outcomeOf(status, event) !== null;
}

/** Operator actions a UI may offer for a job, in display order. */
export function allowedActions(status: JobStatus, control: "cancel" | "pause" | null = null): OperatorAction[] {
  const actions: OperatorAction[] = ["retry", "cancel", "pause", "resume"];
  return actions.filter((action) => {
    if (!canApply(status, action)) return false;
    // A running job that was already asked to stop cannot be asked again.
    if (status === "running" && control !== null && (action === "cancel" || action === "pause")) return false;
    return true;
  });
}

/** Retry of a cancelled job restarts from scratch; failed and dead-lettered jobs continue from their checkpoint. */
export function retryRestarts(status: JobStatus): boolean {
  return status === "cancelled";
}

export const TERMINAL_STATUSES: readonly JobStatus[] = ["completed", "failed", "cancelled", "dead_letter"];

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
