// The products data layer: upserts by (workspace, SKU) for imports, and catalogue reads.
import { and, asc, eq, gt, inArray, isNotNull, isNull, like, sql } from "drizzle-orm";
import type { ProductInput } from "../api/payloads.ts";
import type { BatchItem, Db } from "./client.ts";
import { type ProductRow, products } from "./schema.ts";

/** Characters of JSON per upsert statement: well under D1's 2 MB per bound value, whatever the descriptions hold. */
const MAX_JSON_PER_STATEMENT = 900_000;

/**
 * Statements that upsert `rows` by SKU: one `INSERT … SELECT … FROM json_each(?)` per chunk (a whole chunk is one
 * bound JSON value, so D1's 100-parameter limit does not split it into dozens of statements), more only when the
 * JSON grows past MAX_JSON_PER_STATEMENT. A re-run never duplicates a product; an hs_code given by the importer
 * counts as set by a person, and an import without one keeps the existing code.
 */
export function upsertProductStatements(
  db: Db,
  workspaceId: string,
  jobId: string,
  rows: ProductInput[],
  now: number,
): BatchItem[] {
  // Keep the last occurrence of each SKU: a later row of the same import wins, as it would one statement later.
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  const statements: BatchItem[] = [];
  let part: string[] = [];
  let size = 0;
  const flush = () => {
    if (part.length > 0) statements.push(upsertFromJson(db, workspaceId, jobId, `[${part.join(",")}]`, now));
    part = [];
    size = 0;
  };
  for (const r of bySku.values()) {
    const json = JSON.stringify([
      r.sku,
      r.title,
      r.description ?? null,
      r.origin_country,
      r.customs_value,
      r.currency,
      r.hs_code ?? null,
    ]);
    if (size + json.length > MAX_JSON_PER_STATEMENT) flush();
    part.push(json);
    size += json.length + 1;
  }
  flush();
  return statements;
}

/** Each element of `json` is [sku, title, description, origin, value, currency, hs_code] (arrays: compact to bind). */
function upsertFromJson(db: Db, workspaceId: string, jobId: string, json: string, now: number): BatchItem {
  const at = (i: number) => sql`json_extract(value, ${`$[${i}]`})`;
  // drizzle's insert-select lists every column in table order. `WHERE true` resolves SQLite's parsing ambiguity
  // between an upsert's ON CONFLICT and a join (PLATFORM.md §10).
  const rows = db
    .select({
      workspaceId: sql<string>`${workspaceId}`.as("workspace_id"),
      sku: sql<string>`${at(0)}`.as("sku"),
      title: sql<string>`${at(1)}`.as("title"),
      description: sql<string | null>`${at(2)}`.as("description"),
      originCountry: sql<string>`${at(3)}`.as("origin_country"),
      customsValue: sql<number>`${at(4)}`.as("customs_value"),
      currency: sql<string>`${at(5)}`.as("currency"),
      hsCode: sql<string | null>`${at(6)}`.as("hs_code"),
      hsSource: sql<"person" | null>`CASE WHEN ${at(6)} IS NULL THEN NULL ELSE 'person' END`.as("hs_source"),
      confidence: sql<null>`NULL`.as("confidence"),
      matchedRule: sql<null>`NULL`.as("matched_rule"),
      lastJobId: sql<string>`${jobId}`.as("last_job_id"),
      createdAt: sql<number>`${now}`.as("created_at"),
      updatedAt: sql<number>`${now}`.as("updated_at"),
    })
    .from(sql`json_each(${json})`)
    .where(sql`true`);
  return db
    .insert(products)
    .select(rows)
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
    });
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
