// /admin/alerts for owners/admins: the page (open incidents, rules, New rule, resolved incidents, deliveries), the
// two fragments that refetch themselves (the open incidents and every admin page's banner), and the rule actions:
// create (a webhook rule's secret is shown once, on a no-store page), Send test, Turn off/on, and Delete (confirmed
// on a page first). Same semantics as /api/v1/alert-rules: the same create schema, checks and data layer.

import type { Context } from "hono";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { AlertBannerText } from "../../views/alerts/AlertBanner.tsx";
import { AlertsPage } from "../../views/alerts/AlertsPage.tsx";
import { ConfirmDeletePage } from "../../views/alerts/ConfirmDeletePage.tsx";
import { ALERT_NOTICES, type AlertNotice } from "../../views/alerts/notices.ts";
import { OpenIncidents } from "../../views/alerts/OpenIncidents.tsx";
import { RuleSecretPage } from "../../views/alerts/RuleSecretPage.tsx";
import { EMPTY_RULE_FORM, type RuleFormErrors, type RuleFormValues } from "../../views/alerts/rule-form.ts";
import { notFound, ValidationFailed } from "../api/errors.ts";
import { ulidSchema } from "../api/ids.ts";
import { findAlertRule } from "../db/alerts.ts";
import { makeDb } from "../db/client.ts";
import type { AlertRuleRow } from "../db/schema.ts";
import { allProblems, parseRuleForm } from "../http/alert-rule-form.ts";
import { formText, viewerOf } from "../http/page-context.ts";
import { DELIVERIES_PER_RULE, firingAlerts, resolvedBefore, ruleLogs, rulesAfter } from "../jobs/alerts/page-reads.ts";
import { removeAlertRule, rulesJson } from "../jobs/alerts/reads.ts";
import { changeAlertRule, createAlertRule, sendAlertTest } from "../jobs/alerts/rules.ts";
import { engineConfig } from "../jobs/config.ts";
import { queueEnqueuer } from "../jobs/messages.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

/** A bad cursor or notice in the address is dropped (the page shows its start), not refused. */
const pageQuerySchema = z.object({
  after: ulidSchema.optional().catch(undefined),
  before: ulidSchema.optional().catch(undefined),
  done: z.enum(ALERT_NOTICES).optional().catch(undefined),
  rule: ulidSchema.optional().catch(undefined),
});

type Ctx = Context<PageEnv>;

/** The rule `:id` of the session's workspace, or a 404 (also for another workspace's id, or one that is no ULID). */
async function loadRule(c: Ctx): Promise<AlertRuleRow> {
  const id = ulidSchema.safeParse(c.req.param("id"));
  const rule = id.success ? await findAlertRule(makeDb(c.env.DB), c.var.principal.workspace.id, id.data) : undefined;
  if (!rule) throw notFound("alert rule");
  return rule;
}

const ruleJson = async (c: Ctx, rule: AlertRuleRow) => (await rulesJson(c.env, [rule]))[0] ?? null;

interface PageState {
  form?: { values: RuleFormValues; errors: RuleFormErrors };
  notice?: { done: AlertNotice; ruleId: string | undefined };
}

async function alertsPage(c: Ctx, state: PageState = {}) {
  const { after, before } = pageQuerySchema.parse(c.req.query());
  const workspaceId = c.var.principal.workspace.id;
  const [viewer, open, rules, resolved, noticeRule] = await Promise.all([
    viewerOf(c),
    firingAlerts(c.env, workspaceId),
    rulesAfter(c.env, workspaceId, after),
    resolvedBefore(c.env, workspaceId, before),
    state.notice?.ruleId ? findAlertRule(makeDb(c.env.DB), workspaceId, state.notice.ruleId) : undefined,
  ]);
  const deliveries = await ruleLogs(
    c.env,
    rules.rules.map((r) => r.id),
  );
  return (
    <AlertsPage
      viewer={viewer}
      now={Date.now()}
      cursors={{ after, before }}
      open={open}
      rules={rules}
      resolved={resolved}
      deliveries={deliveries}
      deliveriesPerRule={DELIVERIES_PER_RULE}
      types={knownJobTypes(engineConfig(c.env))}
      form={state.form ?? { values: EMPTY_RULE_FORM, errors: {} }}
      notice={
        state.notice ? { done: state.notice.done, rule: noticeRule ? await ruleJson(c, noticeRule) : null } : null
      }
    />
  );
}

/** Back to the page after an action, saying what was done (the page looks the rule up; no text rides in the URL). */
const done = (c: Ctx, notice: AlertNotice, rule: { id: string } | null, hash: string) =>
  c.redirect(`/admin/alerts?${new URLSearchParams({ done: notice, ...(rule ? { rule: rule.id } : {}) })}#${hash}`, 303);

async function setEnabled(c: Ctx, enabled: boolean) {
  const rule = await loadRule(c);
  const changed = await changeAlertRule(c.env, queueEnqueuer(c.env), rule, { enabled }, Date.now());
  if (!changed) throw notFound("alert rule");
  return done(c, enabled ? "enabled" : "disabled", rule, `rule-${rule.id}`);
}

export const adminAlertPages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "managing alerts"))
  .get("/", async (c) => {
    const { done: notice, rule } = pageQuerySchema.parse(c.req.query());
    return c.html(await alertsPage(c, notice ? { notice: { done: notice, ruleId: rule } } : {}));
  })
  .get("/open", async (c) => {
    const open = await firingAlerts(c.env, c.var.principal.workspace.id);
    return c.html(<OpenIncidents alerts={open.alerts} more={open.more} now={Date.now()} />);
  })
  .get("/banner", async (c) => {
    const { alerts, more } = await firingAlerts(c.env, c.var.principal.workspace.id);
    return c.html(<AlertBannerText firing={alerts} more={more} />);
  })
  .post("/", async (c) => {
    const form = parseRuleForm(await c.req.parseBody());
    const refuse = (errors: RuleFormErrors) => alertsPage(c, { form: { values: form.values, errors } });
    if ("errors" in form) return c.html(await refuse(allProblems(c.env, form)), 422);
    const { principal } = c.var;
    let created: Awaited<ReturnType<typeof createAlertRule>>;
    try {
      created = await createAlertRule(
        c.env,
        principal.workspace.id,
        form.input,
        { userId: principal.user.id, origin: new URL(c.req.url).origin },
        Date.now(),
      );
    } catch (error) {
      if (error instanceof ValidationFailed) return c.html(await refuse(error.fields), 422);
      throw error;
    }
    if (!created.secret) return done(c, "created", created.rule, `rule-${created.rule.id}`);
    // The only response that carries the secret: never stored by a browser or proxy cache.
    c.header("Cache-Control", "no-store");
    const [viewer, rule] = await Promise.all([viewerOf(c), ruleJson(c, created.rule)]);
    if (!rule) throw notFound("alert rule");
    return c.html(<RuleSecretPage viewer={viewer} rule={rule} secret={created.secret} />);
  })
  .post("/:id/test", async (c) => {
    const rule = await loadRule(c);
    await sendAlertTest(c.env, queueEnqueuer(c.env), rule, Date.now());
    return done(c, "tested", rule, `deliveries-${rule.id}`);
  })
  .post("/:id/disable", (c) => setEnabled(c, false))
  .post("/:id/enable", (c) => setEnabled(c, true))
  .post("/:id/delete", async (c) => {
    const rule = await loadRule(c);
    if (formText(await c.req.parseBody(), "confirmed") !== "yes") {
      const [viewer, json] = await Promise.all([viewerOf(c), ruleJson(c, rule)]);
      if (!json) throw notFound("alert rule");
      return c.html(<ConfirmDeletePage viewer={viewer} rule={json} />);
    }
    await removeAlertRule(c.env, rule);
    return done(c, "deleted", null, "rules");
  });
