// The live client against a fake socket: seq tracking, refetch on gaps, reconnect with backoff after drops.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, LiveClient, type LiveSocket, liveUrl } from "../../tui/live.ts";
import type { Connection } from "../../tui/state.ts";
import type { Job } from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";

class FakeSocket implements LiveSocket {
  onopen: LiveSocket["onopen"] = null;
  onmessage: LiveSocket["onmessage"] = null;
  onclose: LiveSocket["onclose"] = null;
  onerror: LiveSocket["onerror"] = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}
  open() {
    this.onopen?.({});
  }
  sent: string[] = [];
  /** What the client sends (its pings). */
  send(data: string) {
    this.sent.push(data);
  }
  /** A message from the server. */
  deliver(msg: unknown) {
    this.onmessage?.({ data: typeof msg === "string" ? msg : JSON.stringify(msg) });
  }
  drop(code = 1006) {
    this.onclose?.({ code, reason: "" });
  }
  /** What Node's WebSocket does when the upgrade is refused (401, 503): an error event and no close event. */
  refuse() {
    this.onerror?.({ message: "Received network error or non-101 status code." });
  }
  close() {
    this.closed = true;
  }
}

function job(id: string, progress = 10): Job {
  return jobFixture({
    id,
    status: "running",
    progress,
    processed: progress,
    total: 100,
    attempts: 1,
    started_at: "2026-11-17T10:00:01Z",
    updated_at: "2026-11-17T10:00:02Z",
  });
}

function setup() {
  const sockets: FakeSocket[] = [];
  const jobs: string[] = [];
  const removed: string[] = [];
  const resyncs: string[] = [];
  const states: Connection[] = [];
  const client = new LiveClient({
    url: "http://api.test:8787/",
    token: "tok_1",
    factory: (url, token) => {
      const s = new FakeSocket(url, token);
      sockets.push(s);
      return s;
    },
    onJob: (j) => jobs.push(`${j.id}@${j.progress}`),
    onRemoved: (ids, day) => removed.push(`${ids.join(",")}@${day}`),
    onResync: (why) => resyncs.push(why),
    onConnection: (c) => states.push(c),
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    random: () => 0.5, // no jitter: delays are exactly base·2^n
    now: () => Date.now(),
  });
  const last = () => sockets[sockets.length - 1] as FakeSocket;
  return { client, sockets, jobs, removed, resyncs, states, last };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("LiveClient", () => {
  it("connects to ws(s)://<url>/api/v1/live with the bearer token and reports live", () => {
    const t = setup();
    t.client.start();
    expect(t.last().url).toBe("ws://api.test:8787/api/v1/live");
    expect(t.last().token).toBe("tok_1");
    expect(liveUrl("https://jobs.example.com")).toBe("wss://jobs.example.com/api/v1/live");
    t.last().open();
    expect(t.states.map((s) => s.kind)).toEqual(["connecting", "live"]);
  });

  it("refetches on hello, passes job events on, and refetches again on a seq gap", () => {
    const t = setup();
    t.client.start();
    t.last().open();
    t.last().deliver({ type: "hello", seq: 41, workspace_id: "ws_acme" });
    expect(t.resyncs).toEqual(["connected"]);
    t.last().deliver({ type: "job", seq: 42, job: job("A", 20) });
    t.last().deliver({ type: "job", seq: 43, job: job("A", 30) });
    expect(t.resyncs).toHaveLength(1);
    t.last().deliver({ type: "job", seq: 47, job: job("B", 50) });
    expect(t.jobs).toEqual(["A@20", "A@30", "B@50"]);
    expect(t.resyncs).toEqual(["connected", "missed events 43..47"]);
  });

  it("passes removed jobs on in seq order with their archive day, and counts the event in the seq", () => {
    const t = setup();
    t.client.start();
    t.last().open();
    t.last().deliver({ type: "hello", seq: 3, workspace_id: "ws_acme" });
    t.last().deliver({ type: "removed", seq: 4, job_ids: ["A", "B"], archive_date: "2026-12-02" });
    t.last().deliver({ type: "job", seq: 5, job: job("C", 10) });
    t.last().deliver({ type: "removed", seq: 5, job_ids: ["C"], archive_date: "2026-12-02" });
    t.last().deliver({ type: "removed", seq: 6, job_ids: [], archive_date: "2026-12-02" });
    expect(t.removed).toEqual(["A,B@2026-12-02"]);
    expect(t.jobs).toEqual(["C@10"]);
    expect(t.resyncs).toEqual(["connected"]);
  });

  it("ignores duplicates, non-JSON and events that fail the schema", () => {
    const t = setup();
    t.client.start();
    t.last().deliver({ type: "hello", seq: 5, workspace_id: "ws_acme" });
    t.last().deliver({ type: "job", seq: 5, job: job("A") });
    t.last().deliver("not json");
    t.last().deliver({ type: "job", seq: 6, job: { id: "A" } });
    t.last().deliver({ type: "job", seq: 6, job: job("A", 60) });
    expect(t.jobs).toEqual(["A@60"]);
    expect(t.resyncs).toEqual(["connected"]);
  });

  it("reconnects after a drop with capped exponential backoff, then refetches on the new hello", () => {
    const t = setup();
    t.client.start();
    t.last().open();
    t.last().deliver({ type: "hello", seq: 1, workspace_id: "ws_acme" });
    t.last().drop();
    const offline = t.states.at(-1);
    expect(offline).toMatchObject({ kind: "offline", reason: "closed (1006)" });
    expect(offline?.kind === "offline" && offline.retryAt - Date.now()).toBe(1000);

    vi.advanceTimersByTime(999);
    expect(t.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.sockets.length).toBeGreaterThanOrEqual(2);
    expect(t.states.at(-1)?.kind).toBe("connecting");

    // The server stays down: 2 s, 4 s, 8 s, then capped at 8 s.
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      t.last().drop();
      const s = t.states.at(-1);
      delays.push(s?.kind === "offline" ? s.retryAt - Date.now() : -1);
      vi.advanceTimersByTime(8000);
    }
    expect(delays).toEqual([2000, 4000, 8000, 8000]);

    t.last().open();
    t.last().deliver({ type: "hello", seq: 9, workspace_id: "ws_acme" });
    expect(t.resyncs).toEqual(["connected", "connected"]);
    expect(t.states.at(-1)?.kind).toBe("live");
    // A healthy handshake resets the backoff.
    t.last().drop();
    const s = t.states.at(-1);
    expect(s?.kind === "offline" && s.retryAt - Date.now()).toBe(1000);
  });

  it("an error without a close event (a refused upgrade) counts as a drop", () => {
    const t = setup();
    t.client.start();
    t.last().refuse();
    expect(t.states.at(-1)).toMatchObject({
      kind: "offline",
      reason: "Received network error or non-101 status code.",
    });
    expect(t.last().closed).toBe(true);
    t.last().drop(); // a late close for the same socket changes nothing
    expect(t.states.filter((s) => s.kind === "offline")).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(t.sockets.length).toBeGreaterThanOrEqual(2);
  });

  it("gives up on a connection attempt that neither opens nor fails", () => {
    const t = setup();
    t.client.start();
    vi.advanceTimersByTime(15_000);
    expect(t.states.at(-1)).toMatchObject({ kind: "offline", reason: "connect timeout" });
  });

  it("a factory that throws counts as a drop and is retried", () => {
    const t = setup();
    let fail = true;
    const client = new LiveClient({
      url: "http://x",
      token: "t",
      factory: (url, token) => {
        if (fail) throw new Error("bad url");
        const s = new FakeSocket(url, token);
        t.sockets.push(s);
        return s;
      },
      onJob: () => {},
      onRemoved: () => {},
      onResync: () => {},
      onConnection: (c) => t.states.push(c),
      random: () => 0.5,
    });
    client.start();
    expect(t.states.at(-1)).toMatchObject({ kind: "offline", reason: "Error: bad url" });
    fail = false;
    vi.advanceTimersByTime(500);
    expect(t.sockets).toHaveLength(1);
    client.stop();
  });

  it("pings a quiet connection and drops it when nothing comes back, but not while pongs arrive", () => {
    const t = setup();
    t.client.start();
    t.last().open();
    t.last().deliver({ type: "hello", seq: 1, workspace_id: "ws_acme" });
    vi.advanceTimersByTime(20_000);
    expect(t.last().sent).toEqual(["ping"]);
    t.last().deliver("pong");
    vi.advanceTimersByTime(40_000);
    expect(t.states.at(-1)?.kind).toBe("live");
    expect(t.last().sent).toEqual(["ping", "ping", "ping"]);
    // The server goes silent: no pong, no events.
    vi.advanceTimersByTime(40_000);
    expect(t.states).toContainEqual(expect.objectContaining({ kind: "offline", reason: "no answer to pings" }));
    expect(t.sockets[0]?.closed).toBe(true);
    // …and reconnects with a new socket.
    expect(t.sockets.length).toBeGreaterThanOrEqual(2);
  });

  it("stop() closes the socket and never reconnects", () => {
    const t = setup();
    t.client.start();
    const first = t.last();
    t.client.stop();
    expect(first.closed).toBe(true);
    first.drop();
    vi.advanceTimersByTime(60_000);
    expect(t.sockets).toHaveLength(1);
  });

  it("jitter stays within ±20% and the cap holds", () => {
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(400);
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(600);
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(30_000);
  });
});
