// The products data layer: upserts by (workspace, SKU) for imports, and catalogue reads.
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { ProductInput } from "../api/schema.ts";
import { type BatchItem, type Db, rowsPerStatement } from "./client.ts";
import { type ProductRow, products } from "./schema.ts";

const UPSERT_COLUMNS = 12;

/**
 * Statements that upsert `rows` by SKU, chunked under D1's 100-parameter limit. A re-run never duplicates a product;
 * an hs_code given by the importer counts as set by a person, and an import without one keeps the existing code.
 */
export function upsertProductStatements(
  db: Db,
  workspaceId: string,
  jobId: string,
  rows: ProductInput[],
  now: number,
): BatchItem[] {
  // One statement must not touch the same key twice: keep the last occurrence of each SKU.
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  const unique = [...bySku.values()];
  const perStatement = rowsPerStatement(UPSERT_COLUMNS);
  const statements: BatchItem[] = [];
  for (let i = 0; i < unique.length; i += perStatement) {
    const values = unique.slice(i, i + perStatement).map((r) => ({
      workspaceId,
      sku: r.sku,
      title: r.title,
      description: r.description ?? null,
      originCountry: r.origin_country,
      customsValue: r.customs_value,
      currency: r.currency,
      hsCode: r.hs_code ?? null,
      hsSource: r.hs_code ? ("person" as const) : null,
      lastJobId: jobId,
      createdAt: now,
      updatedAt: now,
    }));
    statements.push(
      db
        .insert(products)
        .values(values)
        .onConflictDoUpdate({
          target: [products.workspaceId, products.sku],
          set: {
            title: sql`excluded.title`,
            description: sql`excluded.description`,
            originCountry: sql`excluded.origin_country`,
            customsValue: sql`excluded.customs_value`,
            currency: sql`excluded.currency`,
            hsCode: sql`coalesce(excluded.hs_code, ${products.hsCode})`,
            hsSource: sql`coalesce(excluded.hs_source, ${products.hsSource})`,
            confidence: sql`case when excluded.hs_code is null then ${products.confidence} else null end`,
            matchedRule: sql`case when excluded.hs_code is null then ${products.matchedRule} else null end`,
            lastJobId: sql`excluded.last_job_id`,
            updatedAt: sql`excluded.updated_at`,
          },
        }),
    );
  }
  return statements;
}

export async function countProducts(db: Db, workspaceId: string): Promise<number> {
  return db.$count(products, eq(products.workspaceId, workspaceId));
}

/** Catalogue page in SKU order (keyset on SKU). */
export async function listProducts(
  db: Db,
  workspaceId: string,
  options: { afterSku?: string; limit: number },
): Promise<ProductRow[]> {
  const conditions = [eq(products.workspaceId, workspaceId)];
  if (options.afterSku) conditions.push(gt(products.sku, options.afterSku));
  return db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(asc(products.sku))
    .limit(options.limit)
    .all();
}
