// The duty-findings data layer: a duty_optimization job's per-product findings, written with its chunks.
import { and, desc, eq, sql } from "drizzle-orm";
import { type BatchItem, type Db, rowsPerStatement } from "./client.ts";
import { type DutyFindingRow, dutyFindings } from "./schema.ts";

export type NewFinding = Omit<DutyFindingRow, "jobId" | "workspaceId">;

/** Upserts by (job, SKU, kind), so a retried chunk rewrites the same rows instead of adding more. */
export function findingStatements(db: Db, jobId: string, workspaceId: string, findings: NewFinding[]): BatchItem[] {
  const perStatement = rowsPerStatement(13);
  const statements: BatchItem[] = [];
  for (let i = 0; i < findings.length; i += perStatement) {
    const values = findings.slice(i, i + perStatement).map((f) => ({ ...f, jobId, workspaceId }));
    statements.push(
      db
        .insert(dutyFindings)
        .values(values)
        .onConflictDoUpdate({
          target: [dutyFindings.jobId, dutyFindings.sku, dutyFindings.kind],
          set: {
            fromRate: sqlExcluded("from_rate"),
            toRate: sqlExcluded("to_rate"),
            savingCents: sqlExcluded("saving_cents"),
            detail: sqlExcluded("detail"),
            hsCode: sqlExcluded("hs_code"),
            originCountry: sqlExcluded("origin_country"),
            scheme: sqlExcluded("scheme"),
          },
        }),
    );
  }
  return statements;
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

/** A job's findings, largest saving first. */
export async function listFindings(
  db: Db,
  workspaceId: string,
  jobId: string,
  limit: number,
): Promise<DutyFindingRow[]> {
  return db
    .select()
    .from(dutyFindings)
    .where(and(eq(dutyFindings.jobId, jobId), eq(dutyFindings.workspaceId, workspaceId)))
    .orderBy(desc(dutyFindings.savingCents))
    .limit(limit)
    .all();
}

export async function countFindings(db: Db, jobId: string): Promise<number> {
  return db.$count(dutyFindings, eq(dutyFindings.jobId, jobId));
}
