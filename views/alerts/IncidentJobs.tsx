// What an incident concerns: how many jobs, links to the first few, and the list its kind calls for (alertLink,
// the same place Slack and the webhook body point to).
import type { AlertJson } from "../../worker/api/alerts.ts";
import { alertLink } from "../../worker/jobs/alerts/payloads.ts";
import { ShortId } from "../components/ShortId.tsx";
import { formatCount } from "../format.ts";
import { LIST_LABELS } from "./words.ts";

/** Job links an incident shows at most; the rest are on the list it links to. */
const SHOWN_JOBS = 3;

export function IncidentJobs({ alert }: { alert: AlertJson }) {
  const href = alertLink("", alert, alert);
  // With one job the link is that job's own page, already linked by its id.
  const toList = href !== `/admin/jobs/${alert.job_ids[0]}`;
  return (
    <div class="incident-jobs">
      <span class="incident-count">{`${formatCount(alert.job_count)} ${alert.job_count === 1 ? "job" : "jobs"}`}</span>
      {alert.job_ids.length > 0 ? (
        <span class="incident-job-links">
          {alert.job_ids.slice(0, SHOWN_JOBS).map((id) => (
            <ShortId id={id} href={`/admin/jobs/${id}`} />
          ))}
        </span>
      ) : null}
      {toList ? (
        <a class="incident-list-link" href={href}>
          {LIST_LABELS[alert.kind]} →
        </a>
      ) : null}
    </div>
  );
}
