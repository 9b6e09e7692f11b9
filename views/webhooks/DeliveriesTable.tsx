// The endpoint's recent inbound requests, newest first: when, outcome (a text badge), the status answered, the sender's
// webhook-id, the job it started or replayed, and why it was refused.
import { LocalTime } from "../components/LocalTime.tsx";
import { truncate } from "../format.ts";
import type { Delivery } from "./types.ts";

export const DELIVERY_COLUMNS = ["Time", "Outcome", "Status", "Webhook ID", "Job", "Reason"] as const;

const OUTCOME_LABELS: Record<Delivery["outcome"], string> = {
  accepted: "Accepted",
  replayed: "Replayed",
  rejected: "Rejected",
};

export function DeliveriesTable({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <div class="table-wrap">
      <table class="webhooks-table deliveries-table">
        <thead>
          <tr>
            {DELIVERY_COLUMNS.map((name) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deliveries.length === 0 ? (
            <tr class="empty-row">
              <td colspan={DELIVERY_COLUMNS.length}>No deliveries in the last 14 days.</td>
            </tr>
          ) : (
            deliveries.map((d) => (
              <tr data-outcome={d.outcome}>
                <td data-label="Time" class="col-time">
                  <LocalTime iso={d.at} />
                </td>
                <td data-label="Outcome">
                  <span class={`badge badge-${d.outcome}`}>{OUTCOME_LABELS[d.outcome]}</span>
                </td>
                <td data-label="Status" class="num">
                  {String(d.status)}
                </td>
                <td data-label="Webhook ID" class="col-id">
                  {d.webhook_id ? (
                    <code title={d.webhook_id}>{truncate(d.webhook_id, 40)}</code>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td data-label="Job" class="col-id">
                  {d.job_id ? (
                    <a href={`/admin/jobs/${d.job_id}`}>
                      <code>{d.job_id}</code>
                    </a>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td data-label="Reason" class="col-error">
                  {d.reason ? <span class="error-text">{d.reason}</span> : null}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
