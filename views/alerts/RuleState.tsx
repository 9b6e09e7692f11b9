// A rule's state as a text badge: Firing (an incident is open), OK (watching, nothing wrong) or Off (turned off).
import type { AlertRuleJson } from "../../worker/api/alerts.ts";

export function RuleState({ rule }: { rule: AlertRuleJson }) {
  if (!rule.enabled) return <span class="badge badge-off">Off</span>;
  if (rule.state === "firing") return <span class="badge badge-firing">Firing</span>;
  return <span class="badge badge-ok">OK</span>;
}
