// What the jobs table says when it has no rows: with a filter, how to widen it; otherwise how jobs come to exist.
import { type JobsFilter, jobsPageUrl } from "./filters.ts";

export function EmptyJobs({ filter }: { filter: JobsFilter }) {
  if (filter.status || filter.type) {
    return (
      <p class="empty-state">
        No jobs match this filter. <a href={jobsPageUrl({})}>Show all jobs</a>
      </p>
    );
  }
  return (
    <p class="empty-state">
      No jobs yet. <a href="/imports">Start an import or export</a>, or have your ERP send one to a{" "}
      <a href="/admin/webhooks">webhook endpoint</a>.
    </p>
  );
}
