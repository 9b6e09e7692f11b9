// A workspace's lanes (DESIGN.md "Lanes"): its running limit, the job types it paused, what each type has running and
// waiting, and the audit of who changed them. Pausing a type takes the admission back from its jobs that have not
// started; pausing, resuming and a new limit each run admission in the same batch, so freed slots go to other types
// at once.
import { and, asc, eq, lt, sql } from "drizzle-orm";
import { LEASED_STATUS, QUEUED_STATUS } from "../api/lifecycle.ts";
import type { LaneContext } from "../api/waiting.ts";
import { auditInsert, LANE_AUDIT_ACTIONS, listAudit } from "./audit.ts";
import { type Db, runBatch } from "./client.ts";
import { admitStatement, admittedAt, slotStatusesSql } from "./jobs/admission.ts";
import { type JobRow, jobCounts, jobs, lanePauses, workspaceAudit, workspaces } from "./schema.ts";

/** What the wait reasons need: the limit, the slots in use, and who paused which type. One D1 batch. */
export async function readLaneContext(db: Db, workspaceId: string): Promise<LaneContext> {
  const [limit, held, paused] = (await runBatch(db, [
    db.select({ maxRunning: workspaces.maxRunning }).from(workspaces).where(eq(workspaces.id, workspaceId)),
    slotsInUse(db, workspaceId),
    db.select().from(lanePauses).where(eq(lanePauses.workspaceId, workspaceId)),
  ])) as [{ maxRunning: number }[], { n: number }[], { type: string; pausedBy: string }[]];
  return {
    maxRunning: limit[0]?.maxRunning ?? 0,
    inUse: held[0]?.n ?? 0,
    paused: new Map(paused.map((row) => [row.type, row.pausedBy])),
  };
}

/** The slots the workspace's admitted jobs hold (an index read over at most a few rows per slot). */
function slotsInUse(db: Db, workspaceId: string) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(jobs)
    .where(
      and(eq(jobs.workspaceId, workspaceId), eq(jobs.admitted, true), sql`${jobs.status} IN (${slotStatusesSql})`),
    );
}

export interface LaneStats {
  type: string;
  running: number;
  queued: number;
  /** When the type's longest-waiting job became due (its first pending job by age), or null when none waits. */
  oldestDueAt: number | null;
  pausedBy: string | null;
  pausedAt: number | null;
}

/**
 * Per job type: running and pending counts (the trigger-kept job_counts rows), the oldest waiting job, the pause.
 * Never a scan: the oldest is the first pending job of the type by id (ULIDs sort by creation), read by index.
 */
export async function listLaneStats(db: Db, workspaceId: string, types: readonly string[]): Promise<LaneStats[]> {
  const counts = db
    .select({ type: jobCounts.type, status: jobCounts.status, n: jobCounts.n })
    .from(jobCounts)
    .where(
      and(eq(jobCounts.workspaceId, workspaceId), sql`${jobCounts.status} IN (${LEASED_STATUS}, ${QUEUED_STATUS})`),
    );
  const pauses = db.select().from(lanePauses).where(eq(lanePauses.workspaceId, workspaceId));
  const oldest = types.map((type) =>
    db
      .select({ dueAt: sql<number>`coalesce(${jobs.runAfter}, ${jobs.createdAt})` })
      .from(jobs)
      .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.status, QUEUED_STATUS), eq(jobs.type, type)))
      .orderBy(asc(jobs.id))
      .limit(1),
  );
  const [countRows, pauseRows, ...oldestRows] = (await runBatch(db, [counts, pauses, ...oldest])) as [
    { type: string; status: string; n: number }[],
    { type: string; pausedBy: string; pausedAt: number }[],
    ...{ dueAt: number }[][],
  ];
  const count = (type: string, status: string) =>
    countRows.find((row) => row.type === type && row.status === status)?.n ?? 0;
  return types.map((type, i) => {
    const pause = pauseRows.find((row) => row.type === type);
    return {
      type,
      running: count(type, LEASED_STATUS),
      queued: count(type, QUEUED_STATUS),
      oldestDueAt: oldestRows[i]?.[0]?.dueAt ?? null,
      pausedBy: pause?.pausedBy ?? null,
      pausedAt: pause?.pausedAt ?? null,
    };
  });
}

/** What a lane change did: whether anything changed, the jobs whose admission it took back, and what it admitted. */
export interface LaneChange {
  changed: boolean;
  unadmitted: JobRow[];
  admitted: JobRow[];
}

/** Nothing to take back: keeps the result positions laneChange reads the same for every lane change. */
const noneUnadmitted = (db: Db) => db.select().from(jobs).where(sql`0`);

/**
 * Pauses a job type for the workspace: its pending jobs that were admitted but have not started give their slots
 * back (their queue messages become stale), running ones finish their run, and the freed slots go to other types.
 * Pausing a paused type changes nothing.
 */
export async function pauseType(db: Db, workspaceId: string, type: string, actor: string, now: number) {
  const pausedHere = and(
    eq(lanePauses.workspaceId, workspaceId),
    eq(lanePauses.type, type),
    eq(lanePauses.pausedAt, now),
    eq(lanePauses.pausedBy, actor),
  );
  const results = await runBatch(db, [
    db
      .insert(lanePauses)
      .values({ workspaceId, type, pausedBy: actor, pausedAt: now })
      .onConflictDoNothing()
      .returning(),
    db
      .update(jobs)
      .set({ admitted: false, updatedAt: now })
      .where(
        and(
          eq(jobs.workspaceId, workspaceId),
          eq(jobs.type, type),
          eq(jobs.status, QUEUED_STATUS),
          eq(jobs.admitted, true),
          sql`EXISTS (SELECT 1 FROM ${lanePauses} WHERE ${pausedHere})`,
        ),
      )
      .returning(),
    admitStatement(db, workspaceId, now),
    db.insert(workspaceAudit).select(
      db
        .select({
          id: sql<number>`NULL`.as("id"),
          workspaceId: sql<string>`${workspaceId}`.as("workspace_id"),
          at: sql<number>`${now}`.as("at"),
          actor: sql<string>`${actor}`.as("actor"),
          action: sql<string>`'type_paused'`.as("action"),
          detail: sql<string>`${type}`.as("detail"),
        })
        .from(lanePauses)
        .where(pausedHere),
    ),
  ]);
  return laneChange(results);
}

/** Resumes a paused type: its waiting jobs are admitted as slots allow, in the same batch. */
export async function resumeType(db: Db, workspaceId: string, type: string, actor: string, now: number) {
  const paused = await db
    .select()
    .from(lanePauses)
    .where(and(eq(lanePauses.workspaceId, workspaceId), eq(lanePauses.type, type)))
    .get();
  if (!paused) return { changed: false, unadmitted: [], admitted: [] } satisfies LaneChange;
  const results = await runBatch(db, [
    db
      .delete(lanePauses)
      .where(and(eq(lanePauses.workspaceId, workspaceId), eq(lanePauses.type, type)))
      .returning(),
    noneUnadmitted(db),
    admitStatement(db, workspaceId, now),
    auditInsert(db, workspaceId, now, actor, "type_resumed", type),
  ]);
  return laneChange(results);
}

/** Sets the workspace's running limit; a higher one admits waiting jobs at once, a lower one lets running ones end. */
export async function setMaxRunning(db: Db, workspaceId: string, maxRunning: number, actor: string, now: number) {
  if ((await maxRunningOf(db, workspaceId)) === maxRunning) {
    return { changed: false, unadmitted: [], admitted: [] } satisfies LaneChange;
  }
  const results = await runBatch(db, [
    db.update(workspaces).set({ maxRunning }).where(eq(workspaces.id, workspaceId)).returning(),
    noneUnadmitted(db),
    admitStatement(db, workspaceId, now),
    auditInsert(db, workspaceId, now, actor, "max_running_set", String(maxRunning)),
  ]);
  return laneChange(results);
}

function laneChange(results: unknown[]): LaneChange {
  return {
    changed: (results[0] as unknown[]).length > 0,
    unadmitted: results[1] as JobRow[],
    admitted: admittedAt(results, 2),
  };
}

export async function maxRunningOf(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .select({ maxRunning: workspaces.maxRunning })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .get();
  return row?.maxRunning ?? 0;
}

/** The workspace's latest lane changes, newest first. */
export async function listLaneAudit(db: Db, workspaceId: string, limit: number) {
  return listAudit(db, workspaceId, LANE_AUDIT_ACTIONS, limit);
}

/** Drops audit rows older than `before` (the sweeper's retention). */
export async function pruneLaneAudit(db: Db, before: number): Promise<void> {
  await db.delete(workspaceAudit).where(lt(workspaceAudit.at, before)).run();
}
