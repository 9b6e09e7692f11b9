// Each rule's latest deliveries (its openings, resolutions and tests), one disclosure per rule of the page: the
// summary says how the last one went and how many of those shown failed, so a failing channel shows without
// opening anything; it opens by itself for the rule just tested and when the last delivery failed.
import type { AlertDeliveryJson, AlertRuleJson, DeliveryEvent } from "../../worker/api/alerts.ts";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { truncate } from "../format.ts";

export const DELIVERY_COLUMNS = ["When", "Event", "Status", "Attempts", "Last answer"] as const;

const EVENT_LABELS: Record<DeliveryEvent, string> = { firing: "Firing", resolved: "Resolved", test: "Test" };

function statusText(d: AlertDeliveryJson): string {
  if (d.status === "delivered") return "Delivered";
  if (d.status === "failed") return "Failed";
  return d.attempts > 0 ? "Retrying" : "Pending";
}

function LastAnswer({ delivery }: { delivery: AlertDeliveryJson }) {
  if (delivery.last_error) {
    return (
      <span class="error-text" title={delivery.last_error}>
        {delivery.last_status === null ? "" : `${delivery.last_status} · `}
        {truncate(delivery.last_error, 120)}
      </span>
    );
  }
  if (delivery.last_status !== null) return <span>{String(delivery.last_status)}</span>;
  return <span class="muted">—</span>;
}

function DeliveriesTable({ deliveries, now }: { deliveries: AlertDeliveryJson[]; now: number }) {
  return (
    <div class="table-wrap rule-log-table">
      <table class="alerts-table deliveries-table">
        <thead>
          <tr>
            {DELIVERY_COLUMNS.map((name) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr id={`delivery-${d.id}`} data-status={d.status}>
              <td data-label="When" class="col-time">
                <RelativeTime iso={d.created_at} now={now} />
              </td>
              <td data-label="Event">{EVENT_LABELS[d.event]}</td>
              <td data-label="Status">
                <span class={`badge badge-${d.status}`}>{statusText(d)}</span>
              </td>
              <td data-label="Attempts" class="num">
                {String(d.attempts)}
              </td>
              <td data-label="Last answer" class="col-error">
                <LastAnswer delivery={d} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RuleLog({
  rule,
  deliveries,
  open,
  now,
}: {
  rule: AlertRuleJson;
  deliveries: AlertDeliveryJson[];
  open: boolean;
  now: number;
}) {
  const [last] = deliveries;
  const failed = deliveries.filter((d) => d.status === "failed").length;
  return (
    <details class="rule-log" id={`deliveries-${rule.id}`} open={open || last?.status === "failed"}>
      <summary class="rule-log-summary">
        <span class="rule-log-name">{rule.name}</span>
        {last ? (
          <span class="muted">
            {" — last: "}
            {EVENT_LABELS[last.event]} {statusText(last).toLowerCase()},{" "}
            <RelativeTime iso={last.created_at} now={now} />
          </span>
        ) : (
          <span class="muted"> — nothing sent yet</span>
        )}
        {failed > 0 ? <span class="badge badge-failed">{`${failed} failed`}</span> : null}
      </summary>
      {deliveries.length === 0 ? (
        <p class="hint">Nothing was sent for this rule yet. Send test sends one now.</p>
      ) : (
        <DeliveriesTable deliveries={deliveries} now={now} />
      )}
    </details>
  );
}

export interface RuleDeliveriesProps {
  rules: AlertRuleJson[];
  deliveries: Map<string, AlertDeliveryJson[]>;
  /** The rule whose log opens (the one just tested). */
  openRule: string | null;
  /** Deliveries listed per rule at most. */
  perRule: number;
  now: number;
}

export function RuleDeliveries({ rules, deliveries, openRule, perRule, now }: RuleDeliveriesProps) {
  if (rules.length === 0) return null;
  return (
    <section class="table-section" id="deliveries" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <p class="hint">
        The latest {perRule} deliveries of each rule above, newest first. A delivery the channel refuses is retried with
        backoff, and is Failed once it gives up.
      </p>
      {rules.map((rule) => (
        <RuleLog rule={rule} deliveries={deliveries.get(rule.id) ?? []} open={rule.id === openRule} now={now} />
      ))}
    </section>
  );
}
