// The workspace's alert rules, oldest first, a keyset page at a time (`?after=`, never counted): name, the condition
// in words, the job type, the channel by kind and host only, the state, and the rule's actions.
import type { AlertRuleJson } from "../../worker/api/alerts.ts";
import { typeLabel } from "../../worker/api/job-types.ts";
import { type AlertsCursors, alertsPageUrl } from "./paths.ts";
import { RuleActions } from "./RuleActions.tsx";
import { RuleState } from "./RuleState.tsx";
import { CHANNEL_LABELS, urlHost } from "./words.ts";

export const RULE_COLUMNS = ["Name", "Condition", "Type", "Channel", "State", "Actions"] as const;

export interface RulesTableProps {
  rules: AlertRuleJson[];
  cursors: AlertsCursors;
  /** The last rule shown when more follow. */
  nextAfter: string | null;
}

function Pager({ cursors, nextAfter }: Omit<RulesTableProps, "rules">) {
  if (!cursors.after && !nextAfter) return null;
  return (
    <nav class="pager" aria-label="Rule pages">
      {cursors.after ? (
        <a class="btn btn-small btn-quiet" href={alertsPageUrl({ before: cursors.before }, "rules")}>
          First rules
        </a>
      ) : null}
      {nextAfter ? (
        <a class="btn btn-small" rel="next" href={alertsPageUrl({ ...cursors, after: nextAfter }, "rules")}>
          Next rules →
        </a>
      ) : null}
    </nav>
  );
}

export function RulesTable({ rules, cursors, nextAfter }: RulesTableProps) {
  return (
    <section class="table-section" id="rules" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      <div class="table-wrap">
        <table class="alerts-table rules-table">
          <thead>
            <tr>
              {RULE_COLUMNS.map((name) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rules.length === 0 ? (
              <tr class="empty-row">
                <td colspan={RULE_COLUMNS.length}>
                  {cursors.after ? "No more rules." : "No alert rules yet. Create one below."}
                </td>
              </tr>
            ) : (
              rules.map((rule) => (
                <tr id={`rule-${rule.id}`} data-state={rule.enabled ? rule.state : "off"}>
                  <td data-label="Name" class="rule-name">
                    {rule.name}
                  </td>
                  <td data-label="Condition" class="rule-condition">
                    {rule.condition}
                  </td>
                  <td data-label="Type">{rule.type ? typeLabel(rule.type) : "All types"}</td>
                  <td data-label="Channel" class="rule-channel">
                    {CHANNEL_LABELS[rule.channel.kind]} <span class="muted">· {urlHost(rule.channel.url)}</span>
                  </td>
                  <td data-label="State" class="col-status">
                    <RuleState rule={rule} />
                  </td>
                  <td data-label="Actions">
                    <RuleActions rule={rule} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager cursors={cursors} nextAfter={nextAfter} />
    </section>
  );
}
