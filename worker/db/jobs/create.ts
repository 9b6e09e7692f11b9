// Creating a job (with its `created` event, idempotent on a scoped key) and appending non-transition events.
import { and, eq } from "drizzle-orm";
import { QUEUED_STATUS } from "../../api/lifecycle.ts";
import { type Db, runBatch } from "../client.ts";
import { type IdempotencyKey, storedIdempotencyKey } from "../idempotency.ts";
import { newId } from "../ids.ts";
import { type JobRow, jobEvents, jobs } from "../schema.ts";
import { eventInsert } from "./statements.ts";

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
        status: QUEUED_STATUS,
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
