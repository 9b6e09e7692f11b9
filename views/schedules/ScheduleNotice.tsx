// The flash after an action: a new schedule's first time; what Run now did (the job it created, or why it created
// none); paused, active again, deleted. A run that made no job is an error-toned message, so it is not missed.
import type { ScheduleJson, ScheduleRunJson } from "../../worker/api/schedules.ts";
import { FlashMessage } from "../components/Flash.tsx";
import { LocalTime } from "../components/LocalTime.tsx";
import { RelativeTime } from "../components/RelativeTime.tsx";
import type { ScheduleNotice as Notice } from "./notices.ts";
import { jobPath } from "./paths.ts";
import { runDetail } from "./words.ts";

export interface ScheduleNoticeProps {
  done: Notice;
  /** The schedule it names (null once deleted, or when it is gone). */
  schedule: ScheduleJson | null;
  /** For Run now: the run it made. */
  run: ScheduleRunJson | null;
  now: number;
}

function NextTime({ schedule, now }: { schedule: ScheduleJson; now: number }) {
  const [next] = schedule.next_runs;
  if (!next) return <>It has no time left to run at.</>;
  return (
    <>
      {"It next runs "}
      <LocalTime iso={next} utc />
      {" ("}
      <RelativeTime iso={next} now={now} />
      {"); its next five times are in its row."}
    </>
  );
}

function RunText({ schedule, run }: { schedule: ScheduleJson; run: ScheduleRunJson | null }) {
  if (!run) return <>{`Run now for ${schedule.name} was recorded; see its last runs below.`}</>;
  if (run.outcome === "created" && run.job_id) {
    return (
      <>
        {`Run now created job `}
        <a href={jobPath(run.job_id)}>
          <code>{run.job_id}</code>
        </a>
        {` for ${schedule.name}.`}
      </>
    );
  }
  if (run.outcome === "skipped") return <>{`Run now skipped ${schedule.name}: ${runDetail(run)}.`}</>;
  if (run.outcome === "failed") return <>{`Run now created no job for ${schedule.name}: ${runDetail(run)}.`}</>;
  return <>{`Run now for ${schedule.name} is creating its job.`}</>;
}

export function ScheduleNotice({ done, schedule, run, now }: ScheduleNoticeProps) {
  if (done === "deleted") {
    return <FlashMessage tone="ok">The schedule was deleted; the jobs it created stay.</FlashMessage>;
  }
  if (!schedule) return null;
  switch (done) {
    case "created":
      return (
        <FlashMessage tone="ok">
          {`Schedule ${schedule.name} created. `}
          {schedule.enabled ? <NextTime schedule={schedule} now={now} /> : "It is paused: it runs only once resumed."}
        </FlashMessage>
      );
    case "ran":
      return (
        <FlashMessage tone={run && run.outcome !== "created" && run.outcome !== "claimed" ? "error" : "ok"}>
          <RunText schedule={schedule} run={run} />
        </FlashMessage>
      );
    case "paused":
      return <FlashMessage tone="ok">{`${schedule.name} is paused: it creates no jobs until resumed.`}</FlashMessage>;
    case "resumed":
      return (
        <FlashMessage tone="ok">
          {`${schedule.name} is active again. `}
          <NextTime schedule={schedule} now={now} />
        </FlashMessage>
      );
  }
}
