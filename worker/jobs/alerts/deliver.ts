// Delivering an alert (an incident's opening or resolution, or a rule's test) to the rule's channel: one attempt
// per queue message, claimed so duplicates cannot send twice, retried with capped backoff by a new delayed message,
// through the one outbound client (the callback URL policy; a redirect is an answer, not a hop).
import { errorMessage } from "../../api/errors.ts";
import { claimAlertDelivery, findAlertIncident, findAlertRuleById, recordAlertAttempt } from "../../db/alerts.ts";
import { makeDb } from "../../db/client.ts";
import type { AlertRuleRow } from "../../db/schema.ts";
import { signatureHeaders } from "../../domain/standard-webhooks.ts";
import { backoffSeconds } from "../backoff.ts";
import type { Decision, EngineDeps } from "../engine.ts";
import { outboundFetch } from "../outbound.ts";
import { alertJson, alertRuleJson, ruleSecret } from "./json.ts";
import { slackBody, webhookBody } from "./payloads.ts";

/** Long enough for one attempt (fetch timeout included) before a duplicate could claim it again. */
const ATTEMPT_HOLD_MS = 30_000;

export async function processAlertDelivery(deps: EngineDeps, id: string): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const clock = deps.clock ?? Date.now;
  const delivery = await claimAlertDelivery(db, id, clock(), ATTEMPT_HOLD_MS);
  if (!delivery) return { kind: "ack", why: "alert delivery not due, sent or claimed elsewhere" };
  const rule = await findAlertRuleById(db, delivery.ruleId);
  if (!rule) return { kind: "ack", why: "alert rule deleted" };
  let status: number | null = null;
  let error: string;
  try {
    const incident = delivery.incidentId ? await findAlertIncident(db, delivery.incidentId) : undefined;
    const ruleJson = alertRuleJson(rule, incident?.state === "firing");
    const alert = incident ? alertJson(incident, rule) : null;
    const now = clock();
    const outcome = await send(deps, rule, id, () =>
      rule.channelKind === "slack"
        ? slackBody(delivery.event, alert, ruleJson, rule.linkOrigin)
        : webhookBody(delivery.event, alert, ruleJson, now),
    );
    status = outcome.status;
    if (outcome.ok) {
      await recordAlertAttempt(db, id, { kind: "delivered", status: outcome.status, now: clock() });
      return { kind: "ack", why: "alert delivered" };
    }
    error = `answered ${outcome.status}`;
  } catch (caught) {
    error = errorMessage(caught);
  }
  const attempts = delivery.attempts + 1;
  if (attempts >= deps.config.callbackMaxAttempts) {
    await recordAlertAttempt(db, id, { kind: "failed", status, error: `gave up after ${attempts} attempts: ${error}` });
    return { kind: "ack", why: "alert delivery failed for good" };
  }
  const delaySeconds = backoffSeconds(attempts, deps.config.backoff);
  await recordAlertAttempt(db, id, { kind: "retry", status, error, nextAttemptAt: clock() + delaySeconds * 1000 });
  await deps.enqueuer.enqueueAlert(id, delaySeconds);
  return { kind: "ack", why: `alert delivery attempt ${attempts} failed; retrying in ${delaySeconds}s` };
}

async function send(
  deps: EngineDeps,
  rule: AlertRuleRow,
  webhookId: string,
  body: () => string,
): Promise<{ ok: boolean; status: number }> {
  const text = body();
  const now = (deps.clock ?? Date.now)();
  const signed =
    rule.channelKind === "webhook"
      ? await signatureHeaders([await ruleSecret(deps.env, rule)], webhookId, Math.floor(now / 1000), text)
      : {};
  const response = await outboundFetch(
    rule.channelUrl,
    {
      method: "POST",
      headers: { ...signed, "content-type": "application/json", "user-agent": "DutyLeak-Alerts/1" },
      body: text,
    },
    {
      production: deps.config.production,
      label: "alert URL",
      redirects: "refuse",
      timeoutMs: deps.config.outboundTimeoutMs,
    },
  );
  await response.body?.cancel();
  return { ok: response.status >= 200 && response.status < 300, status: response.status };
}
