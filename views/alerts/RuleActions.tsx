// The buttons of one rule: Send test (a test delivery through the queue), Turn off or Turn on, and Delete (which asks
// on a confirmation page first). Plain form posts; each button's name says which rule it acts on.
import type { AlertRuleJson } from "../../worker/api/alerts.ts";
import { rulePath } from "./paths.ts";

function Action({ rule, action, label, tone }: { rule: AlertRuleJson; action: string; label: string; tone: string }) {
  return (
    <form method="post" action={`${rulePath(rule)}/${action}`}>
      <button
        type="submit"
        id={`rule-${rule.id}-${action}`}
        class={`btn btn-small ${tone}`}
        data-action={action}
        aria-label={`${label}: ${rule.name}`}
      >
        {label}
      </button>
    </form>
  );
}

export function RuleActions({ rule }: { rule: AlertRuleJson }) {
  return (
    <div class="actions rule-actions">
      <Action rule={rule} action="test" label="Send test" tone="btn-retry" />
      {rule.enabled ? (
        <Action rule={rule} action="disable" label="Turn off" tone="btn-disable" />
      ) : (
        <Action rule={rule} action="enable" label="Turn on" tone="btn-enable" />
      )}
      <Action rule={rule} action="delete" label="Delete" tone="btn-delete" />
    </div>
  );
}
