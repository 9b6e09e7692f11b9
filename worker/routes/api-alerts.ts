// Alerts (v1, owner/admin): rules (create, list, read, change, delete, Send test, their delivery log) and the
// incidents they open. A webhook rule's signing secret is answered once, at creation (or when a rule becomes a
// webhook). Lists are keyset-paged by id.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import type { z } from "zod";
import { alertRuleCreateSchema, alertRulePatchSchema, alertsQuerySchema } from "../api/alerts.ts";
import { fieldErrors, notFound, ValidationFailed } from "../api/errors.ts";
import { ULID_PATTERN } from "../api/ids.ts";
import { findAlertRule, listAlertDeliveries, listAlertRules } from "../db/alerts.ts";
import { makeDb } from "../db/client.ts";
import type { AlertRuleRow } from "../db/schema.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/json-body.ts";
import { alertDeliveryJson } from "../jobs/alerts/json.ts";
import { incidentsPage, removeAlertRule, rulesJson } from "../jobs/alerts/reads.ts";
import { changeAlertRule, createAlertRule, sendAlertTest } from "../jobs/alerts/rules.ts";
import { queueEnqueuer } from "../jobs/messages.ts";
import { MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";

const pageQuerySchema = alertsQuerySchema.pick({ cursor: true, limit: true });

/** A validated query string; bad input is a 422 with details. */
const validQuery = <T extends z.ZodType>(schema: T) =>
  zValidator("query", schema, (result) => {
    if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
  });

/** The next page's cursor: the last row's id when the page is full. */
const nextCursor = (rows: { id: string }[], limit: number) =>
  rows.length === limit ? (rows.at(-1)?.id ?? null) : null;

async function load(env: Env, workspaceId: string, id: string): Promise<AlertRuleRow> {
  const rule = ULID_PATTERN.test(id) ? await findAlertRule(makeDb(env.DB), workspaceId, id) : undefined;
  if (!rule) throw notFound("alert rule");
  return rule;
}

export const alertRuleRoutes = new Hono<AppEnv>()
  .use(requireToken, requireRole(MANAGER_ROLES, "managing alerts"))
  .post("/", async (c) => {
    const input = await readJson(c, alertRuleCreateSchema);
    const principal = c.var.principal;
    const created = await createAlertRule(
      c.env,
      principal.workspace.id,
      input,
      { userId: principal.user.id, origin: new URL(c.req.url).origin },
      Date.now(),
    );
    const [rule] = await rulesJson(c.env, [created.rule]);
    return c.json({ rule, secret: created.secret }, 201);
  })
  .get("/", validQuery(pageQuerySchema), async (c) => {
    const { cursor, limit = 50 } = c.req.valid("query");
    const rows = await listAlertRules(makeDb(c.env.DB), c.var.principal.workspace.id, { cursor, limit });
    return c.json({ rules: await rulesJson(c.env, rows), next_cursor: nextCursor(rows, limit) });
  })
  .get("/:id", async (c) => {
    const rule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const [json] = await rulesJson(c.env, [rule]);
    return c.json({ rule: json });
  })
  .get("/:id/deliveries", validQuery(pageQuerySchema), async (c) => {
    const rule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const { cursor, limit = 50 } = c.req.valid("query");
    const rows = await listAlertDeliveries(makeDb(c.env.DB), rule.id, { cursor, limit });
    return c.json({ deliveries: rows.map(alertDeliveryJson), next_cursor: nextCursor(rows, limit) });
  })
  .patch("/:id", async (c) => {
    const rule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const patch = await readJson(c, alertRulePatchSchema);
    const changed = await changeAlertRule(c.env, queueEnqueuer(c.env), rule, patch, Date.now());
    if (!changed) throw notFound("alert rule");
    const [json] = await rulesJson(c.env, [changed.rule]);
    return c.json({ rule: json, ...(changed.secret ? { secret: changed.secret } : {}) });
  })
  .delete("/:id", async (c) => {
    const rule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    await removeAlertRule(c.env, rule);
    return c.body(null, 204);
  })
  .post("/:id/test", async (c) => {
    const rule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const delivery = await sendAlertTest(c.env, queueEnqueuer(c.env), rule, Date.now());
    return c.json({ delivery: alertDeliveryJson(delivery) }, 202);
  });

export const alertRoutes = new Hono<AppEnv>()
  .use(requireToken, requireRole(MANAGER_ROLES, "reading alerts"))
  .get("/", validQuery(alertsQuerySchema), async (c) => {
    const { state, cursor, limit = 50 } = c.req.valid("query");
    const page = await incidentsPage(c.env, c.var.principal.workspace.id, { state, cursor, limit });
    return c.json({ alerts: page.alerts, next_cursor: page.nextCursor });
  });
