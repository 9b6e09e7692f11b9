// Alert rows as the API answers them, and a webhook rule's signing secret (sealed at rest, bound to the rule id).
import type { AlertDeliveryJson, AlertJson, AlertRuleJson } from "../../api/alerts.ts";
import { describeCondition } from "../../api/alerts.ts";
import type { AlertDeliveryRow, AlertIncidentRow, AlertRuleRow } from "../../db/schema.ts";
import { open, seal } from "../../domain/secret-box.ts";
import { generateSecret } from "../../domain/standard-webhooks.ts";
import { masterKey } from "../../webhooks/endpoint-secrets.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function alertRuleJson(rule: AlertRuleRow, firing: boolean): AlertRuleJson {
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    type: rule.type,
    threshold: rule.threshold,
    window_minutes: rule.windowMinutes,
    min_jobs: rule.minJobs,
    channel: { kind: rule.channelKind, url: rule.channelUrl },
    condition: describeCondition(rule),
    enabled: rule.disabledAt === null,
    state: firing ? "firing" : "ok",
    created_by: rule.createdBy,
    created_at: iso(rule.createdAt) as string,
    updated_at: iso(rule.updatedAt) as string,
  };
}

export function alertJson(incident: AlertIncidentRow, rule: Pick<AlertRuleRow, "name" | "kind" | "type">): AlertJson {
  return {
    id: incident.id,
    rule_id: incident.ruleId,
    rule_name: rule.name,
    kind: rule.kind,
    type: rule.type,
    state: incident.state,
    opened_at: iso(incident.openedAt) as string,
    resolved_at: iso(incident.resolvedAt),
    summary: incident.summary,
    job_ids: JSON.parse(incident.jobIds) as string[],
    job_count: incident.jobCount,
  };
}

export function alertDeliveryJson(d: AlertDeliveryRow): AlertDeliveryJson {
  return {
    id: d.id,
    rule_id: d.ruleId,
    alert_id: d.incidentId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    last_status: d.lastStatus,
    last_error: d.lastError,
    next_attempt_at: iso(d.nextAttemptAt),
    created_at: iso(d.createdAt) as string,
    delivered_at: iso(d.deliveredAt),
  };
}

/** A fresh `whsec_` secret for the rule `ruleId` and its sealed form (the secret itself is shown once). */
export async function newRuleSecret(env: Env, ruleId: string): Promise<{ secret: string; sealed: string }> {
  const secret = generateSecret();
  return { secret, sealed: await seal(await masterKey(env), secret, `alert-rule:${ruleId}`) };
}

export async function ruleSecret(env: Env, rule: AlertRuleRow): Promise<string> {
  if (!rule.secretSealed) throw new Error("the webhook rule has no signing secret");
  return open(await masterKey(env), rule.secretSealed, `alert-rule:${rule.id}`);
}
