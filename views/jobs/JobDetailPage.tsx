// /admin/jobs/:id (owners/admins, live over the socket) and /imports/jobs/:id (a member's own job, polled while it is
// active). The container refetches the detail: on (re)connect, on the job's live events, or on a poll. The payload
// is rendered once, outside it: a run never changes it, a large one would ride along on every refetch, and a swap
// would close its <details> while someone reads it.
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Role } from "../../worker/api/schema.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { canManage } from "./JobActions.tsx";
import { JobDetail, type JobPageData, jobPagePath } from "./JobDetail.tsx";
import { PayloadBlock } from "./PayloadBlock.tsx";

export type JobDetailPageProps = JobPageData & { viewer: Viewer };

/** The refetchable container; for members it polls every 2 s until the job has ended (the fragment drops the trigger). */
export function JobDetailContainer(props: JobPageData & { role: Role }) {
  const { job, role } = props;
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
        <JobDetail {...props} />
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
      <JobDetail {...props} />
    </div>
  );
}

export function JobDetailPage({ viewer, ...data }: JobDetailPageProps) {
  const { job } = data;
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
      <JobDetailContainer {...data} role={role} />
      <section class="panel job-payload">
        <h2>Payload</h2>
        <PayloadBlock
          type={job.type}
          payload={data.payload}
          total={job.total}
          downloadUrl={`${jobPagePath(role, job.id)}/payload`}
        />
      </section>
    </Layout>
  );
}
