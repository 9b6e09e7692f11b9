// The selection bar over the jobs table (owners/admins): how many rows are selected, "select all matching this
// filter" once the whole page is, and Retry/Cancel/Discard selected. The row checkboxes belong to its form (form="bulk-form"),
// so it posts the selected ids, or `all` with the filter. The answer is a confirmation that says how many jobs move
// and which statuses are skipped; /static/app.js keeps the selection across live updates and writes the counts.
import type { JobCounts } from "../../worker/api/schema.ts";
import { JOB_STATUSES } from "../../worker/api/schema.ts";
import { formatCount } from "../format.ts";
import { FilterFields } from "./FilterFields.tsx";
import { isNarrowed, type JobsFilter } from "./filters.ts";

/**
 * How many jobs the filter matches, from the status counts. A search, time range or error group is never counted
 * (DESIGN.md: no count per request), so then it is 0, which keeps "select all matching this filter" hidden: the
 * selection is the jobs on the page.
 */
export function matchingCount(filter: JobsFilter, counts: JobCounts): number {
  if (isNarrowed(filter)) return 0;
  if (filter.status) return counts[filter.status] ?? 0;
  return JOB_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}

export function MatchingCount({ filter, counts, oob }: { filter: JobsFilter; counts: JobCounts; oob?: boolean }) {
  const n = matchingCount(filter, counts);
  return (
    <span id="bulk-matching" data-count={String(n)} hx-swap-oob={oob ? "outerMorph" : undefined} hidden>
      {formatCount(n)}
    </span>
  );
}

export function BulkBar({ filter, counts }: { filter: JobsFilter; counts: JobCounts }) {
  return (
    <form
      id="bulk-form"
      class="bulk-bar"
      method="post"
      action="/admin/jobs/bulk"
      hx-post="/admin/jobs/bulk"
      hx-target="#bulk-confirm"
      hx-swap="innerHTML"
      data-selected="0"
      aria-label="Selected jobs"
    >
      <FilterFields filter={filter} />
      <input type="hidden" name="all" value="" class="bulk-all" />
      <MatchingCount filter={filter} counts={counts} />
      <span class="bulk-summary" aria-live="polite">
        No jobs selected
      </span>
      <button type="button" class="btn btn-small btn-quiet bulk-select-all" hidden>
        Select all matching this filter
      </button>
      <button type="submit" name="action" value="retry" class="btn btn-small btn-retry bulk-action" disabled>
        Retry selected
      </button>
      <button type="submit" name="action" value="cancel" class="btn btn-small btn-cancel bulk-action" disabled>
        Cancel selected
      </button>
      <button type="submit" name="action" value="discard" class="btn btn-small btn-discard bulk-action" disabled>
        Discard selected
      </button>
      <button type="button" class="btn btn-small btn-quiet bulk-clear" hidden>
        Clear selection
      </button>
    </form>
  );
}
