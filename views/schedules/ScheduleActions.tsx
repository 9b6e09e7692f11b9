// The buttons of one schedule: Run now (a fire of its own, outside the cron; overlap still applies), Pause or
// Resume, and Delete (which asks on a confirmation page first). Plain form posts; each button's name says which
// schedule it acts on.
import type { ScheduleJson } from "../../worker/api/schedules.ts";
import { schedulePath } from "./paths.ts";

function Action({
  schedule,
  action,
  label,
  tone,
}: {
  schedule: ScheduleJson;
  action: string;
  label: string;
  tone: string;
}) {
  return (
    <form method="post" action={`${schedulePath(schedule)}/${action}`}>
      <button
        type="submit"
        id={`schedule-${schedule.id}-${action}`}
        class={`btn btn-small ${tone}`}
        data-action={action}
        aria-label={`${label}: ${schedule.name}`}
      >
        {label}
      </button>
    </form>
  );
}

export function ScheduleActions({ schedule }: { schedule: ScheduleJson }) {
  return (
    <div class="actions schedule-actions">
      <Action schedule={schedule} action="run" label="Run now" tone="btn-retry" />
      {schedule.enabled ? (
        <Action schedule={schedule} action="pause" label="Pause" tone="btn-pause" />
      ) : (
        <Action schedule={schedule} action="resume" label="Resume" tone="btn-resume" />
      )}
      <Action schedule={schedule} action="delete" label="Delete" tone="btn-delete" />
    </div>
  );
}
