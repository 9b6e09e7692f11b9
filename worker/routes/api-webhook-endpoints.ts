// Managing inbound webhook endpoints (owner/admin): create and rotate answer the `whsec_` secret once; the old secret
// keeps verifying (and co-signing callbacks) for a grace period after a rotation. Also the delivery and callback logs.

import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../api/errors.ts";
import { ULID_PATTERN } from "../api/ids.ts";
import { makeDb } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import type { JobCallbackRow, WebhookDeliveryRow, WebhookEndpointRow } from "../db/schema.ts";
import {
  deleteEndpoint,
  findWorkspaceEndpoint,
  insertWebhookEndpoint,
  listCallbacksForEndpoint,
  listDeliveries,
  listEndpoints,
  updateEndpoint,
} from "../db/webhooks.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/json-body.ts";
import { MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";
import { newSealedSecret, rotateEndpointSecret } from "../webhooks/endpoint-secrets.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function endpointJson(endpoint: WebhookEndpointRow, origin: string) {
  return {
    id: endpoint.id,
    name: endpoint.name,
    url: `${origin}/webhooks/v1/imports/${endpoint.id}`,
    disabled: endpoint.disabledAt !== null,
    previous_secret_expires_at: iso(endpoint.previousSecretExpiresAt),
    created_at: iso(endpoint.createdAt) as string,
    updated_at: iso(endpoint.updatedAt) as string,
  };
}

export const deliveryJson = (d: WebhookDeliveryRow) => ({
  at: iso(d.receivedAt),
  webhook_id: d.webhookId,
  outcome: d.outcome,
  status: d.status,
  reason: d.reason,
  job_id: d.jobId,
});

export const callbackJson = (c: JobCallbackRow) => ({
  id: c.id,
  job_id: c.jobId,
  url: c.url,
  status: c.status,
  attempts: c.attempts,
  last_status: c.lastStatus,
  last_error: c.lastError,
  next_attempt_at: iso(c.nextAttemptAt),
  delivered_at: iso(c.deliveredAt),
});

const nameSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const webhookEndpointRoutes = new Hono<AppEnv>()
  .use(requireToken, requireRole(MANAGER_ROLES, "managing webhook endpoints"))
  .get("/", async (c) => {
    const rows = await listEndpoints(makeDb(c.env.DB), c.var.principal.workspace.id);
    const origin = new URL(c.req.url).origin;
    return c.json({ endpoints: rows.map((e) => endpointJson(e, origin)) });
  })
  .post("/", async (c) => {
    const { name } = await readJson(c, nameSchema);
    const id = newId();
    const { secret, sealed } = await newSealedSecret(c.env, id);
    const endpoint = await insertWebhookEndpoint(makeDb(c.env.DB), {
      id,
      workspaceId: c.var.principal.workspace.id,
      name,
      secretSealed: sealed,
      createdBy: c.var.principal.user.id,
      now: Date.now(),
    });
    return c.json({ endpoint: endpointJson(endpoint, new URL(c.req.url).origin), secret }, 201);
  })
  .get("/:id", async (c) => {
    const db = makeDb(c.env.DB);
    const endpoint = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const [deliveries, callbacks] = await Promise.all([
      listDeliveries(db, endpoint.id, 100),
      listCallbacksForEndpoint(db, endpoint.id, 100),
    ]);
    return c.json({
      endpoint: endpointJson(endpoint, new URL(c.req.url).origin),
      deliveries: deliveries.map(deliveryJson),
      callbacks: callbacks.map(callbackJson),
    });
  })
  .post("/:id/rotate", async (c) => {
    const endpoint = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const rotated = await rotateEndpointSecret(c.env, endpoint, Date.now());
    if (!rotated) throw notFound("webhook endpoint");
    return c.json({ endpoint: endpointJson(rotated.endpoint, new URL(c.req.url).origin), secret: rotated.secret });
  })
  .post("/:id/disable", async (c) =>
    setDisabled(c.env, c.var.principal.workspace.id, c.req.param("id"), true, c.req.url),
  )
  .post("/:id/enable", async (c) =>
    setDisabled(c.env, c.var.principal.workspace.id, c.req.param("id"), false, c.req.url),
  )
  .delete("/:id", async (c) => {
    const endpoint = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    await deleteEndpoint(makeDb(c.env.DB), endpoint.id);
    return c.body(null, 204);
  });

async function load(env: Env, workspaceId: string, id: string): Promise<WebhookEndpointRow> {
  const endpoint = ULID_PATTERN.test(id) ? await findWorkspaceEndpoint(makeDb(env.DB), workspaceId, id) : undefined;
  if (!endpoint) throw notFound("webhook endpoint");
  return endpoint;
}

async function setDisabled(env: Env, workspaceId: string, id: string, disabled: boolean, url: string) {
  const endpoint = await load(env, workspaceId, id);
  const now = Date.now();
  const updated = await updateEndpoint(makeDb(env.DB), endpoint.id, { disabledAt: disabled ? now : null }, now);
  if (!updated) throw notFound("webhook endpoint");
  return Response.json({ endpoint: endpointJson(updated, new URL(url).origin) });
}
