// The schedules pane (`s`): its reducers, its table and runs at 80 and 120 columns, what run now / pause / resume ask
// and answer, the keys against a fake API (r, p, Enter, Esc), a member's 403 in the pane, and the HTTP calls behind it.
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it } from "vitest";
import { Actions } from "../../tui/actions.ts";
import { type App, startApp } from "../../tui/app.ts";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import { type Fetcher, HttpFetcher } from "../../tui/fetcher.ts";
import {
  handleKey,
  helpLines,
  KEYS,
  type KeyContext,
  paneHints,
  SCHEDULE_KEYS,
  SCHEDULE_RUN_KEYS,
} from "../../tui/keys.ts";
import * as L from "../../tui/lanes-state.ts";
import {
  outcomeText,
  pauseAnswerText,
  runAnswerText,
  schedulePrompt,
  schedulesLabel,
  schedulesPaneText,
} from "../../tui/schedules-pane.ts";
import type { ScheduleDetailResponse, ScheduleRunResponse } from "../../tui/schedules-schema.ts";
import * as SS from "../../tui/schedules-state.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import { ApiError } from "../../worker/api/errors.ts";
import type { ScheduleJson, ScheduleRunJson } from "../../worker/api/schedules.ts";
import type { Job, JobEvent, JobListResponse } from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";

const NOW = Date.parse("2026-11-17T10:10:00Z");
const ZONE = "Europe/Paris"; // UTC+1 in November, like the schedules' Berlin: 01:00Z reads 02:00
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function schedule(n: number, extra: Partial<ScheduleJson> = {}, now = NOW): ScheduleJson {
  const next = now + 14 * HOUR + 50 * 60_000;
  return {
    id: `01JSCHED${String(n).padStart(18, "0")}`,
    name: `Schedule ${n}`,
    cron: "0 2 * * *",
    timezone: "Europe/Berlin",
    type: "data_export",
    payload: {},
    priority: "normal",
    overlap: "skip",
    enabled: true,
    paused_by: null,
    next_run_at: iso(next),
    next_runs: [0, 1, 2, 3, 4].map((d) => iso(next + d * 24 * HOUR)),
    last_run_at: null,
    last_job_id: null,
    created_by: "01JUSER0000000000000000001",
    created_at: "2026-11-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    ...extra,
  };
}

const paused = (s: ScheduleJson): ScheduleJson => ({
  ...s,
  enabled: false,
  paused_by: "admin@acme.test",
  next_run_at: null,
  next_runs: [],
});

const JOB_ID = "01JSCHEDJOB000000000000001";
function run(extra: Partial<ScheduleRunJson> = {}): ScheduleRunJson {
  return {
    due_at: "2026-11-17T01:00:00Z",
    kind: "cron",
    outcome: "created",
    job_id: JOB_ID,
    job_status: "completed",
    detail: null,
    ...extra,
  };
}

const NIGHTLY = schedule(1, { name: "Nightly catalogue export", last_run_at: "2026-11-17T01:00:00Z" });
const HOURLY = schedule(2, {
  name: "Hourly classification",
  cron: "15 * * * *",
  timezone: "UTC",
  type: "bulk_classification",
  next_run_at: "2026-11-17T10:15:00Z",
  next_runs: ["2026-11-17T10:15:00Z", "2026-11-17T11:15:00Z"],
});
const WEEKLY = paused(
  schedule(3, {
    name: "Weekly duty review",
    cron: "30 6 * * 1",
    timezone: "America/New_York",
    type: "duty_optimization",
  }),
);
const NIGHTLY_RUNS: ScheduleRunJson[] = [
  run(),
  run({
    due_at: "2026-11-16T14:22:31Z",
    kind: "run_now",
    outcome: "skipped",
    job_id: null,
    job_status: null,
    detail: "skipped: the previous job 01JSCHEDJOB000000000000000 is still running",
  }),
  run({ due_at: "2026-11-16T01:00:00Z", job_id: "01JSCHEDJOB000000000000000", job_status: "failed" }),
  run({
    due_at: "2026-11-15T01:00:00Z",
    outcome: "failed",
    job_id: null,
    job_status: null,
    detail: "the payload no longer passes data_export: payload.format must be csv or xlsx",
  }),
];
const HOURLY_RUNS = [
  run({ due_at: "2026-11-17T09:15:00Z", job_id: "01JSCHEDJOB000000000000011", job_status: "running" }),
];

const base = () => ({ ...S.initialState({ url: "http://127.0.0.1:8787", workspace: "acme" }), loading: false });

/** The pane open on the three schedules, each one's runs read. */
function open(): S.State {
  let s = SS.schedulesLoaded(SS.openSchedules(base()), [NIGHTLY, HOURLY, WEEKLY], false);
  s = SS.runsLoaded(s, NIGHTLY, NIGHTLY_RUNS);
  s = SS.runsLoaded(s, HOURLY, HOURLY_RUNS);
  return SS.runsLoaded(s, WEEKLY, []);
}

const view = (s: S.State) => s.schedules as SS.SchedulesView;
const untagged = (text: string) => text.split("\n").map((l) => l.replace(/\{\/?[a-z-]+\}/g, "").trimEnd());

describe("schedules state", () => {
  it("opens in place of the detail, error and lanes panes, and they in place of it", () => {
    const job = jobFixture({ id: JOB_ID });
    let s = SS.openSchedules(L.openLanes(S.openErrors(S.openDetail(base(), job, []))));
    expect([s.detail, s.errors, s.lanesPane]).toEqual([null, null, null]);
    expect(view(s)).toMatchObject({ loading: true, schedules: [], history: null });
    expect(S.openErrors(s).schedules).toBeNull();
    s = L.openLanes(SS.openSchedules(s));
    expect(s.schedules).toBeNull();
  });

  it("keeps the cursor on its schedule when a new list arrives, and forgets the runs of those gone", () => {
    let s = SS.moveScheduleSelection(open(), 1);
    expect(SS.selectedSchedule(s)?.id).toBe(HOURLY.id);
    s = SS.schedulesLoaded(s, [WEEKLY, HOURLY], false);
    expect(SS.selectedSchedule(s)?.id).toBe(HOURLY.id);
    expect([...view(s).runs.keys()]).toEqual([HOURLY.id, WEEKLY.id]);
  });

  it("moves within the runs while they are shown, and r/p act on their schedule whatever the list cursor", () => {
    let s = SS.openHistory(open(), NIGHTLY.id);
    s = SS.moveScheduleSelection(s, 2);
    s = SS.moveScheduleSelection(s, 9);
    expect(view(s).history).toEqual({ id: NIGHTLY.id, selected: 3 });
    expect(view(s).selected).toBe(0);
    expect(SS.selectedRun(s)?.outcome).toBe("failed");
    expect(SS.selectedSchedule(s)?.id).toBe(NIGHTLY.id);
    s = SS.closeHistory(s);
    expect(SS.selectedRun(s)).toBeUndefined();
  });

  it("replaces the listed schedule with the copy its runs came with, and clamps the runs cursor", () => {
    let s = SS.moveScheduleSelection(SS.openHistory(open(), NIGHTLY.id), 3);
    s = SS.runsLoaded(s, paused(NIGHTLY), NIGHTLY_RUNS.slice(0, 1));
    expect(view(s).schedules[0]?.enabled).toBe(false);
    expect(view(s).history?.selected).toBe(0);
    expect(SS.schedulesFailed(s, "down").schedules?.schedules).toHaveLength(3);
  });

  it("ignores answers that arrive after the pane closed", () => {
    const closed = SS.closeSchedules(open());
    expect(SS.runsLoaded(closed, NIGHTLY, [])).toBe(closed);
    expect(SS.schedulesLoaded(closed, [NIGHTLY], false)).toBe(closed);
  });

  it("follows a live job event into the runs that created the job, and is the same state for any other job", () => {
    const s = open();
    const moved = SS.runJobChanged(s, { id: JOB_ID, status: "failed" });
    expect(view(moved).runs.get(NIGHTLY.id)?.runs?.[0]?.job_status).toBe("failed");
    expect(SS.runJobChanged(s, { id: "01JOTHER00000000000000000X", status: "failed" })).toBe(s);
    expect(SS.runJobChanged(moved, { id: JOB_ID, status: "failed" })).toBe(moved);
  });
});

describe("the schedules pane", () => {
  const opts = (width: number, height = 18) => ({ width, height, now: NOW, color: false, timeZone: ZONE });

  it("at 80 columns lists name, cron and zone, type, state, next run and last outcome, the selected one in full", () => {
    const text = untagged(schedulesPaneText(view(open()), opts(78)));
    expect(text[0]).toBe("Name             Cron              Type     State  Next run Last run");
    expect(text[1]).toBe("Nightly catalog… 0 2 * * * Europe… export   on     in 14 h  created, Completed");
    expect(text[2]).toMatch(/^Hourly classifi… 15 \* \* \* \* UTC +classify on +in 5 min created, Running$/);
    expect(text[3]).toMatch(/^Weekly duty rev… 30 6 \* \* 1 Ameri… optimize paused - +never$/);
    expect(text.slice(5)).toEqual([
      "Nightly catalogue export  0 2 * * * Europe/Berlin, Data export (data_export),…",
      "Next runs in 14 h: 18 Nov 02:00, 19 Nov 02:00, 20 Nov 02:00, 21 Nov 02:00, 22…",
      `Last run  9 h ago (cron): created, Completed, job ${JOB_ID}`,
    ]);
    expect(text.every((l) => l.length <= 78)).toBe(true);
  });

  it("at 120 columns adds who paused, the local clock time of the next run, and cuts no name", () => {
    const text = untagged(schedulesPaneText(view(SS.moveScheduleSelection(open(), 2)), opts(118)));
    expect(text[1]).toMatch(
      /^Nightly catalogue export 0 2 \* \* \* Europe\/Berlin +export +on +in 14 h \(18 Nov 02:00\) /,
    );
    expect(text[2]).toContain("in 5 min (11:15)");
    expect(text[3]).toMatch(/ paused by admin +- +never/);
    expect(text).toContain("Paused by admin@acme.test: no runs until it is resumed.");
    expect(text).toContain("Last run  never: it has not run yet.");
  });

  it("colours a paused schedule like the Paused status and a skipped or failed run, never on the cursor row", () => {
    let s = SS.runsLoaded(open(), HOURLY, [run({ outcome: "skipped", job_id: null, job_status: null })]);
    s = SS.runsLoaded(s, NIGHTLY, [run({ outcome: "failed", job_id: null, job_status: null })]);
    const text = schedulesPaneText(view(s), { ...opts(118), color: true }).split("\n");
    expect(text[1]).toMatch(/^\{inverse\}.*failed.*\{\/inverse\}$/);
    expect(text[1]).not.toContain("red-fg");
    expect(text[2]).toMatch(/\{yellow-fg\}9 h ago: skipped\{\/yellow-fg\}$/);
    expect(text[3]).toContain("{blue-fg}paused by admin");
  });

  it("says a schedule's runs are being read, or why they could not be", () => {
    let s = SS.schedulesLoaded(SS.openSchedules(base()), [NIGHTLY], false);
    expect(untagged(schedulesPaneText(view(s), opts(78)))).toContain("Last run  reading its runs…");
    s = SS.runsFailed(s, NIGHTLY.id, "Reading its runs failed: HTTP 500");
    const text = untagged(schedulesPaneText(view(s), opts(78)));
    expect(text[1]).toMatch(/ \?$/);
    expect(text).toContain("Last run  Reading its runs failed: HTTP 500");
  });

  it("shows a failed first read (a member's 403) in the pane, with how to read again or leave", () => {
    const refusal =
      "Loading schedules failed: this account is a member of acme; schedules need Admin (viewer@acme.test is a viewer of acme; managing schedules needs Owner or Admin)";
    const s = SS.schedulesFailed(SS.openSchedules(base()), refusal);
    const text = schedulesPaneText(view(s), { ...opts(78), color: true }).split("\n");
    expect(text[0]).toBe("{red-fg}Loading schedules failed: this account is a member of acme; schedules need{/red-fg}");
    expect(text.at(-1)).toBe("g reads again, Esc closes.");
    expect(untagged(schedulesPaneText(view(SS.schedulesFailed(open(), "down")), opts(78)))).toContain(
      "Not refreshed: down",
    );
  });

  it("says loading, and what an empty workspace has", () => {
    expect(schedulesPaneText(view(SS.openSchedules(base())), opts(78))).toBe("Loading schedules…");
    const empty = SS.schedulesLoaded(SS.openSchedules(base()), [], false);
    expect(schedulesPaneText(view(empty), opts(78))).toBe(
      "No schedules in this workspace; create them with POST /api/v1/schedules.",
    );
  });

  it("scrolls a long list a page at a time, keeping the cursor's row and the block under it", () => {
    const many = Array.from({ length: 30 }, (_, i) => schedule(i + 10));
    let s = SS.schedulesLoaded(SS.openSchedules(base()), many, true);
    s = SS.moveScheduleSelection(s, 20);
    const text = untagged(schedulesPaneText(view(s), opts(78)));
    expect(text.length).toBeLessThanOrEqual(18);
    expect(text[1]).toMatch(/^Schedule 22 /);
    expect(text[12]).toMatch(/^Schedule 33 /);
    expect(text[9]).toBe("Schedule 30 0 2 * * * Europe/Berlin Data export on    in 14 h  …");
    expect(text.at(-1)).toBe("The first 30 schedules; the API lists the rest.");
    expect(schedulesLabel(view(s))).toBe(" Schedules: 30+ ");
  });

  it("Enter's view lists the runs: due time (local), kind, outcome, job, its status and the detail", () => {
    const s = SS.moveScheduleSelection(SS.openHistory(open(), NIGHTLY.id), 1);
    const at80 = untagged(schedulesPaneText(view(s), opts(78)));
    expect(at80.slice(3, 8)).toEqual([
      "Due             Kind    Outcome Job       Status    Detail",
      "02:00:00        cron    created …00000001 Completed -",
      "16 Nov 15:22:31 run now skipped -         -         skipped: the previous job…",
      "16 Nov 02:00:00 cron    created …00000000 Failed    -",
      "15 Nov 02:00:00 cron    failed  -         -         the payload no longer pas…",
    ]);
    expect(at80.at(-1)).toBe("Detail: skipped: the previous job 01JSCHEDJOB000000000000000 is still running");
    const at120 = untagged(schedulesPaneText(view(s), opts(118)));
    expect(at120[4]).toBe(`02:00:00        cron    created ${JOB_ID} Completed -`);
    expect(schedulesLabel(view(s))).toBe(" Runs of “Nightly catalogue export”: the latest 4 ");
    expect(untagged(schedulesPaneText(view(SS.openHistory(open(), WEEKLY.id)), opts(78))).at(-1)).toBe("No runs yet.");
  });

  it("names a run's outcome with its job's status now", () => {
    expect(outcomeText(run())).toBe("created, Completed");
    expect(outcomeText(run({ job_status: null }))).toBe("created, job removed");
    expect(outcomeText(run({ outcome: "claimed", job_id: null, job_status: null }))).toBe("claimed");
  });
});

describe("run now, pause and resume: the question and the answer", () => {
  it("asks before run now, saying that overlap skip will skip it while the last job is active", () => {
    expect(schedulePrompt(NIGHTLY, "run", { runs: NIGHTLY_RUNS, failure: null }, NOW)).toBe(
      "Run “Nightly catalogue export” (Data export) now? It creates one job now; its cron times stay as they are. y/n",
    );
    expect(schedulePrompt(HOURLY, "run", { runs: HOURLY_RUNS, failure: null }, NOW)).toBe(
      "Run “Hourly classification” (Bulk classification) now? Its last job is still Running, so the run is skipped (overlap skip). y/n",
    );
    const allow = { ...HOURLY, overlap: "allow" as const };
    expect(schedulePrompt(allow, "run", { runs: HOURLY_RUNS, failure: null }, NOW)).toMatch(/It creates one job now/);
  });

  it("asks before a pause and a resume, with the next time it would run", () => {
    expect(schedulePrompt(NIGHTLY, "pause", undefined, NOW)).toBe(
      "Pause “Nightly catalogue export”? It creates no jobs until it is resumed (next run in 14 h); missed times are not made up. y/n",
    );
    // The next time after now, from the cron and its zone: 15 past, five minutes from 10:10.
    expect(schedulePrompt(paused(HOURLY), "resume", undefined, NOW)).toBe(
      "Resume “Hourly classification”? It next runs in 5 min. Times missed while paused are not made up. y/n",
    );
  });

  it("says what run now did, from the answer", () => {
    const created: ScheduleRunResponse = { outcome: "created", run: run({ kind: "run_now" }) };
    expect(runAnswerText(NIGHTLY, created)).toEqual({
      text: `Ran “Nightly catalogue export” now: job ${JOB_ID} created.`,
      level: "info",
    });
    const skipped: ScheduleRunResponse = { outcome: "skipped", run: NIGHTLY_RUNS[1] ?? null };
    expect(runAnswerText(NIGHTLY, skipped).text).toBe(
      "Run now of “Nightly catalogue export” skipped: the previous job 01JSCHEDJOB000000000000000 is still running",
    );
    const failed: ScheduleRunResponse = { outcome: "failed", run: NIGHTLY_RUNS[3] ?? null };
    expect(runAnswerText(NIGHTLY, failed)).toEqual({
      text: "Run now of “Nightly catalogue export” failed: the payload no longer passes data_export: payload.format must be csv or xlsx",
      level: "error",
    });
  });

  it("says what a pause and a resume did, from the schedule answered", () => {
    expect(pauseAnswerText(paused(NIGHTLY), "pause", NOW)).toBe(
      "Paused “Nightly catalogue export” (by admin@acme.test): no runs until it is resumed.",
    );
    expect(pauseAnswerText(HOURLY, "resume", NOW)).toBe("Resumed “Hourly classification”: next run in 5 min.");
  });
});

type Call = [string, ...unknown[]];

/** The API the keys reach: schedules, their runs and jobs; any call a test did not expect fails it. */
class FakeApi {
  calls: Call[] = [];
  schedules: ScheduleJson[];
  runs = new Map<string, ScheduleRunJson[]>();
  listError: Error | null = null;
  runAnswer: ScheduleRunResponse = {
    outcome: "created",
    run: run({ kind: "run_now", job_id: "01JSCHEDJOB00000000000000NW" }),
  };
  constructor(readonly now: number) {
    this.schedules = [schedule(1, { name: "Nightly" }, now), paused(schedule(2, { name: "Weekly" }, now))];
    this.runs.set(this.schedules[0]?.id ?? "", [run(), run({ outcome: "skipped", job_id: null, job_status: null })]);
  }
  async listJobs(): Promise<JobListResponse> {
    this.calls.push(["listJobs"]);
    return { jobs: [], next_cursor: null, counts: {} as JobListResponse["counts"] };
  }
  async listSchedules(cursor: string | null, limit?: number) {
    this.calls.push(["listSchedules", cursor, limit]);
    if (this.listError) throw this.listError;
    return { schedules: this.schedules, next_cursor: null };
  }
  async getSchedule(id: string): Promise<ScheduleDetailResponse> {
    this.calls.push(["getSchedule", id]);
    const found = this.schedules.find((s) => s.id === id);
    if (!found) throw new ApiError(404, "not_found", "schedule not found");
    return { schedule: found, runs: this.runs.get(id) ?? [] };
  }
  async runSchedule(id: string): Promise<ScheduleRunResponse> {
    this.calls.push(["runSchedule", id]);
    return this.runAnswer;
  }
  async scheduleAction(id: string, action: "pause" | "resume"): Promise<ScheduleJson> {
    this.calls.push(["scheduleAction", id, action]);
    const at = this.schedules.findIndex((s) => s.id === id);
    const before = this.schedules[at] as ScheduleJson;
    const after = action === "pause" ? paused(before) : { ...schedule(2, { name: before.name }, this.now), id };
    this.schedules[at] = after;
    return after;
  }
  async getJob(id: string): Promise<{ job: Job; events: JobEvent[] }> {
    this.calls.push(["getJob", id]);
    return { job: jobFixture({ id, status: "completed" }), events: [] };
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
  /** The calls that change something. */
  acts(): Call[] {
    return this.calls.filter((c) => c[0] === "runSchedule" || c[0] === "scheduleAction");
  }
}

function setup(fetcher?: (api: FakeApi) => Fetcher) {
  const api = new FakeApi(Date.now()); // the keys ask with the real clock
  const store = S.createStore(base());
  const actions = new Actions(store, fetcher ? fetcher(api) : api.fetcher());
  let quits = 0;
  const ctx: KeyContext = { store, actions, copy: () => {}, quit: () => quits++ };
  const press = async (...keys: string[]) => {
    for (const k of keys) await handleKey(ctx, k, k.length === 1 ? k : undefined);
  };
  const message = () => store.get().message?.text ?? "";
  return { api, store, press, message, quits: () => quits, nightly: api.schedules[0] as ScheduleJson };
}

describe("s: the schedules pane's keys", () => {
  it("s opens the pane, reads the list and then each schedule's runs; j/k move in it, not in the job list", async () => {
    const t = setup();
    await t.press("s");
    expect(t.api.calls).toEqual([
      ["listSchedules", null, 100],
      ["getSchedule", t.api.schedules[0]?.id],
      ["getSchedule", t.api.schedules[1]?.id],
    ]);
    expect(view(t.store.get()).runs.get(t.nightly.id)?.runs).toHaveLength(2);
    await t.press("j");
    expect(view(t.store.get()).selected).toBe(1);
    expect(t.store.get().selected).toBe(0);
  });

  it("r asks before running now, y runs it and rereads its runs, the answer on the status line", async () => {
    const t = setup();
    await t.press("s", "r");
    expect(t.store.get().confirm?.prompt).toBe(
      "Run “Nightly” (Data export) now? It creates one job now; its cron times stay as they are. y/n",
    );
    expect(t.api.acts()).toEqual([]);
    const calls = t.api.calls.length;
    await t.press("y");
    expect(t.api.calls.slice(calls)).toEqual([
      ["runSchedule", t.nightly.id],
      ["getSchedule", t.nightly.id],
    ]);
    expect(t.message()).toBe("Ran “Nightly” now: job 01JSCHEDJOB00000000000000NW created.");
  });

  it("n (or any key but y) runs nothing and says so", async () => {
    const t = setup();
    await t.press("s", "r", "n");
    expect(t.api.acts()).toEqual([]);
    expect(t.message()).toBe("“Nightly” not run.");
  });

  it("p asks to pause an enabled schedule and to resume a paused one; y does it", async () => {
    const t = setup();
    await t.press("s", "p");
    expect(t.store.get().confirm?.prompt).toMatch(
      /^Pause “Nightly”\? It creates no jobs until it is resumed \(next run in 14 h\)/,
    );
    await t.press("y");
    expect(t.api.acts()).toEqual([["scheduleAction", t.nightly.id, "pause"]]);
    expect(t.message()).toBe("Paused “Nightly” (by admin@acme.test): no runs until it is resumed.");
    expect(view(t.store.get()).schedules[0]?.enabled).toBe(false);
    await t.press("j", "p");
    expect(t.store.get().confirm?.prompt).toMatch(/^Resume “Weekly”\? It next runs in \d+ (h|min)\./);
    await t.press("y");
    expect(t.api.acts().at(-1)).toEqual(["scheduleAction", t.api.schedules[1]?.id, "resume"]);
    expect(t.message()).toMatch(/^Resumed “Weekly”: next run in 14 h\.$/);
  });

  it("draws a refused action on the status line and keeps the pane", async () => {
    const t = setup();
    await t.press("s");
    t.api.runSchedule = async () => {
      throw new ApiError(403, "forbidden", "owner or admin role required");
    };
    await t.press("r", "y");
    expect(t.message()).toBe("Cannot run “Nightly”: owner or admin role required");
    expect(t.store.get().message?.level).toBe("error");
    expect(view(t.store.get()).schedules).toHaveLength(2);
  });

  it("Enter shows the schedule's runs, Enter on a run opens its job, Esc comes back to the runs, then the list", async () => {
    const t = setup();
    await t.press("s", "enter");
    expect(view(t.store.get()).history).toEqual({ id: t.nightly.id, selected: 0 });
    expect(t.api.calls.at(-1)).toEqual(["getSchedule", t.nightly.id]);
    await t.press("enter");
    expect(t.api.calls.at(-1)).toEqual(["getJob", JOB_ID]);
    expect(t.store.get().detail?.job.id).toBe(JOB_ID);
    expect(t.store.get().schedules).not.toBeNull(); // behind the job, not closed
    await t.press("escape");
    expect(t.store.get().detail).toBeNull();
    expect(view(t.store.get()).history?.id).toBe(t.nightly.id);
    await t.press("j", "enter");
    expect(t.message()).toBe("This run created no job.");
    await t.press("escape");
    expect(view(t.store.get()).history).toBeNull();
    await t.press("escape");
    expect(t.store.get().schedules).toBeNull();
  });

  it("r and p in the runs act on their schedule; q closes the pane without quitting; g rereads", async () => {
    const t = setup();
    await t.press("s", "j", "enter");
    const weekly = t.api.schedules[1] as ScheduleJson;
    await t.press("p");
    expect(t.store.get().confirm).toMatchObject({ kind: "schedule", action: "resume", scheduleId: weekly.id });
    await t.press("n", "g");
    expect(t.api.calls.at(-1)).toEqual(["getSchedule", weekly.id]);
    await t.press("q");
    expect(t.store.get().schedules).toBeNull();
    await t.press("s", "g");
    expect(t.api.calls.filter((c) => c[0] === "listSchedules")).toHaveLength(3);
    await t.press("q");
    expect(t.store.get().schedules).toBeNull();
    expect(t.quits()).toBe(0);
    await t.press("q");
    expect(t.quits()).toBe(1); // over the job list, q quits as before
  });

  it("a 403 on the list is drawn in the pane and says schedules need Admin", async () => {
    const body = {
      error: {
        code: "forbidden",
        message: "viewer@acme.test is a viewer of acme; managing schedules needs Owner or Admin",
      },
    };
    const http = new HttpFetcher({
      url: "http://api.test",
      token: "tok",
      workspace: "acme",
      fetch: (async () => new Response(JSON.stringify(body), { status: 403 })) as typeof fetch,
    });
    const t = setup(() => http);
    await t.press("s");
    expect(view(t.store.get()).failure).toBe(
      "Loading schedules failed: this account is a member of acme; schedules need Admin (viewer@acme.test is a viewer of acme; managing schedules needs Owner or Admin)",
    );
    expect(t.message()).toBe("");
    await t.press("r");
    expect(t.message()).toBe("No schedule selected.");
  });

  it("an API without schedules (a fake one) says so in the pane", async () => {
    const t = setup((api) => ({ listJobs: api.listJobs.bind(api) }) as unknown as Fetcher);
    await t.press("s");
    expect(view(t.store.get()).failure).toBe("This dashboard's API has no schedules.");
  });

  it("the help lists s, every key of the table, and the pane's key bars come from their tables", () => {
    const help = helpLines().join("\n");
    expect(help).toMatch(/^s +schedules \(Admin\): Enter its runs, r run now, p pause \/ resume$/m);
    expect(help).toMatch(/^↑ k ↓ j +move up \/ down$/m);
    const bound = KEYS.flatMap((b) => b.keys);
    expect(new Set(bound).size).toBe(bound.length);
    expect(paneHints(SCHEDULE_KEYS)).toEqual([
      "↑↓ move",
      "r run now",
      "p pause/resume",
      "Enter its runs",
      "g refresh",
      "? help",
      "Esc close",
    ]);
    expect(paneHints(SCHEDULE_RUN_KEYS)).toEqual([
      "↑↓ move",
      "Enter its job",
      "r run now",
      "p pause/resume",
      "g refresh",
      "? help",
      "Esc back",
      "q close",
    ]);
  });
});

describe("HttpFetcher's schedule calls", () => {
  type Seen = { url: string; method: string };
  function http(status: number, body: unknown, seen: Seen[], workspace: string | null = "acme") {
    return new HttpFetcher({
      url: "http://api.test/",
      token: "tok",
      workspace,
      fetch: (async (url: string | URL | Request, init?: RequestInit) => {
        seen.push({ url: String(url), method: init?.method ?? "GET" });
        return new Response(JSON.stringify(body), { status });
      }) as typeof fetch,
    });
  }

  it("lists, reads, runs, pauses and resumes at the routes of the API", async () => {
    const seen: Seen[] = [];
    await http(200, { schedules: [NIGHTLY], next_cursor: null }, seen).listSchedules(null, 100);
    await http(200, { schedules: [], next_cursor: null }, seen).listSchedules(NIGHTLY.id);
    await http(200, { schedule: NIGHTLY, runs: NIGHTLY_RUNS }, seen).getSchedule(NIGHTLY.id);
    const answer = await http(202, { outcome: "created", run: run() }, seen).runSchedule(NIGHTLY.id);
    expect(answer.run?.job_id).toBe(JOB_ID);
    expect(await http(200, { schedule: WEEKLY }, seen).scheduleAction(NIGHTLY.id, "pause")).toEqual(WEEKLY);
    await http(200, { schedule: NIGHTLY }, seen).scheduleAction(NIGHTLY.id, "resume");
    expect(seen).toEqual([
      { method: "GET", url: "http://api.test/api/v1/schedules?limit=100" },
      { method: "GET", url: `http://api.test/api/v1/schedules?cursor=${NIGHTLY.id}` },
      { method: "GET", url: `http://api.test/api/v1/schedules/${NIGHTLY.id}` },
      { method: "POST", url: `http://api.test/api/v1/schedules/${NIGHTLY.id}/run` },
      { method: "POST", url: `http://api.test/api/v1/schedules/${NIGHTLY.id}/pause` },
      { method: "POST", url: `http://api.test/api/v1/schedules/${NIGHTLY.id}/resume` },
    ]);
  });

  it("words a 403 for schedules, naming the workspace when it is known", async () => {
    const body = { error: { code: "forbidden", message: "admins only" } };
    const named = await http(403, body, [])
      .listSchedules(null)
      .catch((e: unknown) => e);
    expect((named as ApiError).message).toBe("this account is a member of acme; schedules need Admin (admins only)");
    const anon = await http(403, body, [], null)
      .runSchedule(NIGHTLY.id)
      .catch((e: unknown) => e);
    expect((anon as ApiError).message).toBe("this account may not manage schedules; it needs Admin (admins only)");
  });

  it("refuses an answer that is not a schedule list", async () => {
    const err = await http(200, { schedules: [{ id: 1 }] }, [])
      .listSchedules(null)
      .catch((e: unknown) => e);
    expect((err as ApiError).code).toBe("bad_response");
  });
});

let screen: Widgets.Screen | null = null;
let drawer: Drawer | null = null;
afterEach(() => {
  drawer?.destroy();
  screen?.destroy();
  screen = drawer = null;
});

const settle = () => new Promise((r) => setTimeout(() => setImmediate(r), 5));

async function drawn(state: S.State, cols: number, rows: number) {
  const term = new MemoryTerminal(cols, rows);
  screen = createScreen(term, term, "xterm-256color");
  drawer = createDrawer(screen, {
    color: false,
    helpLines: helpLines(),
    scheduleHints: paneHints(SCHEDULE_KEYS),
    scheduleRunHints: paneHints(SCHEDULE_RUN_KEYS),
    now: () => NOW,
    timeZone: ZONE,
  });
  drawer.draw(state);
  drawer.flush();
  await settle();
  return term;
}

describe("the pane on screen", () => {
  it("covers the list at 80x24 with its label, its table and its keys on the status line", async () => {
    const lines = (await drawn(open(), 80, 24)).lines();
    expect(lines).toHaveLength(24);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[3]).toMatch(/^lq Schedules: 3, 1 paused q+k$/); // the border, in the VT100 charset
    const inner = lines.map((l) => l.slice(1, -1).trimEnd());
    expect(inner[4]).toBe("Name             Cron              Type     State  Next run Last run");
    expect(inner[5]).toBe("Nightly catalog… 0 2 * * * Europe… export   on     in 14 h  created, Completed");
    expect(lines[23]).toMatch(
      /^↑↓ move {2}r run now {2}p pause\/resume {2}Enter its runs +status:all type:all page 1$/,
    );
  });

  it("at 120x40 shows the runs view with whole job ids and its own key bar", async () => {
    const lines = (await drawn(SS.openHistory(open(), NIGHTLY.id), 120, 40)).lines();
    expect(lines[3]).toMatch(/^lq Runs of “Nightly catalogue export”: the latest 4 q+k$/);
    expect(lines.some((l) => l.includes(`created ${JOB_ID} Completed`))).toBe(true);
    expect(lines[39]).toMatch(
      /^↑↓ move {2}Enter its job {2}r run now {2}p pause\/resume {2}g refresh {2}\? help {2}Esc back {2}q close/,
    );
  });

  it("a job opened from a run covers the pane, which is back once the job closes", async () => {
    const job = jobFixture({ id: JOB_ID, status: "completed" });
    const withJob = S.openDetail(SS.openHistory(open(), NIGHTLY.id), job, []);
    const term = await drawn(withJob, 100, 30);
    expect(term.lines()[3]).toMatch(/^lq Job q+k$/);
    expect(term.lines().join("\n")).not.toContain("Runs of");
    drawer?.draw(S.closeDetail(withJob));
    drawer?.flush();
    await settle();
    expect(term.lines()[3]).toMatch(/^lq Runs of “Nightly catalogue export”/);
  });

  it("asks before run now in the confirmation dialog", async () => {
    const prompt = schedulePrompt(NIGHTLY, "run", undefined, NOW);
    const confirm: S.Confirm = { kind: "schedule", action: "run", scheduleId: NIGHTLY.id, prompt, declined: "" };
    const lines = (await drawn(S.askConfirm(open(), confirm), 120, 40)).lines().join("\n");
    expect(lines).toContain("Run “Nightly catalogue export” (Data export) now? It creates one job now");
  });
});

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

describe("the dashboard", () => {
  it("s, r, y from the terminal runs the schedule now and says so; Esc closes the pane", async () => {
    const term = new MemoryTerminal(100, 30);
    const api = new FakeApi(Date.now());
    app = startApp({
      screen: createScreen(term, term, "xterm"),
      fetcher: api.fetcher(),
      url: "http://api.test",
      token: "tok",
      workspace: "acme",
      color: false,
      log: () => {},
      live: false,
      frameMs: 5,
      onExit: () => {},
    });
    const text = () => term.lines().join("\n");
    term.type("s");
    await until(() => /Schedules: 2, 1 paused/.test(text()) && /created, Completed/.test(text()), "the pane");
    term.type("r");
    await until(() => text().includes("Run “Nightly” (Data export) now?"), "the question");
    expect(api.acts()).toEqual([]);
    term.type("y");
    await until(
      () => term.lines()[29]?.startsWith("Ran “Nightly” now: job 01JSCHEDJOB00000000000000NW") === true,
      "the answer",
    );
    expect(api.acts()).toEqual([["runSchedule", api.schedules[0]?.id]]);
    term.type("\x1b");
    await until(() => !text().includes("Schedules: 2"), "the pane to close");
  });
});
