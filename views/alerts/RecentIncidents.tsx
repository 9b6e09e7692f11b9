// Resolved incidents, newest first, a keyset page at a time (`?before=`, never counted): rule, kind, when it opened
// and resolved, what it saw and its jobs.
import type { AlertJson } from "../../worker/api/alerts.ts";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { IncidentJobs } from "./IncidentJobs.tsx";
import { type AlertsCursors, alertsPageUrl } from "./paths.ts";
import { KIND_LABELS } from "./words.ts";

export const RESOLVED_COLUMNS = ["Rule", "Kind", "Opened", "Resolved", "Summary", "Jobs"] as const;

export interface RecentIncidentsProps {
  alerts: AlertJson[];
  cursors: AlertsCursors;
  /** The last incident shown when older ones follow. */
  nextBefore: string | null;
  now: number;
}

function Pager({ cursors, nextBefore }: Pick<RecentIncidentsProps, "cursors" | "nextBefore">) {
  if (!cursors.before && !nextBefore) return null;
  return (
    <nav class="pager" aria-label="Incident pages">
      {cursors.before ? (
        <a class="btn btn-small btn-quiet" href={alertsPageUrl({ after: cursors.after }, "recent-incidents")}>
          Newest incidents
        </a>
      ) : null}
      {nextBefore ? (
        <a
          class="btn btn-small"
          rel="next"
          href={alertsPageUrl({ ...cursors, before: nextBefore }, "recent-incidents")}
        >
          Older incidents →
        </a>
      ) : null}
    </nav>
  );
}

export function RecentIncidents({ alerts, cursors, nextBefore, now }: RecentIncidentsProps) {
  return (
    <section class="table-section" id="recent-incidents" aria-labelledby="recent-incidents-title">
      <h2 id="recent-incidents-title">Recent incidents</h2>
      <div class="table-wrap">
        <table class="alerts-table incidents-table">
          <thead>
            <tr>
              {RESOLVED_COLUMNS.map((name) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {alerts.length === 0 ? (
              <tr class="empty-row">
                <td colspan={RESOLVED_COLUMNS.length}>No resolved incidents.</td>
              </tr>
            ) : (
              alerts.map((alert) => (
                <tr id={`incident-${alert.id}`} data-state="resolved">
                  <td data-label="Rule" class="rule-name">
                    {alert.rule_name}
                  </td>
                  <td data-label="Kind">{KIND_LABELS[alert.kind]}</td>
                  <td data-label="Opened" class="col-time">
                    <RelativeTime iso={alert.opened_at} now={now} />
                  </td>
                  <td data-label="Resolved" class="col-time">
                    <RelativeTime iso={alert.resolved_at} now={now} />
                  </td>
                  <td data-label="Summary">{alert.summary}</td>
                  <td data-label="Jobs">
                    <IncidentJobs alert={alert} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager cursors={cursors} nextBefore={nextBefore} />
    </section>
  );
}
