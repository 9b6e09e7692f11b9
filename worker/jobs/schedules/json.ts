// Schedule rows as the API answers them: with the next five due times (computed, never stored) and their runs.
import { priorityOf } from "../../api/priority.ts";
import { nextRuns, type ScheduleJson, type ScheduleRunJson } from "../../api/schedules.ts";
import type { ScheduleRunWithJob } from "../../db/schedules.ts";
import type { ScheduleRow } from "../../db/schema.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** How many due times a schedule shows ahead. */
export const NEXT_RUNS_SHOWN = 5;

export function scheduleJson(schedule: ScheduleRow): ScheduleJson {
  const next = schedule.nextRunAt;
  return {
    id: schedule.id,
    name: schedule.name,
    cron: schedule.cron,
    timezone: schedule.timezone,
    type: schedule.type,
    payload: JSON.parse(schedule.payload),
    priority: priorityOf(schedule.priority),
    overlap: schedule.overlap,
    enabled: schedule.pausedAt === null,
    paused_by: schedule.pausedBy,
    next_run_at: iso(next),
    next_runs:
      next === null
        ? []
        : [next, ...nextRuns(schedule.cron, schedule.timezone, next, NEXT_RUNS_SHOWN - 1)].map((t) =>
            new Date(t).toISOString(),
          ),
    last_run_at: iso(schedule.lastRunAt),
    last_job_id: schedule.lastJobId,
    created_by: schedule.createdBy,
    created_at: iso(schedule.createdAt) as string,
    updated_at: iso(schedule.updatedAt) as string,
  };
}

export function scheduleRunJson(run: ScheduleRunWithJob): ScheduleRunJson {
  return {
    due_at: new Date(run.dueAt).toISOString(),
    kind: run.kind,
    outcome: run.outcome,
    job_id: run.jobId,
    job_status: run.jobStatus,
    detail: run.detail,
  };
}
