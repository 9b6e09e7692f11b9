// The one filter builder of job lists: the tenant, then the optional status, type and creator, as conditions on the
// jobs table (each combination has an index that ends in the id, so keyset pages stay range scans).
import { eq, type SQL } from "drizzle-orm";
import type { JobStatus } from "../../api/schema.ts";
import { jobs } from "../schema.ts";

export interface JobFilter {
  status?: JobStatus;
  type?: string;
  /** Members see only the jobs they created. */
  createdBy?: string;
}

export function jobConditions(workspaceId: string, filter: JobFilter): SQL[] {
  const conditions = [eq(jobs.workspaceId, workspaceId)];
  if (filter.status) conditions.push(eq(jobs.status, filter.status));
  if (filter.type) conditions.push(eq(jobs.type, filter.type));
  if (filter.createdBy) conditions.push(eq(jobs.createdBy, filter.createdBy));
  return conditions;
}
