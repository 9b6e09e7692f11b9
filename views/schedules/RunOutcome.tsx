// What one run did, as the last-run cell and the runs log show it: an outcome badge (Created, Skipped, Failed, or
// Starting while its job is being made) and, for a created job, a link to it with its status now.

import type { ScheduleRunJson } from "../../worker/api/schedules.ts";
import { jobStatusSchema } from "../../worker/api/schema.ts";
import { ShortId } from "../components/ShortId.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { jobPath } from "./paths.ts";
import { RUN_OUTCOME_LABELS } from "./words.ts";

export function OutcomeBadge({ run }: { run: ScheduleRunJson }) {
  return <span class={`badge badge-run-${run.outcome}`}>{RUN_OUTCOME_LABELS[run.outcome]}</span>;
}

/** The run's job and its status now, or why there is none to link. */
export function RunJob({ run }: { run: ScheduleRunJson }) {
  if (!run.job_id) return <span class="muted">—</span>;
  const status = jobStatusSchema.safeParse(run.job_status);
  return (
    <span class="run-job">
      <ShortId id={run.job_id} href={jobPath(run.job_id)} />
      {status.success ? <StatusBadge status={status.data} /> : <span class="muted">removed</span>}
    </span>
  );
}
