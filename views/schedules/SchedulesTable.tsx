// The workspace's schedules, oldest first, a keyset page at a time (`?after=`, never counted): name, the cron with
// its zone (and in words when they are exact), the job type, overlap, state, the next five run times, the last run
// with its job, and the schedule's actions.
import { typeLabel } from "../../worker/api/job-types.ts";
import { PRIORITY_LABELS } from "../../worker/api/priority.ts";
import type { ScheduleJson, ScheduleRunJson } from "../../worker/api/schedules.ts";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { truncate } from "../format.ts";
import { cronWords } from "./cron-words.ts";
import { NextRuns } from "./NextRuns.tsx";
import { schedulesPageUrl } from "./paths.ts";
import { OutcomeBadge, RunJob } from "./RunOutcome.tsx";
import { ScheduleActions } from "./ScheduleActions.tsx";
import { ScheduleState } from "./ScheduleState.tsx";
import { OVERLAP_LABELS, OVERLAP_NOTES, runDetail } from "./words.ts";

export const SCHEDULE_COLUMNS = [
  "Name",
  "Cron",
  "Type",
  "Overlap",
  "State",
  "Next runs",
  "Last run",
  "Actions",
] as const;

export interface SchedulesTableProps {
  schedules: ScheduleJson[];
  /** Each schedule's latest runs, newest first. */
  runs: Map<string, ScheduleRunJson[]>;
  after: string | undefined;
  /** The last schedule shown when more follow. */
  nextAfter: string | null;
  now: number;
}

function Pager({ after, nextAfter }: Pick<SchedulesTableProps, "after" | "nextAfter">) {
  if (!after && !nextAfter) return null;
  return (
    <nav class="pager" aria-label="Schedule pages">
      {after ? (
        <a class="btn btn-small btn-quiet" href={schedulesPageUrl(undefined, "schedules")}>
          First schedules
        </a>
      ) : null}
      {nextAfter ? (
        <a class="btn btn-small" rel="next" href={schedulesPageUrl(nextAfter, "schedules")}>
          Next schedules →
        </a>
      ) : null}
    </nav>
  );
}

function CronCell({ schedule }: { schedule: ScheduleJson }) {
  const words = cronWords(schedule.cron);
  return (
    <div class="schedule-cron">
      <span>
        <code>{schedule.cron}</code> <span class="muted">{schedule.timezone}</span>
      </span>
      {words ? <span class="cron-words">{words}</span> : null}
    </div>
  );
}

function TypeCell({ schedule }: { schedule: ScheduleJson }) {
  // Spaced like JSON is written by hand, so a long payload breaks between its fields rather than inside one.
  const payload = JSON.stringify(schedule.payload, null, 1).replace(/\n\s*/g, " ");
  return (
    <div class="schedule-type">
      <span>{typeLabel(schedule.type)}</span>
      {schedule.priority === "normal" ? null : (
        <span class="muted">{`${PRIORITY_LABELS[schedule.priority]} priority`}</span>
      )}
      {payload === "{}" ? null : (
        <code class="schedule-payload" title={payload}>
          {truncate(payload, 48)}
        </code>
      )}
    </div>
  );
}

function LastRun({ run, now }: { run: ScheduleRunJson | undefined; now: number }) {
  if (!run) return <span class="muted">Not run yet</span>;
  const why = runDetail(run);
  return (
    <div class="last-run">
      <span class="last-run-head">
        <OutcomeBadge run={run} /> <RelativeTime iso={run.due_at} now={now} />
      </span>
      {run.kind === "run_now" ? <span class="muted last-run-kind">Fired by Run now</span> : null}
      {run.job_id ? <RunJob run={run} /> : null}
      {!run.job_id && why ? (
        <span class="last-run-why" title={why}>
          {truncate(why, 90)}
        </span>
      ) : null}
    </div>
  );
}

export function SchedulesTable({ schedules, runs, after, nextAfter, now }: SchedulesTableProps) {
  return (
    <section class="table-section" id="schedules" aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      <div class="table-wrap">
        <table class="schedules-table">
          <thead>
            <tr>
              {SCHEDULE_COLUMNS.map((name) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {schedules.length === 0 ? (
              <tr class="empty-row">
                <td colspan={SCHEDULE_COLUMNS.length}>
                  {after ? "No more schedules." : "No schedules yet. Create one below."}
                </td>
              </tr>
            ) : (
              schedules.map((schedule) => (
                <tr id={`schedule-${schedule.id}`} data-state={schedule.enabled ? "active" : "paused"}>
                  <td data-label="Name" class="schedule-name">
                    {schedule.name}
                  </td>
                  <td data-label="Cron">
                    <CronCell schedule={schedule} />
                  </td>
                  <td data-label="Type">
                    <TypeCell schedule={schedule} />
                  </td>
                  <td data-label="Overlap">
                    <div class="schedule-overlap-cell">
                      <span>{OVERLAP_LABELS[schedule.overlap]}</span>
                      <span class="muted">{OVERLAP_NOTES[schedule.overlap]}</span>
                    </div>
                  </td>
                  <td data-label="State" class="col-status">
                    <ScheduleState schedule={schedule} />
                  </td>
                  <td data-label="Next runs" class="col-time">
                    <NextRuns schedule={schedule} now={now} />
                  </td>
                  <td data-label="Last run">
                    <LastRun run={runs.get(schedule.id)?.[0]} now={now} />
                  </td>
                  <td data-label="Actions">
                    <ScheduleActions schedule={schedule} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager after={after} nextAfter={nextAfter} />
    </section>
  );
}
