// Creating a job: validate the payload against its type, prepare it (large inputs to R2), insert it with its
// `created` event (or find the job an idempotency key already made), enqueue it and publish it.
import { fieldErrors, InvalidInput, ValidationFailed } from "../api/errors.ts";
import { makeDb } from "../db/client.ts";
import type { IdempotencyKey } from "../db/idempotency.ts";
import { insertJob } from "../db/jobs/create.ts";
import type { JobRow } from "../db/schema.ts";
import { defaultSigningEndpoint } from "../db/webhooks.ts";
import type { Publisher } from "../live/publisher.ts";
import type { EngineConfig } from "./config.ts";
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
}

export async function createJob(deps: CreateDeps, request: CreateRequest): Promise<{ job: JobRow; created: boolean }> {
  const handler = handlerFor(request.type, deps.config);
  if (!handler) {
    throw new ValidationFailed({
      type: [`unknown job type; expected one of: ${knownJobTypes(deps.config).join(", ")}`],
    });
  }
  const parsed = handler.payload.safeParse(request.payload ?? {});
  if (!parsed.success) throw new ValidationFailed(fieldErrors(parsed.error, "payload"));
  const db = makeDb(deps.env.DB);
  let prepared: Awaited<ReturnType<NonNullable<typeof handler.prepare>>>;
  try {
    prepared = handler.prepare
      ? await handler.prepare({ env: deps.env, db, workspaceId: request.workspaceId }, parsed.data)
      : { stored: parsed.data };
  } catch (error) {
    if (error instanceof InvalidInput) throw new ValidationFailed({ [error.field]: [error.message] });
    throw error;
  }
  const now = (deps.clock ?? Date.now)();
  let webhookEndpointId = request.webhookEndpointId ?? null;
  if (prepared.callbackUrl && !webhookEndpointId) {
    // Callbacks are signed with an endpoint's secret: jobs created through the API use the workspace's oldest one.
    webhookEndpointId = (await defaultSigningEndpoint(db, request.workspaceId))?.id ?? null;
    if (!webhookEndpointId) {
      throw new ValidationFailed({
        "payload.callback_url": [
          "callbacks are signed with a webhook endpoint's secret: create a webhook endpoint for this workspace first",
        ],
      });
    }
  }
  const outcome = await insertJob(db, {
    workspaceId: request.workspaceId,
    type: handler.type,
    payload: prepared.stored,
    inputKey: prepared.inputKey ?? null,
    total: prepared.total ?? null,
    maxAttempts: deps.config.maxAttempts,
    createdBy: request.createdBy,
    idempotency: request.idempotency ?? null,
    callbackUrl: prepared.callbackUrl ?? null,
    webhookEndpointId,
    now,
  });
  if (!outcome.created) {
    // The idempotency key was used before: the stashed input of this duplicate request is not needed.
    if (prepared.inputKey) await deps.env.FILES.delete(prepared.inputKey);
    return outcome;
  }
  // Watchers must see the job pending before a consumer can start it (a later "running" would make it stale).
  deps.publisher.transition(outcome.job);
  await deps.publisher.flush();
  try {
    await deps.enqueuer.enqueue({ jobId: outcome.job.id, workspaceId: request.workspaceId, run: 1, lease: null });
  } catch (error) {
    console.error(`enqueue of new job ${outcome.job.id} failed; the sweeper will pick it up:`, error);
  }
  return outcome;
}
