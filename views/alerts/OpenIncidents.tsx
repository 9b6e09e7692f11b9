// The incidents open now, newest first: rule, kind, since when, what the condition saw and its jobs; or "No open
// incidents." It refetches itself every 15 s and when a job fails or is dead-lettered (`dl:alerts` from
// /static/app.js), and morphs in, as the banner does.
import type { AlertJson } from "../../worker/api/alerts.ts";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { IncidentJobs } from "./IncidentJobs.tsx";
import { KIND_LABELS } from "./words.ts";

export const OPEN_COLUMNS = ["Rule", "Kind", "Since", "Summary", "Jobs"] as const;

export interface OpenIncidentsProps {
  alerts: AlertJson[];
  /** More are open than shown. */
  more: boolean;
  now: number;
}

export function OpenIncidents({ alerts, more, now }: OpenIncidentsProps) {
  return (
    <section
      class="table-section"
      id="open-incidents"
      aria-labelledby="open-incidents-title"
      hx-get="/admin/alerts/open"
      hx-trigger="every 15s, dl:alerts from:body throttle:2s"
      hx-swap="outerMorph"
    >
      <h2 id="open-incidents-title">Open incidents</h2>
      {alerts.length === 0 ? (
        <p class="panel empty-note">No open incidents.</p>
      ) : (
        <div class="table-wrap">
          <table class="alerts-table incidents-table">
            <thead>
              <tr>
                {OPEN_COLUMNS.map((name) => (
                  <th scope="col">{name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {alerts.map((alert) => (
                <tr id={`incident-${alert.id}`} data-state="firing">
                  <td data-label="Rule" class="rule-name">
                    <span class="badge badge-firing">Firing</span> {alert.rule_name}
                  </td>
                  <td data-label="Kind">{KIND_LABELS[alert.kind]}</td>
                  <td data-label="Since" class="col-time">
                    <RelativeTime iso={alert.opened_at} now={now} />
                  </td>
                  <td data-label="Summary">{alert.summary}</td>
                  <td data-label="Jobs">
                    <IncidentJobs alert={alert} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? <p class="hint">Showing the newest {alerts.length}; more are open.</p> : null}
    </section>
  );
}
