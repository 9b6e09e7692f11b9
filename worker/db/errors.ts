// Error groups: a workspace's failed and dead-lettered jobs grouped by error signature (and type), largest first, with
// a sample job and its error text. One grouped scan of the partial, covering (workspace, signature, …) index, then
// one read of the samples' errors: never a scan of the whole jobs table.
import { and, desc, eq, gte, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { ErrorGroup } from "../api/find-and-fix.ts";
import { BULK_RETRY_STATUSES } from "../api/lifecycle.ts";
import type { Db } from "./client.ts";
import { jobs } from "./schema.ts";

export interface ErrorGroupFilter {
  type?: string;
  createdFrom?: number;
  createdTo?: number;
}

/** The most groups one answer lists (a workspace with more reasons than this has bigger problems than paging). */
export const MAX_ERROR_GROUPS = 200;

const iso = (ms: number) => new Date(ms).toISOString();

export async function listErrorGroups(db: Db, workspaceId: string, filter: ErrorGroupFilter): Promise<ErrorGroup[]> {
  const [failed, deadLetter] = BULK_RETRY_STATUSES;
  const count = sql<number>`count(*)`;
  const groups = await db
    .select({
      signature: jobs.errorSignature,
      type: jobs.type,
      count,
      failed: sql<number>`sum(${jobs.status} = ${failed})`,
      deadLetter: sql<number>`sum(${jobs.status} = ${deadLetter})`,
      // Failed and dead-lettered jobs have ended: completed_at is set (and in the covering index).
      firstSeen: sql<number | null>`min(${jobs.completedAt})`,
      lastSeen: sql<number | null>`max(${jobs.completedAt})`,
      sampleJobId: sql<string>`max(${jobs.id})`,
    })
    .from(jobs)
    .where(
      and(
        eq(jobs.workspaceId, workspaceId),
        inArray(jobs.status, [...BULK_RETRY_STATUSES]),
        isNotNull(jobs.errorSignature),
        filter.type ? eq(jobs.type, filter.type) : undefined,
        filter.createdFrom !== undefined ? gte(jobs.createdAt, filter.createdFrom) : undefined,
        filter.createdTo !== undefined ? lte(jobs.createdAt, filter.createdTo) : undefined,
      ),
    )
    .groupBy(jobs.errorSignature, jobs.type)
    .orderBy(desc(count), desc(sql`max(${jobs.id})`))
    .limit(MAX_ERROR_GROUPS)
    .all();
  if (groups.length === 0) return [];
  const samples = await db
    .select({ id: jobs.id, error: jobs.error })
    .from(jobs)
    .where(sql`${jobs.id} IN (SELECT value FROM json_each(${JSON.stringify(groups.map((g) => g.sampleJobId))}))`)
    .all();
  const errorOf = new Map(samples.map((s) => [s.id, s.error ?? ""]));
  return groups.map((g) => ({
    signature: g.signature as string,
    type: g.type,
    message: errorOf.get(g.sampleJobId) ?? "",
    count: g.count,
    failed: g.failed,
    dead_letter: g.deadLetter,
    first_seen: iso(g.firstSeen ?? g.lastSeen ?? 0),
    last_seen: iso(g.lastSeen ?? g.firstSeen ?? 0),
    sample_job_id: g.sampleJobId,
  }));
}

/** The failed and dead-lettered jobs of one error group, oldest first, at most `limit`. */
export async function listGroupJobs(db: Db, workspaceId: string, signature: string, limit: number) {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.workspaceId, workspaceId),
        inArray(jobs.status, [...BULK_RETRY_STATUSES]),
        eq(jobs.errorSignature, signature),
      ),
    )
    .orderBy(jobs.id)
    .limit(limit)
    .all();
}
