// One job as a table row, `<tr id="job-<id>" data-status="<status>">`. The same component renders the full page, the
// htmx fragments and the live out-of-band row that the hub pushes to browsers (`oob`). One line per job: the short id,
// the type's label, a status chip with what matters about it, progress on one line, relative times, the error, and
// the actions in their own column, so a laptop screen shows 18+ jobs.

import { typeLabel } from "../../worker/api/job-types.ts";
import { isTerminal, SUCCEEDED_STATUS, stopRequested } from "../../worker/api/lifecycle.ts";
import { PRIORITY_LABELS } from "../../worker/api/priority.ts";
import type { Job, Role } from "../../worker/api/schema.ts";
import { between, durationText } from "../../worker/api/time-text.ts";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { ShortId } from "../components/ShortId.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { formatCount, truncate } from "../format.ts";
import { canManage, JobActions } from "./JobActions.tsx";
import { ProgressCell } from "./ProgressCell.tsx";
import { WaitNote } from "./WaitNote.tsx";

export interface JobRowProps {
  job: Job;
  role: Role;
  /**
   * Marks the row for an htmx out-of-band swap (live updates, action answers). It is a morph, not a replacement: the
   * row's elements stay, so keyboard focus, hover and a pending request's form survive an update.
   */
  oob?: boolean;
  /** The time relative times are counted from (the render time unless a caller fixes it). */
  now?: number;
}

const CONTROL_NOTES = { cancel: "Cancelling…", pause: "Pausing…" } as const;

/** Owners/admins open the admin detail page; members open their own job's page under Imports & Exports. */
export function jobHref(job: Job, role: Role): string {
  return canManage(role) ? `/admin/jobs/${job.id}` : `/imports/jobs/${job.id}`;
}

/** What the status chip adds: a stop on its way, or the rows a completed import refused. */
function statusNote(job: Job): { text: string; tone: "warn" | "danger" } | null {
  const stop = stopRequested(job);
  if (stop) return { text: CONTROL_NOTES[stop], tone: "warn" };
  if (job.status === SUCCEEDED_STATUS && job.rejected > 0) {
    return { text: `· ${formatCount(job.rejected)} rejected`, tone: "danger" };
  }
  return null;
}

export function JobRow({ job, role, oob, now = Date.now() }: JobRowProps) {
  const note = statusNote(job);
  const waited = between(job.created_at, job.started_at);
  const ran = isTerminal(job.status) ? between(job.started_at, job.completed_at) : null;
  const label = typeLabel(job.type);
  return (
    <tr
      id={`job-${job.id}`}
      data-status={job.status}
      data-control={job.control ?? ""}
      data-type={job.type}
      data-updated={job.updated_at}
      // Focusable by script (j/k), not a tab stop; rendered here so a morph keeps it on a focused row.
      tabindex={-1}
      hx-swap-oob={oob ? "outerMorph" : undefined}
    >
      {/* Also on a job's own page, where the stylesheet hides it: the live row is one rendering for every page. */}
      {canManage(role) ? (
        <td class="col-select">
          <input
            type="checkbox"
            class="row-select"
            name="ids"
            value={job.id}
            form="bulk-form"
            id={`job-${job.id}-select`}
            aria-label={`Select job ${job.id}`}
          />
        </td>
      ) : null}
      <td class="col-id" data-label="Job ID">
        <ShortId id={job.id} href={jobHref(job, role)} />
      </td>
      <td class="col-type" data-label="Type">
        <span title={job.type}>{label}</span>
        {job.priority === "normal" ? null : (
          <span
            class={`priority priority-${job.priority}`}
            title="Priority: admitted before (high) or after (low) others"
          >
            {PRIORITY_LABELS[job.priority]}
          </span>
        )}
      </td>
      <td class="col-status" data-label="Status">
        <StatusBadge status={job.status} />
        {note ? <span class={`status-note status-note-${note.tone}`}>{note.text}</span> : null}
      </td>
      <td class="col-progress" data-label="Progress">
        <ProgressCell job={job} now={now} />
        <WaitNote job={job} now={now} />
      </td>
      <td class="col-time" data-label="Created At">
        <RelativeTime iso={job.created_at} now={now} />
      </td>
      <td class="col-time" data-label="Started At">
        <RelativeTime
          iso={job.started_at}
          now={now}
          note={waited === null ? undefined : `waited ${durationText(waited)}`}
        />
      </td>
      <td class="col-time" data-label="Completed At">
        <RelativeTime iso={job.completed_at} now={now} />
        {ran === null ? null : (
          <span class="duration" title="How long it ran, from its first start">{` · ran ${durationText(ran)}`}</span>
        )}
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
      {canManage(role) ? (
        <td class="col-actions" data-label="Actions">
          <JobActions job={job} role={role} />
        </td>
      ) : null}
    </tr>
  );
}
