// Admin → Schedules (/admin/schedules): what schedules are for, the schedules with their next five times, last run
// and actions, the New schedule form, and each schedule's last runs. A notice or a refused form comes first.
import type { ScheduleJson, ScheduleRunJson } from "../../worker/api/schedules.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import type { ScheduleNotice as Notice } from "./notices.ts";
import { ScheduleForm } from "./ScheduleForm.tsx";
import { ScheduleNotice } from "./ScheduleNotice.tsx";
import { ScheduleRuns } from "./ScheduleRuns.tsx";
import { SchedulesTable } from "./SchedulesTable.tsx";
import type { ScheduleFormErrors, ScheduleFormValues } from "./schedule-form.ts";

export interface SchedulesPageProps {
  viewer: Viewer;
  now: number;
  after: string | undefined;
  schedules: { schedules: ScheduleJson[]; nextAfter: string | null };
  runs: Map<string, ScheduleRunJson[]>;
  runsPerSchedule: number;
  /** The job types a schedule may create. */
  types: string[];
  form: { values: ScheduleFormValues; errors: ScheduleFormErrors };
  /** What the last action did, to which schedule, and (Run now) the run it made. */
  notice?: { done: Notice; schedule: ScheduleJson | null; run: ScheduleRunJson | null } | null;
}

export function SchedulesPage(props: SchedulesPageProps) {
  const { viewer, now, notice } = props;
  const { schedules, nextAfter } = props.schedules;
  return (
    <Layout title="Schedules" viewer={viewer} active="schedules">
      {notice ? <ScheduleNotice done={notice.done} schedule={notice.schedule} run={notice.run} now={now} /> : null}
      <p class="lead">
        A schedule creates one job of its type at each time its cron names, read in its own time zone: exactly one per
        due time, and a time missed while the app was stopped runs once when it starts again. Times below are in your
        browser's time zone; hover one for UTC.
      </p>
      <SchedulesTable schedules={schedules} runs={props.runs} after={props.after} nextAfter={nextAfter} now={now} />
      <ScheduleForm values={props.form.values} errors={props.form.errors} types={props.types} />
      <ScheduleRuns
        schedules={schedules}
        runs={props.runs}
        openSchedule={notice?.done === "ran" ? (notice.schedule?.id ?? null) : null}
        perSchedule={props.runsPerSchedule}
        now={now}
      />
    </Layout>
  );
}
