// Admin → Alerts (/admin/alerts): what alerts are for, the incidents open now, the rules with their actions, the New
// rule form, the resolved incidents, and each rule's deliveries. A notice or a refused form comes first.
import type { AlertDeliveryJson, AlertJson, AlertRuleJson } from "../../worker/api/alerts.ts";
import { FlashMessage } from "../components/Flash.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { type AlertNotice, noticeText } from "./notices.ts";
import { OpenIncidents } from "./OpenIncidents.tsx";
import type { AlertsCursors } from "./paths.ts";
import { RecentIncidents } from "./RecentIncidents.tsx";
import { RuleDeliveries } from "./RuleDeliveries.tsx";
import { RuleForm } from "./RuleForm.tsx";
import { RulesTable } from "./RulesTable.tsx";
import type { RuleFormErrors, RuleFormValues } from "./rule-form.ts";

export interface AlertsPageProps {
  viewer: Viewer;
  now: number;
  cursors: AlertsCursors;
  open: { alerts: AlertJson[]; more: boolean };
  rules: { rules: AlertRuleJson[]; nextAfter: string | null };
  resolved: { alerts: AlertJson[]; nextBefore: string | null };
  deliveries: Map<string, AlertDeliveryJson[]>;
  deliveriesPerRule: number;
  /** The job types a rule may watch. */
  types: string[];
  form: { values: RuleFormValues; errors: RuleFormErrors };
  /** What the last action did, and to which rule (whose deliveries then open). */
  notice?: { done: AlertNotice; rule: AlertRuleJson | null } | null;
}

export function AlertsPage(props: AlertsPageProps) {
  const { viewer, now, cursors, notice } = props;
  const text = notice ? noticeText(notice.done, notice.rule) : null;
  return (
    <Layout title="Alerts" viewer={viewer} active="alerts" live>
      {text ? <FlashMessage tone="ok">{text}</FlashMessage> : null}
      <p class="lead">
        A rule watches the workspace's jobs and opens one incident while its condition holds; the opening and the
        resolution are each sent once to its channel, a signed webhook or Slack.
      </p>
      <OpenIncidents alerts={props.open.alerts} more={props.open.more} now={now} />
      <RulesTable rules={props.rules.rules} cursors={cursors} nextAfter={props.rules.nextAfter} />
      <RuleForm values={props.form.values} errors={props.form.errors} types={props.types} />
      <RecentIncidents
        alerts={props.resolved.alerts}
        cursors={cursors}
        nextBefore={props.resolved.nextBefore}
        now={now}
      />
      <RuleDeliveries
        rules={props.rules.rules}
        deliveries={props.deliveries}
        openRule={notice?.done === "tested" ? (notice.rule?.id ?? null) : null}
        perRule={props.deliveriesPerRule}
        now={now}
      />
    </Layout>
  );
}
