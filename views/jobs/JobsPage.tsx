// /admin/jobs: the filter bar with counts per status, then the live list. The list container refetches itself when
// the socket (re)connects, when /static/app.js asks (`dl:refresh`: new job on the first page, seq gap, fallback poll),
// and morphs the answer in, so a refetch keeps the focus and hover of rows that are still there.
import type { Job, JobCounts } from "../../worker/api/schema.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { type JobsFilter, type JobsPosition, jobsQuery } from "./filters.ts";
import { JobsList } from "./JobsList.tsx";
import type { PageLinks } from "./Pager.tsx";
import { StatusCounts } from "./StatusCounts.tsx";
import { TypeFilter } from "./TypeFilter.tsx";

export const JOBS_PAGE_SIZE = 50;

export interface JobsPageProps {
  viewer: Viewer;
  jobs: Job[];
  counts: JobCounts;
  filter: JobsFilter;
  position: JobsPosition;
  links: PageLinks;
  types: string[];
}

export function JobsPage({ viewer, jobs, counts, filter, position, links, types }: JobsPageProps) {
  return (
    <Layout title="Jobs" viewer={viewer} active="jobs" live>
      <section class="toolbar">
        <StatusCounts filter={filter} counts={counts} />
        <TypeFilter filter={filter} types={types} />
      </section>
      <div
        id="jobs-live"
        class="jobs-live"
        hx-get={`/admin/jobs/list${jobsQuery(filter, position)}`}
        hx-trigger="htmx:ws:after:connection from:body, dl:refresh from:body throttle:1s"
        hx-swap="innerMorph"
        data-first-page={links.isFirstPage ? "true" : "false"}
        data-filter-status={filter.status ?? ""}
        data-filter-type={filter.type ?? ""}
        data-page-size={String(JOBS_PAGE_SIZE)}
      >
        <JobsList jobs={jobs} role={viewer.principal.role} filter={filter} counts={counts} links={links} />
      </div>
    </Layout>
  );
}
