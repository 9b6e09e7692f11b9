// A schedule's next five due times, each in the viewer's local time (the UTC instant on hover), the first also as
// "in 3 h"; a paused schedule has none until resumed.
import type { ScheduleJson } from "../../worker/api/schedules.ts";
import { LocalTime } from "../components/LocalTime.tsx";
import { RelativeTime } from "../components/RelativeTime.tsx";

export function NextRuns({ schedule, now }: { schedule: ScheduleJson; now: number }) {
  if (!schedule.enabled) return <span class="muted">None while paused</span>;
  if (schedule.next_runs.length === 0) return <span class="muted">The cron matches no time ahead</span>;
  return (
    <ol class="next-runs" aria-label={`Next ${schedule.next_runs.length} runs of ${schedule.name}`}>
      {schedule.next_runs.map((iso, i) => (
        <li class={i === 0 ? undefined : "next-run-later"}>
          <LocalTime iso={iso} utc />
          {i === 0 ? (
            <span class="muted next-run-relative">
              {" "}
              <RelativeTime iso={iso} now={now} />
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
