// The sweeper's queries: expired leases, pending jobs whose message was lost, whether a workspace still has active
// jobs, marking re-enqueued jobs, and expired exports whose file must be deleted.
import { and, eq, inArray, lt, lte, sql } from "drizzle-orm";
import { ACTIVE_STATUSES, LEASED_STATUS, QUEUED_STATUS, SUCCEEDED_STATUS } from "../../api/lifecycle.ts";
import type { Db } from "../client.ts";
import { type JobRow, jobCounts, jobs } from "../schema.ts";

/** Running jobs whose lease expired: their consumer died or their continuation message was lost. */
export async function findExpiredLeases(db: Db, now: number, limit: number, workspaceId?: string): Promise<JobRow[]> {
  const conditions = [eq(jobs.status, LEASED_STATUS), lt(jobs.leaseUntil, now)];
  if (workspaceId) conditions.push(eq(jobs.workspaceId, workspaceId));
  return db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .limit(limit)
    .all();
}

/** Admitted pending jobs that should have been claimed by now: their message was lost (e.g. a local restart). */
export async function findOverduePending(
  db: Db,
  dueBefore: number,
  limit: number,
  workspaceId?: string,
): Promise<JobRow[]> {
  // Only admitted jobs were ever on the queue; the others wait in D1 for a slot.
  const conditions = [
    eq(jobs.status, QUEUED_STATUS),
    eq(jobs.admitted, true),
    lte(jobs.runAfter, dueBefore),
    lte(jobs.enqueuedAt, dueBefore),
  ];
  if (workspaceId) conditions.push(eq(jobs.workspaceId, workspaceId));
  return db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .limit(limit)
    .all();
}

/** Whether a workspace has jobs the sweeper may need to look after (pending or running). */
export async function hasActiveJobs(db: Db, workspaceId: string): Promise<boolean> {
  const counts = await db
    .select({ n: sql<number>`sum(${jobCounts.n})` })
    .from(jobCounts)
    .where(and(eq(jobCounts.workspaceId, workspaceId), inArray(jobCounts.status, [...ACTIVE_STATUSES])))
    .get();
  return (counts?.n ?? 0) > 0;
}

export async function markEnqueued(db: Db, ids: string[], now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 90) {
    await db
      .update(jobs)
      .set({ enqueuedAt: now })
      .where(inArray(jobs.id, ids.slice(i, i + 90)))
      .run();
  }
}

/** Finished exports past their expiry whose file has not been deleted yet. */
export async function findExpiredExports(db: Db, now: number, limit: number, workspaceId?: string): Promise<JobRow[]> {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        workspaceId ? eq(jobs.workspaceId, workspaceId) : undefined,
        eq(jobs.type, "data_export"),
        eq(jobs.status, SUCCEEDED_STATUS),
        sql`json_extract(${jobs.result}, '$.expires_at') < ${new Date(now).toISOString()}`,
        sql`json_extract(${jobs.result}, '$.purged_at') IS NULL`,
      ),
    )
    .limit(limit)
    .all();
}

/** Records in an export's result that its file was deleted (no status change, so no event row). */
export async function markExportPurged(db: Db, job: JobRow, now: number): Promise<void> {
  await db
    .update(jobs)
    .set({ result: sql`json_set(${jobs.result}, '$.purged_at', ${new Date(now).toISOString()})` })
    .where(eq(jobs.id, job.id))
    .run();
}
