// The facts of one job as a definition list: type, status, why it waits, its priority (changeable while it waits, by
// owners and admins), attempts, who started it, counts, the item it is on
// (while active), and its times: each exact plus how long ago, how long it waited and ran, and its end labelled by
// how it ended.
import { typeLabel } from "../../worker/api/job-types.ts";
import { canReprioritise, isTerminal, LEASED_STATUS, QUEUED_STATUS } from "../../worker/api/lifecycle.ts";
import { PRIORITY_LABELS } from "../../worker/api/priority.ts";
import { type Job, type Role, STATUS_LABELS } from "../../worker/api/schema.ts";
import { between, durationText, rateText } from "../../worker/api/time-text.ts";
import { LocalTime } from "../components/LocalTime.tsx";
import { formatCount } from "../format.ts";
import { canManage } from "./JobActions.tsx";
import { endLabel } from "./job-ending.ts";
import { PriorityForm } from "./PriorityForm.tsx";
import { etaText } from "./pace-text.ts";
import { TimeAgo } from "./TimeAgo.tsx";
import { WaitNote } from "./WaitNote.tsx";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Waited: created → first start; a job not started yet has waited until now (while it may still start). Ran: first
 * start → end; a running job has run until now; a paused or backing-off job until it last stopped (its last update).
 */
function durations(job: Job, now: number): { waited: string | null; ran: string | null } {
  const ended = isTerminal(job.status);
  const running = job.status === LEASED_STATUS;
  const waitedMs = between(job.created_at, job.started_at ?? (ended ? null : iso(now)));
  // Time spent running, summed over its chunks (pauses and backoffs left out); a job that has none recorded (it ran
  // before run_ms existed, or has not finished a chunk) is measured from its first start instead.
  const wallMs = between(job.started_at, ended ? job.completed_at : running ? iso(now) : job.updated_at);
  const ranMs = job.run_ms > 0 ? job.run_ms : wallMs;
  return {
    waited: waitedMs === null ? null : `${durationText(waitedMs)}${job.started_at ? "" : " so far"}`,
    ran: ranMs === null ? null : `${durationText(ranMs)}${running ? " so far" : ""}`,
  };
}

export function JobSummary({ job, now, role }: { job: Job; now: number; role: Role }) {
  const ended = endLabel(job.status);
  const { waited, ran } = durations(job, now);
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
      {job.waiting ? (
        <div class="fact-wide">
          <dt>Waiting</dt>
          <dd>
            <WaitNote job={job} now={now} />
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Priority</dt>
        <dd>
          {canManage(role) && canReprioritise(job.status) ? <PriorityForm job={job} /> : PRIORITY_LABELS[job.priority]}
        </dd>
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
      {/* The item a chunk last worked on means nothing once the job has ended: it would read as still going. */}
      {job.current_item && !isTerminal(job.status) ? (
        <div class="fact-wide">
          <dt>Current item</dt>
          <dd class="current-item">{job.current_item}</dd>
        </div>
      ) : null}
      <div>
        <dt>Created At</dt>
        <dd>
          <TimeAgo iso={job.created_at} now={now} />
        </dd>
      </div>
      <div>
        <dt>Started At</dt>
        <dd>
          <TimeAgo iso={job.started_at} now={now} />
        </dd>
      </div>
      {ended ? (
        <div>
          <dt>{ended}</dt>
          <dd>
            <TimeAgo iso={job.completed_at} now={now} />
          </dd>
        </div>
      ) : null}
      {waited ? (
        <div>
          <dt>Waited</dt>
          <dd>{waited}</dd>
        </div>
      ) : null}
      {ran ? (
        <div>
          <dt>Ran</dt>
          <dd>{ran}</dd>
        </div>
      ) : null}
      {job.rate !== null ? (
        <div>
          <dt>Rate</dt>
          <dd>{rateText(job.rate)} (recent chunks)</dd>
        </div>
      ) : null}
      {job.eta_at ? (
        <div class="fact-wide">
          <dt>Expected end</dt>
          <dd>
            <TimeAgo iso={job.eta_at} now={now} /> · {etaText(job, now)}, 90% between{" "}
            <LocalTime iso={job.eta_low_at as string} /> and <LocalTime iso={job.eta_high_at as string} />
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Updated At</dt>
        <dd>
          <TimeAgo iso={job.updated_at} now={now} />
        </dd>
      </div>
      {job.run_after && job.status === QUEUED_STATUS ? (
        <div>
          <dt>Next attempt</dt>
          <dd>
            <TimeAgo iso={job.run_after} now={now} />
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
