// Loads what a job page shows for the job the provider set: its history, its stored payload and, for a duty
// optimisation, its largest findings (bounded; the result carries the counts, so nothing is counted per request).
import type { Context } from "hono";
import { FINDINGS_SHOWN } from "../../views/jobs/DutyFindings.tsx";
import type { JobPageData } from "../../views/jobs/JobDetail.tsx";
import { toFindingJson } from "../api/finding-json.ts";
import { toJobJson } from "../api/job-json.ts";
import type { JobType } from "../api/job-types.ts";
import { makeDb } from "../db/client.ts";
import { listFindings } from "../db/findings.ts";
import { listEvents } from "../db/jobs/read.ts";
import type { JobRow } from "../db/schema.ts";
import type { PageEnv } from "../middleware/session.ts";

/** The one job type that writes findings (worker/jobs/types/duty_optimization.ts). */
const FINDINGS_TYPE: JobType = "duty_optimization";

export async function loadJobPage<E extends PageEnv & { Variables: { job: JobRow } }>(
  c: Context<E>,
): Promise<JobPageData> {
  const row = c.var.job;
  const db = makeDb(c.env.DB);
  const [events, findings] = await Promise.all([
    listEvents(db, row.id),
    row.type === FINDINGS_TYPE ? listFindings(db, row.workspaceId, row.id, FINDINGS_SHOWN) : null,
  ]);
  return {
    job: toJobJson(row),
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
