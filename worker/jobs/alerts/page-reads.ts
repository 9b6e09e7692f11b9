// What Admin → Alerts reads, a bounded keyset page each and never a count: the firing incidents (the section and
// every admin page's banner), a page of rules (one more read than shown, to know whether another page follows), a
// page of resolved incidents, and each shown rule's latest deliveries in one D1 batch.
import type { AlertDeliveryJson, AlertJson, AlertRuleJson } from "../../api/alerts.ts";
import { latestDeliveriesOfRules, listAlertRules } from "../../db/alerts.ts";
import { makeDb } from "../../db/client.ts";
import { alertDeliveryJson } from "./json.ts";
import { incidentsPage, rulesJson } from "./reads.ts";

export const RULES_PER_PAGE = 50;
export const RESOLVED_PER_PAGE = 20;
/** Firing incidents read for the page's section and the banner (a rule has at most one). */
export const FIRING_SHOWN = 50;
export const DELIVERIES_PER_RULE = 10;

/** The firing incidents, newest first, and whether more are open than were read. */
export async function firingAlerts(env: Env, workspaceId: string): Promise<{ alerts: AlertJson[]; more: boolean }> {
  const page = await incidentsPage(env, workspaceId, { state: "firing", limit: FIRING_SHOWN + 1 });
  return { alerts: page.alerts.slice(0, FIRING_SHOWN), more: page.alerts.length > FIRING_SHOWN };
}

/** Rules after `after`, oldest first, and the last one shown when more follow. */
export async function rulesAfter(
  env: Env,
  workspaceId: string,
  after: string | undefined,
): Promise<{ rules: AlertRuleJson[]; nextAfter: string | null }> {
  const rows = await listAlertRules(makeDb(env.DB), workspaceId, { cursor: after, limit: RULES_PER_PAGE + 1 });
  const shown = rows.slice(0, RULES_PER_PAGE);
  const nextAfter = rows.length > RULES_PER_PAGE ? (shown.at(-1)?.id ?? null) : null;
  return { rules: await rulesJson(env, shown), nextAfter };
}

/** Resolved incidents before `before`, newest first, and the last one shown when older ones follow. */
export async function resolvedBefore(
  env: Env,
  workspaceId: string,
  before: string | undefined,
): Promise<{ alerts: AlertJson[]; nextBefore: string | null }> {
  const page = await incidentsPage(env, workspaceId, {
    state: "resolved",
    cursor: before,
    limit: RESOLVED_PER_PAGE + 1,
  });
  const alerts = page.alerts.slice(0, RESOLVED_PER_PAGE);
  return { alerts, nextBefore: page.alerts.length > RESOLVED_PER_PAGE ? (alerts.at(-1)?.id ?? null) : null };
}

/** The latest deliveries of each of these rules (of the caller's workspace, already loaded), newest first. */
export async function ruleLogs(env: Env, ruleIds: string[]): Promise<Map<string, AlertDeliveryJson[]>> {
  const logs = await latestDeliveriesOfRules(makeDb(env.DB), ruleIds, DELIVERIES_PER_RULE);
  return new Map([...logs].map(([id, rows]) => [id, rows.map(alertDeliveryJson)]));
}
