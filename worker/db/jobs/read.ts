// Reading jobs: one job (for a tenant, or by id for the engine), keyset pages in both directions, status counts from
// the trigger-kept job_counts rows, statuses of listed jobs, and a job's history.
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { JobCounts, JobEvent, JobStatus } from "../../api/schema.ts";
import { JOB_STATUSES } from "../../api/schema.ts";
import type { Db } from "../client.ts";
import { type JobRow, jobCounts, jobEvents, jobs } from "../schema.ts";
import { type JobFilter, jobConditions } from "./filter.ts";
import { listSearchedJobs } from "./search.ts";

export async function getJob(db: Db, workspaceId: string, id: string): Promise<JobRow | undefined> {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.workspaceId, workspaceId)))
    .get();
}

/** For the engine, which trusts the message's job id. */
export async function getJobById(db: Db, id: string): Promise<JobRow | undefined> {
  return db.select().from(jobs).where(eq(jobs.id, id)).get();
}

/** The status (and stop request) of each listed job of a workspace, for a bulk action's preview; others are absent. */
export async function statusesOf(
  db: Db,
  workspaceId: string,
  ids: string[],
): Promise<Pick<JobRow, "id" | "status" | "control">[]> {
  return db
    .select({ id: jobs.id, status: jobs.status, control: jobs.control })
    .from(jobs)
    .where(
      and(eq(jobs.workspaceId, workspaceId), sql`${jobs.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`),
    )
    .all();
}

/** Newest first; `nextCursor` is the id to pass as `cursor` for the next (older) page. */
export interface JobPage {
  rows: JobRow[];
  nextCursor: string | null;
}

/**
 * Newest first, keyset-paginated on the id (a ULID): an index range scan whatever the page depth; a search walks
 * the search index newest first instead (search.ts).
 */
export async function listJobs(
  db: Db,
  workspaceId: string,
  filter: JobFilter & { cursor?: string; limit: number },
): Promise<JobPage> {
  const rows = filter.q
    ? await listSearchedJobs(db, workspaceId, { ...filter, q: filter.q, limit: filter.limit + 1 })
    : await listFilteredJobs(db, workspaceId, filter);
  const hasMore = rows.length > filter.limit;
  const page = hasMore ? rows.slice(0, filter.limit) : rows;
  return { rows: page, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null };
}

function listFilteredJobs(db: Db, workspaceId: string, filter: JobFilter & { cursor?: string; limit: number }) {
  const conditions = jobConditions(workspaceId, filter);
  if (filter.cursor) conditions.push(lt(jobs.id, filter.cursor));
  return db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .orderBy(desc(jobs.id))
    .limit(filter.limit + 1)
    .all();
}

function emptyCounts(): JobCounts {
  return Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as JobCounts;
}

/**
 * Counts per status. For owners/admins this reads the trigger-maintained job_counts rows (a handful of rows, never a
 * scan of jobs); a member's own jobs are counted over the (workspace, created_by) index.
 */
export async function countJobs(db: Db, workspaceId: string, filter: JobFilter = {}): Promise<JobCounts> {
  const counts = emptyCounts();
  if (filter.createdBy) {
    const conditions = [eq(jobs.workspaceId, workspaceId), eq(jobs.createdBy, filter.createdBy)];
    if (filter.type) conditions.push(eq(jobs.type, filter.type));
    const rows = await db
      .select({ status: jobs.status, n: sql<number>`count(*)` })
      .from(jobs)
      .where(and(...conditions))
      .groupBy(jobs.status)
      .all();
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }
  const conditions = [eq(jobCounts.workspaceId, workspaceId)];
  if (filter.type) conditions.push(eq(jobCounts.type, filter.type));
  const rows = await db
    .select({ status: jobCounts.status, n: sql<number>`sum(${jobCounts.n})` })
    .from(jobCounts)
    .where(and(...conditions))
    .groupBy(jobCounts.status)
    .all();
  for (const r of rows) if (r.status in counts) counts[r.status as JobStatus] = r.n;
  return counts;
}

export async function listEvents(db: Db, jobId: string): Promise<JobEvent[]> {
  const rows = await db.select().from(jobEvents).where(eq(jobEvents.jobId, jobId)).orderBy(jobEvents.id).all();
  return rows.map((r) => ({
    id: r.id,
    job_id: r.jobId,
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    actor: r.actor,
    message: r.message,
    run: r.run,
  }));
}

/** Backward keyset paging ("Newer"): the page just newer than an id, newest first, by an ascending range scan. */
export interface NewerPage {
  /** Newest first, like listJobs. */
  rows: JobRow[];
  /** Whether jobs newer than these exist (there is a page before this one). */
  hasNewer: boolean;
}

export async function listNewerJobs(
  db: Db,
  workspaceId: string,
  filter: JobFilter & { before: string; limit: number },
): Promise<NewerPage> {
  const conditions = [...jobConditions(workspaceId, filter), gt(jobs.id, filter.before)];
  const rows = await db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .orderBy(asc(jobs.id))
    .limit(filter.limit + 1)
    .all();
  const hasNewer = rows.length > filter.limit;
  return { rows: rows.slice(0, filter.limit).reverse(), hasNewer };
}
