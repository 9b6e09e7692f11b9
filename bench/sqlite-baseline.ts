// The physical limit for `import`: the same CSV parsed and upserted into the same products table with Node 22's
// built-in SQLite (node:sqlite DatabaseSync, no native addon), on a file in WAL mode, 500 rows per transaction.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import Papa from "papaparse";

const ROOT = path.resolve(import.meta.dirname, "..");
const BATCH = 500;

/** The products table and its index, exactly as the migration creates them. */
function productsDdl(): string[] {
  return readFileSync(path.join(ROOT, "migrations", "0000_init.sql"), "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => /(TABLE|INDEX) `products/.test(s));
}

const UPSERT = `INSERT INTO products (workspace_id, sku, title, description, origin_country, customs_value, currency,
  hs_code, hs_source, last_job_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)
  ON CONFLICT (workspace_id, sku) DO UPDATE SET title = excluded.title, description = excluded.description,
  origin_country = excluded.origin_country, customs_value = excluded.customs_value, currency = excluded.currency,
  last_job_id = excluded.last_job_id, updated_at = excluded.updated_at`;

/** Parses and upserts every row of `csv`; returns rows/s and the row count, timing parse + inserts. */
export function sqliteImport(csv: string): { rows: number; perSecond: number; elapsedMs: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dutyleak-bench-sqlite-"));
  const db = new DatabaseSync(path.join(dir, "baseline.sqlite"));
  try {
    db.exec("PRAGMA journal_mode = WAL");
    for (const ddl of productsDdl()) db.exec(ddl);
    const insert = db.prepare(UPSERT);
    const started = performance.now();
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    const now = Date.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      db.exec("BEGIN");
      for (const r of rows.slice(i, i + BATCH)) {
        insert.run(
          "ws",
          r.sku ?? "",
          r.title ?? "",
          r.description || null,
          r.origin_country ?? "",
          Number(r.customs_value),
          r.currency ?? "",
          "job",
          now,
          now,
        );
      }
      db.exec("COMMIT");
    }
    const elapsedMs = performance.now() - started;
    const count = (db.prepare("SELECT count(*) AS n FROM products").get() as { n: number }).n;
    return { rows: count, perSecond: (count * 1000) / elapsedMs, elapsedMs };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
