// Loads one page of the admin jobs list: rows for the keyset position (older than `cursor`, or newer than `before`),
// the counts per status for the filter bar (per type, never per search), and the paging links; and the name of the
// error group a list is narrowed to.
import type { Context } from "hono";
import type { ErrorGroupChip } from "../../views/jobs/FilterNotes.tsx";
import type { JobsFilter, JobsPosition } from "../../views/jobs/filters.ts";
import { JOBS_PAGE_SIZE } from "../../views/jobs/JobsPage.tsx";
import type { PageLinks } from "../../views/jobs/Pager.tsx";
import type { Job, JobCounts, JobStatus } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { listGroupJobs } from "../db/errors.ts";
import { countJobs, listJobs, listNewerJobs } from "../db/jobs/read.ts";
import type { PageEnv } from "../middleware/session.ts";
import { jobsJson } from "./jobs-json.ts";
import { jobFilterOf } from "./jobs-query.ts";

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
  const query = jobFilterOf(filter);
  const countsPromise = countJobs(db, workspaceId, { type: filter.type });
  if (position.before) {
    const newer = await listNewerJobs(db, workspaceId, { ...query, before: position.before, limit: JOBS_PAGE_SIZE });
    // With nothing newer than these, this is the first page: show it exactly as the first page looks.
    if (newer.hasNewer) {
      return {
        jobs: await jobsJson(db, newer.rows),
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
  const page = await listJobs(db, workspaceId, { ...query, cursor, limit: JOBS_PAGE_SIZE });
  return {
    jobs: await jobsJson(db, page.rows),
    counts: await countsPromise,
    links: {
      newerBefore: cursor ? (page.rows[0]?.id ?? null) : null,
      nextCursor: page.nextCursor,
      isFirstPage: !cursor,
    },
  };
}

/** The error group chip of /admin/jobs?error_signature=…: its oldest failed job's error (one index lookup). */
export async function errorGroupChip(
  c: Context<PageEnv>,
  signature: string | undefined,
): Promise<ErrorGroupChip | null> {
  if (!signature) return null;
  const [sample] = await listGroupJobs(makeDb(c.env.DB), c.var.principal.workspace.id, signature, 1);
  return { signature, message: sample?.error ?? null };
}

/**
 * The ids of the failed/dead-letter jobs a narrowed list holds (a search, time range or error group, which bulk
 * updates cannot select by): at most `limit` per status, newest first, and whether more were left.
 */
export async function narrowedIds(
  c: Context<PageEnv>,
  filter: JobsFilter,
  statuses: readonly JobStatus[],
  limit: number,
): Promise<{ ids: string[]; more: boolean }> {
  const db = makeDb(c.env.DB);
  const ids: string[] = [];
  let more = false;
  for (const status of statuses) {
    const page = await listJobs(db, c.var.principal.workspace.id, { ...jobFilterOf(filter), status, limit });
    ids.push(...page.rows.map((row) => row.id));
    more ||= page.nextCursor !== null;
  }
  return { ids, more };
}
