// Reads the API and the pages share: rules with their state (firing or not), incidents with their rules' names.
import type { AlertJson, AlertRuleJson } from "../../api/alerts.ts";
import { deleteAlertRule, firingIncidents, listIncidents, rulesByIds } from "../../db/alerts.ts";
import { makeDb } from "../../db/client.ts";
import type { AlertRuleRow } from "../../db/schema.ts";
import { alertJson, alertRuleJson } from "./json.ts";

export async function rulesJson(env: Env, rules: AlertRuleRow[]): Promise<AlertRuleJson[]> {
  const firing = new Set(
    (
      await firingIncidents(
        makeDb(env.DB),
        rules.map((r) => r.id),
      )
    ).map((i) => i.ruleId),
  );
  return rules.map((rule) => alertRuleJson(rule, firing.has(rule.id)));
}

/** A page of incidents newest first, each with its rule's name, kind and type. */
export async function incidentsPage(
  env: Env,
  workspaceId: string,
  page: { state?: "firing" | "resolved"; ruleId?: string; cursor?: string; limit: number },
): Promise<{ alerts: AlertJson[]; nextCursor: string | null }> {
  const db = makeDb(env.DB);
  const incidents = await listIncidents(db, workspaceId, page);
  const rules = new Map(
    (await rulesByIds(db, workspaceId, [...new Set(incidents.map((i) => i.ruleId))])).map((r) => [r.id, r]),
  );
  const alerts = incidents.flatMap((incident) => {
    const rule = rules.get(incident.ruleId);
    return rule ? [alertJson(incident, rule)] : [];
  });
  return { alerts, nextCursor: incidents.length === page.limit ? (incidents.at(-1)?.id ?? null) : null };
}

export function removeAlertRule(env: Env, rule: AlertRuleRow): Promise<void> {
  return deleteAlertRule(makeDb(env.DB), rule);
}
