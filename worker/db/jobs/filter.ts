// The one filter builder of job lists: the tenant, then the optional status, type, creator, time range, error group
// and search text, as conditions on the jobs table (each combination of the first three has an index that ends in the
// id, so keyset pages stay range scans; a search first narrows to the trigram index's matches).
import { eq, gte, lte, type SQL, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { JobStatus } from "../../api/schema.ts";
import { jobs } from "../schema.ts";

export interface JobFilter {
  status?: JobStatus;
  type?: string;
  /** Members see only the jobs they created. */
  createdBy?: string;
  /** Created at or after / at or before (epoch ms). */
  createdFrom?: number;
  createdTo?: number;
  /** The jobs of one error group. */
  errorSignature?: string;
  /** Any fragment (3+ characters) of what jobs are searched by (see migration 0005's job_search). */
  q?: string;
}

/**
 * The FTS5 search index (migrations 0005 and 0012 create and fill it, its triggers write it), declared here only to
 * be queried: drizzle-kit reads schema.ts alone, so it never tries to create this as a table.
 */
export const jobSearch = sqliteTable("job_search", {
  rowid: integer("rowid").notNull(),
  jobId: text("job_id").notNull(),
});

/** The search text as one FTS5 phrase: quotes doubled, so `"`, `*`, `NEAR`, `:` or `-` are text, never syntax. */
export function ftsPhrase(q: string): string {
  return `"${q.replaceAll('"', '""')}"`;
}

export function jobConditions(workspaceId: string, filter: JobFilter): SQL[] {
  const conditions = [eq(jobs.workspaceId, workspaceId)];
  if (filter.status) conditions.push(eq(jobs.status, filter.status));
  if (filter.type) conditions.push(eq(jobs.type, filter.type));
  if (filter.createdBy) conditions.push(eq(jobs.createdBy, filter.createdBy));
  if (filter.createdFrom !== undefined) conditions.push(gte(jobs.createdAt, filter.createdFrom));
  if (filter.createdTo !== undefined) conditions.push(lte(jobs.createdAt, filter.createdTo));
  if (filter.errorSignature) conditions.push(eq(jobs.errorSignature, filter.errorSignature));
  if (filter.q) {
    conditions.push(searchMatches(filter.q));
  }
  return conditions;
}

/** Jobs whose search row matches `q` (all matches at once: search.ts walks them newest first instead). */
function searchMatches(q: string): SQL {
  return sql`${jobs.id} IN (SELECT ${jobSearch.jobId} FROM ${jobSearch} WHERE ${jobSearch} MATCH ${ftsPhrase(q)})`;
}

/** The listed jobs (any number of ids, bound as one JSON parameter: D1 allows 100 parameters per statement). */
export function jobIdIn(ids: readonly string[]): SQL {
  return sql`${jobs.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}
