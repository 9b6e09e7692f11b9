// The archive's statements (DESIGN.md "Retention and archive"): opening a part and claiming its jobs, reading what it
// writes to R2, the one batch that deletes its jobs and marks it written, the parts a crash left behind, and the
// archive days a workspace lists and downloads. Nothing here deletes a job whose part is not already in R2: the
// deleting batch only runs after the object is written, and only deletes jobs unchanged since they were read.
import { and, asc, desc, eq, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { DISCARDABLE_STATUSES } from "../api/lifecycle.ts";
import type { JobStatus } from "../api/schema.ts";
import { type BatchItem, type Db, runBatch } from "./client.ts";
import {
  type ArchivePartRow,
  archiveClaims,
  archiveParts,
  type DutyFindingRow,
  dutyFindings,
  type JobRejectedRow,
  type JobRow,
  jobCallbacks,
  jobChunks,
  jobEvents,
  jobRejectedRows,
  jobs,
} from "./schema.ts";

export type NewPart = Pick<ArchivePartRow, "id" | "workspaceId" | "day" | "key" | "reason" | "actor" | "createdAt">;

export async function openPart(db: Db, part: NewPart): Promise<void> {
  await db
    .insert(archiveParts)
    .values({ ...part, state: "writing" })
    .run();
}

/** The job ids a part claimed (unique per job: a claimed job is in no other part). */
const claimedBy = (db: Db, partId: string) =>
  db.select({ jobId: archiveClaims.jobId }).from(archiveClaims).where(eq(archiveClaims.partId, partId));

/** The workspace's ended jobs matching `where` that no part holds. */
function claimable(workspaceId: string, where: SQL[]): SQL | undefined {
  return and(
    eq(jobs.workspaceId, workspaceId),
    inArray(jobs.status, [...DISCARDABLE_STATUSES]),
    ...where,
    sql`NOT EXISTS (SELECT 1 FROM ${archiveClaims} WHERE ${archiveClaims.jobId} = ${jobs.id})`,
  );
}

/**
 * Claims up to `limit` ended jobs of the workspace matching `where` for the part (oldest end first for "ended", else
 * by id), skipping jobs another part holds. Returns how many it claimed.
 */
export async function claimJobs(
  db: Db,
  partId: string,
  workspaceId: string,
  where: SQL[],
  limit: number,
  order: "ended" | "id",
): Promise<number> {
  const chosen = db
    .select({
      jobId: jobs.id,
      partId: sql<string>`${partId}`.as("part_id"),
      rev: jobs.rev,
      kept: sql<boolean>`0`.as("kept"),
    })
    .from(jobs)
    .where(claimable(workspaceId, where))
    .orderBy(order === "ended" ? asc(jobs.completedAt) : asc(jobs.id))
    .limit(limit);
  const claimed = await db.insert(archiveClaims).select(chosen).onConflictDoNothing().returning().all();
  return claimed.length;
}

/** Whether any ended job of the workspace matches `where` and is free to claim (one index seek). */
export async function anyClaimable(db: Db, workspaceId: string, where: SQL[]): Promise<boolean> {
  const row = await db.select({ id: jobs.id }).from(jobs).where(claimable(workspaceId, where)).limit(1).get();
  return row !== undefined;
}

/** Retention's condition for one status: ended before the cutoff (the pruner's index, read oldest first). */
export function endedBefore(status: JobStatus, cutoff: number): SQL[] {
  return [eq(jobs.status, status), isNotNull(jobs.completedAt), lt(jobs.completedAt, cutoff)];
}

/** The claimed jobs as they were claimed (a job that changed since is left out: it is not archived, nor deleted). */
export async function readClaimedJobs(db: Db, partId: string): Promise<JobRow[]> {
  const rows = await db
    .select({ job: jobs })
    .from(archiveClaims)
    .innerJoin(jobs, and(eq(jobs.id, archiveClaims.jobId), eq(jobs.rev, archiveClaims.rev)))
    .where(eq(archiveClaims.partId, partId))
    .orderBy(asc(jobs.id))
    .all();
  return rows.map((r) => r.job);
}

/** Every event of the part's jobs, by job then in order. */
export async function readClaimedEvents(db: Db, partId: string) {
  return db
    .select()
    .from(jobEvents)
    .where(inArray(jobEvents.jobId, claimedBy(db, partId)))
    .orderBy(asc(jobEvents.jobId), asc(jobEvents.id))
    .all();
}

/** Rows after `key` in the order of its columns: (a > x) or (a = x and b > y) or … */
function after(key: [SQLiteColumn, unknown][]): SQL | undefined {
  return or(
    ...key.map(([column, value], i) =>
      and(...key.slice(0, i).map(([earlier, v]) => sql`${earlier} = ${v}`), sql`${column} > ${value}`),
    ),
  );
}

/** A page of the part's rejected rows after `last` (by job, row, seq): an import may have many. */
export async function readClaimedRejected(db: Db, partId: string, last: JobRejectedRow | null, limit: number) {
  const r = jobRejectedRows;
  return db
    .select()
    .from(r)
    .where(
      and(
        inArray(r.jobId, claimedBy(db, partId)),
        last
          ? after([
              [r.jobId, last.jobId],
              [r.row, last.row],
              [r.seq, last.seq],
            ])
          : undefined,
      ),
    )
    .orderBy(asc(r.jobId), asc(r.row), asc(r.seq))
    .limit(limit)
    .all();
}

/** A page of the part's duty findings after `last` (by job, sku, kind). */
export async function readClaimedFindings(db: Db, partId: string, last: DutyFindingRow | null, limit: number) {
  const f = dutyFindings;
  return db
    .select()
    .from(f)
    .where(
      and(
        inArray(f.jobId, claimedBy(db, partId)),
        last
          ? after([
              [f.jobId, last.jobId],
              [f.sku, last.sku],
              [f.kind, last.kind],
            ])
          : undefined,
      ),
    )
    .orderBy(asc(f.jobId), asc(f.sku), asc(f.kind))
    .limit(limit)
    .all();
}

export interface PartTallies {
  jobs: number;
  events: number;
  rejectedRows: number;
  findings: number;
  bytes: number;
}

/**
 * The deleting batch, run once the part's object is in R2: claims whose job changed since it was claimed are marked
 * kept (the job stays), the others' jobs go with everything that hangs off them (the count triggers keep job_counts
 * exact, the search triggers drop their index rows), and the part is `written` — or `rewrite` when a kept job may
 * have lines in the object. All or nothing: a crash before it leaves the part `writing`, to be redone whole.
 */
export async function deleteArchived(db: Db, partId: string, tallies: PartTallies, now: number) {
  const c = archiveClaims;
  const gone = db
    .select({ jobId: c.jobId })
    .from(c)
    .where(and(eq(c.partId, partId), eq(c.kept, false)));
  const kept = sql`EXISTS (SELECT 1 FROM ${c} WHERE ${c.partId} = ${partId} AND ${c.kept} = 1)`;
  const statements: BatchItem[] = [
    db
      .update(c)
      .set({ kept: true })
      .where(
        and(
          eq(c.partId, partId),
          sql`NOT EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobs.id} = ${c.jobId} AND ${jobs.rev} = ${c.rev})`,
        ),
      ),
    db.delete(jobEvents).where(inArray(jobEvents.jobId, gone)),
    db.delete(jobRejectedRows).where(inArray(jobRejectedRows.jobId, gone)),
    db.delete(dutyFindings).where(inArray(dutyFindings.jobId, gone)),
    db.delete(jobChunks).where(inArray(jobChunks.jobId, gone)),
    db.delete(jobCallbacks).where(inArray(jobCallbacks.jobId, gone)),
    db.delete(jobs).where(inArray(jobs.id, gone)).returning({ id: jobs.id }),
    db
      .update(archiveParts)
      .set({
        state: sql`CASE WHEN ${kept} THEN 'rewrite' ELSE 'written' END`,
        jobs: sql`(SELECT count(*) FROM ${c} WHERE ${c.partId} = ${partId} AND ${c.kept} = 0)`,
        events: tallies.events,
        rejectedRows: tallies.rejectedRows,
        findings: tallies.findings,
        bytes: tallies.bytes,
        writtenAt: now,
      })
      .where(and(eq(archiveParts.id, partId), eq(archiveParts.state, "writing")))
      .returning({ state: archiveParts.state }),
    db.delete(c).where(and(eq(c.partId, partId), eq(c.kept, false))),
  ];
  const results = await runBatch(db, statements);
  const deleted = (results[6] as { id: string }[]).map((r) => r.id);
  const state = (results[7] as { state: ArchivePartRow["state"] }[])[0]?.state ?? null;
  return { deleted, state };
}

/** The jobs that stayed in D1 although the part's object may hold their lines. */
export async function keptJobIds(db: Db, partId: string): Promise<string[]> {
  const rows = await db
    .select({ jobId: archiveClaims.jobId })
    .from(archiveClaims)
    .where(and(eq(archiveClaims.partId, partId), eq(archiveClaims.kept, true)))
    .all();
  return rows.map((r) => r.jobId);
}

/** A rewritten part (its object without the kept jobs' lines) is written; the kept jobs are free to be claimed. */
export async function finishRewrite(db: Db, partId: string, tallies: PartTallies, now: number): Promise<void> {
  await runBatch(db, [
    db
      .update(archiveParts)
      .set({ state: "written", ...tallies, writtenAt: now })
      .where(and(eq(archiveParts.id, partId), eq(archiveParts.state, "rewrite"))),
    db.delete(archiveClaims).where(eq(archiveClaims.partId, partId)),
  ]);
}

/** A part that claimed nothing (or only jobs that changed): its claims and its row go; no object was written. */
export async function dropPart(db: Db, partId: string): Promise<void> {
  await runBatch(db, [
    db.delete(archiveClaims).where(eq(archiveClaims.partId, partId)),
    db.delete(archiveParts).where(and(eq(archiveParts.id, partId), eq(archiveParts.state, "writing"))),
  ]);
}

/** Parts a pruner left unfinished: `writing` since before `before` (it crashed or timed out), or `rewrite`. */
export async function unfinishedParts(db: Db, before: number, limit: number): Promise<ArchivePartRow[]> {
  return db
    .select()
    .from(archiveParts)
    .where(
      or(and(eq(archiveParts.state, "writing"), lt(archiveParts.createdAt, before)), eq(archiveParts.state, "rewrite")),
    )
    .orderBy(asc(archiveParts.createdAt))
    .limit(limit)
    .all();
}

export interface ArchiveDayRow {
  day: string;
  parts: number;
  jobs: number;
  events: number;
  rejectedRows: number;
  findings: number;
  bytes: number;
  retentionJobs: number;
  discardedJobs: number;
  lastWrittenAt: number | null;
}

/**
 * A page of a workspace's archive days, newest first, before `cursor` (a day). Summed from the written parts of the
 * days shown only: the index walks days in order and the scan stops after `limit + 1` groups.
 */
export async function listArchiveDays(
  db: Db,
  workspaceId: string,
  page: { cursor?: string; limit: number },
): Promise<{ days: ArchiveDayRow[]; nextCursor: string | null }> {
  const p = archiveParts;
  const rows = await db
    .select({
      day: p.day,
      parts: sql<number>`count(*)`,
      jobs: sql<number>`sum(${p.jobs})`,
      events: sql<number>`sum(${p.events})`,
      rejectedRows: sql<number>`sum(${p.rejectedRows})`,
      findings: sql<number>`sum(${p.findings})`,
      bytes: sql<number>`sum(${p.bytes})`,
      retentionJobs: sql<number>`sum(CASE WHEN ${p.reason} = 'retention' THEN ${p.jobs} ELSE 0 END)`,
      discardedJobs: sql<number>`sum(CASE WHEN ${p.reason} = 'discard' THEN ${p.jobs} ELSE 0 END)`,
      lastWrittenAt: sql<number | null>`max(${p.writtenAt})`,
    })
    .from(p)
    .where(
      and(eq(p.workspaceId, workspaceId), eq(p.state, "written"), page.cursor ? lt(p.day, page.cursor) : undefined),
    )
    .groupBy(p.day)
    .orderBy(desc(p.day))
    .limit(page.limit + 1)
    .all();
  const more = rows.length > page.limit;
  const days = more ? rows.slice(0, page.limit) : rows;
  return { days, nextCursor: more ? (days.at(-1)?.day ?? null) : null };
}

/** The written parts of one archive day, in the order they were written (the download concatenates them). */
export async function writtenPartsOfDay(db: Db, workspaceId: string, day: string): Promise<ArchivePartRow[]> {
  return db
    .select()
    .from(archiveParts)
    .where(and(eq(archiveParts.workspaceId, workspaceId), eq(archiveParts.day, day), eq(archiveParts.state, "written")))
    .orderBy(asc(archiveParts.id))
    .all();
}
