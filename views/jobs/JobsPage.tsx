// /admin/jobs: the search and time range in the header, the lanes strip, the filter bar with counts per status, what the page says
// about its filter, then the live list. The list container refetches itself when the socket (re)connects, when
// /static/app.js asks (`dl:refresh`: new job on the first page, seq gap, fallback poll), and morphs the answer in, so
// a refetch keeps the focus and hover of rows that are still there.
import type { LanesResponse } from "../../worker/api/lanes.ts";
import type { MetricsResponse } from "../../worker/api/metrics.ts";
import type { Job, JobCounts } from "../../worker/api/schema.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { MetricsStrip } from "../metrics/MetricsStrip.tsx";
import { type ErrorGroupChip, FilterNotes } from "./FilterNotes.tsx";
import { isNarrowed, type JobsFilter, type JobsPosition, jobsQuery } from "./filters.ts";
import { JobFilters, type JobsFormValues, TypeFilter } from "./JobFilters.tsx";
import { JobsList } from "./JobsList.tsx";
import { LanesStrip } from "./LanesStrip.tsx";
import type { PageLinks } from "./Pager.tsx";
import { StatusCounts } from "./StatusCounts.tsx";

export const JOBS_PAGE_SIZE = 50;

export interface JobsPageProps {
  viewer: Viewer;
  jobs: Job[];
  counts: JobCounts;
  filter: JobsFilter;
  position: JobsPosition;
  links: PageLinks;
  types: string[];
  /** What the filter form shows (what was typed, where it could not be used). */
  form: JobsFormValues;
  /** Why parts of the query were left out, shown above the list. */
  problems: string[];
  group: ErrorGroupChip | null;
  lanes: LanesResponse;
  /** Finished and failed per minute over the last hour, for the strip above the table. */
  lastHour: MetricsResponse;
}

export function JobsPage(props: JobsPageProps) {
  const { viewer, jobs, counts, filter, position, links, types, form, problems, group, lanes, lastHour } = props;
  return (
    <Layout title="Jobs" viewer={viewer} active="jobs" live tools={<JobFilters filter={filter} form={form} />}>
      <div class="strips">
        <LanesStrip lanes={lanes} role={viewer.principal.role} />
        <MetricsStrip series={lastHour} />
      </div>
      <section class="toolbar">
        <StatusCounts filter={filter} counts={counts} />
        <TypeFilter filter={filter} types={types} />
      </section>
      <FilterNotes filter={filter} problems={problems} group={group} />
      {/* data-narrowed: /static/app.js cannot tell whether a new job matches a search, a time range or an error
          group, so it never puts one at the top of such a list; it asks the server (a refetch) instead. */}
      <div
        id="jobs-live"
        class="jobs-live"
        hx-get={`/admin/jobs/list${jobsQuery(filter, position)}`}
        hx-trigger="htmx:ws:after:connection from:body, dl:refresh from:body throttle:1s"
        hx-swap="innerMorph"
        data-first-page={links.isFirstPage ? "true" : "false"}
        data-filter-status={filter.status ?? ""}
        data-filter-type={filter.type ?? ""}
        data-narrowed={isNarrowed(filter) ? "true" : "false"}
        data-page-size={String(JOBS_PAGE_SIZE)}
      >
        <JobsList jobs={jobs} role={viewer.principal.role} filter={filter} counts={counts} links={links} />
      </div>
    </Layout>
  );
}
