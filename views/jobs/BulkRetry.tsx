// "Retry all failed/dead-letter jobs": one button that retries every failed and dead-lettered job matching the
// current filter, shown only when there is something to retry, and confirmed first. Its count is refreshed with the
// status counts, so it never promises jobs that already moved on. Under a search, time range or error group the
// counts do not describe the list (nothing is counted per search), so it then offers the retry without a number.
import { BULK_RETRY_STATUSES } from "../../worker/api/lifecycle.ts";
import type { JobCounts } from "../../worker/api/schema.ts";
import { formatCount } from "../format.ts";
import { FilterFields } from "./FilterFields.tsx";
import { isNarrowed, type JobsFilter } from "./filters.ts";

export const BULK_RETRY_LABEL = "Retry all failed/dead-letter jobs";

/** How many jobs a bulk retry would touch under the status/type filter (an upper bound under a search). */
export function bulkRetryCount(filter: JobsFilter, counts: JobCounts): number {
  const statuses = filter.status
    ? BULK_RETRY_STATUSES.filter((status) => status === filter.status)
    : BULK_RETRY_STATUSES;
  let n = 0;
  for (const status of statuses) n += counts[status] ?? 0;
  return n;
}

/** Always rendered (empty when there is nothing to retry), so the counts refresh can morph it out-of-band. */
export function BulkRetry({ filter, counts, oob }: { filter: JobsFilter; counts: JobCounts; oob?: boolean }) {
  const n = bulkRetryCount(filter, counts);
  const swap = oob ? "outerMorph" : undefined;
  if (n === 0) return <div id="bulk-retry" hx-swap-oob={swap} hidden />;
  const narrowed = isNarrowed(filter);
  const noun = n === 1 ? "job" : "jobs";
  return (
    <form
      id="bulk-retry"
      hx-swap-oob={swap}
      class="bulk-retry"
      method="post"
      action="/admin/jobs/retry"
      hx-post="/admin/jobs/retry"
      hx-target="#jobs-live"
      hx-swap="innerHTML"
      hx-confirm={
        narrowed
          ? "Retry every failed/dead-letter job matching this filter?"
          : `Retry ${formatCount(n)} failed/dead-letter ${noun} matching this filter?`
      }
    >
      <FilterFields filter={filter} />
      <button type="submit" class="btn btn-small btn-retry">
        {BULK_RETRY_LABEL}
      </button>
      <span class="muted">
        {narrowed ? "matching this filter" : `${formatCount(n)} ${noun} ${n === 1 ? "matches" : "match"}`}
      </span>
    </form>
  );
}
