// The lanes in the header and the `L` pane: what the strip keeps at 120 and 80 columns and in which order it gives
// detail up, the pane's table and changes, the pause/resume question and answer, and the reducers behind them.
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it } from "vitest";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import { helpLines, LANE_KEYS, paneHints } from "../../tui/keys.ts";
import { laneStrip, STRIP_DROP_ORDER } from "../../tui/lane-strip.ts";
import { changeLine, laneOutcomeText, lanePrompt, lanesPaneText } from "../../tui/lanes-pane.ts";
import * as L from "../../tui/lanes-state.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import type { Lane, LanesResponse } from "../../worker/api/lanes.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";
import { styleBefore } from "../support/sgr.ts";

const NOW = Date.parse("2026-11-17T10:10:00Z");
const ZONE = "Europe/Paris"; // UTC+1 in November: 10:05:00Z reads 11:05:00

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

/** Three busy lanes (one paused by an admin) and an idle one: the strip has to give detail up below ~200 columns. */
const BUSY: LanesResponse = {
  lanes: [
    lane("data_import", { running: 3, queued: 12, oldest_wait_ms: 245_000 }),
    lane("bulk_classification", { running: 1, queued: 2, oldest_wait_ms: 30_000 }),
    lane("data_export", {
      queued: 3,
      oldest_wait_ms: 70_000,
      paused: true,
      paused_by: "admin@acme.test",
      paused_at: "2026-11-17T10:05:00Z",
    }),
    lane("duty_optimization"),
  ],
  max_running: 4,
  in_use: 4,
  changes: [
    { at: "2026-11-17T10:05:00Z", actor: "admin@acme.test", action: "type_paused", detail: "data_export" },
    { at: "2026-11-16T09:00:00Z", actor: "owner@acme.test", action: "max_running_set", detail: "4" },
  ],
};

/** One busy lane, the usual case: everything fits at 120 columns. */
const ONE: LanesResponse = {
  lanes: [
    lane("data_import", { running: 2, queued: 3, oldest_wait_ms: 65_000 }),
    lane("data_export", { paused: true, paused_by: "admin@acme.test" }),
    lane("duty_optimization"),
  ],
  max_running: 4,
  in_use: 2,
  changes: [],
};

const view = (data: LanesResponse, extra: Partial<L.LanesView> = {}): L.LanesView => ({
  data,
  fetchedAt: NOW,
  loading: false,
  failure: null,
  ...extra,
});

describe("the header's lanes strip", () => {
  it("says it all in words when there is room: labels, running n/limit, queued, the oldest wait, who paused", () => {
    expect(laneStrip(view(ONE), 200, NOW, false)).toBe(
      "Lanes: 2 of 4 slots in use | Data import 2/4 running, 3 queued, oldest waits 1 min 05 s | " +
        "Data export paused by admin@acme.test, 0/4 running | Duty optimisation 0/4 running",
    );
  });

  it("at 120 columns keeps every number, the wait and the whole pauser, with short names and idle types folded", () => {
    expect(laneStrip(view(ONE), 120, NOW, false)).toBe(
      "Slots 2/4 | import 2/4, 3 queued (1 min 05 s) | export paused by admin@acme.test, 0/4 | 1 idle",
    );
  });

  it("at 120 columns with three busy lanes keeps every wait and who paused, in short forms", () => {
    expect(laneStrip(view(BUSY), 120, NOW, false)).toBe(
      "Slots 4/4 | import 3/4, 12q (4 min) | classify 1/4, 2q (30 s) | export paused by admin, 0/4, 3q (1 min) | 1 idle",
    );
  });

  it("at 80 columns with three busy lanes keeps the numbers and that a type is paused, within 80", () => {
    const strip = laneStrip(view(BUSY), 80, NOW, false);
    expect(strip).toBe("Slots 4/4 | import 3/4, 12q | classify 1/4, 2q | export paused, 3q | 1 idle");
    expect(laneStrip(view(ONE), 80, NOW, false)).toBe(
      "Slots 2/4 | import 2/4, 3 queued (1 min) | export paused by admin, 0/4 | 1 idle",
    );
  });

  it("gives detail up only in the declared order, and cuts what still does not fit", () => {
    expect(STRIP_DROP_ORDER).toEqual([
      "labels",
      "idle",
      "words",
      "domain",
      "seconds",
      "queued",
      "wait",
      "zero",
      "pauser",
    ]);
    const widths = [200, 160, 140, 120, 100, 80, 76, 60, 40];
    const strips = widths.map((w) => laneStrip(view(BUSY), w, NOW, false));
    for (const [i, w] of widths.entries()) expect(strips[i]?.length).toBeLessThanOrEqual(w);
    // Once something is given up, narrower strips never bring it back.
    const forms = [
      /Data import/,
      /running/,
      /admin@acme/,
      /waits/,
      /\d+ min \d+ s/,
      /\(\d+ min\)/,
      /queued/,
      /by admin/,
    ];
    for (const re of forms) {
      const seen = strips.map((s) => (re.test(s) ? "y" : "n")).join("");
      expect(seen, String(re)).not.toMatch(/y+n+y/);
    }
    expect(strips.at(-1)).toBe("Slots 4/4 | import 3/4, 12q | classify …");
  });

  it("lets the oldest wait grow with the clock between reads", () => {
    const strip = laneStrip(view(ONE, { fetchedAt: NOW - 10_000 }), 120, NOW, false);
    expect(strip).toContain("3 queued (1 min 15 s)");
  });

  it("says it is loading before the first read, and a failed first read in red", () => {
    expect(laneStrip(L.initialLanes(), 80, NOW, false)).toBe("Lanes: loading…");
    const failed = { ...L.initialLanes(), loading: false, failure: "Loading lanes failed: HTTP 404" };
    expect(laneStrip(failed, 80, NOW, true)).toBe("{red-fg}Lanes: Loading lanes failed: HTTP 404{/red-fg}");
  });

  it("keeps the last lanes after a failed refresh, marked as not refreshed", () => {
    expect(laneStrip(view(ONE, { failure: "x" }), 120, NOW, false)).toMatch(/^\(not refreshed\) Slots 2\/4 \| import/);
  });

  it("colours a paused type like the Paused status and a full workspace in yellow, with words for both", () => {
    const strip = laneStrip(view(BUSY), 120, NOW, true);
    expect(strip).toContain("{blue-fg}paused by admin{/blue-fg}");
    expect(strip).toMatch(/^\{yellow-fg\}Slots 4\/4\{\/yellow-fg\}/);
  });
});

describe("the lanes pane", () => {
  const opts = (width: number) => ({ width, height: 18, now: NOW, color: false, timeZone: ZONE });

  it("lists each type's running n/limit, queued, oldest wait and who paused it when, then the latest changes", () => {
    const text = lanesPaneText(view(BUSY), 0, opts(118)).split("\n");
    expect(text[0]).toMatch(/^\{bold\}Type +Running Queued Oldest wait Paused by +\{\/bold\}$/);
    expect(text[1]).toMatch(/^\{inverse\}Data import +3\/4 +12 4 min 05 s +- +\{\/inverse\}$/);
    expect(text[3]).toMatch(/^Data export +0\/4 +3 1 min 10 s +admin@acme\.test, 5 min ago/);
    expect(text).toContain("4 of 4 slots in use; every type shares them (the owner sets the limit).");
    expect(text).toContain("11:05:00  admin@acme.test  paused Data export");
    expect(text).toContain("16 Nov 10:00:00  owner@acme.test  set the running limit to 4");
  });

  it("keeps the labels at 80 columns, short names below 70, and shows as many changes as fit", () => {
    const at80 = lanesPaneText(view(BUSY), 2, { ...opts(78), height: 10 }).split("\n");
    expect(at80[3]).toMatch(/^\{inverse\}Data export +0\/4 +3 1 min 10 s +admin@acme\.test, 5 min ago/);
    expect(at80.every((l) => l.replace(/\{\/?[a-z-]+\}/g, "").length <= 78)).toBe(true);
    expect(at80.length).toBeLessThanOrEqual(10);
    expect(at80).toContain("11:05:00  admin@acme.test  paused Data export");
    const at60 = lanesPaneText(view(BUSY), 2, { ...opts(58), height: 10 }).split("\n");
    expect(at60[3]).toMatch(/^\{inverse\}export +0\/4 +3 1 min 10 s +admin@acme\.test, 5 mi…\{\/inverse\}$/);
  });

  it("says the changes in the operator's time zone", () => {
    expect(changeLine(BUSY.changes[0] as never, NOW, "America/New_York")).toBe(
      "05:05:00  admin@acme.test  paused Data export",
    );
  });

  it("asks before a pause what happens to the queued and running jobs, and says the outcome from the answer", () => {
    const exp = BUSY.lanes[0] as Lane;
    expect(lanePrompt(exp, "pause")).toBe(
      "Pause Data import (data_import)? Its 12 queued jobs wait until it is resumed. 3 running finish their run. y/n",
    );
    expect(lanePrompt(lane("data_export", { running: 1 }), "pause")).toBe(
      "Pause Data export (data_export)? Its new jobs wait until it is resumed. 1 running finishes its run. y/n",
    );
    expect(lanePrompt(lane("data_export", { paused: true }), "resume")).toBe(
      "Resume Data export (data_export)? No job of it is waiting. y/n",
    );
    const paused = BUSY.lanes[2] as Lane;
    expect(lanePrompt(paused, "resume")).toBe(
      "Resume Data export (data_export)? Its 3 queued jobs may start as slots free. y/n",
    );
    expect(laneOutcomeText("data_export", "pause", BUSY, NOW)).toBe(
      "Paused Data export; 3 queued jobs wait until it is resumed (paused by admin@acme.test, 5 min ago).",
    );
    expect(laneOutcomeText("data_import", "resume", BUSY, NOW)).toBe(
      "Resumed Data import; 12 queued jobs, 4 of 4 slots in use.",
    );
  });
});

describe("lanes state", () => {
  const base = () => S.initialState({ url: "http://a" });

  it("keeps the pane's cursor on its type when new lanes arrive in another order", () => {
    let s = L.lanesLoaded(L.openLanes(base()), BUSY, NOW);
    s = L.moveLaneSelection(s, 2);
    expect(L.selectedLane(s)?.type).toBe("data_export");
    s = L.lanesLoaded(s, { ...BUSY, lanes: [...BUSY.lanes].reverse() }, NOW + 1000);
    expect(L.selectedLane(s)?.type).toBe("data_export");
    expect(s.lanes.fetchedAt).toBe(NOW + 1000);
  });

  it("keeps the last lanes when a read fails, and the pane replaces the detail and error panes", () => {
    let s = L.lanesLoaded(base(), ONE, NOW);
    s = L.lanesFailed(s, "down");
    expect(s.lanes.data).toBe(ONE);
    expect(s.lanes.failure).toBe("down");
    s = L.openLanes(S.openErrors(s));
    expect(s.errors).toBeNull();
    expect(S.openErrors(s).lanesPane).toBeNull();
  });

  it("gives the wait reasons the limit, the slots in use and who paused which type", () => {
    const ctx = L.laneContext(view(BUSY));
    expect(ctx).toEqual({ maxRunning: 4, inUse: 4, paused: new Map([["data_export", "admin@acme.test"]]) });
    expect(L.laneContext(L.initialLanes())).toBeNull();
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

async function drawn(state: S.State, cols: number, rows: number, color = false) {
  const term = new MemoryTerminal(cols, rows);
  screen = createScreen(term, term, "xterm-256color");
  const laneHints = paneHints(LANE_KEYS);
  drawer = createDrawer(screen, { color, helpLines: helpLines(), laneHints, now: () => NOW, timeZone: ZONE });
  drawer.draw(state);
  drawer.flush();
  await settle();
  return term;
}

describe("the header and the pane on screen", () => {
  const loaded = (data: LanesResponse) =>
    L.lanesLoaded(
      { ...S.initialState({ url: "http://127.0.0.1:8787", workspace: "acme" }), loading: false },
      data,
      NOW,
    );

  it("draws the strip as the header's third line at 120x40, the column titles under it", async () => {
    const term = await drawn(loaded(ONE), 120, 40);
    const lines = term.lines();
    expect(lines[1]).toMatch(/^Pending 0 {2}Running 0/);
    expect(lines[2]).toBe(laneStrip(view(ONE), 120, NOW, false));
    expect(lines[3]).toMatch(/^ {2}ID +Type +Status +Progress/);
  });

  it("fits 80x24: the strip within 80 columns, and one fewer job row per page", async () => {
    const term = await drawn(loaded(BUSY), 80, 24);
    const lines = term.lines();
    expect(lines[2]).toBe("Slots 4/4 | import 3/4, 12q | classify 1/4, 2q | export paused, 3q | 1 idle");
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(drawer?.pageSize()).toBe(19);
  });

  it("draws a paused type in the Paused colour", async () => {
    const term = await drawn(loaded(BUSY), 120, 40, true);
    expect(styleBefore(term.output(), "paused by admin")).toContain(34);
  });

  it("opens the pane over the list with its keys on the status line, at 80x24", async () => {
    const term = await drawn(L.openLanes(loaded(BUSY)), 80, 24);
    const lines = term.lines();
    expect(lines[3]).toMatch(/^lq Lanes: 4 of 4 slots in use q+k$/); // the border, in the VT100 charset
    const inner = lines.map((l) => l.slice(1, -1).trimEnd());
    expect(inner[4]).toMatch(/^Type +Running Queued Oldest wait Paused by$/);
    expect(inner[5]).toMatch(/^Data import +3\/4 +12 4 min 05 s +-$/);
    expect(inner).toContain("11:05:00  admin@acme.test  paused Data export");
    expect(lines[23]).toMatch(
      /^↑↓ move {2}p pause\/resume {2}Enter its jobs {2}g refresh +status:all type:all page 1$/,
    );
  });

  it("asks before a pause in the confirmation dialog", async () => {
    const prompt = lanePrompt(BUSY.lanes[0] as Lane, "pause");
    const confirm: S.Confirm = { kind: "lane", action: "pause", laneType: "data_import", prompt, declined: "" };
    const term = await drawn(S.askConfirm(L.openLanes(loaded(BUSY)), confirm), 120, 40);
    expect(term.lines().join("\n")).toContain("Pause Data import (data_import)? Its 12 queued jobs wait until it is");
  });
});
