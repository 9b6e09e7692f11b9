// The drawer rendered into an in-memory terminal: the rows a user would read, colours (and none under NO_COLOR).
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import { layoutColumns } from "../../tui/format.ts";
import { helpLines } from "../../tui/keys.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import type { Job, JobListResponse, JobStatus } from "../../worker/api/schema.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";
import { colourCodes, styleBefore } from "../support/sgr.ts";

function job(id: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  return {
    id,
    workspace_id: "ws_acme",
    rejected: 0,
    type: "data_import",
    status,
    progress: 45,
    processed: 450,
    total: 1000,
    current_item: "SKU-0450",
    attempts: 1,
    max_attempts: 5,
    error: null,
    created_by: "admin@acme.test",
    created_at: "2026-11-17T10:00:00Z",
    started_at: "2026-11-17T10:00:01Z",
    completed_at: null,
    updated_at: "2026-11-17T10:00:02Z",
    run_after: null,
    result: null,
    control: null,
    ...extra,
  };
}

const COUNTS = { pending: 0, running: 1, completed: 1, failed: 1, cancelled: 0, paused: 0, dead_letter: 2 };
const ROWS = [
  job("01JCZ3A5B7C9D1E3F5G7H9J1K1", "running"),
  job("01JCZ3A5B7C9D1E3F5G7H9J1K2", "completed", {
    progress: 100,
    current_item: null,
    completed_at: "2026-11-17T10:05:00Z",
  }),
  job("01JCZ3A5B7C9D1E3F5G7H9J1K3", "failed", { type: "bulk_classification", error: "HS service unreachable" }),
  job("01JCZ3A5B7C9D1E3F5G7H9J1K4", "dead_letter", { error: "boom {bold}\x1b[2J\x1b]0;pwned\x07" }),
  job("01JCZ3A5B7C9D1E3F5G7H9J1K5", "running", { control: "cancel" }),
];

function loaded(extra: Partial<S.State> = {}): S.State {
  const s = S.initialState({ url: "http://127.0.0.1:8787", workspace: "acme", pageSize: 20 });
  return {
    ...S.listLoaded(s, { jobs: ROWS, next_cursor: null, counts: COUNTS as JobListResponse["counts"] }),
    ...extra,
  };
}

let screen: Widgets.Screen | null = null;
let drawer: Drawer | null = null;

function mount(color: boolean, cols = 100, rows = 30, frameMs = 50) {
  const term = new MemoryTerminal(cols, rows);
  screen = createScreen(term, term, "xterm-256color");
  drawer = createDrawer(screen, { color, frameMs, helpLines: helpLines() });
  return { term, screen, drawer };
}

/** blessed buffers its output and flushes on the next tick. */
const settle = () => new Promise((r) => setTimeout(r, 5));

afterEach(() => {
  drawer?.destroy();
  screen?.destroy();
  screen = null;
  drawer = null;
});

describe("the job table", () => {
  it("shows the header, the counts and one line per job with status text and progress", async () => {
    const { term, drawer } = mount(true);
    drawer.draw(loaded({ connection: { kind: "live" } }));
    drawer.flush();
    await settle();
    const lines = term.lines();
    expect(lines[0]).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:8787 +live$/);
    expect(lines[1]).toBe("Pending 0  Running 1  Completed 1  Failed 1  Cancelled 0  Paused 0  Dead Letter 2");
    expect(lines[2]).toMatch(/^ID +Type +Status +Progress +Created +Completed +Error/);
    expect(lines[3]).toMatch(/^…7H9J1K1 data_import +Running +\[##---\] +45% SKU-0450 +11-17 \d\d:\d\d -/);
    expect(lines[4]).toMatch(/^…7H9J1K2 data_import +Completed +\[#####\] 100% +11-17 \d\d:\d\d 11-17 \d\d:\d\d$/);
    expect(lines[5]).toMatch(/^…7H9J1K3 classify +Failed .* HS service unreacha…$/);
    expect(lines[6]).toMatch(/^…7H9J1K4 data_import +Dead Letter .* boom \{bold\} \[2J \]0;…$/);
    expect(lines[7]).toMatch(/^…7H9J1K5 data_import +Cancelling…/);
    expect(lines[29]).toMatch(/\? help +q quit.*status:all type:all page 1$/);
  });

  it("emits a colour per status", async () => {
    const { term, drawer } = mount(true);
    drawer.draw(loaded());
    drawer.flush();
    await settle();
    const out = term.output();
    // blessed maps the 16 named colours onto 256-colour codes or 30-37; either way colour parameters appear.
    expect(colourCodes(out).length).toBeGreaterThan(5);
    expect(styleBefore(out, "Failed")).toContain(31);
    expect(styleBefore(out, "Completed")).toContain(32);
    expect(styleBefore(out, "Dead Letter")).toEqual(expect.arrayContaining([1, 31]));
    expect(styleBefore(out, "Running")).toEqual(expect.arrayContaining([36]));
  });

  it("emits no colour under NO_COLOR but keeps the status text and the cursor (inverse)", async () => {
    const { term, drawer } = mount(false);
    drawer.draw(loaded({ connection: { kind: "offline", retryAt: Date.now() + 3000, reason: "x" } }));
    drawer.flush();
    await settle();
    expect(colourCodes(term.output())).toEqual([]);
    expect(styleBefore(term.output(), "…7H9J1K1")).toContain(7);
    expect(term.lines()[0]).toMatch(/offline \(retrying in 3s\)$/);
    expect(term.lines()[5]).toMatch(/Failed/);
  });

  it("never lets job text write escape sequences to the terminal", async () => {
    const { term, drawer } = mount(true);
    drawer.draw(loaded());
    drawer.flush();
    await settle();
    expect(term.output()).not.toContain("\x1b[2J\x1b]0;pwned");
    expect(term.output()).not.toContain("pwned\x07");
  });

  it("fits 80x24: Started is dropped, every line stays within 80 columns, statuses are never cut", async () => {
    const { term, drawer } = mount(true, 80, 24);
    drawer.draw(loaded());
    drawer.flush();
    await settle();
    const lines = term.lines();
    expect(lines).toHaveLength(24);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[2]).not.toContain("Started");
    expect(lines[2]).toMatch(/Progress +Creat Compl Error$/);
    expect(lines[3]).toMatch(/^…7H9J1K1 data_import Running +\[##---\] +45% SKU-0450 +(\d\d:\d\d|11-17) -$/);
    expect(lines[6]).toContain("Dead Letter");
    expect(drawer.pageSize()).toBe(20);
  });

  it("redraws on resize, also after shrinking and growing again", async () => {
    const { term, drawer } = mount(true, 100, 30);
    drawer.draw(loaded());
    drawer.flush();
    term.resize(60, 20);
    await settle();
    expect(term.lines()[3]?.length).toBeLessThanOrEqual(60);
    expect(term.lines()[3]).toContain("Running");
    term.resize(140, 30);
    await settle();
    expect(term.lines()[2]).toMatch(/Started/);
    expect(term.lines()[3]).toMatch(/^01JCZ3A5B7C9D1E3F5G7H9J1K1 data_import/);
    expect(drawer.pageSize()).toBe(26);
  });

  it("coalesces many state changes into one render per frame", () => {
    vi.useFakeTimers(); // the frame clock, not the machine's speed, decides when to render
    try {
      const { screen, drawer } = mount(true, 100, 30, 40);
      let renders = 0;
      const original = screen.render.bind(screen);
      screen.render = () => {
        renders++;
        original();
      };
      let s = loaded();
      for (let i = 0; i < 500; i++) {
        s = S.jobChanged(s, { ...(ROWS[0] as Job), progress: i / 5, updated_at: `2026-11-17T10:01:${i}` });
        drawer.draw(s);
      }
      expect(renders).toBe(0);
      vi.advanceTimersByTime(0);
      expect(renders).toBe(1);
      drawer.draw(S.moveSelection(s, 1));
      drawer.draw(S.moveSelection(s, 2));
      vi.advanceTimersByTime(39);
      expect(renders).toBe(1); // the next frame waits for the frame interval
      vi.advanceTimersByTime(1);
      expect(renders).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("panes and prompts", () => {
  it("the detail pane shows the full error, the result and the history with actors", async () => {
    const { term, drawer } = mount(true);
    const failed = ROWS[2] as Job;
    const events = [
      {
        id: 1,
        job_id: failed.id,
        at: "2026-11-17T10:00:00Z",
        kind: "created",
        actor: "admin@acme.test",
        message: null,
        run: 1,
      },
      {
        id: 2,
        job_id: failed.id,
        at: "2026-11-17T10:00:09Z",
        kind: "failed",
        actor: "system",
        message: "HS service unreachable",
        run: 1,
      },
    ];
    drawer.draw(S.openDetail(loaded(), { ...failed, result: { classified: 12 } }, events));
    drawer.flush();
    await settle();
    // Inside the pane's border (drawn with line-drawing characters, "x" in the VT100 charset).
    const inner = term.lines().map((l) => l.slice(1, -1).trimEnd());
    const text = inner.join("\n");
    expect(text).toContain("01JCZ3A5B7C9D1E3F5G7H9J1K3  bulk_classification  Failed  attempts 1/5");
    expect(inner[inner.indexOf("Error") + 1]).toBe("HS service unreachable");
    expect(text).toContain('"classified": 12');
    expect(text).toMatch(/2026-11-17T10:00:00Z {2}run 1 {2}created +by admin@acme\.test/);
    expect(text).toMatch(/failed +by system {2}HS service unreachable/);
  });

  it("shows the help overlay, the confirmation dialog and the find prompt", async () => {
    const { term, drawer } = mount(true);
    const confirm = { prompt: "Cancel job 01JX (data_import, Running)? y/n", jobId: "01JX", action: "cancel" as const };
    drawer.draw(S.askConfirm(loaded(), confirm));
    drawer.flush();
    await settle();
    expect(term.lines().join("\n")).toContain("Cancel job 01JX (data_import, Running)? y/n");
    drawer.draw(S.setHelp(loaded(), true));
    drawer.flush();
    await settle();
    expect(term.lines().join("\n")).toMatch(/PgDn\s+next page/);
    drawer.draw(S.setFind(loaded(), "01JC"));
    drawer.flush();
    await settle();
    expect(term.lines()[29]).toMatch(/^Find job by id: 01JC_/);
  });

  it("draws errors in the status line in red", async () => {
    const { term, drawer } = mount(true);
    drawer.draw(S.setMessage(loaded(), "Loading jobs failed: cannot reach http://x", "error", true));
    drawer.flush();
    await settle();
    expect(term.lines()[29]).toMatch(/^Loading jobs failed: cannot reach http:\/\/x/);
    expect(styleBefore(term.output(), "Loading jobs failed")).toContain(31);
  });
});

describe("column layout", () => {
  it.each([60, 80, 100, 120, 200])("fills exactly %i columns", (width) => {
    const cols = layoutColumns(width);
    expect(cols.reduce((n, c) => n + c.width, 0) + cols.length - 1).toBe(width);
    expect(cols.map((c) => c.key)).toContain("status");
  });
});

describe("an empty page", () => {
  it("shows a load error in full where the rows would be", async () => {
    const { term, drawer } = mount(true, 80, 24);
    const base = S.initialState({ url: "http://a", workspace: null });
    const text =
      "Loading jobs failed: this account may not use the job dashboard; it needs Admin (admin or owner role required)";
    drawer.draw(S.setMessage({ ...base, loading: false }, text, "error", true));
    drawer.flush();
    await settle();
    expect(term.lines().slice(3, 5).join(" ")).toBe(text);
  });

  it("says whether the filter is what hides the jobs", async () => {
    const { term, drawer } = mount(true);
    const base = { ...S.initialState({ url: "http://a" }), loading: false };
    drawer.draw(base);
    drawer.flush();
    await settle();
    expect(term.lines()[3]).toBe("No jobs yet.");
    drawer.draw({ ...base, filter: { status: "paused" } });
    drawer.flush();
    await settle();
    expect(term.lines()[3]).toBe("No jobs match this filter (f/t change it).");
  });
});
