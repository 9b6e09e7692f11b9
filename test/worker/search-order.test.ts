// A search pages newest first by walking the search index in rowid order (migration 0012, worker/db/jobs/search.ts).
// These tests hold it to the same order and the same pages as a list without a search: jobs of one millisecond
// indexed out of id order, a page that ends inside such a millisecond, cursors, filters and other workspaces.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { decodeTime, ulid } from "ulidx";
import { describe, expect, it } from "vitest";
import type { JobStatus } from "../../worker/api/schema.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { listJobs, listNewerJobs } from "../../worker/db/jobs/read.ts";
import { SLOT_SIZE, searchSlotStart } from "../../worker/db/jobs/search-slots.ts";
import { jobs } from "../../worker/db/schema.ts";
import { makeWorkspace } from "../support/workerd/api.ts";

const db = () => makeDb(env.DB);
const workspace = () => `ws_${newId().slice(-10).toLowerCase()}`;

/** An ended job with a chosen id (so with a chosen creation millisecond), its error searchable. */
async function jobWithId(workspaceId: string, id: string, error: string, status: JobStatus = "failed") {
  const at = decodeTime(id);
  await db()
    .insert(jobs)
    .values({
      id,
      workspaceId,
      type: "test_flaky",
      status,
      payload: "{}",
      maxAttempts: 1,
      rev: newId(),
      error,
      createdAt: at,
      updatedAt: at,
      runAfter: at,
      enqueuedAt: at,
    })
    .run();
}

/** A list's pages, followed by cursor to the end, as one list of ids. */
async function allPages(workspaceId: string, filter: { q?: string; status?: JobStatus }, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const { rows, nextCursor } = await listJobs(db(), workspaceId, { ...filter, limit, cursor });
    ids.push(...rows.map((row) => row.id));
    if (!nextCursor) return ids;
    cursor = nextCursor;
  }
  throw new Error("more than 100 pages");
}

/** Deterministic shuffle (a test must not pass by luck). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("search order", () => {
  it("gives a new job's index row a rowid in the slot of the millisecond it was created", async () => {
    const { workspaceId } = await makeWorkspace(`ws${newId().slice(-8).toLowerCase()}`, ["admin"]);
    const { job } = await insertJob(db(), {
      workspaceId,
      type: "test_flaky",
      payload: { items: 1 },
      maxAttempts: 1,
      createdBy: null,
      now: Date.now(),
    });
    const row = await db().select({ searchId: jobs.searchId }).from(jobs).where(eq(jobs.id, job.id)).get();
    const start = searchSlotStart(decodeTime(job.id));
    expect(row?.searchId).toBeGreaterThanOrEqual(start);
    expect(row?.searchId).toBeLessThan(start + SLOT_SIZE);
    // Newer milliseconds get smaller rowids, and every rowid is a safe JavaScript integer.
    // One reading of the clock: two could fall in different milliseconds.
    const now = Date.now();
    expect(searchSlotStart(now + 1)).toBe(searchSlotStart(now) - SLOT_SIZE);
    expect(searchSlotStart(Date.UTC(2024, 0, 1))).toBe(2 ** 53 - SLOT_SIZE);
    expect(Number.isSafeInteger(searchSlotStart(0))).toBe(true);
  });

  it("pages exactly newest first by id when a millisecond's jobs were indexed out of id order", async () => {
    const ws = workspace();
    const base = Date.now() - 60_000;
    // 3 milliseconds of matches (12 in the middle one, inserted shuffled), misses among them, older and newer jobs.
    const middle = Array.from({ length: 12 }, () => ulid(base + 1));
    const matches = [...middle, ulid(base), ulid(base), ulid(base + 2), ulid(base + 5_000)];
    const misses = [ulid(base + 1), ulid(base + 1), ulid(base + 3)];
    for (const id of shuffled([...matches, ...misses])) {
      await jobWithId(ws, id, matches.includes(id) ? "HS service unreachable" : "quota exceeded");
    }
    const expected = [...matches].sort().reverse();
    for (const limit of [1, 3, 5, 7, 50]) {
      expect(await allPages(ws, { q: "unreachable" }, limit)).toEqual(expected);
    }
    // A page that ends inside the shuffled millisecond holds the newest ids of it, not the first indexed.
    const { rows } = await listJobs(db(), ws, { q: "unreachable", limit: 4 });
    expect(rows.map((row) => row.id)).toEqual(expected.slice(0, 4));
    // Paging back ("Newer") meets the same order.
    const newer = await listNewerJobs(db(), ws, { q: "unreachable", before: expected[6] as string, limit: 3 });
    expect(newer.rows.map((row) => row.id)).toEqual(expected.slice(3, 6));
  });

  it("keeps the other filters and the workspace: a search never shows what the list without it would not", async () => {
    const ws = workspace();
    const other = workspace();
    const base = Date.now() - 120_000;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = ulid(base + (i % 4));
      ids.push(id);
      await jobWithId(i % 3 === 0 ? other : ws, id, `needle ${i}`, i % 2 === 0 ? "failed" : "dead_letter");
    }
    for (const status of ["failed", "dead_letter"] as const) {
      const searched = await allPages(ws, { q: "needle", status }, 4);
      expect(searched).toEqual(await allPages(ws, { status }, 4));
      expect(searched.length).toBeGreaterThan(0);
    }
    expect(await allPages(other, { q: "needle" }, 2)).toEqual(await allPages(other, {}, 2));
  });
});
