// The real terminal dashboard in tmux against a real `wrangler dev`: live progress on screen, acting on a job, the
// layout at 120×40 and 80×24, finding by an id fragment, the status picker, copying an id, bulk retry/cancel, the
// server search (`q`) for a job off the first page, the error groups (`e`) with a group's jobs and its replay, and
// the lanes (`L`): pausing a job type, a pending job of it saying who paused it, and resuming it.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Stack, startStack } from "../support/e2e.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux) {
  const message = "tmux is not installed: the terminal dashboard end-to-end tests cannot run";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n!!! ${message}; skipping them !!!\n`);
}

const SESSION = `dutyleak-e2e-${process.pid}`;
// A tmux server of our own (-L): the clipboard option below must not change the user's own tmux.
const tmux = (...args: string[]) =>
  execFileSync("tmux", ["-L", SESSION, ...args], { encoding: "utf8", env: { ...process.env, TMUX: "" } });
const screen = () => tmux("capture-pane", "-p", "-t", SESSION);
const lines = () => screen().replace(/\n$/, "").split("\n");
const statusLine = () => lines().at(-1) ?? "";
/** A table row (marker column, then the id), never the detail pane's first line, which shows the id too. */
const rowOf = (jobId: string) => lines().find((line) => /^[ ●] /.test(line) && line.includes(jobId.slice(-7)));
const keys = (...k: string[]) => tmux("send-keys", "-t", SESSION, ...k);
/** Literal text, so a fragment such as "0FF" is never read as a key name. */
const typeText = (text: string) => tmux("send-keys", "-t", SESSION, "-l", text);
const LOGS = path.join(ROOT, ".wrangler-logs");

/** The window's size as the dashboard sees it; the capture is kept beside the TUI log for a look afterwards. */
async function resize(cols: number, rows: number): Promise<void> {
  tmux("resize-window", "-t", SESSION, "-x", String(cols), "-y", String(rows));
  await eventually(
    async () => lines().length === rows && (lines()[0]?.trimEnd().endsWith("live") ?? false),
    `a redraw at ${cols}x${rows}`,
  );
}
function keepCapture(name: string): void {
  mkdirSync(LOGS, { recursive: true });
  writeFileSync(path.join(LOGS, `tui-e2e-${name}.txt`), screen());
}

describe.skipIf(!hasTmux)("terminal dashboard in tmux", () => {
  let stack: Stack;
  let token: string;
  let socket = "";

  beforeAll(async () => {
    stack = await startStack();
    token = await stack.token("admin@acme.test");
    const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
    const command = [
      `cd ${ROOT} &&`,
      `DUTYLEAK_URL=${stack.url} DUTYLEAK_TOKEN=${token} TERM=xterm-256color LANG=C.UTF-8`,
      `${process.execPath} ${tsx} tui/main.ts --log ${path.join(LOGS, "tui-e2e.log")}`,
    ].join(" ");
    tmux("new-session", "-d", "-s", SESSION, "-x", "110", "-y", "30", command);
    // OSC 52 from the pane sets a tmux paste buffer, which `show-buffer` reads back (what `y` is checked against).
    tmux("set-option", "-s", "set-clipboard", "on");
    socket = tmux("display-message", "-p", "#{socket_path}").trim();
    await eventually(async () => screen().includes("live") && screen().includes("Pending"), "the dashboard to connect");
  });

  afterAll(async () => {
    try {
      tmux("send-keys", "-t", SESSION, "q");
      await new Promise((resolve) => setTimeout(resolve, 500));
      tmux("kill-server");
    } catch {
      // Already gone after q.
    }
    if (socket) rmSync(socket, { force: true }); // tmux leaves its socket file behind
    await stack?.stop();
  });

  it("shows a job's progress changing live and then Completed, without a keypress", async () => {
    const { job } = await stack.api("POST", "/api/v1/jobs", token, {
      type: "test_flaky",
      payload: { items: 30, chunk: 1, delay_ms: 120 },
    });
    const seen = new Set<string>();
    await eventually(
      async () => {
        const row = rowOf(job.id);
        const percent = row?.match(/(\d+)%/)?.[1];
        if (percent) seen.add(percent);
        return row?.includes("Completed");
      },
      "the row to reach Completed",
      60_000,
    );
    const partial = [...seen].map(Number).filter((p) => p > 0 && p < 100);
    expect(partial.length).toBeGreaterThan(0);
    expect(rowOf(job.id)).toMatch(/Completed.*100%/);
  });

  it("retries a dead-lettered job with r and shows it come back", async () => {
    const { job } = await stack.api("POST", "/api/v1/jobs", token, {
      type: "test_flaky",
      payload: { items: 3, fail_attempts: 99 },
    });
    await eventually(async () => rowOf(job.id)?.includes("Dead Letter"), "the row to show Dead Letter", 60_000);
    tmux("send-keys", "-t", SESSION, "/");
    tmux("send-keys", "-t", SESSION, job.id.slice(-8), "Enter");
    await eventually(async () => screen().includes(job.id), "the job's detail to open");
    tmux("send-keys", "-t", SESSION, "r");
    await eventually(async () => {
      const detail = await stack.api("GET", `/api/v1/jobs/${job.id}`, token);
      return detail.events.some(
        (e: { kind: string; actor: string }) => e.kind === "retried" && e.actor === "admin@acme.test",
      );
    }, "the retry to reach the API");
    tmux("send-keys", "-t", SESSION, "Escape");
    await eventually(async () => !screen().includes("History"), "the detail pane to close");
    // fail_runs defaults to 1, so the retried run succeeds: the row leaves Dead Letter for Pending/Running/Completed.
    await eventually(async () => /Pending|Running|Completed/.test(rowOf(job.id) ?? ""), "the row to come back", 30_000);
    expect(rowOf(job.id)).not.toContain("Dead Letter");
  });

  /** A job that completed, shared by the layout and search checks below. */
  let finished: { id: string };

  it("at 120x40 shows type labels, how long ago a job was created and how long it ran", async () => {
    await resize(120, 40);
    ({ job: finished } = await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { items: 2 } }));
    await eventually(async () => rowOf(finished.id)?.includes("Completed"), "the job to complete", 30_000);
    const row = new RegExp(
      `…[0-9A-Z]*${finished.id.slice(-8)} +Test job +Completed +\\[#+\\] 100% +(just now|\\d+ s ago) +\\d+(\\.\\d)? m?s`,
    );
    expect(rowOf(finished.id)).toMatch(row);
    expect(lines()[2]).toMatch(/^(Lanes:|Slots) /); // the lanes strip, the header's third line
    expect(lines()[3]).toMatch(/^ +ID +Type +Status +Progress +Created +Ran +Error/);
    // GET /api/v1/metrics answers an admin: the sparkline's numbers sit before the connection state (read every 30 s).
    await eventually(
      async () => / done [\d,]+\/min, failed [\d,]+ {2}live$/.test(lines()[0]?.trimEnd() ?? ""),
      "the sparkline in the title line",
      40_000,
    );
    keys("f");
    await eventually(async () => statusLine().includes("7 Dead Letter  Esc cancels"), "the full status picker");
    expect(statusLine()).toMatch(/^Status: 0 all {2}1 Pending {2}2 Running {2}3 Completed {2}4 Failed/);
    keys("Escape");
    await eventually(async () => !statusLine().startsWith("Status:"), "the picker to close");
    keepCapture("120x40");
  });

  it("at 80x24 keeps the short id, the status and the progress readable on a row", async () => {
    await resize(80, 24);
    const row = await eventually(async () => rowOf(finished.id), "the row at 80 columns");
    expect(row).toMatch(new RegExp(`^ +…${finished.id.slice(-8)} +test +Completed +\\[#+\\] 100%`));
    expect(lines().every((line) => line.length <= 80)).toBe(true);
    keepCapture("80x24");
  });

  it("at 80x24 finds a job by a fragment of its id, copies the id with y, and filters with the picker", async () => {
    keys("/");
    typeText(finished.id.slice(-12, -7).toLowerCase()); // from the middle of the random part, in lower case
    keys("Enter");
    await eventually(async () => screen().includes(finished.id), "the job's detail to open");
    keys("y");
    await eventually(async () => statusLine().startsWith(`Copied ${finished.id}`), "the copy message");
    expect(tmux("show-buffer").trim()).toBe(finished.id);
    keys("Escape");
    keys("f");
    await eventually(async () => /^Status: 0 all 1 Pending 2 Running 3 Done/.test(statusLine()), "the picker at 80");
    keys("3");
    await eventually(async () => statusLine().endsWith("status:Completed type:all page 1"), "the Completed filter");
    const rows = lines()
      .slice(4, -1)
      .filter((line) => line.includes("…"));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((line) => line.includes("Completed"))).toBe(true);
    keys("f");
    keys("0");
    await eventually(async () => statusLine().endsWith("status:all type:all page 1"), "all statuses again");
  });

  it("retries the selected failed jobs in bulk (a running one skipped), then cancels a running one", async () => {
    const failing = { type: "test_flaky", payload: { items: 2, permanent: true, fail_attempts: 1 } };
    const { job: a } = await stack.api("POST", "/api/v1/jobs", token, failing);
    const { job: b } = await stack.api("POST", "/api/v1/jobs", token, failing);
    const { job: slow } = await stack.api("POST", "/api/v1/jobs", token, {
      type: "test_flaky",
      payload: { items: 600, chunk: 1, delay_ms: 100 },
    });
    await eventually(
      async () =>
        rowOf(a.id)?.includes("Failed") && rowOf(b.id)?.includes("Failed") && rowOf(slow.id)?.includes("Running"),
      "two failed jobs and a running one",
      30_000,
    );
    const select = async (id: string) => {
      keys("/");
      typeText(id.slice(-8));
      keys("Enter");
      await eventually(async () => screen().includes(id), `the detail of ${id}`);
      keys("Escape");
      await eventually(async () => !screen().includes("History"), "the detail to close");
      keys("Space");
    };
    keys("f");
    keys("4"); // Failed
    await eventually(async () => statusLine().endsWith("status:Failed type:all page 1"), "the Failed filter");
    keys("a");
    await eventually(async () => /^● /.test(rowOf(a.id) ?? "") && /^● /.test(rowOf(b.id) ?? ""), "the marks");
    keys("f");
    keys("0");
    await eventually(async () => rowOf(slow.id) !== undefined, "all statuses again");
    await select(slow.id);
    keys("r");
    await eventually(
      async () => /Retry \d+ selected jobs\? 1 skipped \(1 Running\)\. y\/n/.test(screen()),
      "the bulk confirmation",
    );
    keys("y");
    await eventually(async () => /^Retried \d+; skipped 1 \(1 Running\)/.test(statusLine()), "the answer", 15_000);
    for (const id of [a.id, b.id]) {
      const detail = await stack.api("GET", `/api/v1/jobs/${id}`, token);
      const retried = detail.events.filter((e: { kind: string; actor: string }) => e.kind === "retried");
      expect(retried.map((e: { actor: string }) => e.actor)).toEqual(["admin@acme.test"]);
    }
    await select(slow.id);
    keys("c");
    // The dialog wraps this one at 80 columns.
    await eventually(
      async () => /Cancel 1 selected job\? 1 running stops at the next chunk/.test(screen()),
      "the cancel confirmation",
    );
    keys("y");
    await eventually(async () => statusLine().startsWith("Cancelled 0, 1 stopping"), "the cancel answer", 15_000);
    await eventually(async () => rowOf(slow.id)?.includes("Cancelled"), "the running job to stop", 30_000);
  });

  it("/ with a fragment of an id that is not on the first page finds the job through the server's search", async () => {
    const { job: target } = await stack.api("POST", "/api/v1/jobs", token, {
      type: "test_flaky",
      payload: { items: 1 },
    });
    // A page holds 19 rows at 80x24: 25 newer jobs push the target onto a later page.
    const filler = Array.from({ length: 25 }, () => ({ type: "test_flaky", payload: { items: 1 } }));
    const { results } = await stack.api("POST", "/api/v1/jobs/batch", token, { jobs: filler });
    expect(results.every((r: { status: number }) => r.status === 201)).toBe(true);
    await eventually(
      async () => (await stack.api("GET", `/api/v1/jobs/${target.id}`, token)).job.status === "completed",
      "the target to complete",
    );
    await eventually(
      async () => rowOf(results[24].job.id) !== undefined && rowOf(target.id) === undefined,
      "the target to leave the first page",
    );
    const fragment = target.id.slice(-12, -6).toLowerCase(); // random characters, shown on no other row
    keys("/");
    typeText(fragment);
    keys("Enter");
    await eventually(async () => statusLine().includes(`search: ${fragment}`), "the search on the status line");
    const row = await eventually(async () => rowOf(target.id), "the target listed by the search");
    expect(row).toMatch(/test +Completed/);
    const listed = lines().filter((line) => /^[ ●] +…/.test(line));
    expect(listed).toHaveLength(1); // only what matches the fragment
    keys("Escape");
    await eventually(async () => !statusLine().includes("search:"), "the search to end");
    await eventually(async () => rowOf(results[24].job.id) !== undefined, "the first page again");
    expect(rowOf(target.id)).toBeUndefined();
  });

  it("e shows the group of jobs that failed with the same error, Enter lists them, r retries the group", async () => {
    const failing = { type: "test_flaky", payload: { items: 1, permanent: true } };
    const jobs: { id: string }[] = [];
    for (let i = 0; i < 3; i++) jobs.push((await stack.api("POST", "/api/v1/jobs", token, failing)).job);
    await eventually(async () => {
      const details = await Promise.all(jobs.map((j) => stack.api("GET", `/api/v1/jobs/${j.id}`, token)));
      return details.every((d: { job: { status: string } }) => d.job.status === "failed");
    }, "the three jobs to fail");
    const { groups } = await stack.api("GET", "/api/v1/errors", token);
    const at = groups.findIndex((g: { message: string }) => g.message.includes("permanent failure requested"));
    expect(at).toBeGreaterThanOrEqual(0);
    const group = groups[at];
    expect(group.count).toBeGreaterThanOrEqual(3);

    keys("e");
    const groupRow = new RegExp(
      // Inside the pane's border; "test" at 80 columns. Counts are right-aligned, so spaces may lead them.
      `(test|Test job) +${group.count} +${group.failed} +${group.dead_letter} .*test_flaky: perm`,
    );
    await eventually(async () => lines().some((line) => groupRow.test(line)), "the group in the pane");
    expect(lines().every((line) => line.length <= 80)).toBe(true);
    keepCapture("errors-80x24");
    for (let i = 0; i < at; i++) keys("j");
    keys("Enter");
    await eventually(async () => statusLine().includes("errors: test_flaky: perm"), "the group's jobs");
    await eventually(async () => jobs.every((j) => rowOf(j.id)?.includes("Failed")), "its three jobs listed");
    // Only the group's jobs: at 80 columns the Error column shows just the start of the message. The status line
    // changes before the filtered page has replaced the whole list, so the rows are counted once they have settled.
    const listed = () => lines().filter((line) => /^[ ●] +…/.test(line));
    await eventually(async () => listed().length === Math.min(group.count, 19), "only the group's rows");
    expect(listed().every((line) => /Failed.*test_fl/.test(line))).toBe(true);

    keys("e");
    await eventually(async () => lines().some((line) => groupRow.test(line)), "the pane again");
    keys("r");
    const question = new RegExp(`Retry ${group.count} jobs? of this group\\? y/n`);
    await eventually(async () => question.test(screen()), "the replay's question");
    keys("y");
    await eventually(async () => statusLine().startsWith(`Retried ${group.count}`), "the replay's outcome", 15_000);
    // fail_runs defaults to 1, so the replayed run succeeds: none of the three stays Failed.
    await eventually(async () => {
      const details = await Promise.all(jobs.map((j) => stack.api("GET", `/api/v1/jobs/${j.id}`, token)));
      return details.every((d: { job: { status: string } }) => d.job.status !== "failed");
    }, "the group's jobs to be retried");
    keys("Escape");
    await eventually(async () => !screen().includes("Error groups"), "the pane to close");
    keys("Escape");
    await eventually(async () => !statusLine().includes("errors:"), "the whole list again");
  });

  it("L pauses a job type after y, a new job of that type waits saying who paused it, and resuming runs it", async () => {
    await resize(120, 40);
    const { lanes } = await stack.api("GET", "/api/v1/lanes", token);
    const at = lanes.findIndex((lane: { type: string }) => lane.type === "test_flaky");
    expect(at).toBeGreaterThanOrEqual(0);
    const toLane = () => {
      keys("L");
      for (let i = 0; i < at; i++) keys("j");
    };

    toLane();
    await eventually(async () => lines().some((line) => /Lanes: \d+ of \d+ slots in use/.test(line)), "the lanes pane");
    keys("p");
    await eventually(
      async () => /Pause Test job \(test_flaky\)\? Its (new jobs|\d+ queued jobs?) wait/.test(screen()),
      "the question",
    );
    keys("y");
    await eventually(
      async () => statusLine().startsWith("Paused Test job; "),
      "the outcome on the status line",
      15_000,
    );
    const paused = (await stack.api("GET", "/api/v1/lanes", token)).lanes[at];
    expect(paused).toMatchObject({ type: "test_flaky", paused: true, paused_by: "admin@acme.test" });
    await eventually(
      async () => lines().some((line) => /Test job .*admin@acme\.test, (just now|\d+ s ago)/.test(line)),
      "the pane",
    );
    keys("Escape");
    await eventually(async () => !screen().includes("slots in use;"), "the pane to close");
    expect(lines()[2]).toMatch(/test paused by admin/);

    const { job } = await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { items: 2 } });
    expect(job.waiting).toMatchObject({ reason: "type_paused", detail: "test_flaky paused by admin@acme.test" });
    const row = await eventually(async () => rowOf(job.id), "the new job's row");
    expect(row).toMatch(/Test job +Pending +test paused by admin /);
    keepCapture("lanes-120x40");
    keys("/");
    typeText(job.id.slice(-8));
    keys("Enter");
    await eventually(
      async () => screen().includes("Waiting    test_flaky paused by admin@acme.test"),
      "the detail pane",
    );
    expect(screen()).toMatch(/Priority {3}Normal/);
    keys("Escape");
    await eventually(async () => !screen().includes("History"), "the detail pane to close");

    toLane();
    keys("p");
    await eventually(async () => /Resume Test job \(test_flaky\)\?/.test(screen()), "the resume question");
    keys("y");
    await eventually(async () => statusLine().startsWith("Resumed Test job; "), "the resume's outcome", 15_000);
    keys("Escape");
    await eventually(async () => rowOf(job.id)?.includes("Completed"), "the job to run once resumed", 30_000);
  });
});
