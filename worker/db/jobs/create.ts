// Creating jobs (each with its `created` event, idempotent on a scoped key), one or a batch at a time, and appending
// non-transition events.
import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { QUEUED_STATUS } from "../../api/lifecycle.ts";
import { DEFAULT_PRIORITY } from "../../api/priority.ts";
import { type BatchItem, type Db, runBatch } from "../client.ts";
import { type IdempotencyKey, storedIdempotencyKey } from "../idempotency.ts";
import { newId } from "../ids.ts";
import { createdUpsert } from "../metrics.ts";
import { type JobRow, jobEvents, jobs } from "../schema.ts";
import { admitStatement, admittedAt } from "./admission.ts";
import { eventInsert, eventsInsert } from "./statements.ts";

/** What the jobs created together share: the workspace, the creator, the attempt budget and the time. */
export interface NewJobCommon {
  workspaceId: string;
  maxAttempts: number;
  createdBy: { id: string; label: string } | null;
  now: number;
}

/** What is a job's own. */
export interface NewJobFields {
  type: string;
  payload: unknown;
  inputKey?: string | null;
  total?: number | null;
  /** Scoped to its sender: see idempotency.ts. */
  idempotency?: IdempotencyKey | null;
  callbackUrl?: string | null;
  webhookEndpointId?: string | null;
  /** Admission order: 0 high, 1 normal (the default), 2 low. */
  priority?: number;
  /** A later start (DESIGN.md "Schedules"): the job is not admitted before it. */
  runAt?: number | null;
  /** The schedule whose fire this job is. */
  scheduleId?: string | null;
}

export interface NewJob extends NewJobCommon, NewJobFields {}

export interface NewJobBatch extends NewJobCommon {
  jobs: NewJobFields[];
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

/** What creating jobs did: per job whether it was created, and the jobs the same batch admitted. */
export interface Created {
  job: JobRow;
  created: boolean;
}

/**
 * Creates a job and its `created` event, and admits it (or whatever else waits first) if its workspace has a free
 * slot, all in one batch; with an idempotency key already used, returns the existing job instead.
 */
export async function insertJob(db: Db, input: NewJob): Promise<Created & { admitted: JobRow[] }> {
  const id = newId();
  const rev = newId();
  const actor = input.createdBy?.label ?? "system";
  const idempotencyKey = input.idempotency ? storedIdempotencyKey(input.idempotency) : null;
  const results = await runBatch(db, [
    db
      .insert(jobs)
      .values(newJobValues(input, input, { id, rev, payload: JSON.stringify(input.payload), idempotencyKey }))
      .onConflictDoNothing()
      .returning(),
    eventInsert(db, id, rev, input.now, "created", actor, null),
    admitStatement(db, input.workspaceId, input.now),
    createdUpsert(db, and(eq(jobs.id, id), eq(jobs.rev, rev)) as SQL, input.now),
  ]);
  const admitted = admittedAt(results, 2);
  const inserted = (results[0] as JobRow[])[0];
  if (inserted) return { job: admitted.find((row) => row.id === id) ?? inserted, created: true, admitted };
  if (idempotencyKey === null) throw new Error("job insert conflicted without an idempotency key");
  const existing = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, input.workspaceId), eq(jobs.idempotencyKey, idempotencyKey)))
    .get();
  if (!existing) throw new Error("job insert conflicted but no job holds its idempotency key");
  return { job: existing, created: false, admitted };
}

/**
 * Characters of JSON per jobs insert statement. A character is at most 3 bytes of UTF-8, so a statement's one bound
 * value stays under D1's 2 MB per string; a job whose own row is longer (a payload near the ~1 MB inline limit,
 * longer still once escaped inside the JSON) gets a statement of its own with the payload bound as it is.
 */
const MAX_JSON_PER_STATEMENT = 600_000;

/**
 * Creates many jobs and their `created` events in one D1 batch, answering each input in order with its job and
 * whether it was created. A job whose idempotency key was used before gets the existing job; within the batch the
 * first job with a key is inserted and later ones with the same key get that job. Statements: one jobs insert per
 * ~600 KB of rows (`INSERT … SELECT … FROM json_each(?)`: a chunk is one bound JSON value, whatever its row count,
 * under D1's 100-parameter limit) plus one per oversized row, one event insert, and one read of the keyed jobs.
 */
export async function insertJobs(db: Db, input: NewJobBatch): Promise<{ jobs: Created[]; admitted: JobRow[] }> {
  if (input.jobs.length === 0) return { jobs: [], admitted: [] };
  // One rev for the batch, as claimPending does: each job's compare-and-set still names its id.
  const rev = newId();
  const planned = input.jobs.map((job) => ({
    id: newId(),
    key: job.idempotency ? storedIdempotencyKey(job.idempotency) : null,
    job,
  }));
  const firstWithKey = new Set<string>();
  const inserted = planned.filter(({ key }) => {
    if (key === null) return true;
    if (firstWithKey.has(key)) return false;
    firstWithKey.add(key);
    return true;
  });
  const inserts = jobInsertStatements(db, input, inserted, rev);
  const actor = input.createdBy?.label ?? "system";
  const statements: BatchItem[] = [
    ...inserts,
    eventsInsert(
      db,
      inserted.map(({ id }) => id),
      rev,
      input.now,
      "created",
      actor,
      null,
    ),
  ];
  // The new jobs wait like any other: as many as the workspace has free slots are admitted by priority, then age.
  const admitAt = statements.length;
  statements.push(admitStatement(db, input.workspaceId, input.now));
  // Counted by their ids (a primary-key lookup each) and the batch's rev: only the rows this batch inserted.
  const insertedIds = sql`${jobs.id} IN (SELECT value FROM json_each(${JSON.stringify(inserted.map(({ id }) => id))}))`;
  statements.push(createdUpsert(db, and(insertedIds, eq(jobs.rev, rev)) as SQL, input.now));
  const keys = [...firstWithKey];
  // Read in the same transaction, after the inserts: the jobs every key names, whether this batch made them or not.
  if (keys.length > 0) {
    statements.push(
      db
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.workspaceId, input.workspaceId),
            sql`${jobs.idempotencyKey} IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`,
          ),
        ),
    );
  }
  const results = await runBatch(db, statements);
  const created = new Map<string, JobRow>();
  for (const rows of results.slice(0, inserts.length) as JobRow[][]) {
    for (const row of rows) created.set(row.id, row);
  }
  const admitted = admittedAt(results, admitAt);
  for (const row of admitted) if (created.has(row.id)) created.set(row.id, row);
  const keyed = new Map<string, JobRow>();
  if (keys.length > 0) {
    for (const row of results.at(-1) as JobRow[]) if (row.idempotencyKey) keyed.set(row.idempotencyKey, row);
  }
  const outcomes = planned.map(({ id, key }) => {
    const row = created.get(id);
    if (row) return { job: row, created: true };
    if (key === null) throw new Error("job insert conflicted without an idempotency key");
    const existing = keyed.get(key);
    if (!existing) throw new Error("job insert conflicted but no job holds its idempotency key");
    return { job: existing, created: false };
  });
  return { jobs: outcomes, admitted };
}

/** The jobs row of a new job, as insertJob and an oversized row of insertJobs write it. */
function newJobValues(
  common: NewJobCommon,
  job: NewJobFields,
  fields: { id: string; rev: string; payload: string; idempotencyKey: string | null },
): typeof jobs.$inferInsert {
  return {
    ...fields,
    workspaceId: common.workspaceId,
    type: job.type,
    status: QUEUED_STATUS,
    inputKey: job.inputKey ?? null,
    total: job.total ?? null,
    maxAttempts: common.maxAttempts,
    createdBy: common.createdBy?.id ?? null,
    createdByLabel: common.createdBy?.label ?? null,
    callbackUrl: job.callbackUrl ?? null,
    webhookEndpointId: job.webhookEndpointId ?? null,
    priority: job.priority ?? DEFAULT_PRIORITY,
    runAfter: job.runAt ?? common.now,
    runAt: job.runAt ?? null,
    scheduleId: job.scheduleId ?? null,
    enqueuedAt: common.now,
    createdAt: common.now,
    updatedAt: common.now,
  };
}

function jobInsertStatements(
  db: Db,
  common: NewJobCommon,
  planned: { id: string; key: string | null; job: NewJobFields }[],
  rev: string,
): BatchItem[] {
  const statements: BatchItem[] = [];
  let part: string[] = [];
  let size = 0;
  const flush = () => {
    if (part.length > 0) statements.push(insertFromJson(db, common, `[${part.join(",")}]`, rev));
    part = [];
    size = 0;
  };
  for (const { id, key, job } of planned) {
    const payload = JSON.stringify(job.payload);
    const row = JSON.stringify([
      id,
      job.type,
      payload,
      job.inputKey ?? null,
      job.total ?? null,
      key,
      job.callbackUrl ?? null,
      job.webhookEndpointId ?? null,
      job.priority ?? DEFAULT_PRIORITY,
      job.runAt ?? null,
      job.scheduleId ?? null,
    ]);
    if (row.length > MAX_JSON_PER_STATEMENT) {
      const values = newJobValues(common, job, { id, rev, payload, idempotencyKey: key });
      statements.push(db.insert(jobs).values(values).onConflictDoNothing().returning());
      continue;
    }
    if (size + row.length > MAX_JSON_PER_STATEMENT) flush();
    part.push(row);
    size += row.length + 1;
  }
  flush();
  return statements;
}

/**
 * Each element of `json` is [id, type, payload, input_key, total, idempotency_key, callback_url, endpoint_id,
 * priority, run_at, schedule_id].
 */
function insertFromJson(db: Db, common: NewJobCommon, json: string, rev: string): BatchItem {
  const at = (i: number) => sql`json_extract(value, ${`$[${i}]`})`;
  const now = sql`${common.now}`;
  const none = sql`NULL`;
  // Every column, defaults included: an insert-select does not apply the schema's defaults.
  const values: { [K in keyof JobRow]: SQL } = {
    id: at(0),
    workspaceId: sql`${common.workspaceId}`,
    type: at(1),
    status: sql`${QUEUED_STATUS}`,
    payload: at(2),
    inputKey: at(3),
    cursor: none,
    progress: sql`0`,
    processed: sql`0`,
    total: at(4),
    currentItem: none,
    attempts: sql`0`,
    maxAttempts: sql`${common.maxAttempts}`,
    error: none,
    createdBy: sql`${common.createdBy?.id ?? null}`,
    createdByLabel: sql`${common.createdBy?.label ?? null}`,
    idempotencyKey: at(5),
    run: sql`1`,
    rev: sql`${rev}`,
    leaseId: none,
    leaseUntil: none,
    stepSeq: sql`0`,
    control: none,
    runAfter: sql`coalesce(${at(9)}, ${common.now})`,
    enqueuedAt: now,
    result: none,
    callbackUrl: at(6),
    webhookEndpointId: at(7),
    errorSignature: none,
    priority: at(8),
    // Admitted by the batch's admission statement, like every new job.
    admitted: sql`0`,
    pausedBy: none,
    runMs: sql`0`,
    lastChunkAt: none,
    doneFraction: sql`0`,
    paceMs: none,
    paceVar: none,
    chunkFraction: none,
    paceChunks: sql`0`,
    itemsRate: none,
    // Set by the search index's insert trigger (migration 0005).
    searchId: none,
    runAt: at(9),
    scheduleId: at(10),
    createdAt: now,
    startedAt: none,
    completedAt: none,
    updatedAt: now,
  };
  // drizzle's insert-select names every column in table order, so the selection follows that order too.
  const selection = Object.fromEntries(
    Object.entries(getTableColumns(jobs)).map(([key, column]) => [key, values[key as keyof JobRow].as(column.name)]),
  ) as { [K in keyof JobRow]: SQL.Aliased<JobRow[K]> };
  // `WHERE true` resolves SQLite's parsing ambiguity between an upsert's ON CONFLICT and a join (PLATFORM.md §10).
  const rows = db.select(selection).from(sql`json_each(${json})`).where(sql`true`);
  return db.insert(jobs).select(rows).onConflictDoNothing().returning();
}
