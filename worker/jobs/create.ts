// Creating a job: validate the payload against its type and prepare it (large inputs to R2; prepareJob, shared with
// batch creation), insert it with its `created` event (or find the job an idempotency key already made), admit it
// if its workspace has a free slot, publish it and enqueue what was admitted.
import { fieldErrors, InvalidInput, ValidationFailed } from "../api/errors.ts";
import { type Priority, priorityRank } from "../api/priority.ts";
import { MAX_RUN_AT_AHEAD_MS } from "../api/schedules.ts";
import { makeDb } from "../db/client.ts";
import type { IdempotencyKey } from "../db/idempotency.ts";
import { insertJob, type NewJobFields } from "../db/jobs/create.ts";
import type { JobRow } from "../db/schema.ts";
import { defaultSigningEndpoint } from "../db/webhooks.ts";
import type { Publisher } from "../live/publisher.ts";
import { enqueueAdmitted } from "./announce.ts";
import type { EngineConfig } from "./config.ts";
import { wakeHubAt } from "./hub-wake.ts";
import type { Enqueuer } from "./messages.ts";
import { handlerFor, knownJobTypes } from "./registry.ts";

export interface CreateDeps {
  env: Env;
  config: EngineConfig;
  enqueuer: Enqueuer;
  publisher: Publisher;
  clock?: () => number;
}

export interface CreateRequest {
  workspaceId: string;
  type: string;
  payload: unknown;
  idempotency?: IdempotencyKey;
  createdBy: { id: string; label: string } | null;
  /** The inbound endpoint a webhook-created job came through; its secret signs the job's callback. */
  webhookEndpointId?: string;
  priority?: Priority;
  /** Start no earlier than this (epoch ms; DESIGN.md "Schedules"); a time past is now. */
  runAt?: number | null;
  /** The schedule whose fire this is. */
  scheduleId?: string;
}

/** What a job's type needs to know to check and prepare a payload. */
export interface JobRequest {
  workspaceId: string;
  type: string;
  payload: unknown;
  webhookEndpointId?: string;
}

/** The id of the endpoint whose secret signs callbacks of API-created jobs, or null when the workspace has none. */
export type SigningEndpoint = () => Promise<string | null>;

export const signingEndpointOf =
  (env: Env, workspaceId: string): SigningEndpoint =>
  async () =>
    (await defaultSigningEndpoint(makeDb(env.DB), workspaceId))?.id ?? null;

/**
 * Checks a job request against its type (ValidationFailed, keyed by field, when it does not pass) and prepares it:
 * the stored payload (large inputs go to R2), its total, and the endpoint that signs its callback. The one check
 * every way of creating jobs goes through.
 */
export async function prepareJob(
  deps: Pick<CreateDeps, "env" | "config">,
  request: JobRequest,
  signingEndpoint: SigningEndpoint = signingEndpointOf(deps.env, request.workspaceId),
): Promise<NewJobFields> {
  const handler = handlerFor(request.type, deps.config);
  if (!handler) {
    throw new ValidationFailed({
      type: [`unknown job type; expected one of: ${knownJobTypes(deps.config).join(", ")}`],
    });
  }
  const parsed = handler.payload.safeParse(request.payload ?? {});
  if (!parsed.success) throw new ValidationFailed(fieldErrors(parsed.error, "payload"));
  let prepared: Awaited<ReturnType<NonNullable<typeof handler.prepare>>>;
  try {
    prepared = handler.prepare
      ? await handler.prepare({ env: deps.env, db: makeDb(deps.env.DB), workspaceId: request.workspaceId }, parsed.data)
      : { stored: parsed.data };
  } catch (error) {
    if (error instanceof InvalidInput) throw new ValidationFailed({ [error.field]: [error.message] });
    throw error;
  }
  let webhookEndpointId = request.webhookEndpointId ?? null;
  if (prepared.callbackUrl && !webhookEndpointId) {
    // Callbacks are signed with an endpoint's secret: jobs created through the API use the workspace's oldest one.
    webhookEndpointId = await signingEndpoint();
    if (!webhookEndpointId) {
      // The input was stashed already: this job will not be created.
      if (prepared.inputKey) await deps.env.FILES.delete(prepared.inputKey);
      throw new ValidationFailed({
        "payload.callback_url": [
          "callbacks are signed with a webhook endpoint's secret: create a webhook endpoint for this workspace first",
        ],
      });
    }
  }
  return {
    type: handler.type,
    payload: prepared.stored,
    inputKey: prepared.inputKey ?? null,
    total: prepared.total ?? null,
    callbackUrl: prepared.callbackUrl ?? null,
    webhookEndpointId,
  };
}

export async function createJob(deps: CreateDeps, request: CreateRequest): Promise<{ job: JobRow; created: boolean }> {
  const now = (deps.clock ?? Date.now)();
  const runAt = checkedRunAt(request.runAt, now);
  const prepared = await prepareJob(deps, request);
  const outcome = await insertJob(makeDb(deps.env.DB), {
    ...prepared,
    workspaceId: request.workspaceId,
    maxAttempts: deps.config.maxAttempts,
    createdBy: request.createdBy,
    idempotency: request.idempotency ?? null,
    priority: priorityRank(request.priority ?? "normal"),
    runAt,
    scheduleId: request.scheduleId ?? null,
    now,
  });
  if (!outcome.created) {
    // The idempotency key was used before: the stashed input of this duplicate request is not needed.
    if (prepared.inputKey) await deps.env.FILES.delete(prepared.inputKey);
    return outcome;
  }
  // Watchers must see the job pending before a consumer can start it (a later "running" would make it stale).
  // It goes on the queue only if it was admitted; otherwise it waits for a slot.
  deps.publisher.transition(outcome.job);
  await enqueueAdmitted(deps, outcome.admitted, new Set([outcome.job.id]));
  if (outcome.admitted.length === 0) await deps.publisher.flush();
  // A later start: the workspace's hub sweeps (and so admits it) at its time, not only at the next regular sweep.
  if (runAt !== null && runAt > now) await wakeHubAt(deps.env, request.workspaceId, runAt);
  return outcome;
}

/**
 * The start time a request asked for: null for none or a time already past (it starts now), a 422 beyond a year.
 * Shared by every way of creating jobs.
 */
export function checkedRunAt(runAt: number | null | undefined, now: number): number | null {
  if (runAt === null || runAt === undefined || runAt <= now) return null;
  if (runAt > now + MAX_RUN_AT_AHEAD_MS) throw new ValidationFailed({ run_at: ["must be at most a year from now"] });
  return runAt;
}
