// The header's open alert incidents: the reducers, the banner's forms for the room it gets, what the title line gives
// up for it from 230 down to 56 columns, the app reading GET /api/v1/alerts?state=firing every 15 s and on a reconnect (quiet
// on errors, stopped by a 403 until the next connect), and the HTTP fetcher's request and narrow schema.
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it } from "vitest";
import { alertBanner } from "../../tui/alert-banner.ts";
import type { FiringAlertsResponse, FiringIncident } from "../../tui/alerts-schema.ts";
import * as A from "../../tui/alerts-state.ts";
import { type App, startApp } from "../../tui/app.ts";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import { type Fetcher, HttpFetcher } from "../../tui/fetcher.ts";
import { helpLines } from "../../tui/keys.ts";
import type { LiveSocket } from "../../tui/live.ts";
import * as M from "../../tui/metrics-state.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import { titleLine } from "../../tui/title-line.ts";
import { ApiError } from "../../worker/api/errors.ts";
import type { LanesResponse } from "../../worker/api/lanes.ts";
import type { MetricsPoint } from "../../worker/api/metrics.ts";
import type { JobListResponse } from "../../worker/api/schema.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";
import { styleBefore } from "../support/sgr.ts";

const NOW = Date.parse("2026-12-02T05:40:20Z");

const DEAD: FiringIncident = {
  rule_name: "Dead letters",
  summary: "3 data_import jobs dead-lettered in the last 60 minutes",
};
const SLOW: FiringIncident = { rule_name: "Slow exports", summary: "a data_export job has waited 42 minutes" };
/** The whole banner for DEAD and one more: 99 cells. */
const BANNER = "▲ 2 alerts firing: Dead letters — 3 data_import jobs dead-lettered in the last 60 minutes (+1 more)";

const answer = (alerts: FiringIncident[], next_cursor: string | null = null): FiringAlertsResponse => ({
  alerts,
  next_cursor,
});

function base(url = "http://127.0.0.1:8787", workspace: string | null = "acme"): S.State {
  return { ...S.initialState({ url, workspace }), loading: false, connection: { kind: "live" } };
}

const firing = (alerts: FiringIncident[], s = base(), next: string | null = null) =>
  A.alertsLoaded(s, answer(alerts, next));

const view = (alerts: FiringIncident[] | null, more = false): A.AlertsView => ({
  ...A.initialAlerts(),
  firing: alerts,
  more,
});

describe("the alerts' reducers", () => {
  it("keep the incidents as read, newest first, and whether the server had another page", () => {
    const s = firing([DEAD, SLOW], base(), "cursor_2");
    expect(s.alerts).toEqual({ firing: [DEAD, SLOW], more: true, unavailable: false, failing: false });
    expect(firing([DEAD]).alerts.more).toBe(false);
  });

  it("hide them after a failed read and remember whether it was a refusal", () => {
    const loaded = firing([DEAD]);
    expect(A.alertsFailed(loaded, false).alerts).toEqual({
      firing: null,
      more: false,
      unavailable: false,
      failing: true,
    });
    expect(A.alertsFailed(loaded, true).alerts.unavailable).toBe(true);
  });

  it("a read that works clears the failure; a reconnect clears only a refusal", () => {
    const refused = A.alertsFailed(base(), true);
    expect(firing([DEAD], refused).alerts).toMatchObject({ failing: false, unavailable: false });
    expect(A.alertsRetry(refused).alerts).toMatchObject({ unavailable: false, failing: true, firing: null });
    const fine = firing([DEAD]);
    expect(A.alertsRetry(fine)).toBe(fine); // nothing to retry: the same state, no frame
  });
});

describe("the alert banner for the room the title line leaves", () => {
  const text = (room: number, v = view([DEAD, SLOW])) => alertBanner(v, room, false)?.text ?? null;

  it("names the newest incident in full when it fits, with how many more are open", () => {
    expect(text(200)).toBe(`{bold}${BANNER}{/bold}`);
    expect(alertBanner(view([DEAD, SLOW]), 200, false)?.width).toBe(99);
    expect(text(200, view([DEAD]))).toBe(
      "{bold}▲ 1 alert firing: Dead letters — 3 data_import jobs dead-lettered in the last 60 minutes{/bold}",
    );
  });

  it("cuts the summary before the count or the number of others, and never exceeds its room", () => {
    expect(text(60)).toBe("{bold}▲ 2 alerts firing: Dead letters — 3 data_import j… (+1 more){/bold}");
    for (let room = 17; room <= 110; room++) {
      const banner = alertBanner(view([DEAD, SLOW]), room, false);
      expect(banner?.width ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(room);
      expect(banner?.text).toMatch(/^\{bold\}▲ 2 alerts firing/);
    }
  });

  it("says only the count when a name would be a stub, and nothing when not even the count fits", () => {
    expect(text(41)).toBe("{bold}▲ 2 alerts firing: Dead letter… (+1 more){/bold}");
    expect(text(40)).toBe("{bold}▲ 2 alerts firing{/bold}");
    expect(text(17)).toBe("{bold}▲ 2 alerts firing{/bold}");
    expect(text(16)).toBeNull();
  });

  it("says the count is a lower bound when the server has another page", () => {
    const fifty = Array.from({ length: 50 }, () => DEAD);
    expect(text(200, view(fifty, true))).toMatch(/^\{bold\}▲ 50\+ alerts firing: Dead letters — .* \(\+49 more\)/);
  });

  it("is absent while nothing is open, before the first read and after a failed or refused one", () => {
    expect(text(200, view([]))).toBeNull();
    expect(text(200, A.initialAlerts())).toBeNull();
    expect(text(200, A.alertsFailed(firing([DEAD]), true).alerts)).toBeNull();
  });

  it("flattens control characters and escapes blessed tags in what the server wrote", () => {
    const odd = { rule_name: "{red-fg}x", summary: "two\nlines\x1b[2J" };
    expect(text(200, view([odd]))).toBe("{bold}▲ 1 alert firing: {open}red-fg{close}x — two lines [2J{/bold}");
  });

  it("is red and bold in colour, bold alone under NO_COLOR", () => {
    expect(alertBanner(view([DEAD]), 20, true)?.text).toBe("{red-fg}{bold}▲ 1 alert firing{/bold}{/red-fg}");
    expect(alertBanner(view([DEAD]), 20, false)?.text).toBe("{bold}▲ 1 alert firing{/bold}");
  });
});

function point(at: number, completed: number): MetricsPoint {
  return {
    at: new Date(at).toISOString(),
    created: 0,
    started: 0,
    completed,
    failed: 0,
    dead_lettered: 0,
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
/** One whole minute before NOW with jobs in it: enough for the sparkline to draw its chart and its words. */
const withMetrics = (s: S.State) => M.metricsLoaded(s, [point(NOW - 60_000, 42)], NOW);

describe("the title line with alerts open", () => {
  const plain = (s: S.State, width: number) => titleLine(s, width, NOW, false).replace(/\{\/?[a-z-]+\}/g, "");

  it("fills exactly the width at every width from 56 to 220 columns, the connection state last", () => {
    const states = [
      withMetrics(firing([DEAD, SLOW])),
      firing([DEAD], base("https://dutyleak-jobs.acme-industries.workers.dev", "acme-industries-europe")),
      { ...firing([DEAD, SLOW]), connection: { kind: "offline", retryAt: NOW + 30_000, reason: "x" } } as S.State,
    ];
    for (const s of states) {
      for (let width = 56; width <= 220; width++) {
        const line = plain(s, width);
        expect(line.length, `${width}: ${line}`).toBe(width);
        expect(line).toMatch(/ {2}(live|offline \(retrying in 30s\))$/);
        expect(line).toMatch(/^DutyLeak /); // cut no shorter than "DutyLeak …"
        expect(line).toContain("alert");
      }
    }
  });

  it("gives up the sparkline, then the URL, then the end of the summary, in that order", () => {
    const s = withMetrics(firing([DEAD, SLOW]));
    const spread = (left: string, right: string, width: number) =>
      left + " ".repeat(width - left.length - right.length) + right;
    expect(plain(s, 230)).toMatch(
      /^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 {2}▲ .* \(\+1 more\) +[ ▁-█]{30} done 42\/min, failed 0 {2}live$/,
    );
    expect(plain(s, 160)).toBe(spread(`DutyLeak Jobs  acme @ http://127.0.0.1:8787  ${BANNER}`, "  live", 160));
    expect(plain(s, 140)).toBe(spread(`DutyLeak Jobs  acme  ${BANNER}`, "  live", 140));
    expect(plain(s, 125)).toBe(
      "DutyLeak Jobs  acme  ▲ 2 alerts firing: Dead letters — 3 data_import jobs dead-lettered in the last 60 minut… (+1 more)  live",
    );
  });

  it("is as before when nothing is open or the server refused", () => {
    const before = titleLine(withMetrics(base()), 120, NOW, true);
    expect(titleLine(firing([], withMetrics(base())), 120, NOW, true)).toBe(before);
    expect(titleLine(A.alertsFailed(withMetrics(base()), true), 120, NOW, true)).toBe(before);
    expect(before).toContain("done 42/min");
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
  drawer?.destroy(); // a second drawing in one test replaces the first screen
  screen?.destroy();
  const term = new MemoryTerminal(cols, rows);
  screen = createScreen(term, term, "xterm-256color");
  drawer = createDrawer(screen, { color, helpLines: helpLines(), now: () => NOW });
  drawer.draw(state);
  drawer.flush();
  await settle();
  return term;
}

describe("the alerts in the header", () => {
  it("at 200x40 come whole after the whole title, before the sparkline's numbers and the connection", async () => {
    const lines = (await drawn(withMetrics(firing([DEAD, SLOW])), 200, 40)).lines();
    expect(lines[0]).toMatch(
      /^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 {2}▲ 2 alerts firing: .* \(\+1 more\) +done 42\/min, failed 0 {2}live$/,
    );
    expect(lines[0]).toContain(BANNER);
    expect(lines[0]).toHaveLength(200);
  });

  it("at 120x40 take the sparkline's and the URL's room; the counts and lanes lines stay as they were", async () => {
    const lines = (await drawn(withMetrics(firing([DEAD, SLOW])), 120, 40)).lines();
    expect(lines[0]).toBe(
      "DutyLeak Jobs  acme  ▲ 2 alerts firing: Dead letters — 3 data_import jobs dead-lettered in the last 60 … (+1 more)  live",
    );
    expect(lines[1]).toMatch(/^Pending 0 {2}Running 0 {2}Completed 0 {2}Failed 0/);
    expect(lines[2]).toBe("Lanes: loading…");
    expect(lines[3]).toMatch(/^ {2}ID +Type +Status/);
  });

  it("at 80x24 cut the summary, then drop the incident, and keep the count, the workspace and the connection", async () => {
    const without = (await drawn(withMetrics(base()), 80, 24)).lines();
    const live = (await drawn(withMetrics(firing([DEAD, SLOW])), 80, 24)).lines();
    expect(live[0]).toBe("DutyLeak Jobs  acme  ▲ 2 alerts firing: Dead letters — 3 data_i… (+1 more)  live");
    expect(live.slice(1)).toEqual(without.slice(1));
    const offline = { ...firing([DEAD, SLOW]), connection: { kind: "offline", retryAt: NOW + 9000, reason: "x" } };
    const lines = (await drawn(offline as S.State, 80, 24)).lines();
    expect(lines[0]).toBe(`DutyLeak Jobs  acme  ▲ 2 alerts firing${" ".repeat(16)}  offline (retrying in 9s)`);
  });

  it("at 80x24 cut a long workspace name before the count", async () => {
    const s = firing([DEAD], base("https://dutyleak-jobs.acme-industries.workers.dev", "acme-industries-europe-west"));
    const offline = { ...s, connection: { kind: "offline", retryAt: NOW + 9000, reason: "x" } } as S.State;
    const lines = (await drawn(offline, 80, 24)).lines();
    expect(lines[0]).toBe("DutyLeak Jobs  acme-industries-euro…  ▲ 1 alert firing  offline (retrying in 9s)");
  });

  it("are drawn red and bold", async () => {
    const out = (await drawn(firing([DEAD]), 120, 40, true)).output();
    expect(styleBefore(out, "▲")).toEqual(expect.arrayContaining([1, 31]));
  });

  it("leave the title line as it was while none are open", async () => {
    const none = (await drawn(firing([], withMetrics(base())), 80, 24)).lines();
    expect(none[0]).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 +done 42\/min, failed 0 {2}live$/);
  });
});

class FakeSocket implements LiveSocket {
  onopen: LiveSocket["onopen"] = null;
  onmessage: LiveSocket["onmessage"] = null;
  onclose: LiveSocket["onclose"] = null;
  onerror: LiveSocket["onerror"] = null;
  close() {}
}

/** The reads the header makes; anything else (metrics included) is refused, as by a server without it. */
class FakeApi {
  reads = 0;
  alerts: FiringIncident[] = [DEAD, SLOW];
  failure: Error | null = null;
  async listJobs(): Promise<JobListResponse> {
    return { jobs: [], next_cursor: null, counts: {} as JobListResponse["counts"] };
  }
  async lanes(): Promise<LanesResponse> {
    return { lanes: [], max_running: 4, in_use: 0, changes: [] };
  }
  async firingAlerts(): Promise<FiringAlertsResponse> {
    this.reads++;
    if (this.failure) throw this.failure;
    return answer(this.alerts);
  }
  fetcher(): Fetcher {
    return new Proxy(this, {
      get: (target, name) => {
        const value = Reflect.get(target, name);
        if (value !== undefined) return typeof value === "function" ? value.bind(target) : value;
        return () => Promise.reject(new ApiError(404, "not_found", `no ${String(name)} here`));
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

function run(api: FakeApi, alertsMs?: number) {
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
    alertsMs,
    socketFactory: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    onExit: () => {},
  });
  const title = () => term.lines()[0] ?? "";
  /** The socket drops and the client's next one opens: a reconnect. */
  const reconnect = async () => {
    const n = sockets.length;
    sockets.at(-1)?.onclose?.({ code: 1006, reason: "" });
    await until(() => sockets.length === n + 1, "a reconnect");
    sockets.at(-1)?.onopen?.({});
  };
  const alertLogs = () => logs.filter((l) => /alerts/.test(l));
  return { term, title, sockets, reconnect, alertLogs };
}

describe("the app's reads of GET /api/v1/alerts?state=firing", () => {
  it("reads at the start and shows the answer in the title line", async () => {
    const api = new FakeApi();
    const t = run(api);
    await until(() => t.title().includes("▲ 2 alerts firing: Dead letters"), "the alerts");
    expect(api.reads).toBe(1);
  });

  it("rereads every interval: a new incident shows, and the banner goes when none are open", async () => {
    const api = new FakeApi();
    api.alerts = [DEAD];
    const t = run(api, 50);
    await until(() => t.title().includes("▲ 1 alert firing"), "one alert");
    api.alerts = [SLOW, DEAD];
    await until(() => t.title().includes("▲ 2 alerts firing: Slow exports"), "the newer incident");
    api.alerts = [];
    await until(() => !t.title().includes("alert"), "the banner gone");
    expect(t.title()).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/api\.test +connecting…$/);
  });

  it("a 403 (a member's token) hides them quietly and stops the reads; a reconnect asks again", async () => {
    const api = new FakeApi();
    api.failure = new ApiError(403, "forbidden", "this account is a member of acme; the job dashboard needs Admin");
    const t = run(api, 50);
    await until(() => api.reads === 1, "the first read");
    await wait(250); // five intervals
    expect(api.reads).toBe(1);
    expect(t.title()).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/api\.test +connecting…$/);
    expect(t.term.lines().join("\n")).not.toMatch(/alert|forbidden|needs Admin/i);
    expect(t.alertLogs()).toHaveLength(1);
    await t.reconnect();
    await until(() => api.reads === 2, "one more try after the reconnect");
    await wait(150);
    expect(api.reads).toBe(2); // refused again: stopped again
    api.failure = null;
    await t.reconnect();
    await until(() => t.title().includes("▲ 2 alerts firing"), "the alerts after a reconnect that is answered");
  });

  it("a 404 (a server without alerts) stops the reads too", async () => {
    const api = new FakeApi();
    api.failure = new ApiError(404, "not_found", "Not Found");
    run(api, 50);
    await until(() => api.reads === 1, "the first read");
    await wait(200);
    expect(api.reads).toBe(1);
  });

  it("any other error hides them, keeps asking, is logged once, and they come back when a read works", async () => {
    const api = new FakeApi();
    const t = run(api, 50);
    await until(() => t.title().includes("▲ 2 alerts firing"), "the alerts");
    api.failure = new ApiError(0, "network", "cannot reach http://api.test");
    const seen = api.reads;
    await until(() => api.reads >= seen + 3, "reads that fail");
    expect(t.title()).not.toContain("alert");
    expect(t.term.lines().join("\n")).not.toMatch(/cannot reach/);
    expect(t.alertLogs()).toHaveLength(1);
    api.failure = null;
    await until(() => t.title().includes("▲ 2 alerts firing"), "the alerts back");
  });

  it("g rereads them with the page", async () => {
    const api = new FakeApi();
    const t = run(api, 60_000);
    await until(() => api.reads === 1, "the first read");
    t.term.type("g");
    await until(() => api.reads === 2, "the read g asked for");
  });
});

describe("HttpFetcher.firingAlerts", () => {
  const full = {
    alerts: [
      {
        id: "01JALERT0000000000000000001",
        rule_id: "01JRULE00000000000000000001",
        rule_name: "Dead letters",
        kind: "dead_letter",
        type: "data_import",
        state: "firing",
        opened_at: "2026-12-02T05:30:00.000Z",
        resolved_at: null,
        summary: "3 data_import jobs dead-lettered in the last 60 minutes",
        job_ids: ["01JJOB000000000000000000001"],
        job_count: 3,
      },
    ],
    next_cursor: null,
  };

  function fetcher(status: number, body: unknown, seen: { url: string; auth: string | null }[] = []) {
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push({ url: String(url), auth: new Headers(init?.headers).get("authorization") });
      return new Response(JSON.stringify(body), { status });
    }) as typeof globalThis.fetch;
    return new HttpFetcher({ url: "http://api.test/", token: "tok", fetch });
  }

  it("asks for the firing ones with the token and keeps only the fields the header reads", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const res = await fetcher(200, full, seen).firingAlerts();
    expect(seen).toEqual([{ url: "http://api.test/api/v1/alerts?state=firing", auth: "Bearer tok" }]);
    expect(res).toEqual({
      alerts: [{ rule_name: "Dead letters", summary: full.alerts[0]?.summary }],
      next_cursor: null,
    });
  });

  it("refuses an answer without a summary, and passes a 403 on as one", async () => {
    const { summary: _, ...noSummary } = full.alerts[0] as (typeof full.alerts)[number];
    await expect(fetcher(200, { alerts: [noSummary], next_cursor: null }).firingAlerts()).rejects.toMatchObject({
      code: "bad_response",
    });
    const forbidden = { error: { code: "forbidden", message: "owner or admin only" } };
    await expect(fetcher(403, forbidden).firingAlerts()).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });
});
