// Why a job that has not started waits (DESIGN.md "Job JSON additions": `waiting`), from its row and its workspace's
// lanes. Pure (wire layer): the API, the live events, the pages and the TUI say the same thing.
import { QUEUED_STATUS } from "./lifecycle.ts";
import type { JobStatus } from "./schema.ts";

export const WAIT_REASONS = ["queued", "workspace_limit", "type_paused", "backoff", "scheduled", "paused"] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

export interface Waiting {
  reason: WaitReason;
  /** Epoch ms the wait ends at, when it has a time (a backoff's next attempt, a scheduled run). */
  until?: number;
  detail: string;
}

/** A workspace's lanes as the wait reasons need them. */
export interface LaneContext {
  maxRunning: number;
  /** Slots held by admitted jobs (pending on the queue or running). */
  inUse: number;
  /** Paused job types and who paused each. */
  paused: ReadonlyMap<string, string>;
}

export interface WaitingRow {
  status: JobStatus;
  type: string;
  admitted: boolean;
  runAfter: number | null;
  pausedBy: string | null;
  attempts: number;
  maxAttempts: number;
}

/** A second of slack, as the claim allows: a job due within it is not "backing off" any more. */
const DUE_SLACK_MS = 1000;

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

/**
 * The wait of a pending or paused job, else null. Without `lanes` (a caller that did not read them) a job that is not
 * admitted is said to wait for a slot, without the numbers.
 */
export function waitingOf(row: WaitingRow, lanes: LaneContext | null, now: number): Waiting | null {
  if (row.status === "paused") {
    return { reason: "paused", detail: row.pausedBy ? `paused by ${row.pausedBy}` : "paused" };
  }
  if (row.status !== QUEUED_STATUS) return null;
  const due = row.runAfter === null || row.runAfter <= now + DUE_SLACK_MS;
  if (row.admitted) {
    if (due) return { reason: "queued", detail: "admitted: waiting for a consumer" };
    return {
      reason: "backoff",
      until: row.runAfter as number,
      detail: `next attempt (${row.attempts} of ${row.maxAttempts}) at ${clock(row.runAfter as number)}`,
    };
  }
  const pausedBy = lanes?.paused.get(row.type);
  if (pausedBy !== undefined) return { reason: "type_paused", detail: `${row.type} paused by ${pausedBy}` };
  if (!due) {
    return {
      reason: "scheduled",
      until: row.runAfter as number,
      detail: `scheduled for ${clock(row.runAfter as number)}`,
    };
  }
  return {
    reason: "workspace_limit",
    detail: lanes ? `waiting for a slot: ${lanes.inUse} of ${lanes.maxRunning} running` : "waiting for a slot",
  };
}

/** Whether saying why a row waits needs its workspace's lanes (a pending job that is not admitted). */
export function needsLanes(row: { status: JobStatus; admitted: boolean }): boolean {
  return row.status === QUEUED_STATUS && !row.admitted;
}
