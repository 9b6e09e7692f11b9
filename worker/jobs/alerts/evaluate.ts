// Evaluating alert rules: the sweeper evaluates every enabled rule (windows and waits need a clock), and a dead
// letter evaluates its workspace's dead-letter rules at once, so its incident opens within seconds. A condition that
// holds opens the rule's incident (or refreshes what the open one lists); one that cleared resolves it. Each opening
// and resolution queues its one delivery.
import type { AlertKind } from "../../api/alerts.ts";
import { enabledAlertRules, firingIncidents, openIncident, resolveIncident } from "../../db/alerts.ts";
import { makeDb } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import type { AlertRuleRow } from "../../db/schema.ts";
import type { Enqueuer } from "../messages.ts";
import { evaluateCondition } from "./conditions.ts";

/** Rules one evaluation looks at, at most (of one workspace, or of all when the cron sweeps). */
const RULES_PER_SWEEP = 500;

export interface AlertsReport {
  opened: number;
  resolved: number;
}

export async function evaluateAlerts(
  env: Env,
  enqueuer: Enqueuer,
  now: number,
  scope: { workspaceId?: string; kinds?: readonly AlertKind[] } = {},
): Promise<AlertsReport> {
  const db = makeDb(env.DB);
  const rules = await enabledAlertRules(db, { ...scope, limit: RULES_PER_SWEEP });
  const firing = new Set(
    (
      await firingIncidents(
        db,
        rules.map((r) => r.id),
      )
    ).map((i) => i.ruleId),
  );
  const report: AlertsReport = { opened: 0, resolved: 0 };
  for (const rule of rules) {
    const delivery = await reconcile(env, rule, firing.has(rule.id), now);
    if (delivery) {
      await enqueuer.enqueueAlert(delivery.id);
      report[delivery.event === "firing" ? "opened" : "resolved"]++;
    }
  }
  return report;
}

async function reconcile(
  env: Env,
  rule: AlertRuleRow,
  isFiring: boolean,
  now: number,
): Promise<{ id: string; event: "firing" | "resolved" } | null> {
  const db = makeDb(env.DB);
  const condition = await evaluateCondition(db, rule, now);
  if (condition.holds) {
    const id = await openIncident(db, rule, { incidentId: newId(), deliveryId: newId() }, condition, now);
    return id ? { id, event: "firing" } : null;
  }
  if (!isFiring) return null;
  const id = await resolveIncident(db, rule, newId(), now);
  return id ? { id, event: "resolved" } : null;
}

/** After a dead letter: the workspace's dead-letter rules, evaluated now. */
export function alertOnDeadLetter(env: Env, enqueuer: Enqueuer, workspaceId: string, now: number) {
  return evaluateAlerts(env, enqueuer, now, { workspaceId, kinds: ["dead_letter"] });
}
