// An import's refused rows: written with the chunk that read them (one INSERT … SELECT FROM json_each per chunk,
// idempotent on (job, row, seq)), paged by (row, seq) for the job page and GET /api/v1/jobs/:id/rejected.
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { RejectedRow } from "../api/find-and-fix.ts";
import type { BatchItem, Db } from "./client.ts";
import { type JobRejectedRow, jobRejectedRows } from "./schema.ts";

/** One problem of one refused row, as the import found it. */
export type RejectedProblem = Omit<RejectedRow, "values"> & { seq: number; values: Record<string, unknown> | null };

/** The statement that stores a chunk's refused rows (none when the chunk refused nothing). */
export function rejectedRowsInsert(
  db: Db,
  workspaceId: string,
  jobId: string,
  problems: RejectedProblem[],
): BatchItem[] {
  if (problems.length === 0) return [];
  const json = JSON.stringify(problems);
  const at = (path: string) => sql`json_extract(value, ${path})`;
  const rows = db
    .select({
      jobId: sql<string>`${jobId}`.as("job_id"),
      workspaceId: sql<string>`${workspaceId}`.as("workspace_id"),
      row: at("$.row").as("row"),
      seq: at("$.seq").as("seq"),
      sku: at("$.sku").as("sku"),
      field: at("$.field").as("field"),
      code: at("$.code").as("code"),
      message: at("$.message").as("message"),
      // json() keeps an object as JSON text (json_extract would hand SQLite its text form anyway, but NULL stays NULL).
      values: sql`CASE WHEN json_type(value, '$.values') = 'object' THEN json(json_extract(value, '$.values')) END`.as(
        "values",
      ),
    })
    .from(sql`json_each(${json})`)
    .where(sql`true`);
  return [db.insert(jobRejectedRows).select(rows).onConflictDoNothing()];
}

/** A page cursor is the last row's "row.seq". */
export const rejectedCursor = (r: Pick<JobRejectedRow, "row" | "seq">) => `${r.row}.${r.seq}`;
export const REJECTED_CURSOR_PATTERN = /^\d{1,9}\.\d{1,4}$/;

const toJson = (r: JobRejectedRow): RejectedRow => ({
  row: r.row,
  sku: r.sku,
  field: r.field,
  code: r.code,
  message: r.message,
  values: r.values === null ? null : (JSON.parse(r.values) as Record<string, unknown>),
});

export async function listRejectedRows(
  db: Db,
  workspaceId: string,
  jobId: string,
  page: { cursor?: string; limit: number },
): Promise<{ rows: RejectedRow[]; nextCursor: string | null }> {
  const [afterRow, afterSeq] = page.cursor ? page.cursor.split(".").map(Number) : [undefined, undefined];
  const rows = await db
    .select()
    .from(jobRejectedRows)
    .where(
      and(
        eq(jobRejectedRows.jobId, jobId),
        eq(jobRejectedRows.workspaceId, workspaceId),
        afterRow === undefined
          ? undefined
          : or(
              gt(jobRejectedRows.row, afterRow),
              and(eq(jobRejectedRows.row, afterRow), gt(jobRejectedRows.seq, afterSeq ?? 0)),
            ),
      ),
    )
    .orderBy(asc(jobRejectedRows.row), asc(jobRejectedRows.seq))
    .limit(page.limit + 1)
    .all();
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown.at(-1);
  return { rows: shown.map(toJson), nextCursor: more && last ? rejectedCursor(last) : null };
}
