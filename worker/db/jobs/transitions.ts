// Every change of a job's status or lease: compare-and-set on the row's rev with its event in the same D1 batch,
// lease takeover for continuations, the chunk commit guarded by the chunk ledger, and the set-based bulk changes.
import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import {
  holdsSlot,
  isTerminal,
  LEASED_STATUS,
  QUEUED_STATUS,
  SUCCEEDED_STATUS,
  statusAfter,
} from "../../api/lifecycle.ts";
import type { JobStatus } from "../../api/schema.ts";
import { errorSignature } from "../../domain/error-signature.ts";
import { type BatchItem, type Db, runBatch } from "../client.ts";
import { newId } from "../ids.ts";
import { counted, firstStartsUpsert, type MetricCount, metricsUpsert, observed as observedTime } from "../metrics.ts";
import { type JobRow, jobChunks, jobs } from "../schema.ts";
import { admitStatement, admittedAt } from "./admission.ts";
import { getJob } from "./read.ts";
import { callbackInsert, callbacksInsertWhere, eventInsert, eventInsertWhere, eventsInsert } from "./statements.ts";

export interface Change {
  /** Column updates besides status/rev/updatedAt. */
  set: Partial<Omit<JobRow, "id" | "workspaceId" | "rev">>;
  event: { kind: string; actor: string; message?: string | null };
  now: number;
  /** Extra statements that must commit with the change (e.g. a chunk's data writes). */
  with?: BatchItem[];
}

/** Every error the data layer writes carries its signature, so error groups never miss a job or go stale. */
function withErrorSignature<T extends { error?: string | null }>(
  type: string,
  set: T,
): T & { errorSignature?: string | null } {
  if (!("error" in set)) return set;
  return { ...set, errorSignature: set.error ? errorSignature(type, set.error) : null };
}

/** A committed change: the job as it left it, and the jobs its batch admitted (whose messages the caller sends). */
export interface Changed {
  job: JobRow;
  admitted: JobRow[];
}

/**
 * Whether a move between two statuses changes the workspace's slots: leaving the slot statuses gives one back, and
 * entering them (a resume or retry) adds a job that waits for one. Either way admission runs in the same batch.
 */
function movesSlots(from: JobStatus, to: JobStatus | undefined): boolean {
  return to !== undefined && holdsSlot(from) !== holdsSlot(to);
}

/**
 * A job that leaves the slot statuses gives its slot back, and one that enters them (a resume or retry) starts
 * without one: admission decides, in the same batch. Moves within them (a claim, a backoff) keep the slot.
 */
export function withSlotChange<T extends { status?: JobStatus }>(from: JobStatus, set: T): T & { admitted?: boolean } {
  return movesSlots(from, set.status) ? { ...set, admitted: false } : set;
}

/** What a change counts in the metrics: a first start (and its wait), or an end (and, if it completed, its run). */
function countsOf(observed: JobRow, change: Change): MetricCount[] {
  const to = change.set.status;
  if (to === undefined || to === observed.status) return [];
  if (to === LEASED_STATUS) {
    if (observed.startedAt !== null) return [];
    return [counted(observed.type, "started"), ...observedTime(observed.type, "wait", change.now - observed.createdAt)];
  }
  const ended = ENDED_METRICS[to];
  if (!ended) return [];
  const run = to === SUCCEEDED_STATUS ? observedTime(observed.type, "run", observed.runMs) : [];
  return [counted(observed.type, ended), ...run];
}

/** The counter each ending status adds to (cancelled jobs are not counted as finished or failed). */
const ENDED_METRICS: Partial<Record<JobStatus, string>> = {
  completed: "completed",
  failed: "failed",
  dead_letter: "dead_lettered",
};

/**
 * Applies a change to `observed` only if nobody changed the job since it was read (its rev is unchanged), and records
 * the event in the same D1 batch; a change that frees a slot or adds a waiting job also runs admission there (only
 * if the compare-and-set won). Returns the updated row and what was admitted, or null when the compare-and-set lost.
 */
export async function changeJob(db: Db, observed: JobRow, change: Change): Promise<Changed | null> {
  const rev = newId();
  const set = withSlotChange(observed.status, withErrorSignature(observed.type, change.set));
  // A job with a callback_url that ends gets its callback row in the same transaction, so it can never be lost.
  const ending = change.set.status !== undefined && isTerminal(change.set.status) && observed.callbackUrl !== null;
  const won = and(eq(jobs.id, observed.id), eq(jobs.rev, rev));
  const admits = movesSlots(observed.status, change.set.status);
  const statements: BatchItem[] = [
    db
      .update(jobs)
      .set({ ...set, rev, updatedAt: change.now })
      .where(and(eq(jobs.id, observed.id), eq(jobs.rev, observed.rev)))
      .returning(),
    eventInsert(db, observed.id, rev, change.now, change.event.kind, change.event.actor, change.event.message ?? null),
    ...(ending ? [callbackInsert(db, observed, rev, change.now)] : []),
    ...(change.with ?? []),
  ];
  const admitAt = statements.length;
  if (admits) statements.push(admitStatement(db, observed.workspaceId, change.now, won));
  const counts = metricsUpsert(db, observed.workspaceId, change.now, countsOf(observed, change), won);
  if (counts) statements.push(counts);
  const results = await runBatch(db, statements);
  const job = (results[0] as JobRow[])[0];
  if (!job) return null;
  const admitted = admits ? admittedAt(results, admitAt) : [];
  // The job itself may be among them (a resumed job admitted at once): the caller sees it as admitted.
  return { job: admitted.find((row) => row.id === job.id) ?? job, admitted };
}

/**
 * Re-reads and re-applies a change a few times when a concurrent writer (e.g. a chunk commit) moved the rev. `observed`
 * (a row the caller just read, e.g. by the job provider) saves the first read.
 */
export async function changeJobWithRetry(
  db: Db,
  observed: JobRow,
  decide: (current: JobRow) => Change | { refuse: string },
): Promise<Changed | { refused: string; job: JobRow } | { missing: true }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = attempt === 0 ? observed : await getJob(db, observed.workspaceId, observed.id);
    if (!current) return { missing: true };
    const decision = decide(current);
    if ("refuse" in decision) return { refused: decision.refuse, job: current };
    const updated = await changeJob(db, current, decision);
    if (updated) return updated;
  }
  throw new Error(`job ${observed.id} kept changing under a concurrent writer`);
}

/**
 * Claims the pending jobs of a batch of queue messages in one D1 batch (a set-based compare-and-set and the
 * `started` events selected by its rev), without reading them first. Only a job still pending in the message's run
 * and due (its backoff over, with a second of slack) is claimed; everything else a message may mean (a duplicate, a
 * continuation, a stale run, a job not due yet) is for the caller's one-message path. Pausing or resuming never
 * starts a new try, so the attempt number stays (a first claim makes it 1).
 */
export async function claimPending(
  db: Db,
  claims: { id: string; run: number; workspaceId: string }[],
  lease: { leaseId: string; leaseUntil: number },
  now: number,
): Promise<JobRow[]> {
  if (claims.length === 0) return [];
  const rev = newId();
  // The id list makes both statements primary-key lookups; the id:run:workspace list checks each message's run and
  // workspace.
  const ids = claims.map((c) => c.id);
  const inBatch = sql`${jobs.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const wanted = JSON.stringify(claims.map((c) => `${c.id}:${c.run}:${c.workspaceId}`));
  const results = await runBatch(db, [
    db
      .update(jobs)
      .set({
        status: statusAfter(QUEUED_STATUS, "claim"),
        attempts: sql`max(${jobs.attempts}, 1)`,
        leaseId: lease.leaseId,
        leaseUntil: lease.leaseUntil,
        startedAt: sql`coalesce(${jobs.startedAt}, ${now})`,
        runAfter: null,
        lastChunkAt: now,
        rev,
        updatedAt: now,
      })
      .where(
        and(
          inBatch,
          eq(jobs.status, QUEUED_STATUS),
          // Only admitted work runs: a message of a job that lost its admission (its type paused) is stale.
          eq(jobs.admitted, true),
          sql`(${jobs.id} || ':' || ${jobs.run} || ':' || ${jobs.workspaceId}) IN (SELECT value FROM json_each(${wanted}))`,
          sql`coalesce(${jobs.runAfter}, 0) <= ${now + 1000}`,
        ),
      )
      .returning(),
    eventsInsert(
      db,
      ids,
      rev,
      now,
      "started",
      "system",
      sql`'attempt ' || ${jobs.attempts} || ' of ' || ${jobs.maxAttempts}`,
    ),
    firstStartsUpsert(db, and(inBatch, eq(jobs.rev, rev)) as SQL, now),
  ]);
  return results[0] as JobRow[];
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
    ? and(eq(jobs.id, observed.id), eq(jobs.status, LEASED_STATUS), eq(jobs.leaseId, observed.leaseId))
    : and(eq(jobs.id, observed.id), eq(jobs.status, LEASED_STATUS), sql`${jobs.leaseId} IS NULL`);
  const rows = await db.update(jobs).set({ leaseId, leaseUntil, updatedAt: now }).where(condition).returning().all();
  return rows[0] ?? null;
}

export interface ChunkCommit {
  jobId: string;
  workspaceId: string;
  /** The job's type, for its metrics. */
  type: string;
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
  /**
   * Set on a job's last chunk: the same batch also ends the job (the status its engine event leads to, the event row,
   * and the callback row of a job with a callback_url), so a finishing chunk costs one batch, not two.
   */
  completion?: { status: JobStatus; event: { kind: string; actor: string; message: string | null } };
  /** The job's running time and pace after this chunk (worker/api/pace.ts). */
  timing?: ChunkTiming;
}

/** The columns a chunk commit updates for the job's time and pace. */
export type ChunkTiming = Pick<
  JobRow,
  "runMs" | "lastChunkAt" | "doneFraction" | "paceMs" | "paceVar" | "chunkFraction" | "paceChunks" | "itemsRate"
>;

export const CHUNK_NOT_OWNED = "chunk_not_owned";

/**
 * Commits one chunk: the ledger row first (its trigger aborts the batch unless this lease holds the job at the
 * expected step), then the chunk's data writes, then the checkpoint and progress. All or nothing, exactly once.
 * Returns the job row after the commit (carrying any operator `control` request).
 */
export async function commitChunk(db: Db, commit: ChunkCommit): Promise<Changed> {
  const share = commit.total && commit.total > 0 ? commit.processed / commit.total : (commit.fraction ?? 0);
  const progress = Math.max(0, Math.min(99, Math.floor(share * 100)));
  const { completion } = commit;
  const rev = newId();
  const ending = completion
    ? {
        status: completion.status,
        progress: 100,
        error: null,
        errorSignature: null,
        leaseId: null,
        leaseUntil: null,
        control: null,
        completedAt: commit.now,
        admitted: false,
        rev,
      }
    : {};
  const statements: BatchItem[] = [
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
        ...commit.timing,
        ...ending,
      })
      .where(and(eq(jobs.id, commit.jobId), eq(jobs.leaseId, commit.leaseId)))
      .returning(),
    ...(completion
      ? [
          eventInsert(
            db,
            commit.jobId,
            rev,
            commit.now,
            completion.event.kind,
            completion.event.actor,
            completion.event.message,
          ),
          callbackInsert(db, { id: commit.jobId }, rev, commit.now),
          // The finished job's slot goes to the next waiting job of its workspace.
          admitStatement(db, commit.workspaceId, commit.now, and(eq(jobs.id, commit.jobId), eq(jobs.rev, rev))),
        ]
      : []),
    ...chunkCounts(db, commit),
  ];
  const results = await runBatch(db, statements);
  // The ledger row, the data writes, then the jobs update; on a last chunk its event, callback and admission.
  const admitAt = commit.writes.length + 4;
  const row = (results[commit.writes.length + 1] as JobRow[])[0];
  if (!row) throw new Error(CHUNK_NOT_OWNED);
  return { job: row, admitted: completion ? admittedAt(results, admitAt) : [] };
}

/** A chunk's items, and for a last chunk the completion and its run time (the ledger row guards the whole batch). */
function chunkCounts(db: Db, commit: ChunkCommit): BatchItem[] {
  const type = commit.type;
  const counts: MetricCount[] = commit.items > 0 ? [counted(type, "items", commit.items)] : [];
  if (commit.completion?.status === SUCCEEDED_STATUS) {
    counts.push(counted(type, "completed"), ...observedTime(type, "run", commit.timing?.runMs ?? 0));
  }
  const statement = metricsUpsert(db, commit.workspaceId, commit.now, counts);
  return statement ? [statement] : [];
}

export function isChunkNotOwned(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return text.includes(CHUNK_NOT_OWNED);
}

/** Which jobs a bulk change looks at: listed ids (at most BULK_IDS_LIMIT), or every job of a type and/or status. */
export type BulkSelection = { ids: string[] } | { type?: string; status?: JobStatus };

/**
 * One step of a bulk change: jobs in `from` (and, when `onlyUnrequested`, not already asked to stop) get `set`, a new
 * run when `newRun`, and the event. The engine's actions derive the steps from the lifecycle table.
 */
export interface BulkStep {
  from: JobStatus;
  set: Partial<Omit<JobRow, "id" | "workspaceId" | "rev" | "run">>;
  newRun: boolean;
  onlyUnrequested?: boolean;
  event: { kind: string; message: string | null };
}

export interface BulkChangeResult {
  /** The changed rows, as the steps (and admission) left them. */
  changed: JobRow[];
  /** The jobs the batch admitted (changed or not), whose messages the caller sends. */
  admitted: JobRow[];
  /** For an id selection: the listed jobs no step applied to, by their status; ids not in the workspace are absent. */
  untouched: { id: string; status: JobStatus }[];
  found: number;
}

/**
 * Applies every step to the selected jobs of one workspace in one D1 batch (one transaction): per step an UPDATE …
 * RETURNING of at most `limit` rows, its events, and, for jobs it ends that have a callback_url, their callback rows.
 * An id list is one bound JSON value (json_each), so 500 ids stay under D1's 100-parameter limit.
 */
export async function changeInBulk(
  db: Db,
  workspaceId: string,
  selection: BulkSelection,
  steps: BulkStep[],
  change: { actor: string; now: number; limit: number },
): Promise<BulkChangeResult> {
  const { actor, now, limit } = change;
  const byIds = "ids" in selection;
  const inSelection = byIds
    ? sql`${jobs.id} IN (SELECT value FROM json_each(${JSON.stringify(selection.ids)}))`
    : and(
        selection.type ? eq(jobs.type, selection.type) : undefined,
        selection.status ? eq(jobs.status, selection.status) : undefined,
      );
  const statements: BatchItem[] = [];
  // Before any step runs, inside the same transaction: what the listed jobs were, to say which were skipped.
  if (byIds) {
    statements.push(
      db
        .select({ id: jobs.id, status: jobs.status })
        .from(jobs)
        .where(and(eq(jobs.workspaceId, workspaceId), inSelection)),
    );
  }
  const updateAt: number[] = [];
  for (const step of steps) {
    const rev = newId();
    const target = step.set.status ?? step.from;
    const chosen = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.workspaceId, workspaceId),
          eq(jobs.status, step.from),
          step.onlyUnrequested ? isNull(jobs.control) : undefined,
          inSelection,
        ),
      )
      .orderBy(jobs.id)
      .limit(limit);
    const changedHere = and(eq(jobs.workspaceId, workspaceId), eq(jobs.status, target), eq(jobs.rev, rev));
    updateAt.push(statements.length);
    statements.push(
      db
        .update(jobs)
        .set({
          ...withSlotChange(step.from, step.set),
          // A step only ever clears an error (a restart), so its signature goes with it.
          ...(step.set.error === null ? { errorSignature: null } : {}),
          ...(step.newRun ? { run: sql`${jobs.run} + 1` } : {}),
          rev,
          updatedAt: now,
        })
        .where(and(inArray(jobs.id, chosen), eq(jobs.status, step.from)))
        .returning(),
      eventInsertWhere(db, changedHere, now, step.event.kind, actor, step.event.message),
    );
    if (isTerminal(target)) statements.push(callbacksInsertWhere(db, changedHere, now));
  }
  // Whatever the steps freed or added, admission fills the workspace's free slots in the same transaction.
  const admitAt = statements.length;
  statements.push(admitStatement(db, workspaceId, now));
  const results = await runBatch(db, statements);
  const before = byIds ? (results[0] as { id: string; status: JobStatus }[]) : [];
  const changed = updateAt.flatMap((index) => results[index] as JobRow[]);
  const changedIds = new Set(changed.map((job) => job.id));
  const admitted = admittedAt(results, admitAt);
  const admittedById = new Map(admitted.map((job) => [job.id, job]));
  return {
    changed: changed.map((job) => admittedById.get(job.id) ?? job),
    admitted,
    untouched: before.filter((job) => !changedIds.has(job.id)),
    found: before.length,
  };
}
