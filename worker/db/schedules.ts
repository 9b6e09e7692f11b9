// The schedules store (DESIGN.md "Schedules"): schedules, their runs, and the claim that makes each due time fire
// once. A fire claims (schedule, due time) in schedule_runs and moves next_run_at on in one D1 batch; only the batch
// whose insert took the key creates the job, and the job's idempotency key is the same pair, so a claim whose job
// was never made (a crash between the two) is finished by the sweeper without ever making two.
import { and, asc, desc, eq, gt, isNull, lt, lte, min, sql } from "drizzle-orm";
import { QUEUED_STATUS } from "../api/lifecycle.ts";
import { type Db, runBatch } from "./client.ts";
import { jobs, type ScheduleRow, type ScheduleRunRow, scheduleRuns, schedules } from "./schema.ts";

export type NewSchedule = typeof schedules.$inferInsert;

export async function insertSchedule(db: Db, schedule: NewSchedule): Promise<ScheduleRow> {
  const [row] = await db.insert(schedules).values(schedule).returning();
  return row as ScheduleRow;
}

export async function findSchedule(db: Db, workspaceId: string, id: string): Promise<ScheduleRow | undefined> {
  return db
    .select()
    .from(schedules)
    .where(and(eq(schedules.workspaceId, workspaceId), eq(schedules.id, id)))
    .get();
}

/** A workspace's schedules oldest first, a page after `cursor` (a schedule id). */
export async function listSchedules(
  db: Db,
  workspaceId: string,
  page: { cursor?: string; limit: number },
): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(schedules)
    .where(and(eq(schedules.workspaceId, workspaceId), page.cursor ? sql`${schedules.id} > ${page.cursor}` : undefined))
    .orderBy(asc(schedules.id))
    .limit(page.limit)
    .all();
}

export async function updateSchedule(
  db: Db,
  schedule: ScheduleRow,
  set: Partial<NewSchedule>,
): Promise<ScheduleRow | undefined> {
  const [row] = await db
    .update(schedules)
    .set(set)
    .where(and(eq(schedules.workspaceId, schedule.workspaceId), eq(schedules.id, schedule.id)))
    .returning();
  return row;
}

/** Removes a schedule and its runs (the jobs it made stay). */
export async function deleteSchedule(db: Db, schedule: ScheduleRow): Promise<void> {
  await runBatch(db, [
    db.delete(scheduleRuns).where(eq(scheduleRuns.scheduleId, schedule.id)),
    db.delete(schedules).where(and(eq(schedules.workspaceId, schedule.workspaceId), eq(schedules.id, schedule.id))),
  ]);
}

/** Unpaused schedules due at `now` (of one workspace, or of all), earliest first. */
export async function dueSchedules(db: Db, now: number, limit: number, workspaceId?: string): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(schedules)
    .where(
      and(
        isNull(schedules.pausedAt),
        lte(schedules.nextRunAt, now),
        workspaceId ? eq(schedules.workspaceId, workspaceId) : undefined,
      ),
    )
    .orderBy(asc(schedules.nextRunAt))
    .limit(limit)
    .all();
}

/**
 * Claims the fire of `schedule` at `dueAt`: the run row (key: schedule, due time) and, for a cron fire, next_run_at
 * moved from `dueAt` to `nextRunAt`, in one batch. True only for the one caller whose insert took the key.
 */
export async function claimFire(
  db: Db,
  schedule: ScheduleRow,
  fire: { dueAt: number; kind: "cron" | "run_now"; nextRunAt: number | null },
  now: number,
): Promise<boolean> {
  const claim = db
    .insert(scheduleRuns)
    .values({
      scheduleId: schedule.id,
      dueAt: fire.dueAt,
      workspaceId: schedule.workspaceId,
      kind: fire.kind,
      outcome: "claimed",
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ dueAt: scheduleRuns.dueAt });
  if (fire.kind === "run_now") {
    const [claimed] = (await runBatch(db, [claim])) as [{ dueAt: number }[]];
    return claimed.length > 0;
  }
  const [claimed] = (await runBatch(db, [
    claim,
    db
      .update(schedules)
      .set({ nextRunAt: fire.nextRunAt, lastRunAt: fire.dueAt, updatedAt: now })
      .where(and(eq(schedules.id, schedule.id), eq(schedules.nextRunAt, fire.dueAt))),
  ])) as [{ dueAt: number }[], unknown];
  return claimed.length > 0;
}

/** What became of a claimed fire; a created job also becomes the schedule's last. */
export async function recordRun(
  db: Db,
  schedule: ScheduleRow,
  dueAt: number,
  outcome: { outcome: "created"; jobId: string } | { outcome: "skipped" | "failed"; detail: string },
  now: number,
): Promise<void> {
  const run = db
    .update(scheduleRuns)
    .set(
      outcome.outcome === "created"
        ? { outcome: "created", jobId: outcome.jobId, detail: null }
        : { outcome: outcome.outcome, detail: outcome.detail },
    )
    .where(and(eq(scheduleRuns.scheduleId, schedule.id), eq(scheduleRuns.dueAt, dueAt)));
  if (outcome.outcome !== "created") {
    await run.run();
    return;
  }
  await runBatch(db, [
    run,
    db.update(schedules).set({ lastJobId: outcome.jobId, updatedAt: now }).where(eq(schedules.id, schedule.id)),
  ]);
}

export interface ScheduleRunWithJob extends ScheduleRunRow {
  jobStatus: string | null;
}

/**
 * A schedule's runs (or its one run due at `dueAt`) newest first, with their jobs' statuses now: a query, so that one
 * batch can carry several.
 */
function runsQuery(db: Db, scheduleId: string, limit: number, dueAt?: number) {
  return db
    .select({
      scheduleId: scheduleRuns.scheduleId,
      dueAt: scheduleRuns.dueAt,
      workspaceId: scheduleRuns.workspaceId,
      kind: scheduleRuns.kind,
      outcome: scheduleRuns.outcome,
      jobId: scheduleRuns.jobId,
      detail: scheduleRuns.detail,
      createdAt: scheduleRuns.createdAt,
      jobStatus: jobs.status,
    })
    .from(scheduleRuns)
    .leftJoin(jobs, eq(jobs.id, scheduleRuns.jobId))
    .where(
      and(eq(scheduleRuns.scheduleId, scheduleId), dueAt === undefined ? undefined : eq(scheduleRuns.dueAt, dueAt)),
    )
    .orderBy(desc(scheduleRuns.dueAt))
    .limit(limit);
}

/** A schedule's latest runs, newest first, with their jobs' statuses now. */
export async function listRuns(db: Db, scheduleId: string, limit: number): Promise<ScheduleRunWithJob[]> {
  return runsQuery(db, scheduleId, limit).all();
}

/**
 * The latest `perSchedule` runs of each schedule (already loaded for their workspace), newest first: one D1 batch of
 * small reads by the (schedule, due time) key rather than a round trip per schedule, for a page that lists many.
 */
export async function latestRunsOfSchedules(
  db: Db,
  scheduleIds: readonly string[],
  perSchedule: number,
): Promise<Map<string, ScheduleRunWithJob[]>> {
  const pages = (await runBatch(
    db,
    scheduleIds.map((id) => runsQuery(db, id, perSchedule)),
  )) as ScheduleRunWithJob[][];
  return new Map(scheduleIds.map((id, i) => [id, pages[i] ?? []]));
}

/** One run of a schedule (already loaded for its workspace) by its due time, with its job's status now. */
export async function findRun(db: Db, scheduleId: string, dueAt: number): Promise<ScheduleRunWithJob | undefined> {
  const [run] = await runsQuery(db, scheduleId, 1, dueAt).all();
  return run;
}

/** Claims left without an outcome since before `before` (their job may or may not exist: its key says). */
export async function staleClaims(db: Db, before: number, limit: number, workspaceId?: string) {
  return db
    .select()
    .from(scheduleRuns)
    .where(
      and(
        eq(scheduleRuns.outcome, "claimed"),
        lt(scheduleRuns.createdAt, before),
        workspaceId ? eq(scheduleRuns.workspaceId, workspaceId) : undefined,
      ),
    )
    .limit(limit)
    .all();
}

export async function findScheduleById(db: Db, id: string): Promise<ScheduleRow | undefined> {
  return db.select().from(schedules).where(eq(schedules.id, id)).get();
}

/** When the workspace next needs a sweep for time's sake: its next schedule fire or delayed job, or null. */
export async function nextDueAt(db: Db, workspaceId: string, now: number): Promise<number | null> {
  const [fires, delayed] = (await runBatch(db, [
    db
      .select({ at: min(schedules.nextRunAt) })
      .from(schedules)
      .where(and(eq(schedules.workspaceId, workspaceId), isNull(schedules.pausedAt))),
    db
      .select({ at: min(jobs.runAfter) })
      .from(jobs)
      .where(
        and(
          eq(jobs.workspaceId, workspaceId),
          eq(jobs.status, QUEUED_STATUS),
          eq(jobs.admitted, false),
          gt(jobs.runAfter, now),
        ),
      ),
  ])) as [{ at: number | null }[], { at: number | null }[]];
  const times = [fires[0]?.at, delayed[0]?.at].filter((t): t is number => typeof t === "number");
  return times.length > 0 ? Math.min(...times) : null;
}

/** Drops runs older than `before` (bounded). */
export async function pruneScheduleRuns(db: Db, before: number, limit: number): Promise<void> {
  const old = db
    .select({ rowid: sql`rowid` })
    .from(scheduleRuns)
    .where(lt(scheduleRuns.createdAt, before))
    .limit(limit);
  await db.delete(scheduleRuns).where(sql`rowid IN ${old}`).run();
}
