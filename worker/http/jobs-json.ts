// Job JSON for responses and pages, with why each waiting job waits: the workspace's lanes are read (one small D1
// batch) only when some row is a pending job that was not admitted.
import { type JobJsonContext, toJobJson } from "../api/job-json.ts";
import type { Job } from "../api/schema.ts";
import { needsLanes } from "../api/waiting.ts";
import type { Db } from "../db/client.ts";
import { readLaneContext } from "../db/lanes.ts";
import type { JobRow } from "../db/schema.ts";

export async function jobJsonContext(db: Db, rows: readonly JobRow[]): Promise<JobJsonContext> {
  const waiting = rows.find(needsLanes);
  return { lanes: waiting ? await readLaneContext(db, waiting.workspaceId) : null, now: Date.now() };
}

export async function jobsJson(db: Db, rows: readonly JobRow[]): Promise<Job[]> {
  const context = await jobJsonContext(db, rows);
  return rows.map((row) => toJobJson(row, context));
}

export async function jobJson(db: Db, row: JobRow): Promise<Job> {
  return toJobJson(row, await jobJsonContext(db, [row]));
}
