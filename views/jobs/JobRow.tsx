// One job as a table row, `<tr id="job-<id>" data-status="<status>">`. The same component renders the full page, the
// htmx fragments and the live out-of-band row that the hub pushes to browsers (`oob`).
import { stopRequested } from "../../worker/api/lifecycle.ts";
import type { Job, Role } from "../../worker/api/schema.ts";
import { LocalTime } from "../components/LocalTime.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { truncate } from "../format.ts";
import { canManage, JobActions } from "./JobActions.tsx";
import { ProgressCell } from "./ProgressCell.tsx";

export interface JobRowProps {
  job: Job;
  role: Role;
  /**
   * Marks the row for an htmx out-of-band swap (live updates, action answers). It is a morph, not a replacement: the
   * row's elements stay, so keyboard focus, hover and a pending request's form survive an update.
   */
  oob?: boolean;
}

const CONTROL_NOTES = { cancel: "Cancelling…", pause: "Pausing…" } as const;

/** Owners/admins open the admin detail page; members open their own job's page under Imports & Exports. */
export function jobHref(job: Job, role: Role): string {
  return canManage(role) ? `/admin/jobs/${job.id}` : `/imports/jobs/${job.id}`;
}

export function JobRow({ job, role, oob }: JobRowProps) {
  const stop = stopRequested(job);
  return (
    <tr
      id={`job-${job.id}`}
      data-status={job.status}
      data-control={job.control ?? ""}
      data-type={job.type}
      data-updated={job.updated_at}
      hx-swap-oob={oob ? "outerMorph" : undefined}
    >
      <td class="col-id" data-label="Job ID">
        <a href={jobHref(job, role)}>
          <code>{job.id}</code>
        </a>
      </td>
      <td class="col-type" data-label="Type">
        <code>{job.type}</code>
      </td>
      <td class="col-status" data-label="Status">
        <div>
          <StatusBadge status={job.status} />
          {stop ? <span class="control-note">{CONTROL_NOTES[stop]}</span> : null}
          <JobActions job={job} role={role} />
        </div>
      </td>
      <td class="col-progress" data-label="Progress">
        <ProgressCell job={job} />
      </td>
      <td class="col-time" data-label="Created At">
        <LocalTime iso={job.created_at} />
      </td>
      <td class="col-time" data-label="Started At">
        <LocalTime iso={job.started_at} />
      </td>
      <td class="col-time" data-label="Completed At">
        <LocalTime iso={job.completed_at} />
      </td>
      <td class="col-error" data-label="Error">
        {job.error ? (
          <span class="error-text" title={job.error}>
            {truncate(job.error, 140)}
          </span>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
    </tr>
  );
}
