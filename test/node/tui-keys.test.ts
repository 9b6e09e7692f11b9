// Key handling, table-driven against a fake fetcher: which keys call which API, with which query.

import { describe, expect, it } from "vitest";
import { Actions } from "../../tui/actions.ts";
import type { Fetcher, TokenResponse } from "../../tui/fetcher.ts";
import { ERROR_KEYS, handleKey, helpLines, KEYS, type KeyContext, keyName, paneHints } from "../../tui/keys.ts";
import { createStore, type Filter, initialState, type ListQuery, listLoaded, type State } from "../../tui/state.ts";
import { ApiError } from "../../worker/api/errors.ts";
import type { ErrorGroup, ReplayOutcome, ReplayPreview } from "../../worker/api/find-and-fix.ts";
import type { LanesResponse } from "../../worker/api/lanes.ts";
import type { OperatorAction } from "../../worker/api/lifecycle.ts";
import type { Priority } from "../../worker/api/priority.ts";
import type {
  BulkCancelResponse,
  BulkRetryResponse,
  Job,
  JobEvent,
  JobListResponse,
  JobStatus,
} from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";

function makeJob(id: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  return jobFixture({
    id,
    status,
    progress: 40,
    processed: 40,
    total: 100,
    current_item: "SKU-40",
    attempts: 1,
    created_by: "admin@acme.test",
    created_at: `2026-11-17T10:00:${id.slice(-2)}Z`,
    ...extra,
  });
}

type Call = [string, ...unknown[]];

class FakeFetcher implements Fetcher {
  calls: Call[] = [];
  constructor(
    public rows: Job[],
    public nextCursor: string | null = "cur_2",
  ) {}
  /** What a search (`q`) or an error group answers; the plain list answers `rows`. */
  found: Job[] = [];
  async listJobs(query: ListQuery, cursor: string | null, limit?: number): Promise<JobListResponse> {
    this.calls.push(["listJobs", query, cursor, limit]);
    const jobs = query.q || query.errorSignature ? this.found : this.rows;
    return { jobs, next_cursor: this.nextCursor, counts: {} as JobListResponse["counts"] };
  }
  async getJob(id: string): Promise<{ job: Job; events: JobEvent[] }> {
    this.calls.push(["getJob", id]);
    const job = [...this.rows, ...this.found].find((j) => j.id === id);
    if (!job) throw new ApiError(404, "not_found", `no job ${id}`);
    return { job, events: [] };
  }
  async action(id: string, action: OperatorAction): Promise<Job> {
    this.calls.push(["action", id, action]);
    const job = this.rows.find((j) => j.id === id) ?? makeJob(id, "pending");
    const status: JobStatus = action === "cancel" ? "cancelled" : action === "pause" ? "paused" : "pending";
    return { ...job, status, updated_at: "2026-11-17T10:02:00Z" };
  }
  /** What the fake server answers to a bulk request; tests set the counts they want to see reported. */
  retryAnswer: BulkRetryResponse = { retried: 0, skipped: {}, not_found: 0 };
  cancelAnswer: BulkCancelResponse = { cancelled: 0, stopping: 0, skipped: {}, not_found: 0 };
  async retryMany(ids: string[]): Promise<BulkRetryResponse> {
    this.calls.push(["retryMany", ids]);
    return this.retryAnswer;
  }
  async cancelMany(ids: string[]): Promise<BulkCancelResponse> {
    this.calls.push(["cancelMany", ids]);
    return this.cancelAnswer;
  }
  groups: ErrorGroup[] = [];
  preview: ReplayPreview = { matched: 0, would_retry: 0, invalid: [], example: null };
  outcome: ReplayOutcome = { matched: 0, retried: 0, invalid: [], skipped: {} };
  async errorGroups(): Promise<ErrorGroup[]> {
    this.calls.push(["errorGroups"]);
    return this.groups;
  }
  async previewReplay(signature: string): Promise<ReplayPreview> {
    this.calls.push(["previewReplay", signature]);
    return this.preview;
  }
  async replay(signature: string): Promise<ReplayOutcome> {
    this.calls.push(["replay", signature]);
    return this.outcome;
  }
  /** What GET /api/v1/lanes and a pause/resume answer. */
  lanesAnswer: LanesResponse = { lanes: [], max_running: 4, in_use: 0, changes: [] };
  async lanes(): Promise<LanesResponse> {
    this.calls.push(["lanes"]);
    return this.lanesAnswer;
  }
  async laneAction(type: string, action: string): Promise<LanesResponse> {
    this.calls.push(["laneAction", type, action]);
    return this.lanesAnswer;
  }
  async setPriority(id: string, priority: Priority): Promise<Job> {
    this.calls.push(["setPriority", id, priority]);
    const job = this.rows.find((j) => j.id === id) ?? makeJob(id, "pending");
    return { ...job, priority, updated_at: "2026-11-17T10:02:00Z" };
  }
  async login(): Promise<TokenResponse> {
    throw new Error("not used");
  }
  /** The calls that act or look something up; the list and the lanes are reads every key may refresh. */
  apiCalls(): Call[] {
    return this.calls.filter((c) => c[0] !== "listJobs" && c[0] !== "lanes");
  }
  listCalls(): Call[] {
    return this.calls.filter((c) => c[0] === "listJobs");
  }
}

function setup(
  statuses: JobStatus[],
  nextCursor: string | null = "cur_2",
  extra: Partial<Job> = {},
  ids: string[] = statuses.map((_, i) => `01JOB${"0".repeat(20)}${i}`),
) {
  const rows = statuses.map((st, i) => makeJob(ids[i] as string, st, extra));
  const fetcher = new FakeFetcher(rows, nextCursor);
  let state: State = initialState({ url: "http://api.test", workspace: "acme", pageSize: 10 });
  state = listLoaded(state, { jobs: rows, next_cursor: nextCursor, counts: {} as JobListResponse["counts"] });
  const store = createStore(state);
  let quit = 0;
  const copied: string[] = [];
  const ctx: KeyContext = {
    store,
    actions: new Actions(store, fetcher),
    copy: (text) => copied.push(text),
    quit: () => quit++,
  };
  const press = async (...keys: string[]) => {
    for (const k of keys) await handleKey(ctx, k, k === "space" ? " " : k.length === 1 ? k : undefined);
  };
  /** Types text into a prompt one character at a time, as a terminal delivers it. */
  const type = (text: string) => press(...[...text]);
  return { fetcher, store, press, type, rows, copied, actions: ctx.actions, quits: () => quit };
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

  it("shows the confirmation prompt before a cancel, with the type's label", async () => {
    const t = setup(["running"]);
    await t.press("c");
    expect(t.store.get().confirm?.prompt).toBe("Cancel job 01JOB000000000000000000000 (Data import, Running)? y/n");
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
  // Each case: keys pressed from the list, the filter of each list request they caused, the picker left open.
  const pickerCases: { name: string; keys: string[]; filters: Filter[]; open?: "status" | "type" }[] = [
    { name: "f opens the status picker and asks for nothing yet", keys: ["f"], filters: [], open: "status" },
    { name: "f 4 filters Failed", keys: ["f", "4"], filters: [{ status: "failed" }] },
    { name: "f 7 filters Dead Letter directly", keys: ["f", "7"], filters: [{ status: "dead_letter" }] },
    {
      name: "f 1 then f 0 goes back to all statuses",
      keys: ["f", "1", "f", "0"],
      filters: [{ status: "pending" }, { status: undefined }],
    },
    { name: "f then Esc cancels", keys: ["f", "escape"], filters: [] },
    { name: "f then f closes the picker", keys: ["f", "f"], filters: [] },
    { name: "f then a digit past the last choice only closes it", keys: ["f", "8"], filters: [] },
    { name: "f then j closes it without moving or filtering", keys: ["f", "j"], filters: [] },
    { name: "t 2 filters Bulk classification", keys: ["t", "2"], filters: [{ type: "bulk_classification" }] },
    {
      name: "t keeps the status filter and f keeps the type",
      keys: ["f", "4", "t", "1", "f", "2"],
      filters: [
        { status: "failed" },
        { status: "failed", type: "data_import" },
        { status: "running", type: "data_import" },
      ],
    },
    {
      name: "t 0 clears the type",
      keys: ["t", "3", "t", "0"],
      filters: [{ type: "data_export" }, { type: undefined }],
    },
  ];
  for (const c of pickerCases) {
    it(c.name, async () => {
      const t = setup(["pending", "pending"]);
      await t.press(...c.keys);
      expect(t.fetcher.listCalls().map((call) => call[1])).toEqual(c.filters);
      expect(t.fetcher.listCalls().every((call) => call[2] === null)).toBe(true); // always the first page
      expect(t.store.get().picker).toBe(c.open ?? null);
      expect(t.store.get().selected).toBe(0);
    });
  }

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
    await t.press("n", "f", "1");
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

  it("the help text is generated from the key table, new keys included", () => {
    expect(helpLines()).toHaveLength(KEYS.length + KEYS.filter((b) => b.note).length);
    const help = helpLines().join("\n");
    expect(help).toMatch(/^↑ k ↓ j +move up \/ down$/m);
    expect(help).toMatch(/q Ctrl-C\s+quit/);
    expect(help).toMatch(/Space\s+select row, move down/);
    expect(help).toMatch(/\ba\s+select \/ unselect the page/);
    expect(help).toMatch(/\by\s+copy the job id/);
    expect(help).toMatch(/\bf\s+filter by status \(digits\)/);
    expect(help).toMatch(/\/\s+find: part of an id, key, creator, payload, error/);
    expect(help).toMatch(/\be\s+error groups: Enter shows the jobs, r retries\n\s+\(edit a payload on the web page\)/);
  });

  it("the error groups pane's key bar comes from its table", () => {
    expect(paneHints()).toEqual(["↑↓ move", "Enter its jobs", "r retry group", "g refresh", "? help", "Esc close"]);
    const bound = ERROR_KEYS.flatMap((b) => b.keys);
    expect(new Set(bound).size).toBe(bound.length);
  });

  it("no key is bound twice", () => {
    const all = KEYS.flatMap((b) => b.keys);
    expect(new Set(all).size).toBe(all.length);
  });

  it("blessed's double report of Return counts once", () => {
    expect(keyName("\r", { full: "return" })).toBeNull();
    expect(keyName("\r", { full: "enter" })).toBe("enter");
    expect(keyName("\n", { full: "linefeed" })).toBe("enter");
    expect(keyName("?", { full: "?" })).toBe("?");
  });
});

describe("/ finds a job by any fragment of its id", () => {
  const IDS = ["01JCZ3A5B7C9D1E3F5G7H9J1K1", "01JCZ3A5B7C9D1E3F5G7H9J2K2", "01JCZ3A5B7C9D1E3F5G7H9J2K3"];
  // typed: what the user types after "/"; selected: the row the cursor ends on; calls: API calls besides the list.
  const cases: { name: string; typed: string; selected: number; calls: Call[]; message?: RegExp }[] = [
    { name: "the tail a row shows opens that job", typed: "7H9J2K2", selected: 1, calls: [["getJob", IDS[1]]] },
    { name: "a fragment from the middle works", typed: "H9J1", selected: 0, calls: [["getJob", IDS[0]]] },
    { name: "lower case matches the upper-case ULID", typed: "j2k3", selected: 2, calls: [["getJob", IDS[2]]] },
    { name: "the row's cut mark pasted along is ignored", typed: "…9J2K3", selected: 2, calls: [["getJob", IDS[2]]] },
    {
      name: "the whole id of a loaded job opens it",
      typed: IDS[1] as string,
      selected: 1,
      calls: [["getJob", IDS[1]]],
    },
    {
      name: "several matches select the first and say how many, opening nothing",
      typed: "H9J2",
      selected: 1,
      calls: [],
      message: /^2 jobs on this page match "H9J2"; the first is selected/,
    },
    {
      name: "fewer than 3 characters match nothing and ask the server nothing",
      typed: "K1",
      selected: 0,
      calls: [],
      message: /^Type at least 3 characters\.$/,
    },
    {
      name: "a whole id not on this page is looked up on the server, upper-cased",
      typed: "01jcz3a5b7c9d1e3f5g7h9j9z9",
      selected: 0,
      calls: [["getJob", "01JCZ3A5B7C9D1E3F5G7H9J9Z9"]],
      message: /no job 01JCZ3A5B7C9D1E3F5G7H9J9Z9/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t = setup(["failed", "running", "pending"], null, {}, IDS);
      await t.press("/");
      await t.type(c.typed);
      await t.press("enter");
      expect(t.fetcher.apiCalls()).toEqual(c.calls);
      expect(t.fetcher.listCalls()).toEqual([]); // a fragment of a loaded row is found without a search
      expect(t.store.get().selected).toBe(c.selected);
      expect(t.store.get().find).toBeNull();
      if (c.message) expect(t.store.get().message?.text).toMatch(c.message);
      if (c.calls.length === 1 && !c.message) expect(t.store.get().detail?.job.id).toBe(c.calls[0]?.[1]);
    });
  }
});

describe("selection and bulk retry/cancel", () => {
  const marked = (t: ReturnType<typeof setup>) => [...t.store.get().marked.keys()].map((id) => Number(id.slice(-1)));

  it("Space marks the row under the cursor and moves down; Space on a marked row unmarks it", async () => {
    const t = setup(["failed", "failed", "failed"]);
    await t.press("space", "space");
    expect(marked(t)).toEqual([0, 1]);
    expect(t.store.get().selected).toBe(2);
    await t.press("up", "space");
    expect(marked(t)).toEqual([0]);
  });

  it("a marks every loaded row, a again unmarks them; Esc clears a selection", async () => {
    const t = setup(["failed", "running", "pending"]);
    await t.press("a");
    expect(marked(t)).toEqual([0, 1, 2]);
    await t.press("a");
    expect(marked(t)).toEqual([]);
    await t.press("space", "a", "escape");
    expect(marked(t)).toEqual([]);
    expect(t.store.get().message?.text).toBe("Selection of 3 cleared.");
  });

  it("r asks with the applicable count and the skipped statuses, y sends every selected id", async () => {
    const t = setup(["failed", "running", "completed", "dead_letter", "cancelled"]);
    t.fetcher.retryAnswer = { retried: 3, skipped: { running: 1, completed: 1 }, not_found: 0 };
    await t.press("a", "r");
    expect(t.store.get().confirm?.prompt).toBe("Retry 3 selected jobs? 2 skipped (1 Running, 1 Completed). y/n");
    expect(t.fetcher.apiCalls()).toEqual([]);
    await t.press("y");
    expect(t.fetcher.apiCalls()).toEqual([["retryMany", t.rows.map((j) => j.id)]]);
    expect(t.store.get().message?.text).toBe("Retried 3; skipped 2 (1 Running, 1 Completed)");
    expect(t.store.get().marked.size).toBe(0);
    expect(t.fetcher.listCalls()).toHaveLength(1); // the page reloads: the answer has counts, not jobs
  });

  it("c asks, says which running jobs stop later, and reports cancelled and stopping", async () => {
    const t = setup(["pending", "running", "completed"]);
    t.fetcher.cancelAnswer = { cancelled: 1, stopping: 1, skipped: { completed: 1 }, not_found: 0 };
    await t.press("a", "c");
    expect(t.store.get().confirm?.prompt).toBe(
      "Cancel 2 selected jobs? 1 running stops at the next chunk boundary. 1 skipped (1 Completed). y/n",
    );
    await t.press("y");
    expect(t.fetcher.apiCalls()).toEqual([["cancelMany", t.rows.map((j) => j.id)]]);
    expect(t.store.get().message?.text).toBe(
      "Cancelled 1, 1 stopping at the next chunk boundary; skipped 1 (1 Completed)",
    );
  });

  it("counts a running job already asked to stop as skipped by a bulk cancel, as the server does", async () => {
    const t = setup(["running", "pending"]);
    t.store.update((s) => ({ ...s, rows: s.rows.map((j, i) => (i === 0 ? { ...j, control: "cancel" as const } : j)) }));
    await t.press("a", "c");
    expect(t.store.get().confirm?.prompt).toBe("Cancel 1 selected job? 1 skipped (1 Running). y/n");
  });

  it("n keeps the selection and sends nothing", async () => {
    const t = setup(["failed", "failed"]);
    await t.press("a", "r", "n");
    expect(t.fetcher.apiCalls()).toEqual([]);
    expect(marked(t)).toEqual([0, 1]);
    expect(t.store.get().message?.text).toBe("Nothing retried; the selection is kept.");
  });

  it("explains instead of asking when no selected job allows the action", async () => {
    const t = setup(["running", "pending"]);
    await t.press("a", "r");
    expect(t.store.get().confirm).toBeNull();
    expect(t.store.get().message?.text).toBe("None of the 2 selected jobs can be retried (1 Pending, 1 Running).");
  });

  it("reports what the server skipped and did not find, which may differ from what the dashboard saw", async () => {
    const t = setup(["failed"]);
    t.fetcher.retryAnswer = { retried: 0, skipped: { pending: 1 }, not_found: 2 };
    await t.press("space", "r", "y");
    expect(t.store.get().message?.text).toBe("Retried 0; skipped 1 (1 Pending); 2 not found");
  });

  it("a failed bulk request is drawn as an error and keeps the selection", async () => {
    const t = setup(["failed", "failed"]);
    t.fetcher.retryMany = async () => {
      throw new ApiError(422, "validation_failed", "ids: too many");
    };
    await t.press("a", "r", "y");
    expect(t.store.get().message).toEqual({ text: "Bulk retry of 2 jobs failed: ids: too many", level: "error" });
    expect(marked(t)).toEqual([0, 1]);
  });

  it("in the detail pane r acts on the job shown, not on the selection", async () => {
    const t = setup(["failed", "failed"]);
    await t.press("a", "enter", "r");
    expect(t.fetcher.apiCalls()).toEqual([
      ["getJob", t.rows[0]?.id],
      ["action", t.rows[0]?.id, "retry"],
    ]);
    expect(marked(t)).toEqual([0, 1]);
  });

  it("the selection survives paging and filtering", async () => {
    const t = setup(["failed", "failed"]);
    await t.press("a", "n", "f", "4");
    expect(marked(t)).toEqual([0, 1]);
  });

  // The bulk confirmation must agree with the single-job keys for every status: both ask the lifecycle.
  const allows: Record<JobStatus, { retry: boolean; cancel: boolean }> = {
    pending: { retry: false, cancel: true },
    running: { retry: false, cancel: true },
    paused: { retry: false, cancel: true },
    completed: { retry: false, cancel: false },
    failed: { retry: true, cancel: false },
    cancelled: { retry: true, cancel: false },
    dead_letter: { retry: true, cancel: false },
  };
  for (const [status, want] of Object.entries(allows) as [JobStatus, { retry: boolean; cancel: boolean }][]) {
    it(`a selected ${status} job is ${want.retry ? "retried" : "skipped"} by r and ${want.cancel ? "cancelled" : "skipped"} by c`, async () => {
      for (const action of ["retry", "cancel"] as const) {
        const t = setup([status]);
        await t.press("space", action === "retry" ? "r" : "c");
        expect(Boolean(t.store.get().confirm), action).toBe(want[action]);
      }
    });
  }
});

describe("y copies the job id", () => {
  it("copies the selected row's whole id and says so", async () => {
    const t = setup(["failed", "running"]);
    await t.press("j", "y");
    expect(t.copied).toEqual(["01JOB000000000000000000001"]);
    expect(t.store.get().message?.text).toBe("Copied 01JOB000000000000000000001");
  });

  it("copies the job of the open detail pane", async () => {
    const t = setup(["failed", "running"]);
    await t.press("j", "enter", "y");
    expect(t.copied).toEqual(["01JOB000000000000000000001"]);
  });

  it("copies nothing on an empty page", async () => {
    const t = setup([]);
    await t.press("y");
    expect(t.copied).toEqual([]);
    expect(t.store.get().message?.text).toBe("No job selected.");
  });
});

describe("the detail pane and live refreshes", () => {
  /** getJob answers only when the test says so, newest request first, as a slow server may. */
  function slowDetail(t: ReturnType<typeof setup>) {
    const answer = t.fetcher.getJob.bind(t.fetcher);
    const pending: (() => void)[] = [];
    t.fetcher.getJob = (id) => new Promise((done) => pending.push(() => done(answer(id))));
    return () => {
      for (const release of pending.splice(0).reverse()) release();
    };
  }

  it("a refresh answered after Esc does not bring the pane back", async () => {
    const t = setup(["running"]);
    await t.press("enter");
    const release = slowDetail(t);
    const refresh = t.actions.refreshDetail(t.rows[0]?.id as string);
    await t.press("escape");
    release();
    await refresh;
    expect(t.store.get().detail).toBeNull();
  });

  it("a refresh answered after the user opened another job leaves that one shown", async () => {
    const t = setup(["running", "failed"]);
    await t.press("enter");
    const release = slowDetail(t);
    const refresh = t.actions.refreshDetail(t.rows[0]?.id as string);
    await t.press("escape", "j");
    const open = t.press("enter"); // opening the second job waits for the same slow server
    await new Promise((r) => setTimeout(r, 0));
    release(); // the second job's answer first, then the stale refresh of the first
    await Promise.all([open, refresh]);
    expect(t.store.get().detail?.job.id).toBe(t.rows[1]?.id);
  });

  it("a refresh while the pane is still open updates it", async () => {
    const t = setup(["running"]);
    await t.press("enter");
    t.fetcher.rows[0] = { ...(t.rows[0] as Job), status: "completed", updated_at: "2026-11-17T10:05:00Z" };
    await t.actions.refreshDetail(t.rows[0]?.id as string);
    expect(t.store.get().detail?.job.status).toBe("completed");
  });
});

/** A step of a key sequence: a key name, or text typed into a prompt one character at a time. */
type Step = string | { type: string };

async function run(t: ReturnType<typeof setup>, steps: Step[]): Promise<void> {
  for (const step of steps) {
    if (typeof step === "string") await t.press(step);
    else await t.type(step.type);
  }
}

const find = (text: string): Step[] => ["/", { type: text }, "enter"];

describe("/ searches the server (q) for what the loaded rows do not have", () => {
  const IDS = ["01JCZ3A5B7C9D1E3F5G7H9J1K1", "01JCZ3A5B7C9D1E3F5G7H9J2K2", "01JCZ3A5B7C9D1E3F5G7H9J2K3"];
  // lists: the query and cursor of each list request the steps caused; scope: the search left on screen.
  const cases: {
    name: string;
    steps: Step[];
    lists: [ListQuery, string | null][];
    scope?: string;
    message?: RegExp;
  }[] = [
    {
      name: "a fragment no loaded row has is searched for, from the first page",
      steps: find("0ff1ce"),
      lists: [[{ q: "0ff1ce" }, null]],
      scope: "0ff1ce",
    },
    {
      name: "the search combines with the status and type filters",
      steps: ["f", "4", "t", "1", ...find("acme.test")],
      lists: [
        [{ status: "failed" }, null],
        [{ status: "failed", type: "data_import" }, null],
        [{ status: "failed", type: "data_import", q: "acme.test" }, null],
      ],
      scope: "acme.test",
    },
    {
      name: "n and b page through the results, keeping q",
      steps: [...find("SKU-77"), "n", "b"],
      lists: [
        [{ q: "SKU-77" }, null],
        [{ q: "SKU-77" }, "cur_2"],
        [{ q: "SKU-77" }, null],
      ],
      scope: "SKU-77",
    },
    {
      name: "a filter change within a search keeps q and goes back to the first page",
      steps: [...find("timeout"), "n", "f", "1"],
      lists: [
        [{ q: "timeout" }, null],
        [{ q: "timeout" }, "cur_2"],
        [{ status: "pending", q: "timeout" }, null],
      ],
      scope: "timeout",
    },
    {
      name: "the text is trimmed, keeps its case and inner spaces, and loses a pasted cut mark",
      steps: find("  HS service unre…  "),
      lists: [[{ q: "HS service unre" }, null]],
      scope: "HS service unre",
    },
    {
      name: "fewer than 3 characters (after trimming) are refused without a request",
      steps: find(" ab "),
      lists: [],
      message: /^Type at least 3 characters\.$/,
    },
    {
      name: "more than 200 characters are refused without a request",
      steps: find("x".repeat(201)),
      lists: [],
      message: /^Type at most 200 characters/,
    },
    {
      name: "Esc ends the search and the list returns to the filter",
      steps: ["f", "4", ...find("0ff1ce"), "escape"],
      lists: [
        [{ status: "failed" }, null],
        [{ status: "failed", q: "0ff1ce" }, null],
        [{ status: "failed" }, null],
      ],
    },
    {
      name: "an empty find ends the search",
      steps: [...find("0ff1ce"), "/", "enter"],
      lists: [
        [{ q: "0ff1ce" }, null],
        [{}, null],
      ],
    },
    {
      name: "an empty find without a search asks nothing",
      steps: ["/", "enter"],
      lists: [],
    },
    {
      name: "Esc in the prompt keeps the search on screen",
      steps: [...find("0ff1ce"), "/", { type: "zz" }, "escape"],
      lists: [[{ q: "0ff1ce" }, null]],
      scope: "0ff1ce",
    },
    {
      name: "a second search replaces the first",
      steps: [...find("0ff1ce"), ...find("beef42")],
      lists: [
        [{ q: "0ff1ce" }, null],
        [{ q: "beef42" }, null],
      ],
      scope: "beef42",
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t = setup(["failed", "running", "pending"], "cur_2", {}, IDS);
      await run(t, c.steps);
      expect(t.fetcher.listCalls().map((call) => [call[1], call[2]])).toEqual(c.lists);
      const scope = t.store.get().scope;
      expect(scope?.kind === "search" ? scope.text : undefined).toBe(c.scope);
      if (c.message) expect(t.store.get().message?.text).toMatch(c.message);
      expect(t.fetcher.apiCalls()).toEqual([]); // a search never opens a job by itself
    });
  }

  it("shows the results in the list, and a fragment of a result then opens it without searching again", async () => {
    const t = setup(["failed", "running"], null, {}, IDS.slice(0, 2));
    const hit = makeJob("01JCZ3A5B7C9D1E3F5G70FF1CE", "failed");
    t.fetcher.found = [hit];
    await run(t, find("0ff1ce"));
    expect(t.store.get().rows.map((j) => j.id)).toEqual([hit.id]);
    await run(t, find("70FF1CE"));
    expect(t.fetcher.listCalls()).toHaveLength(1);
    expect(t.store.get().detail?.job.id).toBe(hit.id);
  });

  it("Esc leaves the search before it drops the selection", async () => {
    const t = setup(["failed", "failed"], null, {}, IDS.slice(0, 2));
    await run(t, ["a", ...find("0ff1ce"), "escape"]);
    expect(t.store.get().scope).toBeNull();
    expect(t.store.get().marked.size).toBe(2);
    await t.press("escape");
    expect(t.store.get().marked.size).toBe(0);
  });

  it("draws a failed search on screen (the list's error), keeping the search to retry with g", async () => {
    const t = setup(["failed"], null, {}, IDS.slice(0, 1));
    t.fetcher.listJobs = async () => {
      throw new ApiError(422, "validation_failed", "search for at least 3 characters");
    };
    await run(t, find("abc"));
    expect(t.store.get().message).toEqual({
      text: "Loading jobs failed: search for at least 3 characters",
      level: "error",
      sticky: true,
    });
    expect(t.store.get().scope).toEqual({ kind: "search", text: "abc" });
  });
});

function group(n: number, extra: Partial<ErrorGroup> = {}): ErrorGroup {
  return {
    signature: `${n}`.repeat(16).slice(0, 16),
    type: "data_import",
    message: `error number ${n}`,
    count: 10 * n,
    failed: 9 * n,
    dead_letter: n,
    first_seen: "2026-11-17T09:00:00Z",
    last_seen: "2026-11-17T10:00:00Z",
    sample_job_id: `01JGRP${String(n).padStart(20, "0")}`,
    ...extra,
  };
}

describe("e: the error groups", () => {
  function withGroups(statuses: JobStatus[] = ["failed"]) {
    const t = setup(statuses);
    t.fetcher.groups = [group(1), group(2, { message: "HS service unreachable\n  at classify (hs.ts:12)" })];
    return t;
  }
  const SIG2 = "2222222222222222";

  it("e opens the pane and loads the groups; j/k move within them, not in the list", async () => {
    const t = withGroups(["failed", "failed"]);
    await t.press("e");
    expect(t.fetcher.apiCalls()).toEqual([["errorGroups"]]);
    expect(t.store.get().errors?.groups).toHaveLength(2);
    await t.press("j", "j", "down");
    expect(t.store.get().errors?.selected).toBe(1);
    await t.press("k");
    expect(t.store.get().errors?.selected).toBe(0);
    expect(t.store.get().selected).toBe(0);
  });

  it("Enter shows the group's jobs in the list (error_signature), Esc returns to the filter it had", async () => {
    const t = withGroups();
    await run(t, ["f", "4", "e", "j", "enter"]);
    expect(t.store.get().errors).toBeNull();
    expect(t.store.get().scope).toMatchObject({ kind: "errors", signature: SIG2 });
    await run(t, ["n", "f", "5", "escape"]);
    expect(t.fetcher.listCalls().map((c) => [c[1], c[2]])).toEqual([
      [{ status: "failed" }, null],
      [{ errorSignature: SIG2 }, null], // the group shows all its jobs, whatever the status filter was
      [{ errorSignature: SIG2 }, "cur_2"],
      [{ status: "cancelled", errorSignature: SIG2 }, null],
      [{ status: "failed" }, null],
    ]);
    expect(t.store.get().scope).toBeNull();
  });

  it("a search from a group's list leaves the group", async () => {
    const t = withGroups();
    await run(t, ["f", "4", "e", "enter", ...find("0ff1ce")]);
    expect(t.fetcher.listCalls().at(-1)?.[1]).toEqual({ status: "failed", q: "0ff1ce" });
  });

  it("r: the dry run, then the question with the invalid jobs, then y sends the replay and says what it did", async () => {
    const t = withGroups();
    const invalid: ReplayPreview["invalid"] = [
      { job_id: "01JINV00000000000000000001", details: { "payload.rows.0.sku": ["Required"] } },
      { job_id: "01JINV00000000000000000002", details: { payload: ["Invalid input"] } },
    ];
    t.fetcher.preview = { matched: 14, would_retry: 12, invalid, example: null };
    t.fetcher.outcome = { matched: 14, retried: 12, invalid, skipped: {} };
    await t.press("e", "j", "r");
    expect(t.fetcher.apiCalls()).toEqual([["errorGroups"], ["previewReplay", SIG2]]);
    expect(t.store.get().confirm).toMatchObject({
      kind: "replay",
      prompt: "Retry 12 jobs of this group? 2 invalid. y/n",
      details: ["…00000001 payload.rows.0.sku: Required", "…00000002 payload: Invalid input"],
    });
    await t.press("y");
    expect(t.fetcher.apiCalls().slice(2)).toEqual([["replay", SIG2], ["errorGroups"]]);
    expect(t.store.get().message?.text).toBe("Retried 12; 2 invalid");
    expect(t.fetcher.listCalls()).toHaveLength(1); // the page reloads too: its rows may be the retried ones
    expect(t.store.get().errors).not.toBeNull(); // the pane stays, with the groups reloaded
  });

  it("r then n retries nothing", async () => {
    const t = withGroups();
    t.fetcher.preview = { matched: 3, would_retry: 3, invalid: [], example: null };
    await t.press("e", "r");
    expect(t.store.get().confirm?.prompt).toBe("Retry 3 jobs of this group? y/n");
    await t.press("n");
    expect(t.fetcher.apiCalls().map((c) => c[0])).toEqual(["errorGroups", "previewReplay"]);
    expect(t.store.get().message?.text).toBe("Nothing retried.");
  });

  const nothing: { name: string; preview: ReplayPreview; message: string }[] = [
    {
      name: "a group emptied since it was loaded",
      preview: { matched: 0, would_retry: 0, invalid: [], example: null },
      message: "No failed or dead-letter jobs are left in this group.",
    },
    {
      name: "a group whose every job is invalid",
      preview: {
        matched: 1,
        would_retry: 0,
        invalid: [{ job_id: "01JINV00000000000000000001", details: { payload: ["x"] } }],
        example: null,
      },
      message: "None of the 1 job of this group can be retried: 1 invalid.",
    },
  ];
  for (const c of nothing) {
    it(`r on ${c.name} explains instead of asking`, async () => {
      const t = withGroups();
      t.fetcher.preview = c.preview;
      await t.press("e", "r");
      expect(t.store.get().confirm).toBeNull();
      expect(t.store.get().message?.text).toBe(c.message);
    });
  }

  // Each API failure is drawn: where, and with which words.
  const failures: { name: string; keys: string[]; break(f: FakeFetcher): void; want: RegExp; inPane?: boolean }[] = [
    {
      name: "a member's 403 on the groups, in the pane",
      keys: ["e"],
      break: (f) => {
        f.errorGroups = async () => {
          throw new ApiError(403, "forbidden", "owner or admin role required");
        };
      },
      want: /^Loading error groups failed: owner or admin role required$/,
      inPane: true,
    },
    {
      name: "a 404 on the dry run (the group is gone), in the status line",
      keys: ["e", "r"],
      break: (f) => {
        f.previewReplay = async () => {
          throw new ApiError(404, "not_found", "error group not found");
        };
      },
      want: /^Checking the group failed: error group not found$/,
    },
    {
      name: "a failed replay, in the status line",
      keys: ["e", "r", "y"],
      break: (f) => {
        f.preview = { matched: 1, would_retry: 1, invalid: [], example: null };
        f.replay = async () => {
          throw new ApiError(0, "network", "cannot reach http://api.test: ECONNREFUSED");
        };
      },
      want: /^Retrying the group failed: cannot reach http:\/\/api\.test: ECONNREFUSED$/,
    },
  ];
  for (const c of failures) {
    it(`draws ${c.name}`, async () => {
      const t = withGroups();
      c.break(t.fetcher);
      await t.press(...c.keys);
      if (c.inPane) expect(t.store.get().errors?.failure).toMatch(c.want);
      else expect(t.store.get().message).toMatchObject({ text: expect.stringMatching(c.want), level: "error" });
    });
  }

  it("Esc and q close the pane (q does not quit); keys of the list do nothing while it is open", async () => {
    for (const close of ["escape", "q"]) {
      const t = withGroups();
      await t.press("e", "c", "/", "space", "n", close);
      expect(t.store.get().errors).toBeNull();
      expect(t.store.get().confirm).toBeNull();
      expect(t.store.get().find).toBeNull();
      expect(t.store.get().marked.size).toBe(0);
      expect(t.fetcher.listCalls()).toEqual([]);
      expect(t.quits()).toBe(0);
    }
  });

  it("g reloads the groups and keeps the cursor on its group", async () => {
    const t = withGroups();
    await t.press("e", "j");
    t.fetcher.groups = [group(3), group(1), group(2)];
    await t.press("g");
    expect(t.store.get().errors?.selected).toBe(2);
  });

  it("Enter and r without any group only explain", async () => {
    const t = setup(["failed"]);
    await t.press("e", "enter", "r");
    expect(t.fetcher.apiCalls()).toEqual([["errorGroups"]]);
    expect(t.store.get().message?.text).toBe("No error group selected.");
  });

  it("e from the detail pane replaces it", async () => {
    const t = withGroups();
    await t.press("enter", "e");
    expect(t.store.get().detail).toBeNull();
    expect(t.store.get().errors).not.toBeNull();
  });
});
