// How live job events fold into the visible page: in place, new at the top, leaving a filter, counts.
import { describe, expect, it } from "vitest";
import * as S from "../../tui/state.ts";
import type { Job, JobListResponse, JobStatus } from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";

/** Job n was created at second n: a higher n is newer, so the API lists it first. */
function job(n: number, status: JobStatus = "running", extra: Partial<Job> = {}): Job {
  return jobFixture({
    id: `01JST${String(n).padStart(21, "0")}`,
    status,
    created_at: `2026-11-17T10:00:${String(n).padStart(2, "0")}Z`,
    ...extra,
  });
}

const counts = { pending: 0, running: 3, completed: 0, failed: 0, cancelled: 0, paused: 0, dead_letter: 0 };

function page(
  rows: Job[],
  opts: { filter?: S.Filter; pages?: (string | null)[]; next?: string | null; size?: number } = {},
) {
  let s = S.initialState({ url: "u", pageSize: opts.size ?? 3 });
  s = { ...s, filter: opts.filter ?? {}, pages: opts.pages ?? [null] };
  return S.listLoaded(s, { jobs: rows, next_cursor: opts.next ?? null, counts: counts as JobListResponse["counts"] });
}

const ids = (s: S.State) => s.rows.map((r) => Number(r.id.slice(5)));
const later = "2026-11-17T10:02:00Z";

describe("jobChanged", () => {
  it("updates a visible row in place and moves the counts on a status change", () => {
    const s = S.jobChanged(page([job(3), job(2), job(1)]), job(2, "completed", { progress: 100, updated_at: later }));
    expect(ids(s)).toEqual([3, 2, 1]);
    expect(s.rows[1]?.status).toBe("completed");
    expect(s.counts).toMatchObject({ running: 2, completed: 1 });
    expect(s.stale).toBe(false);
  });

  it("ignores an older copy of a row that arrives late", () => {
    const s0 = page([job(3, "running", { updated_at: later })]);
    expect(S.jobChanged(s0, job(3, "pending"))).toBe(s0);
  });

  it("puts a new matching job at the top of the first page, trims the page and keeps the cursor on its job", () => {
    const s0 = { ...page([job(3), job(2), job(1)], { next: "c2" }), selected: 1 };
    const s = S.jobChanged(s0, job(9, "pending"));
    expect(ids(s)).toEqual([9, 3, 2]);
    expect(s.selected).toBe(2);
    expect(s.stale).toBe(true); // next_cursor no longer follows the last row
  });

  it("does not put a new job on a later page", () => {
    const s0 = page([job(3), job(2), job(1)], { pages: [null, "c1"], next: "c2" });
    expect(ids(S.jobChanged(s0, job(9)))).toEqual([3, 2, 1]);
  });

  it("does not show a new job that does not match the filter", () => {
    const s0 = page([job(3), job(2)], { filter: { status: "running" } });
    expect(ids(S.jobChanged(s0, job(9, "pending")))).toEqual([3, 2]);
  });

  it("drops a row that stops matching the filter and keeps the selection on a neighbour", () => {
    const s0 = {
      ...page([job(3, "failed"), job(2, "failed"), job(1, "failed")], { filter: { status: "failed" } }),
      selected: 2,
    };
    const s = S.jobChanged(s0, job(2, "pending", { updated_at: later }));
    expect(ids(s)).toEqual([3, 1]);
    expect(s.selected).toBe(1);
    expect(s.rows[s.selected]?.id).toBe(job(1).id);
    expect(s.stale).toBe(true);
  });

  it("slots an older matching job in order when it falls inside this page", () => {
    const s = S.jobChanged(page([job(5), job(2)], { next: "c" }), job(4, "pending"));
    expect(ids(s)).toEqual([5, 4, 2]);
  });

  it("updates the open detail pane too", () => {
    const s0 = S.openDetail(page([job(3)]), job(3), []);
    expect(S.jobChanged(s0, job(3, "paused", { updated_at: later })).detail?.job.status).toBe("paused");
  });
});

describe("jobsRemoved", () => {
  it("drops removed rows and their marks, moves the counts, keeps the cursor on its job and refetches soon", () => {
    let s0 = { ...page([job(4), job(3, "completed"), job(2), job(1, "failed")], { size: 4 }), selected: 2 };
    s0 = { ...s0, marked: new Map([job(3, "completed"), job(2)].map((j) => [j.id, j])) };
    const s = S.jobsRemoved(s0, [job(3).id, job(1).id, "01JSTNOTONTHISPAGE"], "2026-12-02");
    expect(ids(s)).toEqual([4, 2]);
    expect(s.selected).toBe(1); // still on job 2
    expect([...s.marked.keys()]).toEqual([job(2).id]);
    expect(s.counts).toMatchObject({ running: 3, completed: 0, failed: 0 });
    expect(s.stale).toBe(true); // removed jobs off this page changed the counts too
  });

  it("closes the detail pane of a removed job and says which archive day holds it", () => {
    const s0 = S.openDetail(page([job(3), job(2)]), job(2), []);
    const s = S.jobsRemoved(s0, [job(2).id], "2026-12-02");
    expect(s.detail).toBeNull();
    expect(s.message?.text).toBe(`Job ${job(2).id} was archived and removed (archive of 2026-12-02)`);
    const other = S.jobsRemoved(s0, [job(3).id], "2026-12-02");
    expect(other.detail?.job.id).toBe(job(2).id);
    expect(other.message).toBeNull();
  });
});

describe("listLoaded", () => {
  it("keeps the cursor on the same job and keeps rows newer than the response", () => {
    const s0 = { ...page([job(3), job(2, "running", { updated_at: later })]), selected: 1 };
    const s = S.listLoaded(s0, {
      jobs: [job(4), job(3), job(2)],
      next_cursor: null,
      counts: counts as JobListResponse["counts"],
    });
    expect(s.selected).toBe(2);
    expect(s.rows[2]?.updated_at).toBe(later);
  });
});

describe("the bulk selection", () => {
  const marks = (s: S.State) => [...s.marked.keys()].map((id) => Number(id.slice(5)));

  it("Space's toggle marks the cursor's row and moves on, staying on the last row", () => {
    let s = page([job(3), job(2), job(1)]);
    s = S.toggleMark(S.toggleMark(S.toggleMark(s)));
    expect(marks(s)).toEqual([3, 2, 1]);
    expect(s.selected).toBe(2);
    expect(marks(S.toggleMark(s))).toEqual([3, 2]);
  });

  it("marking all adds the page to marks from other pages, and unmarks only this page", () => {
    const other = S.toggleMark(page([job(9)]));
    const s = S.toggleMarkAll({ ...page([job(3), job(2)]), marked: other.marked });
    expect(marks(s).sort()).toEqual([2, 3, 9]);
    expect(marks(S.toggleMarkAll(s))).toEqual([9]);
  });

  it("refuses to select more than the bulk endpoints take", () => {
    const rows = Array.from({ length: 3 }, (_, i) => job(i + 1));
    const full = new Map(Array.from({ length: 499 }, (_, i) => [`X${i}`, job(50)] as [string, Job]));
    const s = S.toggleMarkAll({ ...page(rows, { size: 3 }), marked: full });
    expect(s.marked.size).toBe(499);
    expect(s.message).toEqual({ text: "At most 500 jobs can be selected at once.", level: "error" });
    expect(S.toggleMark({ ...page(rows, { size: 3 }), marked: full }).marked.size).toBe(500);
  });

  it("live events keep a marked job's copy current, even when it is not on this page", () => {
    const marked = S.toggleMark(page([job(9)])).marked;
    const s0 = { ...page([job(3)], { filter: { status: "running" } }), marked };
    const s = S.jobChanged(s0, job(9, "completed", { updated_at: later }));
    expect(s.marked.get(job(9).id)?.status).toBe("completed");
    expect(ids(s)).toEqual([3]);
    // A late, older copy does not win.
    expect(S.jobChanged(s, job(9, "running")).marked.get(job(9).id)?.status).toBe("completed");
  });

  it("a reloaded page refreshes the marked copies of its rows", () => {
    const s0 = S.toggleMark(page([job(3)]));
    const s = S.listLoaded(s0, {
      jobs: [job(3, "failed", { updated_at: later })],
      next_cursor: null,
      counts: counts as JobListResponse["counts"],
    });
    expect(s.marked.get(job(3).id)?.status).toBe("failed");
  });

  it("events for unmarked jobs leave the selection object alone (no needless frame)", () => {
    const s0 = S.toggleMark(page([job(3), job(2)]));
    expect(S.jobChanged(s0, job(2, "running", { progress: 50, updated_at: later })).marked).toBe(s0.marked);
  });
});

describe("rowsMatching", () => {
  it("finds every loaded row whose id contains the fragment, in either case", () => {
    const s = page([job(31), job(13), job(2)]);
    expect(S.rowsMatching(s, "31")).toEqual([0]);
    expect(S.rowsMatching(s, "3")).toEqual([0, 1]);
    expect(S.rowsMatching(s, "01jst")).toEqual([0, 1, 2]);
    expect(S.rowsMatching(s, "X")).toEqual([]);
  });
});

describe("the list's scope: a search or an error group", () => {
  const group = { signature: "0123456789abcdef", message: "HS service unreachable" };

  it("listQuery adds q or error_signature to the filter, never both", () => {
    const s0 = page([job(1)], { filter: { status: "failed" } });
    expect(S.listQuery(s0)).toEqual({ status: "failed" });
    expect(S.listQuery(S.setSearch(s0, "acme"))).toEqual({ status: "failed", q: "acme" });
    const grouped = S.showErrorGroup(S.setSearch(s0, "acme"), group);
    expect(S.listQuery(grouped)).toEqual({ errorSignature: group.signature });
    expect(S.listQuery(S.setSearch(grouped, "beef"))).toEqual({ status: "failed", q: "beef" });
  });

  it("a new scope starts on the first page, and clearing it goes back to the filter it came from", () => {
    const s0 = page([job(1)], { filter: { type: "data_export" }, pages: [null, "c1"] });
    const searched = S.setSearch(s0, "acme");
    expect(searched.pages).toEqual([null]);
    expect(S.clearScope({ ...searched, pages: [null, "c9"] })).toMatchObject({
      scope: null,
      filter: { type: "data_export" },
      pages: [null],
    });
    const grouped = S.showErrorGroup({ ...s0, filter: { status: "failed" } }, group);
    expect(grouped.filter).toEqual({});
    expect(S.clearScope({ ...grouped, filter: { status: "pending" } }).filter).toEqual({ status: "failed" });
  });

  it("clearing no scope returns the same state (no reload)", () => {
    const s0 = page([job(1)]);
    expect(S.clearScope(s0)).toBe(s0);
  });

  it("within a scope a live event updates a listed row but never adds an unseen job, which the resync decides", () => {
    const s0 = S.listLoaded(S.setSearch(page([]), "SKU-1"), {
      jobs: [job(3), job(2)],
      next_cursor: null,
      counts: counts as JobListResponse["counts"],
    });
    const added = S.jobChanged(s0, job(9, "pending"));
    expect(ids(added)).toEqual([3, 2]);
    expect(added.stale).toBe(true);
    const moved = S.jobChanged(s0, job(2, "completed", { updated_at: later }));
    expect(moved.rows[1]?.status).toBe("completed");
  });
});

describe("the error groups pane", () => {
  const g = (n: number) => ({
    signature: String(n).repeat(16),
    type: "data_import",
    message: `e${n}`,
    count: n,
    failed: n,
    dead_letter: 0,
    first_seen: "2026-11-17T10:00:00Z",
    last_seen: "2026-11-17T10:00:00Z",
    sample_job_id: "01J",
  });

  it("opens loading, over the detail pane", () => {
    const s = S.openErrors(S.openDetail(page([job(1)]), job(1), []));
    expect(s.detail).toBeNull();
    expect(s.errors).toEqual({ groups: [], selected: 0, loading: true, failure: null });
  });

  it("keeps the cursor on its group across a reload, or on its position when that group is gone", () => {
    let s = S.moveErrorSelection(S.errorsLoaded(S.openErrors(page([])), [g(1), g(2), g(3)]), 1);
    expect(S.selectedGroup(s)?.signature).toBe(g(2).signature);
    s = S.errorsLoaded(s, [g(4), g(1), g(2)]);
    expect(s.errors?.selected).toBe(2);
    s = S.errorsLoaded(s, [g(5)]);
    expect(s.errors?.selected).toBe(0);
  });

  it("moves within the groups only", () => {
    const s = S.errorsLoaded(S.openErrors(page([])), [g(1), g(2)]);
    expect(S.moveErrorSelection(s, -1)).toBe(s);
    expect(S.moveErrorSelection(S.moveErrorSelection(s, 5), 1).errors?.selected).toBe(1);
  });

  it("an answer that arrives after the pane closed does not reopen it", () => {
    const closed = S.closeErrors(S.openErrors(page([])));
    expect(S.errorsLoaded(closed, [g(1)])).toBe(closed);
    expect(S.errorsFailed(closed, "x")).toBe(closed);
  });

  it("a failure is kept in the pane and ends the loading", () => {
    const s = S.errorsFailed(S.openErrors(page([])), "Loading error groups failed: forbidden");
    expect(s.errors).toMatchObject({ loading: false, failure: "Loading error groups failed: forbidden" });
  });
});
