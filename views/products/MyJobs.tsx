// The jobs the signed-in person started, newest first. While any of them is active the block polls itself every 2 s
// (members may not open the live socket, which is for owners/admins); the fragment drops the trigger once all ended.

import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Job, Role } from "../../worker/api/schema.ts";
import { JobsTable } from "../jobs/JobsTable.tsx";

export const MY_JOBS_LIMIT = 10;

export function MyJobs({ jobs, role }: { jobs: Job[]; role: Role }) {
  const active = jobs.some((job) => !isTerminal(job.status));
  return (
    <div id="my-jobs" hx-get="/imports/jobs" hx-trigger={active ? "every 2s" : undefined} hx-swap="outerHTML">
      <JobsTable jobs={jobs} role={role} empty="You have not started any jobs yet." />
    </div>
  );
}
