// Loads one page of the admin jobs list: rows for the keyset position (older than `cursor`, or newer than `before`),
// the counts per status for the filter bar, and the paging links.
import type { Context } from "hono";
import type { JobsFilter, JobsPosition } from "../../views/jobs/filters.ts";
import { JOBS_PAGE_SIZE } from "../../views/jobs/JobsPage.tsx";
import type { PageLinks } from "../../views/jobs/Pager.tsx";
import { toJobJson } from "../api/job-json.ts";
import type { Job, JobCounts } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { countJobs, listJobs, listNewerJobs } from "../db/jobs/read.ts";
import type { PageEnv } from "../middleware/session.ts";

export interface JobsPageData {
  jobs: Job[];
  counts: JobCounts;
  links: PageLinks;
}

export async function loadJobsPage(
  c: Context<PageEnv>,
  filter: JobsFilter,
  position: JobsPosition,
): Promise<JobsPageData> {
  const db = makeDb(c.env.DB);
  const workspaceId = c.var.principal.workspace.id;
  const countsPromise = countJobs(db, workspaceId, { type: filter.type });
  if (position.before) {
    const newer = await listNewerJobs(db, workspaceId, { ...filter, before: position.before, limit: JOBS_PAGE_SIZE });
    // With nothing newer than these, this is the first page: show it exactly as the first page looks.
    if (newer.hasNewer) {
      return {
        jobs: newer.rows.map(toJobJson),
        counts: await countsPromise,
        links: {
          newerBefore: newer.rows[0]?.id ?? null,
          nextCursor: newer.rows.at(-1)?.id ?? null,
          isFirstPage: false,
        },
      };
    }
  }
  const cursor = position.before ? undefined : position.cursor;
  const page = await listJobs(db, workspaceId, { ...filter, cursor, limit: JOBS_PAGE_SIZE });
  return {
    jobs: page.rows.map(toJobJson),
    counts: await countsPromise,
    links: {
      newerBefore: cursor ? (page.rows[0]?.id ?? null) : null,
      nextCursor: page.nextCursor,
      isFirstPage: !cursor,
    },
  };
}
