// Delete asks first: a page that says what goes with the rule, then posts again with `confirmed=yes` (no script).
import type { AlertRuleJson } from "../../worker/api/alerts.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { alertsPageUrl, rulePath } from "./paths.ts";

export function ConfirmDeletePage({ viewer, rule }: { viewer: Viewer; rule: AlertRuleJson }) {
  return (
    <Layout title="Delete this rule?" viewer={viewer} active="alerts">
      <section class="panel confirm" data-confirm="delete">
        <p>
          <strong>{`Delete the rule ${rule.name}?`}</strong>
        </p>
        <p>
          It stops watching at once ({rule.condition}). Its incidents and its delivery log are deleted with it; an open
          incident ends without a resolved message, and deliveries still waiting are not sent.
        </p>
        <div class="confirm-actions">
          <form method="post" action={`${rulePath(rule)}/delete`}>
            <input type="hidden" name="confirmed" value="yes" />
            <button type="submit" class="btn btn-delete" id="rule-delete-confirm">
              Delete rule
            </button>
          </form>
          <a class="btn btn-quiet" href={alertsPageUrl({}, `rule-${rule.id}`)}>
            Keep it
          </a>
        </div>
      </section>
    </Layout>
  );
}
