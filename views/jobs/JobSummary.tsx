// The facts of one job as a definition list: type, status, attempts, who started it, times and counts.

import { typeLabel } from "../../worker/api/job-types.ts";
import { QUEUED_STATUS } from "../../worker/api/lifecycle.ts";
import { type Job, STATUS_LABELS } from "../../worker/api/schema.ts";
import { LocalTime } from "../components/LocalTime.tsx";
import { formatCount } from "../format.ts";

export function JobSummary({ job }: { job: Job }) {
  return (
    <dl class="facts">
      <div>
        <dt>Type</dt>
        <dd>
          {typeLabel(job.type)} <code>{job.type}</code>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>{STATUS_LABELS[job.status]}</dd>
      </div>
      <div>
        <dt>Attempts</dt>
        <dd>
          {job.attempts} of {job.max_attempts}
        </dd>
      </div>
      <div>
        <dt>Created by</dt>
        <dd>{job.created_by ?? "system"}</dd>
      </div>
      <div>
        <dt>Items</dt>
        <dd>
          {formatCount(job.processed)}
          {job.total === null ? "" : ` of ${formatCount(job.total)}`}
        </dd>
      </div>
      <div>
        <dt>Created At</dt>
        <dd>
          <LocalTime iso={job.created_at} />
        </dd>
      </div>
      <div>
        <dt>Started At</dt>
        <dd>
          <LocalTime iso={job.started_at} />
        </dd>
      </div>
      <div>
        <dt>Completed At</dt>
        <dd>
          <LocalTime iso={job.completed_at} />
        </dd>
      </div>
      <div>
        <dt>Updated At</dt>
        <dd>
          <LocalTime iso={job.updated_at} />
        </dd>
      </div>
      {job.run_after && job.status === QUEUED_STATUS ? (
        <div>
          <dt>Next attempt</dt>
          <dd>
            <LocalTime iso={job.run_after} />
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
