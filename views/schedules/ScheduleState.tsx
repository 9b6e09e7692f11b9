// A schedule's state as a text badge: Active, or Paused with who paused it.
import type { ScheduleJson } from "../../worker/api/schedules.ts";

export function ScheduleState({ schedule }: { schedule: ScheduleJson }) {
  if (schedule.enabled) return <span class="badge badge-active">Active</span>;
  return (
    <span class="schedule-state">
      <span class="badge badge-paused">Paused</span>
      {schedule.paused_by ? <span class="muted schedule-paused-by">{`by ${schedule.paused_by}`}</span> : null}
    </span>
  );
}
