// Bulk retry/cancel of the selected jobs: what the lifecycle says each would do, the confirmation, the answer. Pure.
import { allowedActions, type OperatorAction, outcomeOf } from "../worker/api/lifecycle.ts";
import {
  type BulkCancelResponse,
  type BulkRetryResponse,
  JOB_STATUSES,
  type Job,
  type JobStatus,
  MAX_BULK_IDS,
  STATUS_LABELS,
} from "../worker/api/schema.ts";

export type BulkAction = Extract<OperatorAction, "retry" | "cancel">;

/** What one `POST /api/v1/jobs/retry|cancel` takes: the selection is capped there rather than split into requests. */
export const BULK_MAX = MAX_BULK_IDS;

export interface BulkPlan {
  action: BulkAction;
  /** Every selected id: the server decides again (a status may have moved since), and reports what it skipped. */
  ids: string[];
  /** How many the lifecycle allows the action for, as far as the dashboard has seen. */
  applicable: number;
  /** Of those, how many are running and stop only at their next chunk boundary (a deferred outcome). */
  deferred: number;
  skipped: Partial<Record<JobStatus, number>>;
}

/**
 * What the lifecycle says the action does to each selected job. `allowedActions` rather than `canApply` alone: it
 * also knows that a running job already asked to stop cannot be asked again, as the server's bulk action does.
 */
export function planBulk(jobs: Job[], action: BulkAction): BulkPlan {
  const plan: BulkPlan = { action, ids: jobs.map((j) => j.id), applicable: 0, deferred: 0, skipped: {} };
  for (const job of jobs) {
    if (!allowedActions(job.status, job.control).includes(action)) {
      plan.skipped[job.status] = (plan.skipped[job.status] ?? 0) + 1;
      continue;
    }
    plan.applicable++;
    if (outcomeOf(job.status, action)?.kind === "deferred") plan.deferred++;
  }
  return plan;
}

type StatusCounts = Partial<Record<JobStatus, number>>;

function total(counts: StatusCounts): number {
  return Object.values(counts).reduce<number>((n, c) => n + (c ?? 0), 0);
}

/** "1 Running, 1 Completed", in the lifecycle's order of statuses. */
export function statusCountsText(counts: StatusCounts): string {
  return JOB_STATUSES.filter((st) => counts[st])
    .map((st) => `${counts[st]} ${STATUS_LABELS[st]}`)
    .join(", ");
}

function jobs(n: number): string {
  return `${n} selected job${n === 1 ? "" : "s"}`;
}

function skippedText(skipped: StatusCounts): string {
  const n = total(skipped);
  return n ? `${n} skipped (${statusCountsText(skipped)})` : "";
}

const VERBS: Record<BulkAction, { ask: string; cannot: string }> = {
  retry: { ask: "Retry", cannot: "retried" },
  cancel: { ask: "Cancel", cannot: "cancelled" },
};

/** "Retry 5 selected jobs? 2 skipped (1 Running, 1 Completed). y/n" */
export function bulkPrompt(plan: BulkPlan): string {
  const stopping =
    plan.deferred > 0
      ? ` ${plan.deferred} running ${plan.deferred === 1 ? "stops" : "stop"} at the next chunk boundary.`
      : "";
  const skipped = skippedText(plan.skipped);
  return `${VERBS[plan.action].ask} ${jobs(plan.applicable)}?${stopping}${skipped ? ` ${skipped}.` : ""} y/n`;
}

/** Said instead of asking when none of the selection allows the action. */
export function bulkRefusal(plan: BulkPlan): string {
  const n = plan.ids.length;
  const which = n === 1 ? "The selected job" : `None of the ${n} selected jobs`;
  return `${which} can${n === 1 ? "not" : ""} be ${VERBS[plan.action].cannot} (${statusCountsText(plan.skipped)}).`;
}

export function declinedText(action: BulkAction): string {
  return `Nothing ${VERBS[action].cannot}; the selection is kept.`;
}

/** The answer's word order ("skipped 2 (…)") follows the verb before it: "Retried 5; skipped 2". */
function tail(skipped: StatusCounts, notFound: number): string {
  const n = total(skipped);
  const parts = [n ? `skipped ${n} (${statusCountsText(skipped)})` : "", notFound ? `${notFound} not found` : ""];
  const said = parts.filter(Boolean);
  return said.length ? `; ${said.join("; ")}` : "";
}

/** "Retried 5; skipped 2 (1 Running, 1 Completed)" */
export function retryAnswerText(a: BulkRetryResponse): string {
  return `Retried ${a.retried}${tail(a.skipped, a.not_found)}`;
}

/** "Cancelled 3, 2 stopping at the next chunk boundary; skipped 1 (1 Completed)" */
export function cancelAnswerText(a: BulkCancelResponse): string {
  const stopping = a.stopping ? `, ${a.stopping} stopping at the next chunk boundary` : "";
  return `Cancelled ${a.cancelled}${stopping}${tail(a.skipped, a.not_found)}`;
}
