// Creating many jobs in one request: each item is checked and prepared like a single job (prepareJob), the valid
// ones are inserted (and as many admitted as fit) in one D1 batch, published, and the admitted ones enqueued
// together; an invalid item is answered with its own field errors and never stops the others.
import { fieldErrors, ValidationFailed } from "../api/errors.ts";
import { priorityRank } from "../api/priority.ts";
import { createJobRequestSchema } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import type { IdempotencyScope } from "../db/idempotency.ts";
import { insertJobs, type NewJobFields } from "../db/jobs/create.ts";
import type { JobRow } from "../db/schema.ts";
import { enqueueAdmitted } from "./announce.ts";
import { type CreateDeps, checkedRunAt, prepareJob, type SigningEndpoint, signingEndpointOf } from "./create.ts";
import { wakeHubAt } from "./hub-wake.ts";

export interface BatchCreateRequest {
  workspaceId: string;
  /** Each item as the client sent it: checked here, one by one, against the single-create schema. */
  items: unknown[];
  createdBy: { id: string; label: string } | null;
  /** Where the items' idempotency keys live: the same scope as single creation, so keys are shared with it. */
  idempotencyScope: IdempotencyScope;
}

/** Per item, in request order: 201 created, 200 the job its idempotency key already made, 422 invalid. */
export type BatchItemOutcome =
  | { index: number; status: 201 | 200; job: JobRow }
  | { index: number; status: 422; fields: Record<string, string[]> };

export async function createJobBatch(deps: CreateDeps, request: BatchCreateRequest): Promise<BatchItemOutcome[]> {
  const outcomes: BatchItemOutcome[] = [];
  const valid = await prepareItems(deps, request, outcomes);
  let inserted: Awaited<ReturnType<typeof insertJobs>>;
  try {
    inserted = await insertJobs(makeDb(deps.env.DB), {
      workspaceId: request.workspaceId,
      maxAttempts: deps.config.maxAttempts,
      createdBy: request.createdBy,
      now: (deps.clock ?? Date.now)(),
      jobs: valid.map(({ job }) => job),
    });
  } catch (error) {
    await discardInputs(deps.env, valid);
    throw error;
  }
  const created: JobRow[] = [];
  const repeats: typeof valid = [];
  for (const [i, { job, created: isNew }] of inserted.jobs.entries()) {
    const item = valid[i] as (typeof valid)[number];
    outcomes[item.index] = { index: item.index, status: isNew ? 201 : 200, job };
    if (isNew) created.push(job);
    else repeats.push(item);
  }
  // Items whose idempotency key made a job before: their stashed inputs are not needed.
  await discardInputs(deps.env, repeats);

  // Watchers must see the jobs pending before a consumer can start them (a later "running" would make it stale);
  // only the admitted ones go on the queue, the others wait for a slot.
  for (const job of created) deps.publisher.transition(job);
  await enqueueAdmitted(deps, inserted.admitted, new Set(created.map((job) => job.id)));
  // Jobs to start later: the hub sweeps (and admits) at the earliest of their times.
  const later = created.flatMap((job) => (job.runAt === null ? [] : [job.runAt]));
  if (later.length > 0) await wakeHubAt(deps.env, request.workspaceId, Math.min(...later));
  return outcomes;
}

/** Checks and prepares each item in order; invalid ones get their 422 outcome, valid ones are returned. */
async function prepareItems(
  deps: CreateDeps,
  request: BatchCreateRequest,
  outcomes: BatchItemOutcome[],
): Promise<{ index: number; job: NewJobFields }[]> {
  const valid: { index: number; job: NewJobFields }[] = [];
  const now = (deps.clock ?? Date.now)();
  // One lookup for the lot, and only if some item has a callback_url.
  const lookup = signingEndpointOf(deps.env, request.workspaceId);
  let signer: Promise<string | null> | undefined;
  const signingEndpoint: SigningEndpoint = () => {
    signer ??= lookup();
    return signer;
  };
  try {
    // One after another: prepare may write an input to R2, and an unexpected failure should stop at the first.
    for (const [index, item] of request.items.entries()) {
      const parsed = createJobRequestSchema.safeParse(item);
      if (!parsed.success) {
        outcomes[index] = { index, status: 422, fields: fieldErrors(parsed.error, "", "(item)") };
        continue;
      }
      const { type, payload, idempotency_key: key, priority, run_at } = parsed.data;
      try {
        const runAt = checkedRunAt(run_at, now);
        const prepared = await prepareJob(deps, { workspaceId: request.workspaceId, type, payload }, signingEndpoint);
        const idempotency = key === undefined ? null : { scope: request.idempotencyScope, key };
        valid.push({ index, job: { ...prepared, idempotency, priority: priorityRank(priority), runAt } });
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        outcomes[index] = { index, status: 422, fields: error.fields };
      }
    }
  } catch (error) {
    await discardInputs(deps.env, valid);
    throw error;
  }
  return valid;
}

/** Deletes the R2 inputs prepared for items that will not be created. */
async function discardInputs(env: Env, items: { job: NewJobFields }[]): Promise<void> {
  const keys = items.flatMap(({ job }) => (job.inputKey ? [job.inputKey] : []));
  if (keys.length > 0) await env.FILES.delete(keys);
}
