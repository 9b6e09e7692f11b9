// /admin/jobs/:id (owners/admins, live over the socket) and /imports/jobs/:id (a member's own job, polled while it is
// active). The container refetches the whole detail: on (re)connect, on the job's live events, or on a poll.
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Job, JobEvent, Role } from "../../worker/api/schema.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { canManage } from "./JobActions.tsx";
import { JobDetail } from "./JobDetail.tsx";

export interface JobDetailPageProps {
  viewer: Viewer;
  job: Job;
  events: JobEvent[];
  payload: string;
}

/** The refetchable container; for members it polls every 2 s until the job has ended (the fragment drops the trigger). */
export function JobDetailContainer({
  job,
  events,
  payload,
  role,
}: Omit<JobDetailPageProps, "viewer"> & { role: Role }) {
  if (canManage(role)) {
    // Summary, result and history change with every event of the job (`dl:job-live`, fired by /static/app.js for
    // this page's job only), but the hub pushes just the row: the page refetches the rest itself, at most once a
    // second (htmx's throttle also fires once after the window, so the last event is never missed), and morphs it
    // in so focus and hover survive. One cheap read per watcher per second, and no extra render per event in the hub.
    return (
      <div
        id="job-detail"
        hx-get={`/admin/jobs/${job.id}/detail`}
        hx-trigger="htmx:ws:after:connection from:body, dl:job-live from:body throttle:1s, dl:refresh from:body throttle:1s"
        hx-swap="innerMorph"
        data-job-id={job.id}
      >
        <JobDetail job={job} events={events} payload={payload} role={role} />
      </div>
    );
  }
  const active = !isTerminal(job.status);
  return (
    <div
      id="job-detail"
      hx-get={`/imports/jobs/${job.id}/detail`}
      hx-trigger={active ? "every 2s" : undefined}
      hx-swap="outerHTML"
      data-job-id={job.id}
    >
      <JobDetail job={job} events={events} payload={payload} role={role} />
    </div>
  );
}

export function JobDetailPage({ viewer, job, events, payload }: JobDetailPageProps) {
  const role = viewer.principal.role;
  const manager = canManage(role);
  return (
    <Layout
      title={`Job ${job.id}`}
      viewer={viewer}
      active={manager ? "jobs" : "imports"}
      live={manager}
      heading={
        <>
          Job <code>{job.id}</code>
        </>
      }
    >
      <p class="back">
        <a href={manager ? "/admin/jobs" : "/imports"}>{manager ? "← All jobs" : "← Imports & Exports"}</a>
      </p>
      <JobDetailContainer job={job} events={events} payload={payload} role={role} />
    </Layout>
  );
}
