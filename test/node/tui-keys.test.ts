// Key handling, table-driven against a fake fetcher: which keys call which API, with which query.

import { describe, expect, it } from "vitest";
import { Actions } from "../../tui/actions.ts";
import type { Fetcher, TokenResponse } from "../../tui/fetcher.ts";
import { handleKey, helpLines, KEYS, type KeyContext, keyName } from "../../tui/keys.ts";
import { createStore, type Filter, initialState, listLoaded, type State } from "../../tui/state.ts";
import { ApiError } from "../../worker/api/errors.ts";
import type { OperatorAction } from "../../worker/api/lifecycle.ts";
import type { Job, JobEvent, JobListResponse, JobStatus } from "../../worker/api/schema.ts";

function makeJob(id: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  return {
    id,
    workspace_id: "ws_acme",
    rejected: 0,
    type: "data_import",
    status,
    progress: 40,
    processed: 40,
    total: 100,
    current_item: "SKU-40",
    attempts: 1,
    max_attempts: 5,
    error: null,
    created_by: "admin@acme.test",
    created_at: `2026-11-17T10:00:${id.slice(-2)}Z`,
    started_at: null,
    completed_at: null,
    updated_at: "2026-11-17T10:01:00Z",
    run_after: null,
    result: null,
    control: null,
    ...extra,
  };
}

type Call = [string, ...unknown[]];

class FakeFetcher implements Fetcher {
  calls: Call[] = [];
  constructor(
    public rows: Job[],
    public nextCursor: string | null = "cur_2",
  ) {}
  async listJobs(filter: Filter, cursor: string | null, limit?: number): Promise<JobListResponse> {
    this.calls.push(["listJobs", filter, cursor, limit]);
    return { jobs: this.rows, next_cursor: this.nextCursor, counts: {} as JobListResponse["counts"] };
  }
  async getJob(id: string): Promise<{ job: Job; events: JobEvent[] }> {
    this.calls.push(["getJob", id]);
    const job = this.rows.find((j) => j.id === id);
    if (!job) throw new ApiError(404, "not_found", `no job ${id}`);
    return { job, events: [] };
  }
  async action(id: string, action: OperatorAction): Promise<Job> {
    this.calls.push(["action", id, action]);
    const job = this.rows.find((j) => j.id === id) ?? makeJob(id, "pending");
    const status: JobStatus = action === "cancel" ? "cancelled" : action === "pause" ? "paused" : "pending";
    return { ...job, status, updated_at: "2026-11-17T10:02:00Z" };
  }
  async login(): Promise<TokenResponse> {
    throw new Error("not used");
  }
  apiCalls(): Call[] {
    return this.calls.filter((c) => c[0] !== "listJobs");
  }
  listCalls(): Call[] {
    return this.calls.filter((c) => c[0] === "listJobs");
  }
}

function setup(statuses: JobStatus[], nextCursor: string | null = "cur_2", extra: Partial<Job> = {}) {
  const rows = statuses.map((st, i) => makeJob(`01JOB${"0".repeat(20)}${i}`, st, extra));
  const fetcher = new FakeFetcher(rows, nextCursor);
  let state: State = initialState({ url: "http://api.test", workspace: "acme", pageSize: 10 });
  state = listLoaded(state, { jobs: rows, next_cursor: nextCursor, counts: {} as JobListResponse["counts"] });
  const store = createStore(state);
  let quit = 0;
  const ctx: KeyContext = { store, actions: new Actions(store, fetcher), quit: () => quit++ };
  const press = async (...keys: string[]) => {
    for (const k of keys) await handleKey(ctx, k, k.length === 1 ? k : undefined);
  };
  return { fetcher, store, press, rows, quits: () => quit };
}

describe("job actions from the keyboard", () => {
  const cases: {
    name: string;
    statuses: JobStatus[];
    keys: string[];
    calls: Call[];
    message?: RegExp;
  }[] = [
    {
      name: "r on a failed job calls retry",
      statuses: ["failed"],
      keys: ["r"],
      calls: [["action", "01JOB000000000000000000000", "retry"]],
    },
    {
      name: "r on a dead-letter job calls retry",
      statuses: ["dead_letter"],
      keys: ["r"],
      calls: [["action", "01JOB000000000000000000000", "retry"]],
    },
    {
      name: "r on a running job does not call the API",
      statuses: ["running"],
      keys: ["r"],
      calls: [],
      message: /Only failed, dead-letter or cancelled/,
    },
    { name: "c asks first and calls nothing", statuses: ["running"], keys: ["c"], calls: [], message: undefined },
    {
      name: "c then y cancels",
      statuses: ["running"],
      keys: ["c", "y"],
      calls: [["action", "01JOB000000000000000000000", "cancel"]],
    },
    { name: "c then n does not cancel", statuses: ["running"], keys: ["c", "n"], calls: [], message: /Not cancelled/ },
    { name: "c then Esc does not cancel", statuses: ["pending"], keys: ["c", "escape"], calls: [] },
    { name: "c on a completed job explains", statuses: ["completed"], keys: ["c"], calls: [], message: /already/ },
    {
      name: "p on a pending job pauses",
      statuses: ["pending"],
      keys: ["p"],
      calls: [["action", "01JOB000000000000000000000", "pause"]],
    },
    {
      name: "p on a running job pauses",
      statuses: ["running"],
      keys: ["p"],
      calls: [["action", "01JOB000000000000000000000", "pause"]],
    },
    {
      name: "p on a paused job resumes",
      statuses: ["paused"],
      keys: ["p"],
      calls: [["action", "01JOB000000000000000000000", "resume"]],
    },
    { name: "p on a completed job explains", statuses: ["completed"], keys: ["p"], calls: [], message: /Only pending/ },
    {
      name: "j then r retries the second row",
      statuses: ["running", "failed"],
      keys: ["j", "r"],
      calls: [["action", "01JOB000000000000000000001", "retry"]],
    },
    {
      name: "down, up, r retries the first row",
      statuses: ["failed", "failed"],
      keys: ["down", "up", "r"],
      calls: [["action", "01JOB000000000000000000000", "retry"]],
    },
    {
      name: "Enter opens the detail",
      statuses: ["failed"],
      keys: ["enter"],
      calls: [["getJob", "01JOB000000000000000000000"]],
    },
    {
      name: "/ finds a visible job by the end of its id",
      statuses: ["failed", "running"],
      keys: ["/", "0", "0", "0", "1", "enter"],
      calls: [["getJob", "01JOB000000000000000000001"]],
    },
    {
      name: "/ looks an unknown id up on the server",
      statuses: ["failed"],
      keys: ["/", "x", "y", "z", "backspace", "enter"],
      calls: [["getJob", "xy"]],
      message: /no job xy/,
    },
    { name: "/ then Esc looks nothing up", statuses: ["failed"], keys: ["/", "a", "escape"], calls: [] },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const t = setup(c.statuses);
      await t.press(...c.keys);
      expect(t.fetcher.apiCalls()).toEqual(c.calls);
      if (c.message) expect(t.store.get().message?.text).toMatch(c.message);
    });
  }

  // Written out, not derived from the lifecycle: a change to what a status allows must show up here.
  const perStatus: Record<JobStatus, { r: boolean; cy: boolean; p: OperatorAction | null }> = {
    pending: { r: false, cy: true, p: "pause" },
    running: { r: false, cy: true, p: "pause" },
    paused: { r: false, cy: true, p: "resume" },
    completed: { r: false, cy: false, p: null },
    failed: { r: true, cy: false, p: null },
    cancelled: { r: true, cy: false, p: null },
    dead_letter: { r: true, cy: false, p: null },
  };
  for (const [status, want] of Object.entries(perStatus) as [JobStatus, (typeof perStatus)[JobStatus]][]) {
    it(`r, c y and p on a ${status} job call exactly the actions its status allows`, async () => {
      const id = "01JOB000000000000000000000";
      for (const [keys, call] of [
        [["r"], want.r ? "retry" : null],
        [["c", "y"], want.cy ? "cancel" : null],
        [["p"], want.p],
      ] as [string[], OperatorAction | null][]) {
        const t = setup([status]);
        await t.press(...keys);
        expect(t.fetcher.apiCalls(), keys.join(" ")).toEqual(call ? [["action", id, call]] : []);
      }
    });
  }

  it("sends a second stop request for a running job to the API, which decides", async () => {
    for (const keys of [["c", "y"], ["p"]]) {
      const t = setup(["running"], null, { control: "pause" });
      await t.press(...keys);
      expect(t.fetcher.apiCalls(), keys.join(" ")).toEqual([
        ["action", t.rows[0]?.id, keys[0] === "c" ? "cancel" : "pause"],
      ]);
    }
  });

  it("shows the confirmation prompt before a cancel", async () => {
    const t = setup(["running"]);
    await t.press("c");
    expect(t.store.get().confirm?.prompt).toMatch(/^Cancel job 01JOB000000000000000000000 .*y\/n/);
    await t.press("y");
    expect(t.store.get().confirm).toBeNull();
    expect(t.store.get().rows[0]?.status).toBe("cancelled");
  });

  it("draws an API error (409) in the status line instead of throwing", async () => {
    const t = setup(["failed"]);
    t.fetcher.action = async () => {
      throw new ApiError(409, "invalid_transition", "cannot retry a completed job");
    };
    await t.press("r");
    expect(t.store.get().message).toEqual({
      text: "Cannot retry 01JOB000000000000000000000: cannot retry a completed job",
      level: "error",
    });
  });
});

describe("filters and paging change the list query", () => {
  it("f cycles the status filter through every status and back to all", async () => {
    const t = setup(["pending"]);
    await t.press("f", "f");
    await t.press(...Array(6).fill("f"));
    const filters = t.fetcher.listCalls().map((c) => (c[1] as Filter).status);
    expect(filters).toEqual([
      "pending",
      "running",
      "completed",
      "failed",
      "cancelled",
      "paused",
      "dead_letter",
      undefined,
    ]);
    expect(t.fetcher.listCalls().every((c) => c[2] === null)).toBe(true);
  });

  it("t cycles the type filter and keeps the status filter", async () => {
    const t = setup(["pending"]);
    await t.press("f", "t", "t");
    expect(t.fetcher.listCalls().map((c) => c[1])).toEqual([
      { status: "pending" },
      { status: "pending", type: "data_import" },
      { status: "pending", type: "bulk_classification" },
    ]);
  });

  it("n asks for the next page with next_cursor, b goes back to the first", async () => {
    const t = setup(["pending"]);
    t.fetcher.nextCursor = "cur_3";
    await t.press("n", "pagedown", "b", "pageup");
    expect(t.fetcher.listCalls().map((c) => c[2])).toEqual(["cur_2", "cur_3", "cur_2", null]);
    expect(t.store.get().pages).toEqual([null]);
  });

  it("n on the last page and b on the first page only explain", async () => {
    const t = setup(["pending"], null);
    await t.press("n");
    expect(t.store.get().message?.text).toBe("This is the last page.");
    await t.press("b");
    expect(t.store.get().message?.text).toBe("This is the first page.");
    expect(t.fetcher.listCalls()).toEqual([]);
  });

  it("a filter change goes back to the first page", async () => {
    const t = setup(["pending"]);
    await t.press("n", "f");
    expect(t.fetcher.listCalls().map((c) => [c[2], (c[1] as Filter).status])).toEqual([
      ["cur_2", undefined],
      [null, "pending"],
    ]);
  });

  it("g refetches the current page with the page size", async () => {
    const t = setup(["pending"]);
    await t.press("g");
    expect(t.fetcher.listCalls()).toEqual([["listJobs", {}, null, 10]]);
  });
});

describe("modes and quitting", () => {
  it("q and Ctrl-C quit; Ctrl-C even from a prompt", async () => {
    const t = setup(["pending"]);
    await t.press("q");
    await t.press("/", "C-c");
    expect(t.quits()).toBe(2);
  });

  it("? opens the help and the next key closes it without acting", async () => {
    const t = setup(["failed"]);
    await t.press("?");
    expect(t.store.get().help).toBe(true);
    await t.press("r");
    expect(t.store.get().help).toBe(false);
    expect(t.fetcher.apiCalls()).toEqual([]);
  });

  it("in the detail pane the arrows scroll, Esc closes, r still acts on that job", async () => {
    const t = setup(["failed", "failed"]);
    await t.press("j", "enter", "down", "down", "up");
    expect(t.store.get().detail?.scroll).toBe(1);
    expect(t.store.get().selected).toBe(1);
    await t.press("r", "escape");
    expect(t.store.get().detail).toBeNull();
    expect(t.fetcher.apiCalls().at(-1)).toEqual(["action", "01JOB000000000000000000001", "retry"]);
  });

  it("the help text is generated from the key table", () => {
    expect(helpLines()).toHaveLength(KEYS.length);
    expect(helpLines().join("\n")).toMatch(/↑ k\s+move up/);
    expect(helpLines().join("\n")).toMatch(/q Ctrl-C\s+quit/);
  });

  it("blessed's double report of Return counts once", () => {
    expect(keyName("\r", { full: "return" })).toBeNull();
    expect(keyName("\r", { full: "enter" })).toBe("enter");
    expect(keyName("\n", { full: "linefeed" })).toBe("enter");
    expect(keyName("?", { full: "?" })).toBe("?");
  });
});
