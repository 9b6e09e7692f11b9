// Walking a job's products chunk by chunk: either an explicit SKU list (by index) or a selection (keyset on SKU).
// Shared by the classification, export and duty-optimisation job types.
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { countSelectedProducts, type ProductSelection, selectProducts } from "../db/products.ts";
import type { ProductRow } from "../db/schema.ts";

/** D1 allows 100 bound parameters per statement; SKU lists are read 90 at a time. */
const SKUS_PER_READ = 90;

export const pageCursorSchema = z.object({
  /** Index into the sorted SKU list, or the last SKU read for a selection. */
  index: z.number().int().min(0),
  afterSku: z.string().nullable(),
});
export type PageCursor = z.infer<typeof pageCursorSchema>;
export const FIRST_PAGE: PageCursor = { index: 0, afterSku: null };

export interface ProductPage {
  rows: ProductRow[];
  next: PageCursor;
  done: boolean;
  /** Items this page accounts for (for SKU lists: SKUs looked at, found or not). */
  items: number;
  /** SKUs in the list that match no product. */
  missing: string[];
}

export function sortedSkus(skus: string[] | undefined): string[] | undefined {
  return skus ? [...new Set(skus)].sort() : undefined;
}

export async function totalFor(
  db: Db,
  workspaceId: string,
  skus: string[] | undefined,
  selection: ProductSelection,
): Promise<number> {
  return skus ? skus.length : countSelectedProducts(db, workspaceId, selection);
}

export async function nextProducts(
  db: Db,
  workspaceId: string,
  skus: string[] | undefined,
  selection: ProductSelection,
  cursor: PageCursor,
  limit: number,
): Promise<ProductPage> {
  if (skus) {
    const slice = skus.slice(cursor.index, cursor.index + Math.min(limit, SKUS_PER_READ));
    const rows = slice.length
      ? await selectProducts(db, workspaceId, { ...selection, skus: slice }, { limit: slice.length })
      : [];
    const found = new Set(rows.map((r) => r.sku));
    const index = cursor.index + slice.length;
    return {
      rows,
      next: { index, afterSku: null },
      done: index >= skus.length,
      items: slice.length,
      missing: slice.filter((s) => !found.has(s)),
    };
  }
  const rows = await selectProducts(db, workspaceId, selection, { afterSku: cursor.afterSku, limit });
  return {
    rows,
    next: { index: cursor.index + rows.length, afterSku: rows.at(-1)?.sku ?? cursor.afterSku },
    done: rows.length < limit,
    items: rows.length,
    missing: [],
  };
}

export const productLabel = (row: { sku: string; title: string }) => `${row.sku} · ${row.title}`.slice(0, 200);
