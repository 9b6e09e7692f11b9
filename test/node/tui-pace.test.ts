// A running job's rate and ETA on its row at 120 and 80 columns (in the declared drop order), and the detail pane's
// Waited / Ran / Rate / Expected lines, the band in the operator's local time.
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it } from "vitest";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import { layoutColumns, progressCell, rowLine } from "../../tui/format.ts";
import { helpLines } from "../../tui/keys.ts";
import { PACE_DROP_ORDER, paceForms, paceLines } from "../../tui/pace.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import type { Job, JobListResponse, JobStatus } from "../../worker/api/schema.ts";
import { rateText } from "../../worker/api/time-text.ts";
import { jobFixture } from "../support/job-fixture.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";

const NOW = Date.parse("2026-11-17T10:10:00Z");
const ZONE = "Europe/Paris"; // UTC+1 in November: 10:13:05Z reads 11:13:05
const at = (ms: number) => new Date(NOW + ms).toISOString();

function job(status: JobStatus, extra: Partial<Job> = {}): Job {
  return jobFixture({
    id: "01JCZ3A5B7C9D1E3F5G7H9J1K1",
    status,
    progress: 45,
    processed: 450,
    total: 1000,
    current_item: "SKU-0450",
    attempts: 1,
    created_by: "admin@acme.test",
    started_at: "2026-11-17T10:00:01Z",
    updated_at: "2026-11-17T10:09:58Z",
    wait_ms: 1000,
    run_ms: 599_000,
    ...extra,
  });
}

/** 52 items/s, 3 min 05 s left, 90% between 2 min 10 s and 4 min 10 s from now. */
const PACED = job("running", {
  rate: 52.3,
  eta_at: at(185_000),
  eta_low_at: at(130_000),
  eta_high_at: at(250_000),
});

const row = (j: Job, width: number) => rowLine(j, layoutColumns(width), { color: false, now: NOW, marked: false });
const progressOf = (j: Job, width: number) => {
  const col = layoutColumns(width).find((c) => c.key === "progress");
  return progressCell(j, col?.width ?? 0, { color: false, now: NOW, marked: false }).trimEnd();
};

describe("a running row's rate and ETA", () => {
  it("at 120 columns shows the percentage, the rate and the time left after the bar's room", () => {
    expect(progressOf(PACED, 120)).toBe("45% 52/s, 3 min left");
    expect(row(PACED, 120)).toMatch(
      /^ {2}…D1E3F5G7H9J1K1 Data import +Running +45% 52\/s, 3 min left +10 min ago +- *$/,
    );
  });

  it("at 80 columns keeps the time left and gives the rate up", () => {
    expect(progressOf(PACED, 80)).toBe("45% 3 min left");
    const line = row(PACED, 80);
    expect(line).toMatch(/^ {2}…G7H9J1K1 import +Running +45% 3 min left +10 min ago +- *$/);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it("keeps a short bar and the band where the cell is wide, and the current item when it has room", () => {
    expect(progressOf(PACED, 160)).toBe("[##--]  45% 52/s, 3 min left (2–4 min)");
    expect(progressCell(PACED, 80, { color: false, now: NOW, marked: false }).trimEnd()).toBe(
      "[#####-----]  45% 52/s, 3 min 05 s left (2 min 10 s–4 min 10 s) SKU-0450",
    );
    // Fewer than six cells left would make the item a stub: it is left to the detail pane.
    expect(progressCell(PACED, 67, { color: false, now: NOW, marked: false }).trimEnd()).toBe(
      "[#####-----]  45% 52/s, 3 min 05 s left (2 min 10 s–4 min 10 s)",
    );
  });

  it("gives its parts up only in the declared order, each form complete", () => {
    expect(PACE_DROP_ORDER).toEqual(["units", "long-bar", "band", "bar", "rate"]);
    expect(paceForms(PACED, NOW)).toEqual([
      { bar: "long", text: "52/s, 3 min 05 s left (2 min 10 s–4 min 10 s)" },
      { bar: "long", text: "52/s, 3 min left (2–4 min)" },
      { bar: "short", text: "52/s, 3 min left (2–4 min)" },
      { bar: "short", text: "52/s, 3 min left" },
      { bar: "none", text: "52/s, 3 min left" },
      { bar: "none", text: "3 min left" },
    ]);
    // Narrower cells never bring back what a wider one gave up.
    const widths = [80, 60, 50, 40, 31, 22, 15];
    const cells = widths.map((w) => progressCell(PACED, w, { color: false, now: NOW, marked: false }));
    for (const [i, w] of widths.entries()) expect(cells[i]?.length).toBe(w);
    for (const re of [/ s left/, /\[[#-]{5,}\]/, /–/, /\[/, /52\/s/]) {
      const seen = cells.map((c) => (re.test(c) ? "y" : "n")).join("");
      expect(seen, String(re)).not.toMatch(/n+y/);
    }
  });

  it("falls back to the plain bar where not even the time left fits", () => {
    expect(progressCell(PACED, 12, { color: false, now: NOW, marked: false })).toBe("[##--]  45%…");
  });

  it("says a band by its ends, one unit when they share it, 'up to' from now, nothing when it is one value", () => {
    const band = (low: number, high: number) =>
      paceForms(job("running", { eta_at: at(120_000), eta_low_at: at(low), eta_high_at: at(high) }), NOW)[1]?.text;
    expect(band(45_000, 130_000)).toBe("2 min left (45 s–2 min)");
    expect(band(0, 130_000)).toBe("2 min left (up to 2 min)");
    expect(band(100_000, 140_000)).toBe("2 min left (1–2 min)");
    expect(band(121_000, 122_000)).toBe("2 min left");
  });

  it("shows a rate without an ETA (no known total), and an estimate past due as due now", () => {
    const unknownTotal = job("running", { rate: 0.4, total: null });
    expect(progressOf(unknownTotal, 140)).toBe("[####----]  45% 0.4/s SKU-0450");
    expect(progressOf(unknownTotal, 120)).toBe("[##---]  45% 0.4/s");
    expect(progressOf({ ...PACED, eta_at: at(-3000), eta_low_at: at(-9000) }, 120)).toBe("45% 52/s, due now");
  });

  it("says nothing of pace for a job asked to stop, a paused one or one that has no pace yet", () => {
    expect(paceForms({ ...PACED, control: "cancel" }, NOW)).toEqual([]);
    expect(paceForms({ ...PACED, status: "paused" }, NOW)).toEqual([]);
    expect(paceForms(job("running"), NOW)).toEqual([]);
    expect(progressOf(job("running"), 120)).toBe("[##---]  45% SKU-0450");
  });

  it("writes rates as the web row does", () => {
    expect([rateText(0.04), rateText(9.96), rateText(52.3), rateText(1234.5)]).toEqual([
      "0.0/s",
      "10.0/s",
      "52/s",
      "1,235/s",
    ]);
  });
});

describe("the detail pane's time lines", () => {
  const lines = (j: Job) => paceLines(j, { now: NOW, timeZone: ZONE });

  it("says how long a running job waited and has run, its rate and the expected end with its band, in local time", () => {
    expect(lines(PACED)).toEqual([
      ["Waited", "1.0 s"],
      ["Ran", "9 min 59 s so far"],
      ["Rate", "52/s (recent chunks)"],
      ["Expected", "to end at 11:13:05 (90%: 11:12–11:15), in 3 min"],
    ]);
  });

  it("says a narrow band to the second, and a day that is not today", () => {
    const narrow = { ...PACED, eta_low_at: at(175_000), eta_high_at: at(200_000) };
    expect(lines(narrow).at(-1)).toEqual(["Expected", "to end at 11:13:05 (90%: 11:12:55–11:13:20), in 3 min"]);
    const tomorrow = { ...PACED, eta_at: "2026-11-18T08:00:00Z", eta_low_at: null, eta_high_at: null };
    expect(lines(tomorrow).at(-1)).toEqual(["Expected", "to end at 18 Nov 09:00:00, in 21 h"]);
  });

  it("a pending job has waited so far and not run; a finished one ran for its run_ms, else its times", () => {
    const pending = job("pending", { started_at: null, wait_ms: null, run_ms: 0 });
    expect(lines(pending)).toEqual([["Waited", "10 min 00 s so far"]]);
    const done = job("completed", { completed_at: "2026-11-17T10:05:00Z", run_ms: 240_000 });
    expect(lines(done)).toEqual([
      ["Waited", "1.0 s"],
      ["Ran", "4 min 00 s"],
    ]);
    expect(lines({ ...done, run_ms: 0 })).toContainEqual(["Ran", "4 min 59 s"]);
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
  drawer = createDrawer(screen, { color: false, helpLines: helpLines(), now: () => NOW, timeZone: ZONE });
  drawer.draw(state);
  drawer.flush();
  await settle();
  return term;
}

function loaded(rows: Job[]): S.State {
  const s = S.initialState({ url: "http://127.0.0.1:8787", workspace: "acme" });
  return S.listLoaded(s, { jobs: rows, next_cursor: null, counts: {} as JobListResponse["counts"] });
}

describe("on screen", () => {
  it("draws the rate and ETA in the running row at 120x40 and 80x24", async () => {
    const wide = await drawn(loaded([PACED]), 120, 40);
    expect(wide.lines()[4]).toMatch(/Running +45% 52\/s, 3 min left +10 min ago/);
    const narrow = await drawn(loaded([PACED]), 80, 24);
    expect(narrow.lines()[4]).toMatch(/Running +45% 3 min left +10 min ago/);
    expect(narrow.lines().every((l) => l.length <= 80)).toBe(true);
  });

  it("lists Waited, Ran, Rate and Expected in the detail pane, aligned with the other labels, at 80x24", async () => {
    const term = await drawn(S.openDetail(loaded([PACED]), PACED, []), 80, 24);
    const inner = term.lines().map((l) => l.slice(1, -1).trimEnd());
    const from = inner.findIndex((l) => l.startsWith("Priority"));
    expect(inner.slice(from, from + 6)).toEqual([
      "Priority   Normal",
      "Waited     1.0 s",
      "Ran        9 min 59 s so far",
      "Rate       52/s (recent chunks)",
      "Expected   to end at 11:13:05 (90%: 11:12–11:15), in 3 min",
      "Created    2026-11-17T10:00:00Z      by admin@acme.test, 10 min ago",
    ]);
  });
});
