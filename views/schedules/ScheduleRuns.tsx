// Each schedule's latest runs, one disclosure per schedule of the page: when it was due, whether the cron or Run now
// fired it, what it did (the job it created with its status now, or why it created none). The summary says how the
// last run went and how many of those shown made no job, so a skipping or failing schedule shows without opening
// anything; it opens by itself for the schedule just run and when its last run made no job.
import type { ScheduleJson, ScheduleRunJson } from "../../worker/api/schedules.ts";
import { LocalTime } from "../components/LocalTime.tsx";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { OutcomeBadge, RunJob } from "./RunOutcome.tsx";
import { RUN_KIND_LABELS, RUN_OUTCOME_LABELS, runDetail } from "./words.ts";

export const RUN_COLUMNS = ["Due", "Fired by", "Outcome", "Job", "Detail"] as const;

const madeNoJob = (run: ScheduleRunJson) => run.outcome === "skipped" || run.outcome === "failed";

function RunsTable({ runs }: { runs: ScheduleRunJson[] }) {
  return (
    <div class="table-wrap schedule-log-table">
      <table class="schedule-runs-table">
        <thead>
          <tr>
            {RUN_COLUMNS.map((name) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr data-outcome={run.outcome}>
              <td data-label="Due" class="col-time">
                <LocalTime iso={run.due_at} utc />
              </td>
              <td data-label="Fired by">{RUN_KIND_LABELS[run.kind]}</td>
              <td data-label="Outcome">
                <OutcomeBadge run={run} />
              </td>
              <td data-label="Job">
                <RunJob run={run} />
              </td>
              <td data-label="Detail" class="run-detail">
                {runDetail(run) ?? <span class="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScheduleLog({
  schedule,
  runs,
  open,
  now,
}: {
  schedule: ScheduleJson;
  runs: ScheduleRunJson[];
  open: boolean;
  now: number;
}) {
  const [last] = runs;
  const noJob = runs.filter(madeNoJob).length;
  return (
    <details class="schedule-log" id={`runs-${schedule.id}`} open={open || (last ? madeNoJob(last) : false)}>
      <summary class="schedule-log-summary">
        <span class="schedule-log-name">{schedule.name}</span>
        {last ? (
          <span class="muted">
            {" — last: "}
            {RUN_OUTCOME_LABELS[last.outcome].toLowerCase()}, <RelativeTime iso={last.due_at} now={now} />
          </span>
        ) : (
          <span class="muted"> — not run yet</span>
        )}
        {noJob > 0 ? <span class="badge badge-run-skipped">{`${noJob} without a job`}</span> : null}
      </summary>
      {runs.length === 0 ? (
        <p class="hint">No run yet: the first comes at its next time, or now with Run now.</p>
      ) : (
        <RunsTable runs={runs} />
      )}
    </details>
  );
}

export interface ScheduleRunsProps {
  schedules: ScheduleJson[];
  runs: Map<string, ScheduleRunJson[]>;
  /** The schedule whose log opens (the one just run). */
  openSchedule: string | null;
  /** Runs listed per schedule at most. */
  perSchedule: number;
  now: number;
}

export function ScheduleRuns({ schedules, runs, openSchedule, perSchedule, now }: ScheduleRunsProps) {
  if (schedules.length === 0) return null;
  return (
    <section class="table-section" id="last-runs" aria-labelledby="last-runs-title">
      <h2 id="last-runs-title">Last runs</h2>
      <p class="hint">
        The latest {perSchedule} runs of each schedule above, newest first. With overlap Skip, a due time while the last
        job is still pending or running is skipped and says so; a run fails when its payload no longer passes its job
        type.
      </p>
      {schedules.map((schedule) => (
        <ScheduleLog
          schedule={schedule}
          runs={runs.get(schedule.id) ?? []}
          open={schedule.id === openSchedule}
          now={now}
        />
      ))}
    </section>
  );
}
