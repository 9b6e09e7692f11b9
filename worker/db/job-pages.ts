// Backward keyset paging for the admin jobs table ("Newer" link): the page of jobs just newer than a given id, in the
// same newest-first order as listJobs, found by an ascending index range scan from that id.
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { JobFilter } from "./jobs.ts";
import { type JobRow, jobs } from "./schema.ts";

export interface NewerPage {
  /** Newest first, like listJobs. */
  rows: JobRow[];
  /** Whether jobs newer than these exist (there is a page before this one). */
  hasNewer: boolean;
}

export async function listNewerJobs(
  db: Db,
  workspaceId: string,
  filter: JobFilter & { before: string; limit: number },
): Promise<NewerPage> {
  const conditions = [eq(jobs.workspaceId, workspaceId), gt(jobs.id, filter.before)];
  if (filter.status) conditions.push(eq(jobs.status, filter.status));
  if (filter.type) conditions.push(eq(jobs.type, filter.type));
  if (filter.createdBy) conditions.push(eq(jobs.createdBy, filter.createdBy));
  const rows = await db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .orderBy(asc(jobs.id))
    .limit(filter.limit + 1)
    .all();
  const hasNewer = rows.length > filter.limit;
  return { rows: rows.slice(0, filter.limit).reverse(), hasNewer };
}
