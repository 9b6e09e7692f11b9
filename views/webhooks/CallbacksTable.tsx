// The job.finished callbacks signed with this endpoint's secret, newest first: the job, where it went, its state
// (Pending/Delivered/Failed as a text badge: Failed is the "callback failed" mark), attempts and the last answer.
import { LocalTime } from "../components/LocalTime.tsx";
import { truncate } from "../format.ts";
import type { Callback } from "./types.ts";

export const CALLBACK_COLUMNS = [
  "Job",
  "URL",
  "Status",
  "Attempts",
  "Last status",
  "Last error",
  "Next attempt / Delivered at",
] as const;

const STATUS_LABELS: Record<Callback["status"], string> = {
  pending: "Pending",
  delivered: "Delivered",
  failed: "Failed",
};

function When({ callback }: { callback: Callback }) {
  if (callback.status === "delivered") return <LocalTime iso={callback.delivered_at} />;
  if (callback.status === "failed") return <span class="muted">Gave up</span>;
  return <LocalTime iso={callback.next_attempt_at} />;
}

export function CallbacksTable({ callbacks }: { callbacks: Callback[] }) {
  return (
    <div class="table-wrap">
      <table class="webhooks-table callbacks-table">
        <thead>
          <tr>
            {CALLBACK_COLUMNS.map((name) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {callbacks.length === 0 ? (
            <tr class="empty-row">
              <td colspan={CALLBACK_COLUMNS.length}>No callbacks sent yet.</td>
            </tr>
          ) : (
            callbacks.map((cb) => (
              <tr id={`callback-${cb.id}`} data-status={cb.status}>
                <td data-label="Job" class="col-id">
                  <a href={`/admin/jobs/${cb.job_id}`}>
                    <code>{cb.job_id}</code>
                  </a>
                </td>
                <td data-label="URL" class="col-url">
                  <code title={cb.url}>{truncate(cb.url, 60)}</code>
                </td>
                <td data-label="Status">
                  <span class={`badge badge-${cb.status}`}>{STATUS_LABELS[cb.status]}</span>
                </td>
                <td data-label="Attempts" class="num">
                  {String(cb.attempts)}
                </td>
                <td data-label="Last status" class="num">
                  {cb.last_status === null ? <span class="muted">—</span> : String(cb.last_status)}
                </td>
                <td data-label="Last error" class="col-error">
                  {cb.last_error ? <span class="error-text">{cb.last_error}</span> : null}
                </td>
                <td data-label="Next attempt / Delivered at" class="col-time">
                  <When callback={cb} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
