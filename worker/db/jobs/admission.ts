// Admission (DESIGN.md "Lanes"): the queue carries only admitted jobs. A workspace's admitted jobs that are still
// pending or running hold its slots, at most `max_running`; a waiting job is admitted by priority, then age, in the
// same D1 batch as the change that freed a slot (or added the job). D1 runs a batch as one transaction and one
// writer at a time, so the count of free slots and the admission are atomic: two batches can never both take the
// last slot.
import { type SQL, sql } from "drizzle-orm";
import { QUEUED_STATUS, SLOT_STATUSES } from "../../api/lifecycle.ts";
import type { BatchItem, Db } from "../client.ts";
import { type JobRow, jobs } from "../schema.ts";

/** The slot statuses as an SQL list, for `status IN (…)`. */
export const slotStatusesSql = sql.join(
  SLOT_STATUSES.map((status) => sql`${status}`),
  sql`, `,
);

/** The workspace's free slots as SQL: its limit less the slots its admitted jobs hold (never below zero). */
export function freeSlotsSql(workspaceId: string) {
  return sql`max(0,
    (SELECT max_running FROM workspaces WHERE id = ${workspaceId})
    - (SELECT count(*) FROM jobs WHERE workspace_id = ${workspaceId} AND admitted = 1 AND status IN (${slotStatusesSql})))`;
}

/**
 * The statement that admits as many of the workspace's waiting jobs as it has free slots: due (not scheduled for
 * later), of a type that is not paused, highest priority first, then oldest. It returns the admitted rows, whose queue
 * messages the caller sends once the batch committed (the sweeper re-sends them if that send is lost). With `onlyIf`
 * (a condition on a jobs row, e.g. that a compare-and-set earlier in the batch won) it admits nothing otherwise.
 */
export function admitStatement(db: Db, workspaceId: string, now: number, onlyIf?: SQL): BatchItem {
  return db
    .update(jobs)
    .set({ admitted: true, enqueuedAt: now, updatedAt: now })
    .where(
      sql`${jobs.id} IN (
        SELECT id FROM jobs
        WHERE workspace_id = ${workspaceId} AND status = ${QUEUED_STATUS} AND admitted = 0
          AND coalesce(run_after, 0) <= ${now}
          AND type NOT IN (SELECT type FROM lane_pauses WHERE workspace_id = ${workspaceId})
        ${onlyIf ? sql`AND EXISTS (SELECT 1 FROM jobs WHERE ${onlyIf})` : sql``}
        ORDER BY priority, id
        LIMIT ${freeSlotsSql(workspaceId)})`,
    )
    .returning();
}

/** The rows an admitStatement returned, from a batch's results at `index`. */
export function admittedAt(results: unknown[], index: number): JobRow[] {
  return (results[index] as JobRow[] | undefined) ?? [];
}

/** Admits what fits now, on its own (the sweeper's repair, a raised limit, a resumed type). */
export async function admitWaiting(db: Db, workspaceId: string, now: number): Promise<JobRow[]> {
  const results = await db.batch([admitStatement(db, workspaceId, now)] as [BatchItem]);
  return admittedAt(results, 0);
}

/** Workspaces with jobs waiting for admission (the sweeper's repair looks at these). */
export async function workspacesWithWaiting(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: jobs.workspaceId })
    .from(jobs)
    .where(sql`${jobs.status} = ${QUEUED_STATUS} AND ${jobs.admitted} = 0`)
    .limit(limit)
    .all();
  return rows.map((row) => row.workspaceId);
}
