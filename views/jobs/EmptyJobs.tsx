// What the jobs table says when it has no rows: with a search, time range or error group, how to drop them; with a
// status/type filter, how to widen it; otherwise how jobs come to exist.
import { isNarrowed, type JobsFilter, jobsPageUrl } from "./filters.ts";

export function EmptyJobs({ filter }: { filter: JobsFilter }) {
  if (isNarrowed(filter)) {
    const kept = filter.status || filter.type;
    return (
      <p class="empty-state">
        No jobs match this filter.{" "}
        <a href={jobsPageUrl({ status: filter.status, type: filter.type })}>
          {kept ? "Keep only the status and type filters" : "Show all jobs"}
        </a>
      </p>
    );
  }
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
