// Changing a waiting job's priority (`PATCH /api/v1/jobs/:id {priority}`): audited like an action, allowed only while
// the lifecycle says the job has not started; the next admission orders by the new priority.
import { canReprioritise } from "../api/lifecycle.ts";
import { type Priority, priorityOf, priorityRank } from "../api/priority.ts";
import { makeDb } from "../db/client.ts";
import { changeJobWithRetry } from "../db/jobs/transitions.ts";
import type { JobRow } from "../db/schema.ts";
import type { ActionDeps, ActionResult } from "./actions.ts";
import { announce } from "./announce.ts";

export async function changePriority(
  deps: ActionDeps,
  job: JobRow,
  priority: Priority,
  actor: string,
): Promise<ActionResult> {
  const now = (deps.clock ?? Date.now)();
  const rank = priorityRank(priority);
  if (job.priority === rank && canReprioritise(job.status)) return { ok: true, job };
  const outcome = await changeJobWithRetry(makeDb(deps.env.DB), job, (current) => {
    if (!canReprioritise(current.status)) {
      return { refuse: `cannot change the priority of a job that is ${current.status}; only a pending job waits` };
    }
    return {
      set: { priority: rank },
      event: { kind: "priority_changed", actor, message: `${priorityOf(current.priority)} → ${priority}` },
      now,
    };
  });
  if ("missing" in outcome) return { ok: false, reason: "not_found" };
  if ("refused" in outcome)
    return { ok: false, reason: "invalid_transition", job: outcome.job, message: outcome.refused };
  await announce(deps, outcome);
  return { ok: true, job: outcome.job };
}
