// The products data layer: upserts by (workspace, SKU) for imports, and catalogue reads.
import { and, asc, eq, gt, inArray, isNotNull, isNull, like, sql } from "drizzle-orm";
import type { ProductInput } from "../api/payloads.ts";
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

/** Which products a job works on. `skus` (at most 90 per call, D1's parameter limit) takes precedence. */
export interface ProductSelection {
  skus?: string[];
  /** Only products without an hs_code. */
  unclassified?: boolean;
  hsCodePrefix?: string;
  originCountry?: string;
  classified?: boolean;
}

function selectionConditions(workspaceId: string, selection: ProductSelection) {
  const conditions = [eq(products.workspaceId, workspaceId)];
  if (selection.skus) conditions.push(inArray(products.sku, selection.skus));
  if (selection.unclassified) conditions.push(isNull(products.hsCode));
  if (selection.hsCodePrefix) conditions.push(like(products.hsCode, `${selection.hsCodePrefix}%`));
  if (selection.originCountry) conditions.push(eq(products.originCountry, selection.originCountry));
  if (selection.classified === true) conditions.push(isNotNull(products.hsCode));
  if (selection.classified === false) conditions.push(isNull(products.hsCode));
  return conditions;
}

/** The next page of selected products in SKU order (keyset on SKU). */
export async function selectProducts(
  db: Db,
  workspaceId: string,
  selection: ProductSelection,
  page: { afterSku?: string | null; limit: number },
): Promise<ProductRow[]> {
  const conditions = selectionConditions(workspaceId, selection);
  if (page.afterSku) conditions.push(gt(products.sku, page.afterSku));
  return db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(asc(products.sku))
    .limit(page.limit)
    .all();
}

export async function countSelectedProducts(db: Db, workspaceId: string, selection: ProductSelection): Promise<number> {
  return db.$count(products, and(...selectionConditions(workspaceId, selection)));
}

export interface Classified {
  sku: string;
  hsCode: string;
  confidence: number;
  matchedRule: string;
}

/**
 * Statements that record the classifier's proposals. A code a person set is only replaced when `overridePeople` is
 * set, and the condition is in the statement itself, so a person's edit made while the job runs is never lost.
 */
export function classificationStatements(
  db: Db,
  workspaceId: string,
  rows: Classified[],
  options: { overridePeople: boolean; now: number },
): BatchItem[] {
  return rows.map((row) => {
    const conditions = [eq(products.workspaceId, workspaceId), eq(products.sku, row.sku)];
    if (!options.overridePeople) conditions.push(sql`${products.hsSource} IS NOT 'person'`);
    return db
      .update(products)
      .set({
        hsCode: row.hsCode,
        hsSource: "rule",
        confidence: row.confidence,
        matchedRule: row.matchedRule,
        updatedAt: options.now,
      })
      .where(and(...conditions));
  });
}
