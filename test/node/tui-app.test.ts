// The whole dashboard on an in-memory terminal: keys typed as bytes, a fake API and a fake live socket.
import { afterEach, describe, expect, it } from "vitest";
import { type App, startApp } from "../../tui/app.ts";
import type { Fetcher, TokenResponse } from "../../tui/fetcher.ts";
import type { LiveSocket } from "../../tui/live.ts";
import { createScreen } from "../../tui/screen.ts";
import type { Filter, ListQuery } from "../../tui/state.ts";
import type { ErrorGroup, ReplayOutcome, ReplayPreview } from "../../worker/api/find-and-fix.ts";
import type { LanesResponse } from "../../worker/api/lanes.ts";
import type { OperatorAction } from "../../worker/api/lifecycle.ts";
import type { Priority } from "../../worker/api/priority.ts";
import type {
  BulkCancelResponse,
  BulkRetryResponse,
  Job,
  JobEvent,
  JobListResponse,
  JobStatus,
} from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";

function job(n: number, status: JobStatus, extra: Partial<Job> = {}): Job {
  return jobFixture({
    id: `01JAPP${String(n).padStart(20, "0")}`,
    status,
    progress: 10,
    processed: 10,
    total: 100,
    attempts: 1,
    created_at: `2026-11-17T10:00:${String(60 - n).padStart(2, "0")}Z`,
    ...extra,
  });
}

class FakeApi implements Fetcher {
  calls: unknown[][] = [];
  rows = [job(1, "running"), job(2, "failed", { error: "timeout" }), job(3, "pending")];
  async listJobs(query: ListQuery, cursor: string | null, limit?: number): Promise<JobListResponse> {
    this.calls.push(["listJobs", query, cursor, limit]);
    const counts = { pending: 1, running: 1, completed: 0, failed: 1, cancelled: 0, paused: 0, dead_letter: 0 };
    // A search or a group answers only the failed job, so the screen shows which list it is.
    const jobs = query.q || query.errorSignature ? this.rows.filter((j) => j.status === "failed") : this.rows;
    return { jobs, next_cursor: null, counts };
  }
  groups: ErrorGroup[] = [
    {
      signature: "0123456789abcdef",
      type: "data_import",
      message: "timeout",
      count: 1,
      failed: 1,
      dead_letter: 0,
      first_seen: "2026-11-17T10:00:00Z",
      last_seen: new Date().toISOString(), // the app's clock is the real one: "just now"
      sample_job_id: job(2, "failed").id,
    },
  ];
  async errorGroups(): Promise<ErrorGroup[]> {
    this.calls.push(["errorGroups"]);
    return this.groups;
  }
  async previewReplay(signature: string): Promise<ReplayPreview> {
    this.calls.push(["previewReplay", signature]);
    return { matched: 1, would_retry: 1, invalid: [], example: null };
  }
  async replay(signature: string): Promise<ReplayOutcome> {
    this.calls.push(["replay", signature]);
    return { matched: 1, retried: 1, invalid: [], skipped: {} };
  }
  async getJob(id: string): Promise<{ job: Job; events: JobEvent[] }> {
    this.calls.push(["getJob", id]);
    return { job: this.rows.find((j) => j.id === id) as Job, events: [] };
  }
  async action(id: string, action: OperatorAction): Promise<Job> {
    this.calls.push(["action", id, action]);
    return { ...(this.rows.find((j) => j.id === id) as Job), status: "pending", updated_at: "2026-11-17T10:02:00Z" };
  }
  async retryMany(ids: string[]): Promise<BulkRetryResponse> {
    this.calls.push(["retryMany", ids]);
    return { retried: 1, skipped: { running: 1 }, not_found: 0 };
  }
  async cancelMany(ids: string[]): Promise<BulkCancelResponse> {
    this.calls.push(["cancelMany", ids]);
    return { cancelled: ids.length, stopping: 0, skipped: {}, not_found: 0 };
  }
  lanesAnswer: LanesResponse = {
    lanes: [
      {
        type: "data_import",
        running: 1,
        limit: 4,
        queued: 1,
        oldest_wait_ms: 5000,
        paused: false,
        paused_by: null,
        paused_at: null,
      },
    ],
    max_running: 4,
    in_use: 1,
    changes: [],
  };
  async lanes(): Promise<LanesResponse> {
    this.calls.push(["lanes"]);
    return this.lanesAnswer;
  }
  async laneAction(type: string, action: string): Promise<LanesResponse> {
    this.calls.push(["laneAction", type, action]);
    return this.lanesAnswer;
  }
  async setPriority(id: string, priority: Priority): Promise<Job> {
    this.calls.push(["setPriority", id, priority]);
    return { ...(this.rows.find((j) => j.id === id) as Job), priority, updated_at: "2026-11-17T10:02:00Z" };
  }
  async login(): Promise<TokenResponse> {
    throw new Error("unused");
  }
  count(name: string) {
    return this.calls.filter((c) => c[0] === name).length;
  }
}

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

/** Poll rather than sleep a fixed time: under load (a parallel test run) a frame may take longer. */
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

function run() {
  const term = new MemoryTerminal(100, 30);
  const screen = createScreen(term, term, "xterm");
  const api = new FakeApi();
  const sockets: FakeSocket[] = [];
  let exited = 0;
  const logs: string[] = [];
  app = startApp({
    screen,
    fetcher: api,
    url: "http://api.test",
    token: "tok",
    workspace: "acme",
    color: true,
    log: (l) => logs.push(l),
    frameMs: 5,
    socketFactory: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    onExit: () => exited++,
  });
  const socket = () => sockets[sockets.length - 1] as FakeSocket;
  return { term, api, socket, sockets, exited: () => exited, logs };
}

describe("the dashboard app", () => {
  const screenText = (t: ReturnType<typeof run>) => t.term.lines().join("\n");
  const rowsShown = (t: ReturnType<typeof run>) => until(() => /timeout/.test(t.term.lines()[5] ?? ""), "the rows");

  it("loads a page sized to the screen and shows the rows", async () => {
    const t = run();
    await rowsShown(t);
    expect(t.api.calls[0]).toEqual(["listJobs", {}, null, 25]);
    expect(t.term.lines()[0]).toMatch(/acme @ http:\/\/api\.test +connecting…$/);
    expect(t.term.lines()[5]).toMatch(/^ {2}…00000002 Data import +Failed .* timeout/);
  });

  it("goes live, refetches on hello and on a seq gap, and updates a row in place", async () => {
    const t = run();
    await rowsShown(t);
    t.socket().onopen?.({});
    t.socket().send({ type: "hello", seq: 7, workspace_id: "ws_acme" });
    await until(() => / live$/.test(t.term.lines()[0] ?? "") && t.api.count("listJobs") === 2, "live + refetch");
    const moved = { ...job(1, "running"), progress: 80, updated_at: "2026-11-17T10:03:00Z" };
    t.socket().send({ type: "job", seq: 8, job: moved });
    await until(() => /Running +\[####-\] +80%/.test(t.term.lines()[4] ?? ""), "the row updated in place");
    expect(t.api.count("listJobs")).toBe(2); // consecutive seq: no refetch
    t.socket().send({ type: "job", seq: 12, job: { ...job(3, "running"), updated_at: "2026-11-17T10:03:00Z" } });
    await until(() => t.api.count("listJobs") === 3, "a refetch after the seq gap");
  });

  it("shows offline with a countdown when the socket drops", async () => {
    const t = run();
    await rowsShown(t);
    t.socket().onclose?.({ code: 1006, reason: "" });
    await until(() => /offline \(retrying in \ds\)$/.test(t.term.lines()[0] ?? ""), "offline in the header");
  });

  it("takes keys as terminal bytes: j r retries, one Enter opens the detail once, q restores the terminal", async () => {
    const t = run();
    await rowsShown(t);
    t.term.type("j");
    t.term.type("r");
    await until(() => t.api.count("action") === 1, "the retry");
    expect(t.api.calls).toContainEqual(["action", job(2, "failed").id, "retry"]);
    t.term.type("\r");
    await until(() => screenText(t).includes("History"), "the detail pane");
    await wait(30);
    expect(t.api.count("getJob")).toBe(1);
    expect(screenText(t)).toContain("History"); // a second Enter would have closed it again
    t.term.type("\x1b"); // blessed waits a moment to tell a lone Esc from an escape sequence
    await until(() => !screenText(t).includes("History"), "the pane to close");
    t.term.type("q");
    await until(() => t.exited() === 1, "the exit");
    expect(t.term.output()).toContain("\x1b[?1049l"); // left the alternate screen
  });

  it("cancel asks in a dialog and only calls the API after y", async () => {
    const t = run();
    await rowsShown(t);
    t.term.type("c");
    const dialog = /Cancel job 01JAPP0+1 \(Data import, Running\)\? y\/n/;
    await until(() => dialog.test(screenText(t)), "the dialog");
    expect(t.api.count("action")).toBe(0);
    t.term.type("y");
    await until(() => t.api.count("action") === 1, "the cancel");
    expect(t.api.calls).toContainEqual(["action", job(1, "running").id, "cancel"]);
  });

  it("y writes the selected job's id to the terminal as an OSC 52 clipboard sequence and says so", async () => {
    const t = run();
    await rowsShown(t);
    t.term.clear();
    t.term.type("j");
    t.term.type("y");
    const id = job(2, "failed").id;
    await until(() => t.term.output().includes(`\x1b]52;c;${Buffer.from(id).toString("base64")}\x07`), "OSC 52");
    await until(() => t.term.lines()[29]?.startsWith(`Copied ${id}`) === true, "the message");
  });

  it("f shows the status picker and a digit filters; / finds by the tail the row shows", async () => {
    const t = run();
    await rowsShown(t);
    t.term.type("f");
    await until(() => /^Status: 0 all +1 Pending +2 Running/.test(t.term.lines()[29] ?? ""), "the picker");
    t.term.type("4");
    await until(() => t.api.calls.some((c) => c[0] === "listJobs" && (c[1] as Filter).status === "failed"), "filter");
    t.term.type("/");
    t.term.type("0000003");
    t.term.type("\r");
    await until(() => t.api.count("getJob") === 1, "the lookup");
    expect(t.api.calls).toContainEqual(["getJob", job(3, "pending").id]);
  });

  it("Space marks rows with a marker, r asks about the selection, y sends it in one request", async () => {
    const t = run();
    await rowsShown(t);
    t.term.type(" ");
    t.term.type(" ");
    await until(() => /^● /.test(t.term.lines()[5] ?? "") && /2 selected/.test(t.term.lines()[29] ?? ""), "marks");
    t.term.type("r");
    const prompt = "Retry 1 selected job? 1 skipped (1 Running). y/n";
    await until(() => screenText(t).includes(prompt), "the dialog");
    t.term.type("y");
    await until(() => t.api.count("retryMany") === 1, "the bulk retry");
    expect(t.api.calls).toContainEqual(["retryMany", [job(1, "running").id, job(2, "failed").id]]);
    await until(() => t.term.lines()[29]?.startsWith("Retried 1; skipped 1 (1 Running)") === true, "the answer");
    expect(t.term.lines()[4]?.startsWith("● ")).toBe(false); // the selection is cleared
  });

  it("/ with text no row has searches the server and says so on the status line; Esc goes back", async () => {
    const t = run();
    await rowsShown(t);
    t.term.type("/");
    t.term.type("acme.test");
    t.term.type("\r");
    await until(
      () => / search: acme\.test {2}status:all/.test(t.term.lines()[29] ?? ""),
      "the search on the status line",
    );
    expect(t.api.calls).toContainEqual(["listJobs", { q: "acme.test" }, null, 25]);
    await until(() => t.term.lines()[5] === "", "only the matching job listed");
    expect(t.term.lines()[4]).toContain("timeout");
    t.term.type("\x1b");
    await until(() => !/search:/.test(t.term.lines()[29] ?? ""), "the search to end");
    await until(() => /Pending/.test(t.term.lines()[6] ?? ""), "the whole list again");
  });

  it("e shows the groups in a pane, Enter lists the group's jobs, r asks and y replays", async () => {
    const t = run();
    await rowsShown(t);
    t.term.type("e");
    await until(() => /Error groups: 1, 1 jobs/.test(screenText(t)), "the pane");
    expect(screenText(t)).toMatch(/Data import +1 +1 +0 just now +timeout/);
    t.term.type("r");
    await until(() => screenText(t).includes("Retry 1 job of this group? y/n"), "the question");
    t.term.type("y");
    await until(() => t.term.lines()[29]?.startsWith("Retried 1") === true, "the outcome");
    expect(t.api.calls).toContainEqual(["replay", "0123456789abcdef"]);
    t.term.type("\r");
    await until(() => /errors: timeout {2}status:all/.test(t.term.lines()[29] ?? ""), "the group's jobs");
    expect(t.api.calls).toContainEqual(["listJobs", { errorSignature: "0123456789abcdef" }, null, 25]);
    expect(screenText(t)).not.toContain("Error groups");
  });
});
