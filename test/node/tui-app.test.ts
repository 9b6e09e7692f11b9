// The whole dashboard on an in-memory terminal: keys typed as bytes, a fake API and a fake live socket.
import { afterEach, describe, expect, it } from "vitest";
import { type App, startApp } from "../../tui/app.ts";
import type { Fetcher, TokenResponse } from "../../tui/fetcher.ts";
import type { LiveSocket } from "../../tui/live.ts";
import { createScreen } from "../../tui/screen.ts";
import type { Filter } from "../../tui/state.ts";
import type { OperatorAction } from "../../worker/api/lifecycle.ts";
import type { Job, JobEvent, JobListResponse, JobStatus } from "../../worker/api/schema.ts";
import { MemoryTerminal } from "../support/memory-terminal.ts";

function job(n: number, status: JobStatus, extra: Partial<Job> = {}): Job {
  return {
    id: `01JAPP${String(n).padStart(20, "0")}`,
    workspace_id: "ws_acme",
    rejected: 0,
    type: "data_import",
    status,
    progress: 10,
    processed: 10,
    total: 100,
    current_item: null,
    attempts: 1,
    max_attempts: 5,
    error: null,
    created_by: null,
    created_at: `2026-11-17T10:00:${String(60 - n).padStart(2, "0")}Z`,
    started_at: null,
    completed_at: null,
    updated_at: "2026-11-17T10:01:00Z",
    run_after: null,
    result: null,
    control: null,
    ...extra,
  };
}

class FakeApi implements Fetcher {
  calls: unknown[][] = [];
  rows = [job(1, "running"), job(2, "failed", { error: "timeout" }), job(3, "pending")];
  async listJobs(filter: Filter, cursor: string | null, limit?: number): Promise<JobListResponse> {
    this.calls.push(["listJobs", filter, cursor, limit]);
    const counts = { pending: 1, running: 1, completed: 0, failed: 1, cancelled: 0, paused: 0, dead_letter: 0 };
    return { jobs: this.rows, next_cursor: null, counts };
  }
  async getJob(id: string): Promise<{ job: Job; events: JobEvent[] }> {
    this.calls.push(["getJob", id]);
    return { job: this.rows.find((j) => j.id === id) as Job, events: [] };
  }
  async action(id: string, action: OperatorAction): Promise<Job> {
    this.calls.push(["action", id, action]);
    return { ...(this.rows.find((j) => j.id === id) as Job), status: "pending", updated_at: "2026-11-17T10:02:00Z" };
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
  const rowsShown = (t: ReturnType<typeof run>) => until(() => /timeout/.test(t.term.lines()[4] ?? ""), "the rows");

  it("loads a page sized to the screen and shows the rows", async () => {
    const t = run();
    await rowsShown(t);
    expect(t.api.calls[0]).toEqual(["listJobs", {}, null, 26]);
    expect(t.term.lines()[0]).toMatch(/acme @ http:\/\/api\.test +connecting…$/);
    expect(t.term.lines()[4]).toMatch(/data_import +Failed .* timeout/);
  });

  it("goes live, refetches on hello and on a seq gap, and updates a row in place", async () => {
    const t = run();
    await rowsShown(t);
    t.socket().onopen?.({});
    t.socket().send({ type: "hello", seq: 7, workspace_id: "ws_acme" });
    await until(() => / live$/.test(t.term.lines()[0] ?? "") && t.api.count("listJobs") === 2, "live + refetch");
    const moved = { ...job(1, "running"), progress: 80, updated_at: "2026-11-17T10:03:00Z" };
    t.socket().send({ type: "job", seq: 8, job: moved });
    await until(() => /Running +\[####-\] +80%/.test(t.term.lines()[3] ?? ""), "the row updated in place");
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
    const dialog = /Cancel job 01JAPP0+1 \(data_import, Running\)\? y\/n/;
    await until(() => dialog.test(screenText(t)), "the dialog");
    expect(t.api.count("action")).toBe(0);
    t.term.type("y");
    await until(() => t.api.count("action") === 1, "the cancel");
    expect(t.api.calls).toContainEqual(["action", job(1, "running").id, "cancel"]);
  });
});
