// Creating, changing and testing alert rules: each checks the condition against its kind (defaults filled in) and
// the channel URL against the callback URL policy, so a bad rule is a 422 with details and never stored.
import type { AlertRuleCreate, AlertRulePatch, RuleCondition } from "../../api/alerts.ts";
import { checkCondition } from "../../api/alerts.ts";
import { ValidationFailed } from "../../api/errors.ts";
import { insertAlertRule, insertTestDelivery, resolveIncident, updateAlertRule } from "../../db/alerts.ts";
import { makeDb } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import type { AlertDeliveryRow, AlertRuleRow } from "../../db/schema.ts";
import { checkOutboundUrl } from "../../domain/outbound-url.ts";
import { engineConfig } from "../config.ts";
import type { Enqueuer } from "../messages.ts";
import { knownJobTypes } from "../registry.ts";
import { newRuleSecret } from "./json.ts";

/** The condition and channel a rule would have, or a 422 naming every problem (the New rule page asks it too). */
export function checked(
  env: Env,
  asked: RuleCondition,
  channel: { kind: "webhook" | "slack"; url: string },
): RuleCondition {
  const config = engineConfig(env);
  const condition = checkCondition(asked, knownJobTypes(config));
  const problems = "problems" in condition ? { ...condition.problems } : {};
  const url = checkOutboundUrl(channel.url, { production: config.production, label: "alert URL" });
  if (!url.ok) problems["channel.url"] = [url.reason];
  if (Object.keys(problems).length > 0 || "problems" in condition) throw new ValidationFailed(problems);
  return condition.condition;
}

const conditionColumns = (c: RuleCondition) => ({
  kind: c.kind,
  type: c.type,
  threshold: c.threshold,
  windowMinutes: c.windowMinutes,
  minJobs: c.minJobs,
});

export interface CreatedRule {
  rule: AlertRuleRow;
  /** A webhook channel's signing secret, shown this once. */
  secret: string | null;
}

export async function createAlertRule(
  env: Env,
  workspaceId: string,
  input: AlertRuleCreate,
  actor: { userId: string; origin: string },
  now: number,
): Promise<CreatedRule> {
  const condition = checked(
    env,
    {
      kind: input.kind,
      type: input.type ?? null,
      threshold: input.threshold ?? null,
      windowMinutes: input.window_minutes ?? null,
      minJobs: input.min_jobs ?? null,
    },
    input.channel,
  );
  const id = newId();
  const sealed = input.channel.kind === "webhook" ? await newRuleSecret(env, id) : null;
  const rule = await insertAlertRule(makeDb(env.DB), {
    id,
    workspaceId,
    name: input.name,
    ...conditionColumns(condition),
    channelKind: input.channel.kind,
    channelUrl: input.channel.url,
    secretSealed: sealed?.sealed ?? null,
    linkOrigin: actor.origin,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  });
  return { rule, secret: sealed?.secret ?? null };
}

/**
 * Applies a patch (fields left out keep their value, null clears a number back to its default). A channel that
 * becomes a webhook gets a new secret, shown once; one that stays a webhook keeps its secret.
 */
export async function changeAlertRule(
  env: Env,
  enqueuer: Enqueuer,
  rule: AlertRuleRow,
  patch: AlertRulePatch,
  now: number,
): Promise<CreatedRule | null> {
  const keep = <T>(asked: T | undefined, current: T) => (asked === undefined ? current : asked);
  const condition = checked(
    env,
    {
      kind: rule.kind,
      type: keep(patch.type, rule.type),
      threshold: keep(patch.threshold, rule.threshold),
      windowMinutes: keep(patch.window_minutes, rule.windowMinutes),
      minJobs: keep(patch.min_jobs, rule.minJobs),
    },
    patch.channel ?? { kind: rule.channelKind, url: rule.channelUrl },
  );
  const becomesWebhook = patch.channel?.kind === "webhook" && rule.channelKind !== "webhook";
  const sealed = becomesWebhook ? await newRuleSecret(env, rule.id) : null;
  const updated = await updateAlertRule(makeDb(env.DB), rule, {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...conditionColumns(condition),
    ...(patch.channel
      ? {
          channelKind: patch.channel.kind,
          channelUrl: patch.channel.url,
          secretSealed: patch.channel.kind === "webhook" ? (sealed?.sealed ?? rule.secretSealed) : null,
        }
      : {}),
    ...(patch.enabled === undefined ? {} : { disabledAt: patch.enabled ? null : (rule.disabledAt ?? now) }),
    updatedAt: now,
  });
  if (!updated) return null;
  // A rule switched off stops watching: its open incident resolves (and says so on the channel) rather than firing
  // forever unevaluated.
  if (patch.enabled === false) {
    const delivery = await resolveIncident(makeDb(env.DB), updated, newId(), now);
    if (delivery) await enqueuer.enqueueAlert(delivery);
  }
  return { rule: updated, secret: sealed?.secret ?? null };
}

/** Send test: a `test` delivery through the queue, like any other (its log shows how the channel answered). */
export async function sendAlertTest(
  env: Env,
  enqueuer: Enqueuer,
  rule: AlertRuleRow,
  now: number,
): Promise<AlertDeliveryRow> {
  const delivery = await insertTestDelivery(makeDb(env.DB), rule, newId(), now);
  await enqueuer.enqueueAlert(delivery.id);
  return delivery;
}
