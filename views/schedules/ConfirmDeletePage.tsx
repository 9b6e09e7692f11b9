// Delete asks first: a page that says what goes with the schedule and what stays, then posts again with
// `confirmed=yes` (no script).
import type { ScheduleJson } from "../../worker/api/schedules.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { schedulePath, schedulesPageUrl } from "./paths.ts";

export function ConfirmDeletePage({ viewer, schedule }: { viewer: Viewer; schedule: ScheduleJson }) {
  return (
    <Layout title="Delete this schedule?" viewer={viewer} active="schedules">
      <section class="panel confirm" data-confirm="delete">
        <p>
          <strong>{`Delete the schedule ${schedule.name}?`}</strong>
        </p>
        <p>
          It creates no more jobs (<code>{schedule.cron}</code> in {schedule.timezone}), and its run history is deleted
          with it. The jobs it already created stay, with their results; to stop it for a while instead, pause it.
        </p>
        <div class="confirm-actions">
          <form method="post" action={`${schedulePath(schedule)}/delete`}>
            <input type="hidden" name="confirmed" value="yes" />
            <button type="submit" class="btn btn-delete" id="schedule-delete-confirm">
              Delete schedule
            </button>
          </form>
          <a class="btn btn-quiet" href={schedulesPageUrl(undefined, `schedule-${schedule.id}`)}>
            Keep it
          </a>
        </div>
      </section>
    </Layout>
  );
}
