// POST /webhooks/v1/imports/:endpoint_id — signed (Standard Webhooks) inbound imports that enqueue a data_import.
// Order matters: size limit before reading, signature before parsing, idempotency on webhook-id before creating.
// Every request, accepted or refused, is written to the endpoint's delivery log with its reason.

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError, fieldErrors, ValidationFailed } from "../api/errors.ts";
import { toJobJson } from "../api/job-json.ts";
import { dataImportPayloadSchema } from "../api/payloads.ts";
import { prioritySchema } from "../api/priority.ts";
import { runAtSchema } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { sha256Hex } from "../db/ids.ts";
import { getJobById } from "../db/jobs/read.ts";
import type { WebhookEndpointRow } from "../db/schema.ts";
import { findEndpoint, findReceipt, logDelivery, recordReceipt } from "../db/webhooks.ts";
import { verify } from "../domain/standard-webhooks.ts";
import { engineDeps } from "../engine-deps.ts";
import type { AppEnv } from "../env.ts";
import { MAX_BODY_BYTES } from "../http/json-body.ts";
import { createJob } from "../jobs/create.ts";
import { describeError } from "../middleware/errors.ts";
import { activeSecrets } from "../webhooks/endpoint-secrets.ts";

const MAX_WEBHOOK_ID = 255;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const REASONS: Record<string, string> = {
  missing_headers: "webhook-id, webhook-timestamp and webhook-signature headers are required",
  bad_timestamp: "webhook-timestamp must be unix seconds",
  timestamp_too_old: "webhook-timestamp is more than 5 minutes old",
  timestamp_too_new: "webhook-timestamp is more than 5 minutes in the future",
  no_v1_signature: "webhook-signature has no v1 signature",
  bad_signature: "no v1 signature matches this endpoint's secret",
};

export const webhookRoutes = new Hono<AppEnv>().post(
  "/imports/:endpointId",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: async (c) => {
      const error = new ApiError(413, "payload_too_large", "the body is over 10 MB; send large imports by source_url");
      const db = makeDb(c.env.DB);
      const endpoint = await findEndpoint(db, c.req.param("endpointId") ?? "");
      if (endpoint) {
        await logDelivery(db, {
          endpointId: endpoint.id,
          workspaceId: endpoint.workspaceId,
          webhookId: c.req.header("webhook-id")?.slice(0, MAX_WEBHOOK_ID) ?? null,
          receivedAt: Date.now(),
          outcome: "rejected",
          status: 413,
          reason: `${error.code}: ${error.message}`,
          jobId: null,
        });
      }
      throw error;
    },
  }),
  async (c) => {
    const db = makeDb(c.env.DB);
    const endpoint = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(c.req.param("endpointId"))
      ? await findEndpoint(db, c.req.param("endpointId"))
      : undefined;
    if (!endpoint) throw new ApiError(404, "not_found", "no webhook endpoint with this id");
    const webhookId = c.req.header("webhook-id") ?? null;
    const log = (
      status: number,
      outcome: "accepted" | "replayed" | "rejected",
      reason: string | null,
      jobId?: string,
    ) =>
      logDelivery(db, {
        endpointId: endpoint.id,
        workspaceId: endpoint.workspaceId,
        webhookId: webhookId?.slice(0, MAX_WEBHOOK_ID) ?? null,
        receivedAt: Date.now(),
        outcome,
        status,
        reason,
        jobId: jobId ?? null,
      });
    try {
      return await receive(c.env, endpoint, c.req.raw.headers, await c.req.text(), log, (p) =>
        c.executionCtx.waitUntil(p),
      );
    } catch (error) {
      const { status, body } = describeError(error);
      await log(status, "rejected", `${body.error.code}: ${body.error.message}`);
      throw error;
    }
  },
);

type Log = (status: number, outcome: "accepted" | "replayed", reason: string | null, jobId?: string) => Promise<void>;

async function receive(
  env: Env,
  endpoint: WebhookEndpointRow,
  headers: Headers,
  body: string,
  log: Log,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<Response> {
  if (endpoint.disabledAt !== null) throw new ApiError(410, "endpoint_disabled", "this webhook endpoint is disabled");
  const now = Date.now();
  const verdict = await verify(await activeSecrets(env, endpoint, now), headers, body, Math.floor(now / 1000));
  if (!verdict.ok) throw new ApiError(401, verdict.reason, REASONS[verdict.reason] ?? "signature check failed");
  if (verdict.id.length > MAX_WEBHOOK_ID) {
    throw new ApiError(400, "bad_webhook_id", `webhook-id must be at most ${MAX_WEBHOOK_ID} characters`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ApiError(400, "malformed_json", "the body is not valid JSON");
  }
  // The body is the import's payload; a top-level `priority` (DESIGN.md "Lanes") and `run_at` ("Schedules") are the
  // job's, not the payload's.
  const { priority: priorityField, run_at: runAtField, ...fields } = isRecord(json) ? json : {};
  const priority = prioritySchema.default("normal").safeParse(priorityField);
  if (!priority.success) throw new ValidationFailed(fieldErrors(priority.error, "priority"));
  const runAt = runAtSchema.optional().safeParse(runAtField);
  if (!runAt.success) throw new ValidationFailed(fieldErrors(runAt.error, "run_at"));
  const payload = dataImportPayloadSchema.safeParse(isRecord(json) ? fields : json);
  if (!payload.success) throw new ValidationFailed(fieldErrors(payload.error));

  const db = makeDb(env.DB);
  const bodySha256 = await sha256Hex(body);
  const seen = await findReceipt(db, endpoint.id, verdict.id);
  if (seen) return replay(env, seen, bodySha256, log);

  const deps = engineDeps(env, waitUntil);
  const { job, created } = await createJob(deps, {
    workspaceId: endpoint.workspaceId,
    type: "data_import",
    payload: payload.data,
    // The jobs table's unique (workspace, idempotency key) makes concurrent redeliveries create one job only.
    idempotency: { scope: { kind: "webhook", endpointId: endpoint.id }, key: verdict.id },
    createdBy: { id: `webhook:${endpoint.id}`, label: `webhook ${endpoint.name}` },
    webhookEndpointId: endpoint.id,
    priority: priority.data,
    runAt: runAt.data,
  });
  await recordReceipt(db, { endpointId: endpoint.id, webhookId: verdict.id, bodySha256, jobId: job.id, now });
  if (!created) {
    const receipt = await findReceipt(db, endpoint.id, verdict.id);
    if (receipt) return replay(env, receipt, bodySha256, log);
  }
  await log(202, "accepted", null, job.id);
  return Response.json({ job: toJobJson(job) }, { status: 202 });
}

async function replay(
  env: Env,
  receipt: { jobId: string; bodySha256: string },
  bodySha256: string,
  log: Log,
): Promise<Response> {
  if (receipt.bodySha256 !== bodySha256) {
    throw new ApiError(409, "webhook_id_reused", "this webhook-id was already used with a different body");
  }
  const job = await getJobById(makeDb(env.DB), receipt.jobId);
  if (!job) throw new ApiError(410, "job_gone", "the job this webhook-id created no longer exists");
  await log(200, "replayed", null, job.id);
  return Response.json({ job: toJobJson(job) }, { status: 200 });
}
