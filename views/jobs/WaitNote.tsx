// Why a job that has not started waits (Job JSON `waiting`), under its status on the row and in the job's summary:
// "waiting for a slot: 4 of 4 running", "data_export paused by admin@acme.test", or, for a time, "next attempt in
// 20 s" with the exact time on hover (the browser keeps the relative text current).
import type { Job } from "../../worker/api/schema.ts";
import { RelativeTime } from "../components/RelativeTime.tsx";

const TIMED_PREFIX = { backoff: "next attempt", scheduled: "starts" } as const;

export function WaitNote({ job, now }: { job: Job; now: number }) {
  const waiting = job.waiting;
  if (!waiting) return null;
  const timed = waiting.until && (waiting.reason === "backoff" || waiting.reason === "scheduled");
  return (
    <span class={`wait-note wait-${waiting.reason}`} data-wait-reason={waiting.reason} title={waiting.detail}>
      {timed ? (
        <>
          {`${TIMED_PREFIX[waiting.reason as keyof typeof TIMED_PREFIX]} `}
          <RelativeTime iso={waiting.until as string} now={now} />
        </>
      ) : (
        waiting.detail
      )}
    </span>
  );
}
