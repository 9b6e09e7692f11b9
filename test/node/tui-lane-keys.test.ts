// Acting on priorities and lanes from the keyboard, against a fake API: `+`/`-` send PATCH only for a pending job,
// `L` opens the lanes and `p` pauses or resumes a type only after y; and the app rereads the lanes when jobs move.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Actions } from "../../tui/actions.ts";
import { type App, startApp } from "../../tui/app.ts";
import type { Fetcher } from "../../tui/fetcher.ts";
import { handleKey, helpLines, KEYS, type KeyContext, keyName, LANE_KEYS, paneHints } from "../../tui/keys.ts";
import type { LaneAction } from "../../tui/lanes-state.ts";
import type { LiveSocket } from "../../tui/live.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import { throttle } from "../../tui/throttle.ts";
import { ApiError } from "../../worker/api/errors.ts";
import type { Lane, LanesResponse } from "../../worker/api/lanes.ts";
import type { Priority } from "../../worker/api/priority.ts";
import type { Job, JobListResponse, JobStatus } from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";

function job(n: number, status: JobStatus, extra: Partial<Job> = {}): Job {
  return jobFixture({
    id: `01JLANE${String(n).padStart(19, "0")}`,
    type: "data_export",
    status,
    created_by: "admin@acme.test",
    created_at: `2026-11-17T10:00:${String(60 - n).padStart(2, "0")}Z`,
    waiting: status === "pending" ? { reason: "workspace_limit", detail: "waiting for a slot: 4 of 4 running" } : null,
    ...extra,
  });
}

function lane(type: string, extra: Partial<Lane> = {}): Lane {
  return {
    type,
    running: 0,
    limit: 4,
    queued: 0,
    oldest_wait_ms: null,
    paused: false,
    paused_by: null,
    paused_at: null,
    ...extra,
  };
}

const LANES: LanesResponse = {
  lanes: [lane("data_import", { running: 4 }), lane("data_export", { queued: 2, oldest_wait_ms: 60_000 })],
  max_running: 4,
  in_use: 4,
  changes: [],
};
const PAUSED: LanesResponse = {
  ...LANES,
  lanes: [
    lane("data_import", { running: 4 }),
    lane("data_export", { queued: 2, paused: true, paused_by: "admin@acme.test", paused_at: new Date().toISOString() }),
  ],
};

type Call = [string, ...unknown[]];

/** The API the dashboard talks to: the calls a test expects are written; any other one fails the test. */
class FakeApi {
  calls: Call[] = [];
  rows: Job[];
  lanesAnswer: LanesResponse = LANES;
  actionAnswer: LanesResponse = PAUSED;
  patchError: Error | null = null;
  constructor(rows: Job[]) {
    this.rows = rows;
  }
  async listJobs(query: unknown, cursor: string | null, limit?: number): Promise<JobListResponse> {
    this.calls.push(["listJobs", query, cursor, limit]);
    return { jobs: this.rows, next_cursor: null, counts: {} as JobListResponse["counts"] };
  }
  async lanes(): Promise<LanesResponse> {
    this.calls.push(["lanes"]);
    return this.lanesAnswer;
  }
  async laneAction(type: string, action: LaneAction): Promise<LanesResponse> {
    this.calls.push(["laneAction", type, action]);
    return this.actionAnswer;
  }
  async setPriority(id: string, priority: Priority): Promise<Job> {
    this.calls.push(["setPriority", id, priority]);
    if (this.patchError) throw this.patchError;
    const found = this.rows.find((j) => j.id === id) as Job;
    return { ...found, priority, updated_at: "2026-11-17T10:02:00Z" };
  }
  fetcher(): Fetcher {
    return new Proxy(this, {
      get: (target, name) => {
        const value = Reflect.get(target, name);
        if (value !== undefined) return typeof value === "function" ? value.bind(target) : value;
        return () => Promise.reject(new Error(`unexpected call: ${String(name)}`));
      },
    }) as unknown as Fetcher;
  }
  acts(): Call[] {
    return this.calls.filter((c) => c[0] !== "listJobs" && c[0] !== "lanes");
  }
  count(name: string): number {
    return this.calls.filter((c) => c[0] === name).length;
  }
}

function setup(rows: Job[]) {
  const api = new FakeApi(rows);
  const state = S.listLoaded(S.initialState({ url: "http://api.test", workspace: "acme", pageSize: 10 }), {
    jobs: rows,
    next_cursor: null,
    counts: {} as JobListResponse["counts"],
  });
  const store = S.createStore(state);
  const ctx: KeyContext = { store, actions: new Actions(store, api.fetcher()), copy: () => {}, quit: () => {} };
  const press = async (...keys: string[]) => {
    for (const k of keys) await handleKey(ctx, k, k.length === 1 ? k : undefined);
  };
  const message = () => store.get().message?.text ?? "";
  return { api, store, press, message };
}

describe("+ and - change a pending job's priority", () => {
  const cases: { name: string; job: Job; keys: string[]; calls: Call[]; message: RegExp }[] = [
    {
      name: "+ on a normal pending job asks for high",
      job: job(1, "pending"),
      keys: ["+"],
      calls: [["setPriority", job(1, "pending").id, "high"]],
      message: /^Priority of 01JLANE0+1 raised to High \(was Normal\)\.$/,
    },
    {
      name: "- on a normal pending job asks for low",
      job: job(1, "pending"),
      keys: ["-"],
      calls: [["setPriority", job(1, "pending").id, "low"]],
      message: /lowered to Low \(was Normal\)/,
    },
    {
      name: "+ on a high pending job only explains",
      job: job(1, "pending", { priority: "high" }),
      keys: ["+"],
      calls: [],
      message: /already High, the highest priority/,
    },
    {
      name: "- on a low pending job only explains",
      job: job(1, "pending", { priority: "low" }),
      keys: ["-"],
      calls: [],
      message: /already Low, the lowest priority/,
    },
    {
      name: "+ on a running job only explains",
      job: job(1, "running"),
      keys: ["+"],
      calls: [],
      message: /^Only a pending job's priority can change; this one is Running\.$/,
    },
    {
      name: "- on a paused job only explains",
      job: job(1, "paused"),
      keys: ["-"],
      calls: [],
      message: /this one is Paused/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t = setup([c.job]);
      await t.press(...c.keys);
      expect(t.api.acts()).toEqual(c.calls);
      expect(t.message()).toMatch(c.message);
    });
  }

  it("updates the row with the answer, so a second + asks for nothing past High", async () => {
    const t = setup([job(1, "pending"), job(2, "pending")]);
    await t.press("+");
    expect(t.store.get().rows[0]?.priority).toBe("high");
    await t.press("+");
    expect(t.api.count("setPriority")).toBe(1);
    await t.press("j", "-");
    expect(t.api.acts().at(-1)).toEqual(["setPriority", job(2, "pending").id, "low"]);
  });

  it("acts on the job of the open detail pane", async () => {
    const t = setup([job(1, "pending"), job(2, "pending")]);
    t.store.update((s) => S.openDetail(s, job(2, "pending"), []));
    await t.press("+");
    expect(t.api.acts()).toEqual([["setPriority", job(2, "pending").id, "high"]]);
    expect(t.store.get().detail?.job.priority).toBe("high");
  });

  it("draws the server's 409 (the job started meanwhile) on the status line", async () => {
    const t = setup([job(1, "pending")]);
    t.api.patchError = new ApiError(409, "invalid_transition", "cannot change the priority of a job that is running");
    await t.press("+");
    expect(t.message()).toBe(
      `Cannot change the priority of ${job(1, "pending").id}: cannot change the priority of a job that is running`,
    );
    expect(t.store.get().message?.level).toBe("error");
  });
});

describe("L: the lanes pane, and pausing or resuming a type", () => {
  it("L opens the pane and loads the lanes; j/k move within it, not in the list", async () => {
    const t = setup([job(1, "pending"), job(2, "pending")]);
    await t.press("S-l");
    expect(t.store.get().lanesPane).toEqual({ selected: 0 });
    expect(t.api.count("lanes")).toBe(1);
    await t.press("j");
    expect(t.store.get().lanesPane?.selected).toBe(1);
    expect(t.store.get().selected).toBe(0);
  });

  it("p asks before pausing the type under the cursor, y pauses it, the answer is on the status line", async () => {
    const t = setup([job(1, "pending")]);
    await t.press("S-l", "j", "p");
    expect(t.store.get().confirm?.prompt).toBe(
      "Pause Data export (data_export)? Its 2 queued jobs wait until it is resumed. y/n",
    );
    expect(t.api.acts()).toEqual([]);
    const lists = t.api.count("listJobs");
    await t.press("y");
    expect(t.api.acts()).toEqual([["laneAction", "data_export", "pause"]]);
    expect(t.message()).toMatch(
      /^Paused Data export; 2 queued jobs wait until it is resumed \(paused by admin@acme\.test, just now\)\.$/,
    );
    // The answer is the new lanes; the rows' reasons changed too, so the page reloads.
    expect(t.store.get().lanes.data).toBe(PAUSED);
    expect(t.api.count("listJobs")).toBe(lists + 1);
    expect(t.store.get().lanesPane).toEqual({ selected: 1 });
  });

  it("n (or any key but y) pauses nothing and says so", async () => {
    const t = setup([job(1, "pending")]);
    await t.press("S-l", "j", "p", "n");
    expect(t.api.acts()).toEqual([]);
    expect(t.message()).toBe("Data export not paused.");
    await t.press("p", "escape");
    expect(t.api.acts()).toEqual([]);
  });

  it("p on a paused type asks to resume it", async () => {
    const t = setup([job(1, "pending")]);
    t.api.lanesAnswer = PAUSED;
    t.api.actionAnswer = LANES;
    await t.press("S-l", "j", "p");
    expect(t.store.get().confirm?.prompt).toBe(
      "Resume Data export (data_export)? Its 2 queued jobs may start as slots free. y/n",
    );
    await t.press("y");
    expect(t.api.acts()).toEqual([["laneAction", "data_export", "resume"]]);
    expect(t.message()).toBe("Resumed Data export; 2 queued jobs, 4 of 4 slots in use.");
  });

  it("draws a refused pause (a member's 403) on the status line and keeps the lanes", async () => {
    const t = setup([job(1, "pending")]);
    await t.press("S-l");
    t.api.laneAction = async () => {
      throw new ApiError(403, "forbidden", "owner or admin role required");
    };
    await t.press("p", "y");
    expect(t.message()).toBe("Cannot pause data_import: owner or admin role required");
    expect(t.store.get().lanes.data).toBe(LANES);
  });

  it("Enter lists the type's jobs (the type filter) and closes the pane; Esc and q close it without quitting", async () => {
    const t = setup([job(1, "pending")]);
    await t.press("S-l", "j", "enter");
    expect(t.store.get().lanesPane).toBeNull();
    expect(t.store.get().filter).toEqual({ type: "data_export" });
    expect(t.api.calls.at(-1)).toEqual(["listJobs", { type: "data_export" }, null, 10]);
    await t.press("S-l", "q");
    expect(t.store.get().lanesPane).toBeNull();
  });

  it("a failed read is drawn in the pane, and g reads again", async () => {
    const t = setup([job(1, "pending")]);
    t.api.lanes = async () => {
      throw new ApiError(0, "network", "cannot reach http://api.test: ECONNREFUSED");
    };
    await t.press("S-l");
    expect(t.store.get().lanes.failure).toBe("Loading lanes failed: cannot reach http://api.test: ECONNREFUSED");
    t.api.lanes = async () => LANES;
    await t.press("g");
    expect(t.store.get().lanes.failure).toBeNull();
    expect(t.store.get().lanes.data).toBe(LANES);
  });

  it("the help and the pane's key bar come from the tables, new keys included", () => {
    const help = helpLines().join("\n");
    expect(help).toMatch(/^\+ - +priority up \/ down \(a pending job\)$/m);
    expect(help).toMatch(/^L +lanes: slots, queues, pause \/ resume a type$/m);
    expect(paneHints(LANE_KEYS)).toEqual([
      "↑↓ move",
      "p pause/resume",
      "Enter its jobs",
      "g refresh",
      "? help",
      "Esc close",
    ]);
    const bound = KEYS.flatMap((b) => b.keys);
    expect(new Set(bound).size).toBe(bound.length);
    // blessed names Shift-l "S-l" and "+" by its character.
    expect(keyName("L", { full: "S-l" })).toBe("S-l");
    expect(keyName("+", { full: "+" })).toBe("+");
  });
});

describe("throttle", () => {
  it("runs the first request at once and folds a burst into one run at the end of the interval", () => {
    vi.useFakeTimers();
    try {
      let runs = 0;
      const t = throttle(() => runs++, 2000);
      t.request();
      expect(runs).toBe(1);
      for (let i = 0; i < 50; i++) t.request();
      vi.advanceTimersByTime(1999);
      expect(runs).toBe(1);
      vi.advanceTimersByTime(1);
      expect(runs).toBe(2);
      vi.advanceTimersByTime(10_000);
      expect(runs).toBe(2); // nothing was asked since
      t.request();
      expect(runs).toBe(3);
      t.request();
      t.stop();
      vi.advanceTimersByTime(10_000);
      expect(runs).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

class FakeSocket implements LiveSocket {
  onopen: LiveSocket["onopen"] = null;
  onmessage: LiveSocket["onmessage"] = null;
  onclose: LiveSocket["onclose"] = null;
  onerror: LiveSocket["onerror"] = null;
  send(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  close() {}
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(10);
  }
}

let app: App | null = null;
afterEach(() => {
  app?.stop();
  app = null;
});

describe("the dashboard rereads the lanes when jobs move", () => {
  function run(lanesMs: number) {
    const term = new MemoryTerminal(100, 30);
    const api = new FakeApi([job(1, "pending"), job(2, "running", { type: "data_import" })]);
    const sockets: FakeSocket[] = [];
    app = startApp({
      screen: createScreen(term, term, "xterm"),
      fetcher: api.fetcher(),
      url: "http://api.test",
      token: "tok",
      workspace: "acme",
      color: false,
      log: () => {},
      frameMs: 5,
      lanesMs,
      socketFactory: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      onExit: () => {},
    });
    return { term, api, socket: () => sockets[sockets.length - 1] as FakeSocket };
  }

  it("shows the lanes in the header at start, and a burst of job events costs one more read per interval", async () => {
    const t = run(400);
    await until(
      () => /^Slots 4\/4 \| import 4\/4 \| export 0\/4, 2 queued \(1 min 00 s\)/.test(t.term.lines()[2] ?? ""),
      "the strip",
    );
    expect(t.api.count("lanes")).toBe(1);
    t.socket().onopen?.({});
    t.socket().send({ type: "hello", seq: 1, workspace_id: "ws_acme" });
    for (let seq = 2; seq < 12; seq++) {
      const moved = {
        ...job(2, "running", { type: "data_import" }),
        progress: seq,
        updated_at: `2026-11-17T10:02:${seq}Z`,
      };
      t.socket().send({ type: "job", seq, job: moved });
    }
    // Eleven events in one tick: a read at once if the last one is older than the interval, and one at its end.
    await wait(600);
    const reads = t.api.count("lanes") - 1;
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(2);
    await wait(600);
    expect(t.api.count("lanes") - 1).toBe(reads); // nothing moved since
    t.api.lanesAnswer = PAUSED;
    t.socket().send({ type: "job", seq: 12, job: { ...job(1, "pending"), updated_at: "2026-11-17T10:03:00Z" } });
    await until(
      () => / export paused by admin@acme\.test, 0\/4, 2 queued/.test(t.term.lines()[2] ?? ""),
      "the pause in the header",
    );
  });

  it("L then p then y pauses the type from the terminal and says so on the status line", async () => {
    const t = run(2000);
    await until(() => /Slots 4\/4/.test(t.term.lines()[2] ?? ""), "the strip");
    t.term.type("L");
    await until(() => t.term.lines().some((l) => /Lanes: 4 of 4 slots in use/.test(l)), "the pane");
    t.term.type("j");
    t.term.type("p");
    await until(() => t.term.lines().join("\n").includes("Pause Data export (data_export)?"), "the question");
    expect(t.api.count("laneAction")).toBe(0);
    t.term.type("y");
    await until(() => t.term.lines()[29]?.startsWith("Paused Data export; 2 queued jobs wait") === true, "the outcome");
    expect(t.api.acts()).toEqual([["laneAction", "data_export", "pause"]]);
    expect(t.term.lines().some((l) => /Data export .*admin@acme\.test, just now/.test(l))).toBe(true);
  });

  it("+ from the terminal raises the selected pending job's priority", async () => {
    const t = run(2000);
    await until(() => /slots 4\/4 used/.test(t.term.lines()[4] ?? ""), "the waiting row");
    t.term.type("+");
    await until(() => t.api.count("setPriority") === 1, "the PATCH");
    expect(t.api.acts()).toEqual([["setPriority", job(1, "pending").id, "high"]]);
    await until(() => /raised to High/.test(t.term.lines()[29] ?? ""), "the answer on the status line");
  });
});
