// The header's throughput sparkline: the last 30 whole minutes as blocks (pure), where the header fits it at 120 and
// 80 columns, and the app reading GET /api/v1/metrics: every half minute and on a reconnect, hidden quietly on a 403
// or an error.
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it } from "vitest";
import { type App, startApp } from "../../tui/app.ts";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import type { Fetcher, MetricsQuery } from "../../tui/fetcher.ts";
import { HttpFetcher } from "../../tui/fetcher.ts";
import { helpLines } from "../../tui/keys.ts";
import type { LiveSocket } from "../../tui/live.ts";
import * as M from "../../tui/metrics-state.ts";
import { createScreen } from "../../tui/screen.ts";
import { lastMinutes, SPARK_MINUTES, sparkBlocks, sparkChart, sparkline } from "../../tui/sparkline.ts";
import * as S from "../../tui/state.ts";
import { ApiError } from "../../worker/api/errors.ts";
import type { LanesResponse } from "../../worker/api/lanes.ts";
import type { MetricsPoint, MetricsResponse } from "../../worker/api/metrics.ts";
import type { JobListResponse } from "../../worker/api/schema.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";
import { styleBefore } from "../support/sgr.ts";

const MINUTE = 60_000;
/** 20 s into a minute: the minute under way is 10:10, the last whole one 10:09. */
const NOW = Date.parse("2026-11-17T10:10:20Z");

function point(at: number, completed: number, failed = 0, deadLettered = 0): MetricsPoint {
  return {
    at: new Date(at).toISOString(),
    created: 0,
    started: 0,
    completed,
    failed,
    dead_lettered: deadLettered,
    items: 0,
    failure_rate: null,
    wait_p50_ms: null,
    wait_p95_ms: null,
    run_p50_ms: null,
    run_p95_ms: null,
    queued: null,
    running: null,
  };
}

/** The answer for the 30 whole minutes before `now` and the one under way: a ramp of done, failures two minutes ago. */
function series(now: number): MetricsPoint[] {
  const current = Math.floor(now / MINUTE) * MINUTE;
  return Array.from({ length: SPARK_MINUTES + 1 }, (_, i) => {
    const at = current - (SPARK_MINUTES - i) * MINUTE;
    if (at === current) return point(at, 5); // under way: left out
    if (at === current - 3 * MINUTE) return point(at, 10, 2, 1);
    if (at === current - MINUTE) return point(at, 42, 3);
    return point(at, i % 8);
  });
}

const view = (series: MetricsPoint[] | null, fetchedAt = NOW): M.MetricsView => ({
  ...M.initialMetrics(),
  series,
  fetchedAt,
});

describe("the sparkline's minutes and blocks", () => {
  it("takes the 30 whole minutes before the read, oldest first, failed and dead-lettered together", () => {
    const minutes = lastMinutes(series(NOW), NOW);
    expect(minutes).toHaveLength(SPARK_MINUTES);
    expect(minutes[0]?.at).toBe(Date.parse("2026-11-17T09:40:00Z"));
    expect(minutes.at(-1)).toEqual({ at: Date.parse("2026-11-17T10:09:00Z"), done: 42, failed: 3 });
    expect(minutes.at(-3)).toEqual({ at: Date.parse("2026-11-17T10:07:00Z"), done: 10, failed: 3 });
  });

  it("counts a minute the answer lacks as nothing ended", () => {
    const minutes = lastMinutes([point(Date.parse("2026-11-17T10:05:00Z"), 4)], NOW);
    expect(minutes.filter((m) => m.done > 0).map((m) => new Date(m.at).toISOString())).toEqual([
      "2026-11-17T10:05:00.000Z",
    ]);
    expect(minutes.every((m) => m.failed === 0)).toBe(true);
  });

  it("scales blocks to the window's max: nothing is blank, any count at least the lowest eighth", () => {
    expect(sparkBlocks([0, 1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe(" ▁▂▃▄▅▆▇█");
    expect(sparkBlocks([1, 400], 400)).toBe("▁█");
    expect(sparkBlocks([0, 0], 0)).toBe("  ");
  });

  it("colours a minute in which any job failed red and the others green, blanks uncoloured", () => {
    const chart = sparkChart(
      [
        { at: 0, done: 8, failed: 0 },
        { at: 1, done: 4, failed: 0 },
        { at: 2, done: 0, failed: 0 },
        { at: 3, done: 6, failed: 2 },
      ],
      true,
    );
    expect(chart).toBe("{green-fg}█▄{/green-fg} {red-fg}█{/red-fg}");
    expect(sparkChart([{ at: 3, done: 6, failed: 2 }], false)).toBe("█");
  });
});

describe("the sparkline for the room the header leaves", () => {
  const text = (room: number, v = view(series(NOW))) => sparkline(v, room, false);

  it("draws the chart and the latest minute's numbers when they fit, else the numbers, else nothing", () => {
    const full = text(80);
    expect(full?.text).toMatch(/^[ ▁▂▃▄▅▆▇█]{30} done 42\/min, failed 3$/);
    expect(full?.width).toBe(52);
    expect(text(51)).toEqual({ text: "done 42/min, failed 3", width: 21 });
    expect(text(21)?.text).toBe("done 42/min, failed 3");
    expect(text(20)).toBeNull();
  });

  it("is hidden before the first read and after a failed one, and has no chart for a window where nothing ended", () => {
    expect(text(80, view(null))).toBeNull();
    expect(text(80, view([point(NOW - 5 * MINUTE, 0)]))).toEqual({ text: "done 0/min, failed 0", width: 20 });
  });

  it("says the numbers in the chart's colours", () => {
    const painted = sparkline(view(series(NOW)), 21, true)?.text;
    expect(painted).toBe("{green-fg}done 42/min{/green-fg}, {red-fg}failed 3{/red-fg}");
  });
});

let screen: Widgets.Screen | null = null;
let drawer: Drawer | null = null;
let app: App | null = null;
afterEach(() => {
  app?.stop();
  drawer?.destroy();
  screen?.destroy();
  app = screen = drawer = null;
});

const settle = () => new Promise((r) => setTimeout(() => setImmediate(r), 5));

async function drawn(state: S.State, cols: number, rows: number, color = false) {
  const term = new MemoryTerminal(cols, rows);
  screen = createScreen(term, term, "xterm-256color");
  drawer = createDrawer(screen, { color, helpLines: helpLines(), now: () => NOW });
  drawer.draw(state);
  drawer.flush();
  await settle();
  return term;
}

function withMetrics(url = "http://127.0.0.1:8787", connection: S.Connection = { kind: "live" }): S.State {
  const s = { ...S.initialState({ url, workspace: "acme" }), loading: false, connection };
  return M.metricsLoaded(s, series(NOW), NOW);
}

describe("the sparkline in the header", () => {
  it("at 120x40 sits on the title line before the connection state; the counts line keeps its full labels", async () => {
    const lines = (await drawn(withMetrics(), 120, 40)).lines();
    expect(lines[0]).toMatch(
      /^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 +[ ▁-█]{30} done 42\/min, failed 3 {2}live$/,
    );
    expect(lines[0]).toHaveLength(120);
    expect(lines[1]).toMatch(/^Pending 0 {2}Running 0 {2}Completed 0/);
  });

  it("at 80x24 keeps the numbers without the chart, and gives them up before the title or the connection", async () => {
    const live = (await drawn(withMetrics(), 80, 24)).lines();
    expect(live[0]).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 +done 42\/min, failed 3 {2}live$/);
    const offline = withMetrics(undefined, { kind: "offline", retryAt: NOW + 9000, reason: "x" });
    const lines = (await drawn(offline, 80, 24)).lines();
    expect(lines[0]).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 +offline \(retrying in 9s\)$/);
    const long = (await drawn(withMetrics("https://dutyleak-jobs.acme-industries.workers.dev"), 80, 24)).lines();
    expect(long[0]).toMatch(/^DutyLeak Jobs {2}acme @ https:\/\/dutyleak-jobs\.acme-industries\.workers\.dev +live$/);
  });

  it("draws minutes with failures in red and the others in green", async () => {
    const term = await drawn(withMetrics(), 120, 40, true);
    const out = term.output();
    expect(styleBefore(out, "done 42/min")).toContain(32);
    expect(styleBefore(out, "failed 3")).toContain(31);
    // The last whole minute (42 done, 3 failed) is the window's largest, the only full block: red.
    expect(styleBefore(out, "█")).toContain(31);
    expect(styleBefore(out, "▁")).toContain(32);
  });

  it("leaves the title line as it was while there is nothing to show", async () => {
    const s = { ...S.initialState({ url: "http://127.0.0.1:8787", workspace: "acme" }), connection: { kind: "live" } };
    const lines = (await drawn(s as S.State, 120, 40)).lines();
    expect(lines[0]).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 +live$/);
  });
});

class FakeSocket implements LiveSocket {
  onopen: LiveSocket["onopen"] = null;
  onmessage: LiveSocket["onmessage"] = null;
  onclose: LiveSocket["onclose"] = null;
  onerror: LiveSocket["onerror"] = null;
  close() {}
}

/** The few reads the header makes; anything else would be a surprise. */
class FakeApi {
  queries: MetricsQuery[] = [];
  failure: Error | null = null;
  async listJobs(): Promise<JobListResponse> {
    return { jobs: [], next_cursor: null, counts: {} as JobListResponse["counts"] };
  }
  async lanes(): Promise<LanesResponse> {
    return { lanes: [], max_running: 4, in_use: 0, changes: [] };
  }
  async metrics(query: MetricsQuery): Promise<MetricsResponse> {
    this.queries.push(query);
    if (this.failure) throw this.failure;
    const now = Date.now();
    return { from: query.from, to: query.to, step: query.step, type: null, series: series(now), queued_by_type: {} };
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
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(10);
  }
}

function run(api: FakeApi, metricsMs = 30_000) {
  const term = new MemoryTerminal(120, 30);
  const sockets: FakeSocket[] = [];
  const logs: string[] = [];
  app = startApp({
    screen: createScreen(term, term, "xterm"),
    fetcher: api.fetcher(),
    url: "http://api.test",
    token: "tok",
    workspace: "acme",
    color: false,
    log: (l) => logs.push(l),
    frameMs: 5,
    metricsMs,
    socketFactory: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    onExit: () => {},
  });
  const title = () => term.lines()[0] ?? "";
  /** The socket drops and the client's next one opens: a reconnect. */
  const reconnect = () => {
    sockets.at(-1)?.onclose?.({ code: 1006, reason: "" });
    return until(() => sockets.length === 2, "a reconnect").then(() => sockets.at(-1)?.onopen?.({}));
  };
  return { term, logs, title, sockets, reconnect };
}

describe("the app's reads of GET /api/v1/metrics", () => {
  it("asks for the last 30 minutes a minute a step from the start of a minute, and shows the answer", async () => {
    const api = new FakeApi();
    const before = Date.now();
    const t = run(api);
    await until(() => /done 42\/min, failed 3/.test(t.title()), "the sparkline");
    const q = api.queries[0] as MetricsQuery;
    expect(q.step).toBe("1m");
    const from = Date.parse(q.from);
    expect(from % MINUTE).toBe(0);
    expect(Math.floor(before / MINUTE) * MINUTE - from).toBe(30 * MINUTE);
    expect(Date.parse(q.to)).toBeGreaterThanOrEqual(before);
  });

  it("rereads on its interval; a connect right after a read waits for the interval instead of reading twice", async () => {
    const api = new FakeApi();
    const t = run(api, 500);
    await until(() => api.queries.length === 1, "the first read");
    t.sockets[0]?.onopen?.({});
    await wait(250);
    expect(api.queries).toHaveLength(1);
    await until(() => api.queries.length === 2, "the next read", 1000);
    await wait(200);
    expect(api.queries).toHaveLength(2); // the interval's tick and the connect's request made one read
  });

  it("hides it quietly on a 403 (a member's token): no message, one log line, no more reads until a reconnect", async () => {
    const api = new FakeApi();
    api.failure = new ApiError(403, "forbidden", "this account is a member of acme; the job dashboard needs Admin");
    const t = run(api, 50);
    await until(() => api.queries.length === 1, "the first read");
    await wait(200); // four intervals
    expect(api.queries).toHaveLength(1);
    expect(t.title()).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/api\.test +connecting…$/);
    expect(t.term.lines().join("\n")).not.toMatch(/metrics|forbidden|needs Admin/i);
    expect(t.logs.filter((l) => /metrics/.test(l))).toHaveLength(1);
    await t.reconnect();
    await until(() => api.queries.length === 2, "one more try after the reconnect");
    await wait(150);
    expect(api.queries).toHaveLength(2);
  });

  it("hides it on any other error, keeps asking, logs the failure once and shows it again when a read works", async () => {
    const api = new FakeApi();
    const t = run(api, 50);
    await until(() => /done 42/.test(t.title()), "the sparkline");
    api.failure = new ApiError(0, "network", "cannot reach http://api.test");
    await until(() => api.queries.length >= 4, "reads that fail");
    expect(t.title()).not.toMatch(/done/);
    expect(t.term.lines().join("\n")).not.toMatch(/cannot reach/);
    expect(t.logs.filter((l) => /metrics/.test(l))).toHaveLength(1);
    api.failure = null;
    await until(() => /done 42/.test(t.title()), "the sparkline back");
  });
});

describe("HttpFetcher.metrics", () => {
  it("sends from, to and step, and checks the answer's shape", async () => {
    const seen: string[] = [];
    const answer = { from: "a", to: "b", step: "1m", type: null, series: [point(NOW, 1)], queued_by_type: {} };
    const fetch = (async (url: string | URL | Request) => {
      seen.push(String(url));
      return new Response(JSON.stringify(answer), { status: 200 });
    }) as typeof globalThis.fetch;
    const f = new HttpFetcher({ url: "http://api.test/", token: "tok", fetch });
    const res = await f.metrics({ from: "2026-11-17T09:40:00.000Z", to: "2026-11-17T10:10:20.000Z", step: "1m" });
    expect(res.series[0]?.completed).toBe(1);
    expect(seen[0]).toBe(
      "http://api.test/api/v1/metrics?from=2026-11-17T09%3A40%3A00.000Z&to=2026-11-17T10%3A10%3A20.000Z&step=1m",
    );
  });
});
