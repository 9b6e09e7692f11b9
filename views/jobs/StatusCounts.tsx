// The status filter bar: one link per status with its count (from countJobs), refreshed by the page when jobs change
// status (the `dl:counts` event from /static/app.js, throttled) and out-of-band with every list refetch; both morph,
// so a focused tab keeps focus. The tabs keep the rest of the filter (type, search, time range, error group); the
// counts are per status within the type only, never per search (nothing counts a whole table per request).
import { JOB_STATUSES, type JobCounts, STATUS_LABELS } from "../../worker/api/schema.ts";
import { formatCount } from "../format.ts";
import { type JobsFilter, jobsPageUrl, jobsQuery } from "./filters.ts";

export function StatusCounts({ filter, counts, oob }: { filter: JobsFilter; counts: JobCounts; oob?: boolean }) {
  const total = JOB_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  return (
    <nav
      id="status-counts"
      class="status-tabs"
      aria-label="Filter by status"
      hx-get={`/admin/jobs/counts${jobsQuery(filter)}`}
      hx-trigger="dl:counts from:body throttle:2s"
      hx-swap="outerMorph"
      hx-swap-oob={oob ? "outerMorph" : undefined}
    >
      <a
        href={jobsPageUrl({ ...filter, status: undefined })}
        aria-current={filter.status ? undefined : "page"}
        class="tab"
      >
        All <span class="count">{formatCount(total)}</span>
      </a>
      {JOB_STATUSES.map((status) => (
        <a
          href={jobsPageUrl({ ...filter, status })}
          aria-current={filter.status === status ? "page" : undefined}
          class={`tab tab-${status.replace("_", "-")}`}
          data-status={status}
        >
          {STATUS_LABELS[status]} <span class="count">{formatCount(counts[status] ?? 0)}</span>
        </a>
      ))}
    </nav>
  );
}
