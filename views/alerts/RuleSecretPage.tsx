// The one page that shows a webhook rule's `whsec_` signing secret, right after the rule is created. The server keeps
// only a sealed copy, so it says to copy it now; the route sends it with Cache-Control: no-store.
import type { AlertRuleJson } from "../../worker/api/alerts.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { CopyField } from "../webhooks/CopyField.tsx";
import { alertsPageUrl, rulePath } from "./paths.ts";
import { VerifyExample } from "./VerifyExample.tsx";
import { urlHost } from "./words.ts";

export interface RuleSecretPageProps {
  viewer: Viewer;
  rule: AlertRuleJson;
  secret: string;
}

export function RuleSecretPage({ viewer, rule, secret }: RuleSecretPageProps) {
  return (
    <Layout title={`Rule ${rule.name} created`} viewer={viewer} active="alerts">
      <section class="panel panel-secret" data-secret-once="true">
        <h2>Signing secret</h2>
        <p class="secret-warning">
          <strong>Copy this secret now: it will not be shown again.</strong> DutyLeak keeps only a sealed copy that it
          cannot display. If it is lost, delete the rule and create it again.
        </p>
        <p>
          <CopyField value={secret} label="Signing secret" />
        </p>
      </section>
      <section class="panel">
        <h2>Verify the deliveries</h2>
        <p class="hint">
          Alerts for <strong>{rule.name}</strong> ({rule.condition}) go to {urlHost(rule.channel.url)}.
        </p>
        <VerifyExample secret={secret} />
      </section>
      <div class="confirm-actions">
        <a class="btn btn-primary" href={alertsPageUrl({}, `rule-${rule.id}`)}>
          I have copied the secret
        </a>
        <form method="post" action={`${rulePath(rule)}/test`}>
          <button type="submit" class="btn btn-retry">
            Send test
          </button>
        </form>
      </div>
    </Layout>
  );
}
