// The drawer rendered into an in-memory terminal: the rows a user would read, colours (and none under NO_COLOR).
import type { Widgets } from "blessed";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDrawer, type Drawer } from "../../tui/drawer.ts";
import { layoutColumns } from "../../tui/format.ts";
import { helpLines, paneHints } from "../../tui/keys.ts";
import { createScreen } from "../../tui/screen.ts";
import * as S from "../../tui/state.ts";
import type { ErrorGroup } from "../../worker/api/find-and-fix.ts";
import type { Job, JobListResponse, JobStatus } from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";
import { colourCodes, styleBefore } from "../support/sgr.ts";

function job(id: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  return jobFixture({
    id,
    status,
    progress: 45,
    processed: 450,
    total: 1000,
    current_item: "SKU-0450",
    attempts: 1,
    created_by: "admin@acme.test",
    started_at: "2026-11-17T10:00:01Z",
    updated_at: "2026-11-17T10:00:02Z",
    ...extra,
  });
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

/** The drawer's clock: ten minutes after the jobs were created, so rows say "10 min ago". */
const NOW = Date.parse("2026-11-17T10:10:00Z");

function mount(color: boolean, cols = 100, rows = 30, frameMs = 50) {
  const term = new MemoryTerminal(cols, rows);
  screen = createScreen(term, term, "xterm-256color");
  drawer = createDrawer(screen, { color, frameMs, helpLines: helpLines(), paneHints: paneHints(), now: () => NOW });
  return { term, screen, drawer };
}

/**
 * blessed buffers its output and flushes it with setImmediate. A bare 5 ms timer can fire first on a busy machine
 * (the loop reaches the timers phase before the check phase), so wait for an immediate queued after blessed's.
 */
const settle = () => new Promise((r) => setTimeout(() => setImmediate(r), 5));

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
    expect(lines[3]).toMatch(/^ {2}ID +Type +Status +Progress +Created +Ran +Error$/);
    // Type labels as on the web, relative creation times, and how long a finished job ran.
    expect(lines[4]).toMatch(/^ {2}…G7H9J1K1 Data import +Running +\[##---\] +45% SKU-0450 +10 min ago +- *$/);
    expect(lines[5]).toMatch(/^ {2}…G7H9J1K2 Data import +Completed +\[#####\] 100% +10 min ago +4 min 59 s$/);
    expect(lines[6]).toMatch(/^ {2}…G7H9J1K3 Bulk classification Failed .* 10 min ago +- +HS servic…$/);
    expect(lines[7]).toMatch(/^ {2}…G7H9J1K4 Data import +Dead Letter .* boom \{bol…$/);
    expect(lines[8]).toMatch(/^ {2}…G7H9J1K5 Data import +Cancelling…/);
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
    drawer.draw(loaded({ connection: { kind: "offline", retryAt: NOW + 3000, reason: "x" } }));
    drawer.flush();
    await settle();
    expect(colourCodes(term.output())).toEqual([]);
    expect(styleBefore(term.output(), "  …G7H9J1K1")).toContain(7); // the row starts with the marker column
    expect(term.lines()[0]).toMatch(/offline \(retrying in 3s\)$/);
    expect(term.lines()[6]).toMatch(/Failed/);
  });

  it("never lets job text write escape sequences to the terminal", async () => {
    const { term, drawer } = mount(true);
    drawer.draw(loaded());
    drawer.flush();
    await settle();
    expect(term.output()).not.toContain("\x1b[2J\x1b]0;pwned");
    expect(term.output()).not.toContain("pwned\x07");
  });

  it("fits 80x24: the short id, status and progress stay readable, every line within 80 columns", async () => {
    const { term, drawer } = mount(true, 80, 24);
    drawer.draw(loaded());
    drawer.flush();
    await settle();
    const lines = term.lines();
    expect(lines).toHaveLength(24);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[3]).toMatch(/^ {2}ID +Type +Status +Progress +Created +Ran +Error$/);
    expect(lines[4]).toMatch(/^ {2}…G7H9J1K1 import +Running +\[##--\] +45% SK… 10 min ago -/);
    expect(lines[5]).toMatch(/^ {2}…G7H9J1K2 import +Completed +\[####\] 100% +10 min ago 4 min 59 s/);
    expect(lines[6]).toMatch(/^ {2}…G7H9J1K3 classify Failed +\[##--\] +45% SK… 10 min ago - +HS serv…$/);
    expect(lines[7]).toContain("Dead Letter");
    expect(lines[8]).toContain("Cancelling…");
    expect(drawer.pageSize()).toBe(19);
  });

  it("at 120x40 shows the type labels and a longer id tail", async () => {
    const { term, drawer } = mount(true, 120, 40);
    drawer.draw(loaded());
    drawer.flush();
    await settle();
    expect(term.lines()[6]).toMatch(
      /^ {2}…[0-9A-Z]{12}K3 Bulk classification Failed +\[##---\] +45% SKU-0450 +10 min ago/,
    );
    expect(term.lines()[6]).toContain("HS service unreachable");
  });

  it("marks selected rows and counts them in the status line", async () => {
    const { term, drawer } = mount(true, 80, 24);
    const s = S.toggleMark(S.toggleMark(loaded()));
    drawer.draw(S.moveSelection(s, 1));
    drawer.flush();
    await settle();
    const lines = term.lines();
    expect(lines.slice(4, 9).map((l) => l.slice(0, 1))).toEqual(["●", "●", " ", " ", " "]);
    expect(lines[23]).toMatch(/ 2 selected {2}status:all type:all page 1$/);
  });

  it("draws the status picker on the status line at 80 and at 120 columns", async () => {
    for (const [cols, rows, want] of [
      [80, 24, "Status: 0 all 1 Pending 2 Running 3 Done 4 Failed 5 Cancelled 6 Paused 7 Dead"],
      [
        120,
        40,
        "Status: 0 all  1 Pending  2 Running  3 Completed  4 Failed  5 Cancelled  6 Paused  7 Dead Letter  Esc cancels",
      ],
    ] as const) {
      const { term, drawer } = mount(true, cols, rows);
      drawer.draw(S.setPicker({ ...loaded(), filter: { status: "failed" } }, "status"));
      drawer.flush();
      await settle();
      expect(term.lines()[rows - 1]).toBe(want);
      expect(styleBefore(term.output(), "4 Failed")).toContain(7); // the current filter in inverse
      drawer.destroy();
      screen?.destroy();
    }
  });

  it("redraws on resize, also after shrinking and growing again", async () => {
    const { term, drawer } = mount(true, 100, 30);
    drawer.draw(loaded());
    drawer.flush();
    term.resize(60, 20);
    await settle();
    expect(term.lines()[4]?.length).toBeLessThanOrEqual(60);
    expect(term.lines()[4]).toContain("Running");
    term.resize(140, 30);
    await settle();
    expect(term.lines()[4]).toMatch(/^ {2}01JCZ3A5B7C9D1E3F5G7H9J1K1 Data import/); // the whole id at 140
    expect(drawer.pageSize()).toBe(25);
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
  it("the detail pane shows the type label, how long it waited and ran, the exact times, the full error, the result and the history", async () => {
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
    const ended = { ...failed, completed_at: "2026-11-17T10:00:09Z", result: { classified: 12 } };
    drawer.draw(S.openDetail(loaded(), ended, events));
    drawer.flush();
    await settle();
    // Inside the pane's border (drawn with line-drawing characters, "x" in the VT100 charset).
    const inner = term.lines().map((l) => l.slice(1, -1).trimEnd());
    const text = inner.join("\n");
    expect(text).toContain(
      "01JCZ3A5B7C9D1E3F5G7H9J1K3  Bulk classification (bulk_classification)  Failed  attempts 1/5",
    );
    expect(text).toMatch(/^Created +2026-11-17T10:00:00Z +by admin@acme\.test, 10 min ago$/m);
    expect(text).toMatch(/^Waited +1\.0 s$/m);
    expect(text).toMatch(/^Ran +8\.0 s$/m);
    expect(text).toMatch(/^Started +2026-11-17T10:00:01Z$/m);
    expect(text).toMatch(/^Ended +2026-11-17T10:00:09Z$/m);
    expect(inner[inner.indexOf("Error") + 1]).toBe("HS service unreachable");
    expect(text).toContain('"classified": 12');
    expect(text).toMatch(/^Time +Run +Event +By +Message$/m);
    expect(text).toMatch(/^2026-11-17T10:00:00Z {2}1 {4}Created {2}admin@acme\.test$/m);
    expect(text).toMatch(/^2026-11-17T10:00:09Z {2}1 {4}Failed {3}system {11}HS service unreachable$/m);
  });

  it("shows the help overlay, the confirmation dialog and the find prompt", async () => {
    const { term, drawer } = mount(true);
    const prompt = "Retry 3 selected jobs? 2 skipped (1 Running, 1 Completed). y/n";
    drawer.draw(S.askConfirm(loaded(), { kind: "bulk", action: "retry", ids: ["01JX"], prompt, declined: "" }));
    drawer.flush();
    await settle();
    expect(term.lines().join("\n")).toContain(prompt);
    drawer.draw(S.setHelp(loaded(), true));
    drawer.flush();
    await settle();
    expect(term.lines().join("\n")).toMatch(/PgDn\s+next page/);
    drawer.draw(S.setFind(loaded(), "01JC"));
    drawer.flush();
    await settle();
    expect(term.lines()[29]).toMatch(/^Find \(id, key, creator, payload, error\): 01JC_ {2}\(Enter find, Esc cancel\)/);
  });

  it("the help overlay lists every key and fits 80x24", async () => {
    const { term, drawer } = mount(true, 80, 24);
    drawer.draw(S.setHelp(loaded(), true));
    drawer.flush();
    await settle();
    const text = term.lines().join("\n");
    for (const line of helpLines()) expect(text).toContain(line.trimEnd());
    // 24 lines hold the keys only when the closing sentence moves into the border.
    expect(term.lines()).toHaveLength(24);
    expect(text).toContain("Keys (any key closes)");
  });

  it("the help overlay says how it closes under the keys when the screen is tall enough", async () => {
    const { term, drawer } = mount(true, 100, 30);
    drawer.draw(S.setHelp(loaded(), true));
    drawer.flush();
    await settle();
    const text = term.lines().join("\n");
    for (const line of helpLines()) expect(text).toContain(line.trimEnd());
    expect(text).toContain("any key closes this");
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
    expect(term.lines().slice(4, 6).join(" ")).toBe(text);
  });

  it("says whether the filter is what hides the jobs", async () => {
    const { term, drawer } = mount(true);
    const base = { ...S.initialState({ url: "http://a" }), loading: false };
    drawer.draw(base);
    drawer.flush();
    await settle();
    expect(term.lines()[4]).toBe("No jobs yet.");
    drawer.draw({ ...base, filter: { status: "paused" } });
    drawer.flush();
    await settle();
    expect(term.lines()[4]).toBe("No jobs match this filter (f/t change it).");
  });
});

function group(n: number, extra: Partial<ErrorGroup> = {}): ErrorGroup {
  return {
    signature: `${n}`.padStart(16, "0"),
    type: "data_import",
    message: `error ${n}`,
    count: n,
    failed: n,
    dead_letter: 0,
    first_seen: "2026-11-17T09:00:00Z",
    last_seen: "2026-11-17T10:07:00Z",
    sample_job_id: "01JCZ3A5B7C9D1E3F5G7H9J1K3",
    ...extra,
  };
}

const GROUPS = [
  group(1, {
    type: "bulk_classification",
    message: "HS service unreachable: connect ECONNREFUSED 10.0.0.1:443\n    at classify (hs.ts:12)",
    count: 1234,
    failed: 1200,
    dead_letter: 34,
  }),
  group(2, {
    message: "source URL answered 404 {bold}\x1b]0;pwned\x07",
    count: 12,
    failed: 10,
    dead_letter: 2,
    last_seen: "2026-11-16T10:07:00Z",
  }),
];

/** Inside a border blessed switches back from the line-drawing charset (ESC ( B) between a style and the text. */
function plainCharset(output: string): string {
  return output.replaceAll("\x1b(B", "");
}

function withGroups(groups: ErrorGroup[], selected = 0): S.State {
  const s = S.errorsLoaded(S.openErrors(loaded()), groups);
  return S.moveErrorSelection(s, selected);
}

describe("the error groups pane (e)", () => {
  // The same two groups at both sizes: the type is a short name at 80 columns, the label at 120, and the counts
  // and the split are never cut.
  const sizes = [
    {
      cols: 80,
      rows: 24,
      header: /^Type +Jobs Failed Dead Last seen +Error$/,
      first: /^classify 1,234 +1,200 +34 3 min ago +HS service unreachable: connect ECONNRE…$/,
      second: /^import +12 +10 +2 1 d ago +source URL answered 404 \{bold\} \]0;pwned$/, // ESC, BEL flattened
      keys: /^↑↓ move {2}Enter its jobs {2}r retry group {2}g refresh +status:all type:all page 1$/,
    },
    {
      cols: 120,
      rows: 40,
      header: /^Type +Jobs Failed Dead Last seen +Error$/,
      first:
        /^Bulk classification 1,234 +1,200 +34 3 min ago +HS service unreachable: connect ECONNREFUSED 10\.0\.0\.1:443$/,
      second: /^Data import +12 +10 +2 1 d ago +source URL answered 404/,
      keys: /^↑↓ move {2}Enter its jobs {2}r retry group {2}g refresh {2}\? help {2}Esc close +status:all type:all page 1$/,
    },
  ];
  for (const c of sizes) {
    it(`lists type, count, failed/dead split, last seen and the message's first line at ${c.cols}x${c.rows}`, async () => {
      const { term, drawer } = mount(true, c.cols, c.rows);
      drawer.draw(withGroups(GROUPS, 1));
      drawer.flush();
      await settle();
      const lines = term.lines();
      expect(lines).toHaveLength(c.rows);
      expect(lines.every((l) => l.length <= c.cols)).toBe(true);
      expect(lines[3]).toMatch(/^lq Error groups: 2, 1,246 jobs q+k$/); // the border, in the VT100 charset
      const inner = lines.map((l) => l.slice(1, -1).trimEnd());
      expect(inner[4]).toMatch(c.header);
      expect(inner[5]).toMatch(c.first);
      expect(inner[6]).toMatch(c.second);
      expect(inner[c.rows - 3]).toBe("Retries keep each payload as it is; edit a payload on the web page.");
      expect(lines[c.rows - 1]).toMatch(c.keys);
      expect(styleBefore(plainCharset(term.output()), inner[6]?.slice(0, 12) ?? "?")).toContain(7); // the cursor's row
      expect(term.output()).not.toContain("\x1b]0;pwned");
    });
  }

  it("scrolls a long list a page at a time, keeping the cursor's group on screen", async () => {
    const { term, drawer } = mount(true, 80, 24);
    const many = Array.from({ length: 30 }, (_, i) => group(i + 1, { message: `error number ${i + 1}` }));
    drawer.draw(withGroups(many, 20));
    drawer.flush();
    await settle();
    const inner = term.lines().map((l) => l.slice(1, -1).trimEnd());
    expect(inner.find((l) => l.endsWith("error number 21"))).toBeDefined();
    expect(inner.find((l) => l.endsWith("error number 1"))).toBeUndefined();
    expect(inner).toContain("groups 16–30 of 30");
    const cursor = inner.find((l) => l.endsWith("error number 21")) ?? "?";
    expect(styleBefore(plainCharset(term.output()), cursor)).toContain(7); // the cursor is still on its group
  });

  it("draws a failure to load the groups (a member's 403) in full, in red, inside the pane", async () => {
    const { term, drawer } = mount(true, 80, 24);
    const text =
      "Loading error groups failed: this account is a member of acme; the job dashboard needs Admin (owner or admin role required)";
    drawer.draw(S.errorsFailed(S.openErrors(loaded()), text));
    drawer.flush();
    await settle();
    const inner = term.lines().map((l) => l.slice(1, -1).trimEnd());
    expect(inner.slice(4, 6).join(" ")).toBe(text);
    expect(styleBefore(plainCharset(term.output()), "Loading error groups failed")).toContain(31);
  });

  it("says it is loading, and says when there is nothing to group", async () => {
    const { term, drawer } = mount(true, 80, 24);
    drawer.draw(S.openErrors(loaded()));
    drawer.flush();
    await settle();
    expect(term.lines()[4]).toMatch(/^xLoading error groups… +x$/);
    drawer.draw(S.errorsLoaded(S.openErrors(loaded()), []));
    drawer.flush();
    await settle();
    expect(term.lines()[4]).toMatch(/^xNo failed or dead-letter jobs: no error groups\. +x$/);
  });

  it("asks before a replay with the invalid jobs listed under the question", async () => {
    const { term, drawer } = mount(true, 80, 24);
    const details = ["…00000001 payload.rows.0.sku: Required", "…00000002 payload: Invalid input", "and 3 more"];
    const prompt = "Retry 12 jobs of this group? 5 invalid. y/n";
    drawer.draw(S.askConfirm(withGroups(GROUPS), { kind: "replay", signature: "x", prompt, details, declined: "" }));
    drawer.flush();
    await settle();
    const text = term.lines().join("\n");
    const at = term.lines().findIndex((l) => l.includes(prompt));
    expect(at).toBeGreaterThan(0);
    for (const [i, d] of details.entries()) expect(term.lines()[at + 1 + i]).toContain(d);
    expect(text).toContain("Confirm");
  });
});

describe("the status line of a search or a group", () => {
  const cases = [
    {
      name: "a search, at 80 columns",
      cols: 80,
      state: () => S.setSearch(loaded(), "acme.test"),
      want: /^Esc back {2}\? help .* search: acme\.test {2}status:all type:all page 1$/,
    },
    {
      name: "a long search text, cut to its share of 80 columns",
      cols: 80,
      state: () => S.setSearch(loaded(), "https://files.example.com/imports/2026/november/catalogue.csv"),
      want: /search: https:\/\/files\.example\.c… {2}status:all type:all page 1$/,
    },
    {
      name: "an error group's message (its first line), with the filter it combines with, at 80",
      cols: 80,
      state: () => ({ ...S.showErrorGroup(loaded(), GROUPS[0] as ErrorGroup), filter: { status: "failed" as const } }),
      want: /errors: HS service unreachable:… {2}status:Failed type:all page 1$/,
    },
    {
      name: "an error group at 120 columns",
      cols: 120,
      state: () => S.showErrorGroup(loaded(), GROUPS[0] as ErrorGroup),
      want: /^Esc back {2}\? help {2}q quit .* errors: HS service unreachable: connect ECO… {2}status:all type:all page 1$/,
    },
  ];
  for (const c of cases) {
    it(`shows ${c.name}`, async () => {
      const { term, drawer } = mount(true, c.cols, 24);
      drawer.draw(c.state());
      drawer.flush();
      await settle();
      expect(term.lines()[23]).toMatch(c.want);
      expect(term.lines()[23]?.length).toBeLessThanOrEqual(c.cols);
    });
  }

  it("keeps the end of a long find text in view", async () => {
    const { term, drawer } = mount(true, 80, 24);
    drawer.draw(S.setFind(loaded(), "a very long search for the words of an error message seen somewhere"));
    drawer.flush();
    await settle();
    expect(term.lines()[23]).toMatch(/^Find: ….*somewhere_ +status:all type:all page 1$/);
  });

  it("an empty search answer says what was searched for and how to go back", async () => {
    const { term, drawer } = mount(true, 80, 24);
    const s = S.listLoaded(S.setSearch(loaded(), "0ff1ce"), {
      jobs: [],
      next_cursor: null,
      counts: COUNTS as JobListResponse["counts"],
    });
    drawer.draw(s);
    drawer.flush();
    await settle();
    expect(term.lines()[4]).toBe('No job matches "0ff1ce"; Esc returns to the list.');
  });
});
