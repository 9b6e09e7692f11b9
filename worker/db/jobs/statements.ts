// Statements that ride in the same D1 batch as a job's compare-and-set: its event row and, when a job with a
// callback_url ends, its callback row. Each selects from the jobs row carrying the new rev, so it inserts only if the
// compare-and-set won.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type JobRow, jobCallbacks, jobEvents, jobs } from "../schema.ts";

/**
 * The event row of a change, inserted only if the jobs row carries the rev this change wrote, i.e. only if the
 * compare-and-set won. (Columns in table order: drizzle's insert-select lists every column; a NULL id autoincrements.)
 */
export function eventInsert(
  db: Db,
  jobId: string,
  rev: string,
  at: number,
  kind: string,
  actor: string,
  message: string | null,
) {
  return eventInsertWhere(db, and(eq(jobs.id, jobId), eq(jobs.rev, rev)), at, kind, actor, message);
}

/**
 * The same event for many jobs changed in one statement under one rev (the ids travel as one JSON value, so D1's
 * 100-parameter limit does not split them).
 */
export function eventsInsert(
  db: Db,
  jobIds: string[],
  rev: string,
  at: number,
  kind: string,
  actor: string,
  message: string | null | SQL,
) {
  const ids = JSON.stringify(jobIds);
  const where = and(sql`${jobs.id} IN (SELECT value FROM json_each(${ids}))`, eq(jobs.rev, rev));
  return eventInsertWhere(db, where, at, kind, actor, message);
}

/** The event row for every jobs row `where` selects; `message` may be SQL computed from the row (e.g. its attempt). */
export function eventInsertWhere(
  db: Db,
  where: SQL | undefined,
  at: number,
  kind: string,
  actor: string,
  message: string | null | SQL,
) {
  return db.insert(jobEvents).select(
    db
      .select({
        id: sql<number>`NULL`.as("id"),
        jobId: jobs.id,
        workspaceId: jobs.workspaceId,
        run: jobs.run,
        at: sql<number>`${at}`.as("at"),
        kind: sql<string>`${kind}`.as("kind"),
        actor: sql<string>`${actor}`.as("actor"),
        message: sql<string | null>`${message}`.as("message"),
      })
      .from(jobs)
      .where(where),
  );
}

/** The id of a job run's callback, also its `webhook-id`. */
export const callbackId = (job: Pick<JobRow, "id" | "run">) => `${job.id}.${job.run}`;

/** The callback rows of every job `where` selects (jobs a statement just ended), with the ids callbackId makes. */
export function callbacksInsertWhere(db: Db, where: SQL | undefined, at: number) {
  return db
    .insert(jobCallbacks)
    .select(
      db
        .select({
          id: sql<string>`${jobs.id} || '.' || ${jobs.run}`.as("id"),
          jobId: jobs.id,
          workspaceId: jobs.workspaceId,
          endpointId: jobs.webhookEndpointId,
          url: sql<string>`${jobs.callbackUrl}`.as("url"),
          status: sql<"pending">`'pending'`.as("status"),
          attempts: sql<number>`0`.as("attempts"),
          lastStatus: sql<null>`NULL`.as("last_status"),
          lastError: sql<null>`NULL`.as("last_error"),
          nextAttemptAt: sql<number>`${at}`.as("next_attempt_at"),
          createdAt: sql<number>`${at}`.as("created_at"),
          deliveredAt: sql<null>`NULL`.as("delivered_at"),
        })
        .from(jobs)
        .where(and(where, sql`${jobs.callbackUrl} IS NOT NULL`)),
    )
    .onConflictDoNothing();
}

/** The callback row of the job `observed` that the statement with `rev` just ended (its run does not change). */
export function callbackInsert(db: Db, observed: Pick<JobRow, "id">, rev: string, at: number) {
  return callbacksInsertWhere(db, and(eq(jobs.id, observed.id), eq(jobs.rev, rev)), at);
}
