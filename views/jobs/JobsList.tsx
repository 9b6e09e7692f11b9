// The live part of /admin/jobs: bulk retry, the selection bar, the table and the pager. Rendered inside #jobs-live on
// the page and alone as the fragment the page refetches (on socket (re)connect, fallback poll, new jobs), then with
// the counts out-of-band.
import type { Job, JobCounts, Role } from "../../worker/api/schema.ts";
import { BulkBar } from "./BulkBar.tsx";
import { BulkRetry } from "./BulkRetry.tsx";
import { EmptyJobs } from "./EmptyJobs.tsx";
import type { JobsFilter } from "./filters.ts";
import { JobsTable } from "./JobsTable.tsx";
import { type PageLinks, Pager } from "./Pager.tsx";
import { StatusCounts } from "./StatusCounts.tsx";

export interface JobsListProps {
  jobs: Job[];
  role: Role;
  filter: JobsFilter;
  counts: JobCounts;
  links: PageLinks;
  /** In a fragment response, also refresh the status counts out-of-band. */
  withCounts?: boolean;
  /** The answer to a confirmed bulk action: the page's selection is spent. */
  bulkDone?: boolean;
  /**
   * A refetch (live update, poll, reconnect) keeps a bulk confirmation the operator has open, with its focus: the
   * list may move under it, the question stays until answered or dismissed.
   */
  keepConfirmation?: boolean;
}

export function JobsList(props: JobsListProps) {
  const { jobs, role, filter, counts, links, withCounts, bulkDone, keepConfirmation } = props;
  return (
    <>
      <div class="list-tools">
        <BulkBar filter={filter} counts={counts} />
        <BulkRetry filter={filter} counts={counts} />
      </div>
      <div
        id="bulk-confirm"
        class="bulk-confirm-area"
        data-bulk-done={bulkDone ? "true" : undefined}
        hx-preserve={keepConfirmation ? "true" : undefined}
      />
      <JobsTable jobs={jobs} role={role} empty={<EmptyJobs filter={filter} />} />
      <Pager filter={filter} links={links} />
      {withCounts ? <StatusCounts filter={filter} counts={counts} oob /> : null}
    </>
  );
}
