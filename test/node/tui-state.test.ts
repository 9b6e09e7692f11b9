// How live job events fold into the visible page: in place, new at the top, leaving a filter, counts.
import { describe, expect, it } from "vitest";
import * as S from "../../tui/state.ts";
import type { Job, JobListResponse, JobStatus } from "../../worker/api/schema.ts";

/** Job n was created at second n: a higher n is newer, so the API lists it first. */
function job(n: number, status: JobStatus = "running", extra: Partial<Job> = {}): Job {
  return {
    id: `01JST${String(n).padStart(21, "0")}`,
    workspace_id: "ws_acme",
    rejected: 0,
    type: "data_import",
    status,
    progress: 0,
    processed: 0,
    total: null,
    current_item: null,
    attempts: 0,
    max_attempts: 5,
    error: null,
    created_by: null,
    created_at: `2026-11-17T10:00:${String(n).padStart(2, "0")}Z`,
    started_at: null,
    completed_at: null,
    updated_at: "2026-11-17T10:01:00Z",
    run_after: null,
    result: null,
    control: null,
    ...extra,
  };
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

describe("cycle", () => {
  it("goes through every value and back to none", () => {
    expect(S.cycle(["a", "b"], undefined)).toBe("a");
    expect(S.cycle(["a", "b"], "a")).toBe("b");
    expect(S.cycle(["a", "b"], "b")).toBeUndefined();
  });
});
