// Why a job waits, on its row and in the detail pane: the server's reason and detail, `until` in the operator's own
// time zone, the slot numbers from the latest lanes, shorter forms for a narrow cell, and the job's priority.
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it } from "vitest";
import { clockText } from "../../tui/clock.ts";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import { layoutColumns, progressCell } from "../../tui/format.ts";
import { helpLines } from "../../tui/keys.ts";
import * as L from "../../tui/lanes-state.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import { waitSentence, waitTexts } from "../../tui/waiting.ts";
import type { LanesResponse } from "../../worker/api/lanes.ts";
import type { Job, JobListResponse, JobStatus } from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";

const NOW = Date.parse("2026-11-17T10:10:00Z");
const ZONE = "Europe/Paris"; // UTC+1 in November

function job(id: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  return jobFixture({
    id,
    status,
    total: 1000,
    created_by: "admin@acme.test",
    updated_at: "2026-11-17T10:00:02Z",
    ...extra,
  });
}

const SLOT = job("01JWAIT0000000000000000001", "pending", {
  waiting: { reason: "workspace_limit", detail: "waiting for a slot: 4 of 4 running" },
});
const TYPE_PAUSED = job("01JWAIT0000000000000000002", "pending", {
  type: "data_export",
  waiting: { reason: "type_paused", detail: "data_export paused by admin@acme.test" },
});
const BACKOFF = job("01JWAIT0000000000000000003", "pending", {
  type: "bulk_classification",
  progress: 20,
  attempts: 1,
  error: "HS service unreachable",
  waiting: { reason: "backoff", until: "2026-11-17T10:12:30Z", detail: "next attempt (1 of 5) at 10:12:30 UTC" },
});
const PAUSED = job("01JWAIT0000000000000000004", "paused", {
  progress: 45,
  waiting: { reason: "paused", detail: "paused by owner@acme.test" },
  priority: "high",
});
const SCHEDULED = job("01JWAIT0000000000000000005", "pending", {
  waiting: { reason: "scheduled", until: "2026-11-18T07:00:00Z", detail: "scheduled for 07:00:00 UTC" },
});
const QUEUED = job("01JWAIT0000000000000000006", "pending", {
  waiting: { reason: "queued", detail: "admitted: waiting for a consumer" },
});
const RUNNING = job("01JWAIT0000000000000000007", "running", { progress: 45, current_item: "SKU-0450" });

describe("waitTexts", () => {
  const opts = { now: NOW, timeZone: ZONE };

  it("says a backoff's next attempt in local time with how far off it is, then shorter", () => {
    expect(waitTexts(BACKOFF, opts)).toEqual([
      "next attempt at 11:12:30 CET (in 2 min)",
      "next attempt at 11:12:30 (in 2 min)",
      "next attempt at 11:12:30",
      "retry at 11:12:30",
      "retry in 2 min",
    ]);
    expect(waitTexts(BACKOFF, { now: NOW, timeZone: "America/New_York" })[0]).toBe(
      "next attempt at 05:12:30 GMT-5 (in 2 min)",
    );
  });

  it("puts the day in front of a time that is not today", () => {
    expect(waitSentence(SCHEDULED, opts)).toBe("scheduled for 18 Nov 08:00:00 CET (in 20 h)");
    expect(clockText(Date.parse("2026-11-17T22:59:59Z"), NOW, { timeZone: ZONE })).toBe("23:59:59");
    expect(clockText(Date.parse("2026-11-17T23:00:00Z"), NOW, { timeZone: ZONE })).toBe("18 Nov 00:00:00");
  });

  it("keeps the server's detail for a slot, and takes the numbers from fresher lanes when it has them", () => {
    expect(waitTexts(SLOT, opts)).toEqual(["waiting for a slot: 4 of 4 running", "waiting for a slot", "no slot yet"]);
    const lanes = { maxRunning: 4, inUse: 3, paused: new Map<string, string>() };
    expect(waitTexts(SLOT, { ...opts, lanes })).toEqual([
      "waiting for a slot: 3 of 4 running",
      "slots 3/4 used",
      "waiting for a slot",
      "no slot yet",
    ]);
  });

  it("says who paused a type or a job, then without the domain, then only that it is paused", () => {
    expect(waitTexts(TYPE_PAUSED, opts)).toEqual([
      "data_export paused by admin@acme.test",
      "export paused by admin@acme.test",
      "export paused by admin",
      "type paused",
    ]);
    expect(waitTexts(PAUSED, opts)).toEqual(["paused by owner@acme.test", "paused by owner", "paused"]);
    expect(waitTexts(QUEUED, opts)).toEqual(["admitted: waiting for a consumer", "waiting for a consumer", "queued"]);
  });

  it("says nothing for a job that does not wait", () => {
    expect(waitTexts(RUNNING, opts)).toEqual([]);
    expect(waitSentence(RUNNING, opts)).toBeNull();
  });

  it("uses the longest complete form that fits the progress cell, with a started job's percentage where it fits", () => {
    const cell = (j: Job, width: number) =>
      progressCell(j, width, { color: false, now: NOW, marked: false, timeZone: ZONE });
    expect(cell(BACKOFF, 22)).toBe("20% retry at 11:12:30 ");
    expect(cell(BACKOFF, 15)).toBe("retry in 2 min ");
    expect(cell(PAUSED, 22)).toBe("45% paused by owner   ");
    expect(cell(SLOT, 40)).toBe("waiting for a slot: 4 of 4 running      ");
    expect(cell(SLOT, 8)).toBe("no slot…");
    expect(cell(RUNNING, 22)).toBe("[##---]  45% SKU-0450 ");
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
const ROWS = [RUNNING, SLOT, TYPE_PAUSED, BACKOFF, PAUSED, QUEUED];
const LANES: LanesResponse = { lanes: [], max_running: 4, in_use: 4, changes: [] };

function loaded(): S.State {
  const s = S.initialState({ url: "http://127.0.0.1:8787", workspace: "acme" });
  const counts = { pending: 4, running: 1, paused: 1 } as JobListResponse["counts"];
  return L.lanesLoaded(S.listLoaded(s, { jobs: ROWS, next_cursor: null, counts }), LANES, NOW);
}

async function drawn(state: S.State, cols: number, rows: number) {
  const term = new MemoryTerminal(cols, rows);
  screen = createScreen(term, term, "xterm-256color");
  drawer = createDrawer(screen, { color: false, helpLines: helpLines(), now: () => NOW, timeZone: ZONE });
  drawer.draw(state);
  drawer.flush();
  await settle();
  return term;
}

describe("waiting rows on screen", () => {
  it("at 120x40 every pending or paused row says why it waits where a running row shows its progress", async () => {
    const term = await drawn(loaded(), 120, 40);
    const rows = term.lines().slice(4, 10);
    expect(rows[0]).toMatch(/0000000007 Data import +Running +\[##---\] +45% SKU-0450 +10 min ago/);
    expect(rows[1]).toMatch(/0000000001 Data import +Pending +slots 4\/4 used +10 min ago/);
    expect(rows[2]).toMatch(/0000000002 Data export +Pending +export paused by admin +10 min ago/);
    expect(rows[3]).toMatch(/0000000003 Bulk classification Pending +20% retry at 11:12:30 +10 min ago +- +HS service/);
    expect(rows[4]).toMatch(/0000000004 Data import +Paused +45% paused by owner +10 min ago/);
    expect(rows[5]).toMatch(/0000000006 Data import +Pending +waiting for a consumer +10 min ago/);
  });

  it("at 80x24 says it in short forms, every line within 80 columns", async () => {
    const term = await drawn(loaded(), 80, 24);
    const lines = term.lines();
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    const rows = lines.slice(4, 10);
    expect(rows[1]).toMatch(/^ {2}…00000001 import +Pending +slots 4\/4 used +10 min ago/);
    expect(rows[2]).toMatch(/^ {2}…00000002 export +Pending +type paused +10 min ago/);
    expect(rows[3]).toMatch(/^ {2}…00000003 classify Pending +retry in 2 min +10 min ago/);
    expect(rows[4]).toMatch(/^ {2}…00000004 import +Paused +45% paused +10 min ago/);
    expect(rows[5]).toMatch(/^ {2}…00000006 import +Pending +queued +10 min ago/);
  });

  it("the detail pane shows the priority and the whole wait, with the local time and its zone", async () => {
    const term = await drawn(S.openDetail(loaded(), BACKOFF, []), 100, 30);
    const text = term
      .lines()
      .map((l) => l.slice(1, -1).trimEnd())
      .join("\n");
    expect(text).toMatch(/^Priority {3}Normal$/m);
    expect(text).toMatch(/^Waiting {4}next attempt at 11:12:30 CET \(in 2 min\)$/m);
    expect(text).toContain("+/- priority");
  });

  it("the detail pane of a paused job says who paused it; a running job has no wait line", async () => {
    let term = await drawn(S.openDetail(loaded(), PAUSED, []), 100, 30);
    let text = term.lines().join("\n");
    expect(text).toMatch(/Priority {3}High/);
    expect(text).toMatch(/Waiting {4}paused by owner@acme\.test/);
    drawer?.destroy();
    screen?.destroy();
    term = await drawn(S.openDetail(loaded(), RUNNING, []), 100, 30);
    text = term.lines().join("\n");
    expect(text).toMatch(/Priority {3}Normal/);
    expect(text).not.toContain("Waiting ");
  });

  it("never lets a server's wait text write escape sequences or blessed tags", async () => {
    const evil = job("01JWAIT0000000000000000009", "paused", {
      waiting: { reason: "paused", detail: "paused by {bold}\x1b]0;pwned\x07" },
    });
    const s = S.listLoaded(S.initialState({ url: "http://a" }), {
      jobs: [evil],
      next_cursor: null,
      counts: {} as JobListResponse["counts"],
    });
    const term = await drawn(S.openDetail(s, evil, []), 120, 30);
    expect(term.output()).not.toContain("\x1b]0;pwned");
    expect(term.lines().join("\n")).toContain("paused by {bold}");
  });

  it("keeps the column layout exact for waiting rows", () => {
    for (const width of [80, 120]) {
      const cols = layoutColumns(width);
      const progress = cols.find((c) => c.key === "progress")?.width ?? 0;
      for (const j of ROWS) {
        const cell = progressCell(j, progress, { color: false, now: NOW, marked: false, timeZone: ZONE });
        expect(cell.length).toBe(progress);
      }
    }
  });
});
