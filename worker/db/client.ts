// The drizzle handle over D1 that every data-layer function takes as its first parameter.
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import * as schema from "./schema.ts";

export type Db = DrizzleD1Database<typeof schema>;

/** One handle per binding per isolate: building drizzle's schema mapping costs more than many queries. */
const handles = new WeakMap<D1Database, Db>();

export function makeDb(d1: D1Database): Db {
  let db = handles.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    handles.set(d1, db);
  }
  return db;
}

/** A statement that can go into `db.batch()`; data writes of a chunk are collected as these. */
export type BatchItem = Parameters<Db["batch"]>[0][number];

/** D1 batches must be non-empty tuples in drizzle's types; this keeps call sites honest about that. */
export async function runBatch(db: Db, items: BatchItem[]): Promise<unknown[]> {
  if (items.length === 0) return [];
  return db.batch(items as [BatchItem, ...BatchItem[]]);
}

/** D1 allows 100 bound parameters per statement: rows per multi-row insert for a table of `columns` columns. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(100 / columns));
}
