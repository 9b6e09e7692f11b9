// Migration 0012 on a database that already holds jobs: their search rows move to the slots of the milliseconds
// they were created in (newest at the smallest rowids), jobs point at their moved rows, search still finds them,
// and jobs inserted afterwards join in order. Runs the real migration files on Node's built-in SQLite.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { decodeTime, ulid } from "ulidx";
import { describe, expect, it } from "vitest";
import { SLOT_SIZE, searchSlotStart } from "../../worker/db/jobs/search-slots.ts";

const MIGRATIONS = path.join(import.meta.dirname, "../../migrations");
const files = readdirSync(MIGRATIONS)
  .filter((name) => name.endsWith(".sql"))
  .sort();

function apply(db: DatabaseSync, file: string) {
  for (const statement of readFileSync(path.join(MIGRATIONS, file), "utf8").split("--> statement-breakpoint")) {
    if (statement.trim()) db.exec(statement);
  }
}

function insertJob(db: DatabaseSync, id: string, error: string) {
  const at = decodeTime(id);
  db.prepare(
    `INSERT INTO jobs (id, workspace_id, type, status, payload, max_attempts, rev, error, created_at, updated_at,
       run_after, enqueued_at) VALUES (?, 'ws', 'test_flaky', 'failed', '{}', 1, 'r', ?, ?, ?, ?, ?)`,
  ).run(id, error, at, at, at, at);
}

/** Matches newest first as the list walks them: by rowid. */
function searchOrder(db: DatabaseSync, q: string): string[] {
  const rows = db.prepare("SELECT job_id FROM job_search WHERE job_search MATCH ? ORDER BY rowid").all(`"${q}"`) as {
    job_id: string;
  }[];
  return rows.map((row) => row.job_id);
}

describe("migration 0012_search_newest_first", () => {
  it("moves existing search rows into their milliseconds' slots and keeps every job pointing at its own", () => {
    const db = new DatabaseSync(":memory:");
    const at = Date.UTC(2026, 10, 20, 12);
    for (const file of files.filter((name) => name < "0012")) apply(db, file);
    // Before: rowids in insertion order (oldest first), two jobs in one millisecond.
    const ids = [ulid(at), ulid(at + 10), ulid(at + 10), ulid(at + 99)];
    for (const [i, id] of [ids[2], ids[0], ids[3], ids[1]].entries()) {
      insertJob(db, id as string, i % 2 === 0 ? "HS lookup unreachable" : "quota exceeded");
    }
    apply(db, files.find((name) => name.startsWith("0012")) as string);

    const rows = db
      .prepare("SELECT j.id, j.search_id, s.job_id FROM jobs j LEFT JOIN job_search s ON s.rowid = j.search_id")
      .all() as { id: string; search_id: number; job_id: string | null }[];
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.job_id).toBe(row.id);
      const start = searchSlotStart(decodeTime(row.id));
      expect(row.search_id).toBeGreaterThanOrEqual(start);
      expect(row.search_id).toBeLessThan(start + SLOT_SIZE);
    }
    expect(db.prepare("SELECT count(*) AS n FROM job_search").get()).toEqual({ n: 4 });
    expect(searchOrder(db, "unreachable")).toEqual([ids[3], ids[2]]);
    // The two jobs of one millisecond share a slot, in id order.
    const pair = rows.filter((row) => row.id === ids[1] || row.id === ids[2]).map((row) => row.search_id);
    expect(Math.floor((pair[0] as number) / SLOT_SIZE)).toBe(Math.floor((pair[1] as number) / SLOT_SIZE));

    // After: a new job goes into its own slot, before the older ones; a second one of that millisecond next to it.
    const later = [ulid(at + 500), ulid(at + 500)];
    for (const id of later) insertJob(db, id, "HS lookup unreachable again");
    expect(searchOrder(db, "unreachable")).toEqual([later[0], later[1], ids[3], ids[2]]);
    // Editing the error still updates the job's own row; deleting the job removes it.
    db.prepare("UPDATE jobs SET error = 'now a timeout' WHERE id = ?").run(later[0] as string);
    expect(searchOrder(db, "timeout")).toEqual([later[0]]);
    db.prepare("DELETE FROM jobs WHERE id = ?").run(later[1] as string);
    expect(searchOrder(db, "unreachable")).toEqual([ids[3], ids[2]]);
  });

  it("gives a job a free rowid ahead of all others once its millisecond's slot is full, and never fails the insert", () => {
    const db = new DatabaseSync(":memory:");
    for (const file of files) apply(db, file);
    const at = Date.UTC(2026, 10, 20, 12);
    const start = searchSlotStart(at);
    // Fill the slot's last rowid by hand (as 8,192 jobs of one millisecond would), then insert one more.
    const filler = db.prepare("INSERT INTO job_search (rowid, job_id, body) VALUES (?, 'x', 'filler')");
    filler.run(start + SLOT_SIZE - 1);
    // And a job of a later millisecond, so "ahead of all others" is outside this slot.
    filler.run(searchSlotStart(at + 1_000));
    const id = ulid(at);
    insertJob(db, id, "overflow");
    const { search_id } = db.prepare("SELECT search_id FROM jobs WHERE id = ?").get(id) as { search_id: number };
    expect(search_id).toBe(searchSlotStart(at + 1_000) - 1);
    expect(searchOrder(db, "overflow")).toEqual([id]);
  });
});
