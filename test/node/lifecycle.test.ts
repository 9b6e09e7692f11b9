// Every status × every lifecycle event, against the table in DESIGN.md written out independently here.
import { describe, expect, it } from "vitest";
import {
  allowedActions,
  isTerminal,
  type LifecycleEvent,
  outcomeOf,
  retryRestarts,
} from "../../worker/api/lifecycle.ts";
import { JOB_STATUSES, type JobStatus } from "../../worker/api/schema.ts";

const EVENTS: LifecycleEvent[] = [
  "claim",
  "complete",
  "retryable_error",
  "permanent_error",
  "dead_letter",
  "cancel",
  "pause",
  "resume",
  "retry",
];

// [from, event, kind, to]: anything not listed must be refused.
const ALLOWED: [JobStatus, LifecycleEvent, "now" | "deferred", JobStatus][] = [
  ["pending", "claim", "now", "running"],
  ["pending", "cancel", "now", "cancelled"],
  ["pending", "pause", "now", "paused"],
  ["pending", "dead_letter", "now", "dead_letter"],
  ["running", "complete", "now", "completed"],
  ["running", "retryable_error", "now", "pending"],
  ["running", "permanent_error", "now", "failed"],
  ["running", "dead_letter", "now", "dead_letter"],
  ["running", "cancel", "deferred", "cancelled"],
  ["running", "pause", "deferred", "paused"],
  ["paused", "cancel", "now", "cancelled"],
  ["paused", "resume", "now", "pending"],
  ["failed", "retry", "now", "pending"],
  ["dead_letter", "retry", "now", "pending"],
  ["cancelled", "retry", "now", "pending"],
];

describe("lifecycle table", () => {
  for (const status of JOB_STATUSES) {
    for (const event of EVENTS) {
      const expected = ALLOWED.find(([from, ev]) => from === status && ev === event);
      const name = expected
        ? `${status} --${event}--> ${expected[3]} (${expected[2]})`
        : `${status} refuses ${event} (409 invalid_transition)`;
      it(name, () => {
        const outcome = outcomeOf(status, event);
        if (expected) expect(outcome).toEqual({ kind: expected[2], to: expected[3] });
        else expect(outcome).toBeNull();
      });
    }
  }

  it("offers only the operator actions the table allows, in display order", () => {
    expect(allowedActions("pending")).toEqual(["cancel", "pause"]);
    expect(allowedActions("running")).toEqual(["cancel", "pause"]);
    expect(allowedActions("paused")).toEqual(["cancel", "resume"]);
    expect(allowedActions("failed")).toEqual(["retry"]);
    expect(allowedActions("dead_letter")).toEqual(["retry"]);
    expect(allowedActions("cancelled")).toEqual(["retry"]);
    expect(allowedActions("completed")).toEqual([]);
  });

  it("does not offer cancel or pause again while a running job is already stopping", () => {
    expect(allowedActions("running", "cancel")).toEqual([]);
    expect(allowedActions("running", "pause")).toEqual([]);
  });

  it("restarts only cancelled jobs from scratch on retry", () => {
    expect(retryRestarts("cancelled")).toBe(true);
    expect(retryRestarts("failed")).toBe(false);
    expect(retryRestarts("dead_letter")).toBe(false);
  });

  it("knows the terminal statuses", () => {
    expect(JOB_STATUSES.filter(isTerminal)).toEqual(["completed", "failed", "cancelled", "dead_letter"]);
  });
});
