// /admin/jobs/:id (owners/admins, live over the socket) and /imports/jobs/:id (a member's own job, polled while it is
// active). The container refetches the detail: on (re)connect, on the job's live events, or on a poll. Edit and
// retry, an import's rejected rows and the payload are rendered once, outside it: a run never changes the payload
// (and a large one would ride along on every refetch), a swap would close a <details> someone reads or reset a form
// someone types in, and the rejected rows keep their own page position.
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Role } from "../../worker/api/schema.ts";
import { FlashMessage } from "../components/Flash.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { EditRetry, type EditRetryState } from "./EditRetry.tsx";
import { canManage } from "./JobActions.tsx";
import { JobDetail, type JobPageData, jobPagePath } from "./JobDetail.tsx";
import { PayloadBlock } from "./PayloadBlock.tsx";
import { RejectedRows, type RejectedRowsPage } from "./RejectedRows.tsx";

export type JobDetailPageProps = JobPageData & {
  viewer: Viewer;
  /** An import's refused rows at the page's position; null for other types, or an import that refused none. */
  rejected: RejectedRowsPage | null;
  /** Edit and retry as submitted (with its field errors); absent: the job's own payload. */
  edit?: EditRetryState;
  /** What the last action did, said at the top (after a redirect). */
  notice?: string | null;
};

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

export function JobDetailPage({ viewer, rejected, edit, notice, ...data }: JobDetailPageProps) {
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
      {notice ? <FlashMessage tone="ok">{notice}</FlashMessage> : null}
      <JobDetailContainer {...data} role={role} />
      <EditRetry job={job} role={role} payload={data.payload} state={edit} />
      {rejected ? <RejectedRows page={rejected} rejected={job.rejected} pagePath={jobPagePath(role, job.id)} /> : null}
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
