// The live part of /admin/jobs: bulk retry, the table and the pager. Rendered inside #jobs-live on the page and alone
// as the fragment the page refetches (on socket (re)connect, fallback poll, new jobs), then with the counts out-of-band.
import type { Job, JobCounts, Role } from "../../worker/api/schema.ts";
import { BulkRetry } from "./BulkRetry.tsx";
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
}

export function JobsList({ jobs, role, filter, counts, links, withCounts }: JobsListProps) {
  const filtered = Boolean(filter.status || filter.type);
  return (
    <>
      <BulkRetry filter={filter} counts={counts} />
      <JobsTable jobs={jobs} role={role} empty={filtered ? "No jobs match this filter." : "No jobs yet."} />
      <Pager filter={filter} links={links} />
      {withCounts ? <StatusCounts filter={filter} counts={counts} oob /> : null}
    </>
  );
}
