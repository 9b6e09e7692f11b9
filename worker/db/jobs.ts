// The jobs data layer: create, read, list, count, and every status change as a compare-and-set with its event row.
import { and, desc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import type { Job, JobCounts, JobEvent, JobStatus } from "../api/schema.ts";
import { JOB_STATUSES } from "../api/schema.ts";
import { isTerminal } from "../jobs/lifecycle.ts";
import { type BatchItem, type Db, runBatch } from "./client.ts";
import { type IdempotencyKey, storedIdempotencyKey } from "./idempotency.ts";
import { newId } from "./ids.ts";
import { type JobRow, jobCallbacks, jobChunks, jobCounts, jobEvents, jobs } from "./schema.ts";

export type { JobRow };

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

function parseJson(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The Job JSON of DESIGN.md, used by the API, the live stream, the pages and the TUI. */
export function toJobJson(row: JobRow): Job {
  return {
    id: row.id,
    workspace_id: row.workspaceId,
    type: row.type,
    status: row.status,
    progress: row.progress,
    processed: row.processed,
    total: row.total,
    current_item: row.currentItem,
    attempts: row.attempts,
    max_attempts: row.maxAttempts,
    error: row.error,
    created_by: row.createdByLabel,
    created_at: iso(row.createdAt) as string,
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
    updated_at: iso(row.updatedAt) as string,
    run_after: iso(row.runAfter),
    result: parseJson(row.result),
    control: row.control,
  };
}

export interface NewJob {
  workspaceId: string;
  type: string;
  payload: unknown;
  inputKey?: string | null;
  total?: number | null;
  maxAttempts: number;
  createdBy: { id: string; label: string } | null;
  /** Scoped to its sender: see idempotency.ts. */
  idempotency?: IdempotencyKey | null;
  callbackUrl?: string | null;
  webhookEndpointId?: string | null;
  now: number;
}

/**
 * The event row of a change, inserted only if the jobs row carries the rev this change wrote, i.e. only if the
 * compare-and-set won. (Columns in table order: drizzle's insert-select lists every column; a NULL id autoincrements.)
 */
function eventInsert(
  db: Db,
  jobId: string,
  rev: string,
  at: number,
  kind: string,
  actor: string,
  message: string | null,
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
      .where(and(eq(jobs.id, jobId), eq(jobs.rev, rev))),
  );
}

/** The id of a job run's callback, also its `webhook-id`. */
export const callbackId = (job: Pick<JobRow, "id" | "run">) => `${job.id}.${job.run}`;

function callbackInsert(db: Db, observed: JobRow, rev: string, at: number) {
  return db
    .insert(jobCallbacks)
    .select(
      db
        .select({
          id: sql<string>`${callbackId(observed)}`.as("id"),
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
        .where(and(eq(jobs.id, observed.id), eq(jobs.rev, rev), sql`${jobs.callbackUrl} IS NOT NULL`)),
    )
    .onConflictDoNothing();
}

/** An event that is not a status change (e.g. a callback's outcome), appended to the job's history. */
export async function appendJobEvent(
  db: Db,
  job: Pick<JobRow, "id" | "workspaceId" | "run">,
  event: { kind: string; actor: string; message: string | null; at: number },
): Promise<void> {
  await db
    .insert(jobEvents)
    .values({ jobId: job.id, workspaceId: job.workspaceId, run: job.run, ...event })
    .run();
}

/** Creates a job and its `created` event; with an idempotency key already used, returns the existing job instead. */
export async function insertJob(db: Db, input: NewJob): Promise<{ job: JobRow; created: boolean }> {
  const id = newId();
  const rev = newId();
  const actor = input.createdBy?.label ?? "system";
  const idempotencyKey = input.idempotency ? storedIdempotencyKey(input.idempotency) : null;
  const results = await runBatch(db, [
    db
      .insert(jobs)
      .values({
        id,
        workspaceId: input.workspaceId,
        type: input.type,
        status: "pending",
        payload: JSON.stringify(input.payload),
        inputKey: input.inputKey ?? null,
        total: input.total ?? null,
        maxAttempts: input.maxAttempts,
        createdBy: input.createdBy?.id ?? null,
        createdByLabel: input.createdBy?.label ?? null,
        idempotencyKey,
        callbackUrl: input.callbackUrl ?? null,
        webhookEndpointId: input.webhookEndpointId ?? null,
        rev,
        runAfter: input.now,
        enqueuedAt: input.now,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoNothing()
      .returning(),
    eventInsert(db, id, rev, input.now, "created", actor, null),
  ]);
  const inserted = (results[0] as JobRow[])[0];
  if (inserted) return { job: inserted, created: true };
  if (idempotencyKey === null) throw new Error("job insert conflicted without an idempotency key");
  const existing = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, input.workspaceId), eq(jobs.idempotencyKey, idempotencyKey)))
    .get();
  if (!existing) throw new Error("job insert conflicted but no job holds its idempotency key");
  return { job: existing, created: false };
}

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

export interface JobFilter {
  status?: JobStatus;
  type?: string;
  /** Members see only the jobs they created. */
  createdBy?: string;
}

export interface JobPage {
  rows: JobRow[];
  nextCursor: string | null;
}

/** Newest first, keyset-paginated on the id (a ULID): an index range scan whatever the page depth. */
export async function listJobs(
  db: Db,
  workspaceId: string,
  filter: JobFilter & { cursor?: string; limit: number },
): Promise<JobPage> {
  const conditions = [eq(jobs.workspaceId, workspaceId)];
  if (filter.status) conditions.push(eq(jobs.status, filter.status));
  if (filter.type) conditions.push(eq(jobs.type, filter.type));
  if (filter.createdBy) conditions.push(eq(jobs.createdBy, filter.createdBy));
  if (filter.cursor) conditions.push(lt(jobs.id, filter.cursor));
  const rows = await db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .orderBy(desc(jobs.id))
    .limit(filter.limit + 1)
    .all();
  const hasMore = rows.length > filter.limit;
  const page = hasMore ? rows.slice(0, filter.limit) : rows;
  return { rows: page, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null };
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

export interface Change {
  /** Column updates besides status/rev/updatedAt. */
  set: Partial<Omit<JobRow, "id" | "workspaceId" | "rev">>;
  event: { kind: string; actor: string; message?: string | null };
  now: number;
  /** Extra statements that must commit with the change (e.g. a chunk's data writes). */
  with?: BatchItem[];
}

/**
 * Applies a change to `observed` only if nobody changed the job since it was read (its rev is unchanged), and records
 * the event in the same D1 batch. Returns the updated row, or null when the compare-and-set lost.
 */
export async function changeJob(db: Db, observed: JobRow, change: Change): Promise<JobRow | null> {
  const rev = newId();
  // A job with a callback_url that ends gets its callback row in the same transaction, so it can never be lost.
  const ending = change.set.status !== undefined && isTerminal(change.set.status) && observed.callbackUrl !== null;
  const results = await runBatch(db, [
    db
      .update(jobs)
      .set({ ...change.set, rev, updatedAt: change.now })
      .where(and(eq(jobs.id, observed.id), eq(jobs.rev, observed.rev)))
      .returning(),
    eventInsert(db, observed.id, rev, change.now, change.event.kind, change.event.actor, change.event.message ?? null),
    ...(ending ? [callbackInsert(db, observed, rev, change.now)] : []),
    ...(change.with ?? []),
  ]);
  return (results[0] as JobRow[])[0] ?? null;
}

/** Re-reads and re-applies a change a few times when a concurrent writer (e.g. a chunk commit) moved the rev. */
export async function changeJobWithRetry(
  db: Db,
  workspaceId: string,
  jobId: string,
  decide: (current: JobRow) => Change | { refuse: string },
): Promise<{ job: JobRow } | { refused: string; job: JobRow } | { missing: true }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await getJob(db, workspaceId, jobId);
    if (!current) return { missing: true };
    const decision = decide(current);
    if ("refuse" in decision) return { refused: decision.refuse, job: current };
    const updated = await changeJob(db, current, decision);
    if (updated) return { job: updated };
  }
  throw new Error(`job ${jobId} kept changing under a concurrent writer`);
}

/**
 * Takes over the lease of a running job (a continuation message, or a consumer that died) without an event row:
 * only the holder of `observedLeaseId` can win, so duplicates of one message cannot both continue.
 */
export async function takeLease(
  db: Db,
  observed: JobRow,
  leaseId: string,
  leaseUntil: number,
  now: number,
): Promise<JobRow | null> {
  const condition = observed.leaseId
    ? and(eq(jobs.id, observed.id), eq(jobs.status, "running"), eq(jobs.leaseId, observed.leaseId))
    : and(eq(jobs.id, observed.id), eq(jobs.status, "running"), sql`${jobs.leaseId} IS NULL`);
  const rows = await db.update(jobs).set({ leaseId, leaseUntil, updatedAt: now }).where(condition).returning().all();
  return rows[0] ?? null;
}

export interface ChunkCommit {
  jobId: string;
  leaseId: string;
  run: number;
  /** The step being committed: the job's step_seq + 1. */
  step: number;
  writes: BatchItem[];
  cursor: unknown;
  processed: number;
  total: number | null;
  currentItem: string | null;
  items: number;
  result?: unknown;
  /** Used for progress when `total` is unknown. */
  fraction?: number;
  leaseUntil: number;
  now: number;
}

export const CHUNK_NOT_OWNED = "chunk_not_owned";

/**
 * Commits one chunk: the ledger row first (its trigger aborts the batch unless this lease holds the job at the
 * expected step), then the chunk's data writes, then the checkpoint and progress. All or nothing, exactly once.
 * Returns the job row after the commit (carrying any operator `control` request).
 */
export async function commitChunk(db: Db, commit: ChunkCommit): Promise<JobRow> {
  const share = commit.total && commit.total > 0 ? commit.processed / commit.total : (commit.fraction ?? 0);
  const progress = Math.max(0, Math.min(99, Math.floor(share * 100)));
  const results = await runBatch(db, [
    db.insert(jobChunks).values({
      jobId: commit.jobId,
      step: commit.step,
      run: commit.run,
      leaseId: commit.leaseId,
      items: commit.items,
      committedAt: commit.now,
    }),
    ...commit.writes,
    db
      .update(jobs)
      .set({
        cursor: JSON.stringify(commit.cursor),
        processed: commit.processed,
        total: commit.total,
        progress,
        currentItem: commit.currentItem,
        ...(commit.result === undefined ? {} : { result: JSON.stringify(commit.result) }),
        stepSeq: commit.step,
        leaseUntil: commit.leaseUntil,
        updatedAt: commit.now,
      })
      .where(and(eq(jobs.id, commit.jobId), eq(jobs.leaseId, commit.leaseId)))
      .returning(),
  ]);
  const row = (results.at(-1) as JobRow[])[0];
  if (!row) throw new Error(CHUNK_NOT_OWNED);
  return row;
}

export function isChunkNotOwned(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return text.includes(CHUNK_NOT_OWNED);
}

/** Running jobs whose lease expired: their consumer died or their continuation message was lost. */
export async function findExpiredLeases(db: Db, now: number, limit: number, workspaceId?: string): Promise<JobRow[]> {
  const conditions = [eq(jobs.status, "running"), lt(jobs.leaseUntil, now)];
  if (workspaceId) conditions.push(eq(jobs.workspaceId, workspaceId));
  return db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .limit(limit)
    .all();
}

/** Pending jobs that should have been claimed by now: their message was lost (e.g. a local restart). */
export async function findOverduePending(
  db: Db,
  dueBefore: number,
  limit: number,
  workspaceId?: string,
): Promise<JobRow[]> {
  const conditions = [eq(jobs.status, "pending"), lte(jobs.runAfter, dueBefore), lte(jobs.enqueuedAt, dueBefore)];
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
    .where(and(eq(jobCounts.workspaceId, workspaceId), inArray(jobCounts.status, ["pending", "running"])))
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

/**
 * Retries up to `limit` failed (or dead-lettered) jobs of a workspace in one D1 batch: a set-based compare-and-set
 * (each row gets this call's rev) and the event rows selected by that rev, so a bulk retry costs two statements
 * however many jobs it moves, well inside D1's per-invocation query limit. Continues from each job's checkpoint.
 */
export async function retryInBulk(
  db: Db,
  workspaceId: string,
  filter: { status: "failed" | "dead_letter"; type?: string },
  actor: string,
  now: number,
  limit: number,
): Promise<JobRow[]> {
  const rev = newId();
  const conditions = [eq(jobs.workspaceId, workspaceId), eq(jobs.status, filter.status)];
  if (filter.type) conditions.push(eq(jobs.type, filter.type));
  const chosen = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(...conditions))
    .orderBy(jobs.id)
    .limit(limit);
  const results = await runBatch(db, [
    db
      .update(jobs)
      .set({
        status: "pending",
        run: sql`${jobs.run} + 1`,
        attempts: 0,
        runAfter: now,
        enqueuedAt: now,
        completedAt: null,
        control: null,
        leaseId: null,
        leaseUntil: null,
        rev,
        updatedAt: now,
      })
      .where(and(inArray(jobs.id, chosen), eq(jobs.status, filter.status)))
      .returning(),
    db.insert(jobEvents).select(
      db
        .select({
          id: sql<number>`NULL`.as("id"),
          jobId: jobs.id,
          workspaceId: jobs.workspaceId,
          run: jobs.run,
          at: sql<number>`${now}`.as("at"),
          kind: sql<string>`'retried'`.as("kind"),
          actor: sql<string>`${actor}`.as("actor"),
          message: sql<string>`'bulk retry; continues from its checkpoint'`.as("message"),
        })
        .from(jobs)
        .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.status, "pending"), eq(jobs.rev, rev))),
    ),
  ]);
  return results[0] as JobRow[];
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
        eq(jobs.status, "completed"),
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
