// Loads what a job page shows for the job the provider set: its history, its stored payload and, for a duty
// optimisation, its largest findings (bounded; the result carries the counts, so nothing is counted per request);
// an import's refused rows a page at a time; and the downloads (payload, rejected rows as CSV).
import type { Context } from "hono";
import { FINDINGS_SHOWN } from "../../views/jobs/DutyFindings.tsx";
import type { JobPageData } from "../../views/jobs/JobDetail.tsx";
import { REJECTED_PAGE_SIZE, type RejectedRowsPage } from "../../views/jobs/RejectedRows.tsx";
import { toFindingJson } from "../api/finding-json.ts";
import type { JobType } from "../api/job-types.ts";
import { makeDb } from "../db/client.ts";
import { listFindings } from "../db/findings.ts";
import { listEvents } from "../db/jobs/read.ts";
import { listRejectedRows, REJECTED_CURSOR_PATTERN } from "../db/rejected-rows.ts";
import type { JobRow } from "../db/schema.ts";
import type { PageEnv } from "../middleware/session.ts";
import { jobJson } from "./jobs-json.ts";
import { rejectedRowsCsv } from "./rejected-csv.ts";

/** The one job type that writes findings (worker/jobs/types/duty_optimization.ts). */
const FINDINGS_TYPE: JobType = "duty_optimization";
/** The one job type that stores refused rows (worker/jobs/types/data_import.ts). */
const REJECTING_TYPE: JobType = "data_import";

type JobEnv = PageEnv & { Variables: { job: JobRow } };

export async function loadJobPage<E extends JobEnv>(c: Context<E>): Promise<JobPageData> {
  const row = c.var.job;
  const db = makeDb(c.env.DB);
  const [events, findings] = await Promise.all([
    listEvents(db, row.id),
    row.type === FINDINGS_TYPE ? listFindings(db, row.workspaceId, row.id, FINDINGS_SHOWN) : null,
  ]);
  return {
    job: await jobJson(db, row),
    events,
    payload: row.payload,
    now: Date.now(),
    findings: findings?.map(toFindingJson) ?? null,
  };
}

/** The job's stored payload as a JSON attachment: what the job page's Download link fetches. */
export function payloadDownload(row: JobRow): Response {
  return new Response(row.payload, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="job-${row.id}-payload.json"`,
      // A payload may hold a customer's catalogue: never kept by shared caches.
      "cache-control": "private, no-store",
    },
  });
}

/**
 * One page of an import's refused rows, after the `rejected_after` cursor of the page's URL (a value that is not a
 * cursor starts at the first page); null for other types, or an import that refused nothing.
 */
export async function loadRejectedPage<E extends JobEnv>(c: Context<E>): Promise<RejectedRowsPage | null> {
  const row = c.var.job;
  if (row.type !== REJECTING_TYPE) return null;
  const given = c.req.query("rejected_after");
  const after = given && REJECTED_CURSOR_PATTERN.test(given) ? given : undefined;
  const page = await listRejectedRows(makeDb(c.env.DB), row.workspaceId, row.id, {
    cursor: after,
    limit: REJECTED_PAGE_SIZE,
  });
  if (page.rows.length === 0 && !after) return null;
  return { rows: page.rows, nextCursor: page.nextCursor, isFirstPage: !after };
}

/** Download CSV: every refused row of the job, streamed (same access rule as the page: the provider set the job). */
export function rejectedDownload<E extends JobEnv>(c: Context<E>): Response {
  const row = c.var.job;
  return rejectedRowsCsv(makeDb(c.env.DB), row.workspaceId, row.id);
}
