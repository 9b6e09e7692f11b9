// The confirmation step for Cancel when the browser posted the form without htmx (no scripts): a page that asks,
// then posts again with `confirmed=yes`.
import type { Job } from "../../worker/api/schema.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { cancelQuestion } from "./JobActions.tsx";

export function ConfirmCancelPage({ viewer, job }: { viewer: Viewer; job: Job }) {
  return (
    <Layout title="Cancel this job?" viewer={viewer} active="jobs">
      <section class="panel confirm">
        <p>{cancelQuestion(job)}</p>
        <div class="confirm-actions">
          <form method="post" action={`/admin/jobs/${job.id}/cancel`}>
            <input type="hidden" name="confirmed" value="yes" />
            <button type="submit" class="btn btn-cancel">
              Cancel job
            </button>
          </form>
          <a class="btn btn-quiet" href={`/admin/jobs/${job.id}`}>
            Keep it
          </a>
        </div>
      </section>
    </Layout>
  );
}
