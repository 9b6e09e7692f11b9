// /admin/webhooks for owners/admins: the list of inbound endpoints with the create form, the page that shows a new
// `whsec_` secret once (after create or rotate), an endpoint's page with its delivery log and callbacks, and the
// actions (Rotate and Delete confirm on a page first; Disable/Enable). Same semantics as the JSON API.

import type { Context } from "hono";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { ConfirmEndpointPage } from "../../views/webhooks/ConfirmEndpointPage.tsx";
import { EndpointPage } from "../../views/webhooks/EndpointPage.tsx";
import { SecretPage } from "../../views/webhooks/SecretPage.tsx";
import { endpointPath } from "../../views/webhooks/types.ts";
import { WebhooksPage } from "../../views/webhooks/WebhooksPage.tsx";
import { notFound } from "../api/errors.ts";
import { ulidSchema } from "../api/ids.ts";
import { makeDb } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import type { WebhookEndpointRow } from "../db/schema.ts";
import {
  countDeliveries,
  deleteEndpoint,
  findWorkspaceEndpoint,
  insertWebhookEndpoint,
  listCallbacksForEndpoint,
  listDeliveries,
  listEndpoints,
  updateEndpoint,
} from "../db/webhooks.ts";
import { formText, viewerOf } from "../http/page-context.ts";
import { engineConfig } from "../jobs/config.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";
import { newSealedSecret, rotateEndpointSecret } from "../webhooks/endpoint-secrets.ts";
import { callbackJson, deliveryJson, endpointJson } from "./api-webhook-endpoints.ts";

/** Rows shown in each of the endpoint page's tables. */
const RECENT = 50;

const nameSchema = z.string().trim().min(1, "Give the endpoint a name.").max(100, "Use at most 100 characters.");

/** The endpoint `:id` of the session's workspace, or a 404 (also for another workspace's id, or one that is no ULID). */
async function loadEndpoint(c: Context<PageEnv>): Promise<WebhookEndpointRow> {
  const id = ulidSchema.safeParse(c.req.param("id"));
  const endpoint = id.success
    ? await findWorkspaceEndpoint(makeDb(c.env.DB), c.var.principal.workspace.id, id.data)
    : undefined;
  if (!endpoint) throw notFound("webhook endpoint");
  return endpoint;
}

const origin = (c: Context) => new URL(c.req.url).origin;

/** The API's JSON form, with the previous secret's expiry dropped once its grace is over (it no longer verifies). */
function endpointView(c: Context, row: WebhookEndpointRow) {
  const json = endpointJson(row, origin(c));
  const rotating = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > Date.now();
  return rotating ? json : { ...json, previous_secret_expires_at: null };
}

const graceHours = (env: Env) => Math.round(engineConfig(env).rotationGraceMs / 3_600_000);

async function listPage(c: Context<PageEnv>, extra: { notice?: string; error?: string; name?: string } = {}) {
  const db = makeDb(c.env.DB);
  const rows = await listEndpoints(db, c.var.principal.workspace.id);
  const ids = rows.map((e) => e.id);
  const [viewer, counts] = await Promise.all([viewerOf(c), countDeliveries(db, ids)]);
  return <WebhooksPage viewer={viewer} endpoints={rows.map((e) => endpointView(c, e))} counts={counts} {...extra} />;
}

/** The only response that carries the secret: never stored by a browser or proxy cache. */
async function secretPage(c: Context<PageEnv>, row: WebhookEndpointRow, secret: string, rotated: boolean) {
  c.header("Cache-Control", "no-store");
  const viewer = await viewerOf(c);
  return c.html(
    <SecretPage viewer={viewer} endpoint={endpointView(c, row)} secret={secret} origin={origin(c)} rotated={rotated} />,
  );
}

async function confirmed(c: Context): Promise<boolean> {
  return formText(await c.req.parseBody(), "confirmed") === "yes";
}

async function setDisabled(c: Context<PageEnv>, disabled: boolean) {
  const endpoint = await loadEndpoint(c);
  const now = Date.now();
  const updated = await updateEndpoint(makeDb(c.env.DB), endpoint.id, { disabledAt: disabled ? now : null }, now);
  if (!updated) throw notFound("webhook endpoint");
  return c.redirect(endpointPath(updated), 303);
}

export const adminWebhookPages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "managing webhook endpoints"))
  .get("/", async (c) => {
    const notice = c.req.query("deleted") === "1" ? "The endpoint was deleted." : undefined;
    return c.html(await listPage(c, { notice }));
  })
  .post("/", async (c) => {
    const raw = formText(await c.req.parseBody(), "name") ?? "";
    const name = nameSchema.safeParse(raw);
    if (!name.success) {
      const error = name.error.issues[0]?.message ?? "The name is not valid.";
      return c.html(await listPage(c, { error, name: raw.slice(0, 100) }), 422);
    }
    const id = newId();
    const { secret, sealed } = await newSealedSecret(c.env, id);
    const row = await insertWebhookEndpoint(makeDb(c.env.DB), {
      id,
      workspaceId: c.var.principal.workspace.id,
      name: name.data,
      secretSealed: sealed,
      createdBy: c.var.principal.user.id,
      now: Date.now(),
    });
    return secretPage(c, row, secret, false);
  })
  .get("/:id", async (c) => {
    const endpoint = await loadEndpoint(c);
    const db = makeDb(c.env.DB);
    const [viewer, deliveries, callbacks] = await Promise.all([
      viewerOf(c),
      listDeliveries(db, endpoint.id, RECENT),
      listCallbacksForEndpoint(db, endpoint.id, RECENT),
    ]);
    return c.html(
      <EndpointPage
        viewer={viewer}
        endpoint={endpointView(c, endpoint)}
        deliveries={deliveries.map(deliveryJson)}
        callbacks={callbacks.map(callbackJson)}
      />,
    );
  })
  .post("/:id/rotate", async (c) => {
    const endpoint = await loadEndpoint(c);
    if (!(await confirmed(c))) {
      const viewer = await viewerOf(c);
      const view = endpointView(c, endpoint);
      return c.html(
        <ConfirmEndpointPage viewer={viewer} endpoint={view} action="rotate" graceHours={graceHours(c.env)} />,
      );
    }
    const rotated = await rotateEndpointSecret(c.env, endpoint, Date.now());
    if (!rotated) throw notFound("webhook endpoint");
    return secretPage(c, rotated.endpoint, rotated.secret, true);
  })
  .post("/:id/disable", (c) => setDisabled(c, true))
  .post("/:id/enable", (c) => setDisabled(c, false))
  .post("/:id/delete", async (c) => {
    const endpoint = await loadEndpoint(c);
    if (!(await confirmed(c))) {
      const viewer = await viewerOf(c);
      const view = endpointView(c, endpoint);
      return c.html(
        <ConfirmEndpointPage viewer={viewer} endpoint={view} action="delete" graceHours={graceHours(c.env)} />,
      );
    }
    await deleteEndpoint(makeDb(c.env.DB), endpoint.id);
    return c.redirect("/admin/webhooks?deleted=1", 303);
  });
