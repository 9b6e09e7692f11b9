// The live stream: upgrade authentication, per-workspace fan-out in seq order, hibernation/eviction, coalescing,
// client abuse, and a hub that fails never failing the job.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { SEQ_BLOCK } from "../../durable-objects/workspace-hub.ts";
import { type LiveEvent, liveEventSchema } from "../../worker/api/schema.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import { processJobMessage } from "../../worker/jobs/engine.ts";
import { HubPublisher, PUBLISH_WINDOW_MS } from "../../worker/live/publisher.ts";
import { api, BASE, createJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const open: WebSocket[] = [];

afterEach(() => {
  for (const ws of open.splice(0)) {
    try {
      ws.close(1000, "test done");
    } catch {}
  }
});

interface Client {
  ws: WebSocket;
  events: LiveEvent[];
  closed: Promise<number>;
}

async function connect(token: string, query = ""): Promise<Client> {
  const res = await exports.default.fetch(`${BASE}/api/v1/live${query}`, {
    headers: { upgrade: "websocket", authorization: `Bearer ${token}` },
  });
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  const events: LiveEvent[] = [];
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
  ws.addEventListener("message", (e) => events.push(liveEventSchema.parse(JSON.parse(e.data as string))));
  ws.accept();
  open.push(ws);
  await waitFor(() => events.length > 0);
  return { ws, events, closed };
}

async function waitFor(check: () => boolean, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const jobEvents = (client: Client, jobId?: string) =>
  client.events.flatMap((e) => (e.type === "job" && (!jobId || e.job.id === jobId) ? [e] : []));

describe("GET /api/v1/live upgrade", () => {
  it("refuses a missing token (401), a member (403) and a plain GET (426) before any upgrade", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const none = await exports.default.fetch(`${BASE}/api/v1/live`, { headers: { upgrade: "websocket" } });
    expect(none.status).toBe(401);
    const member = await exports.default.fetch(`${BASE}/api/v1/live`, {
      headers: { upgrade: "websocket", authorization: `Bearer ${ws.member.token}` },
    });
    expect(member.status).toBe(403);
    expect((await member.json<any>()).error.message).toMatch(/member of .* needs Owner or Admin/);
    const plain = await api("GET", "/api/v1/live", { token: ws.admin.token });
    expect(plain.status).toBe(426);
    expect(plain.json.error.code).toBe("upgrade_required");
  });

  it("greets with the workspace's current seq", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const client = await connect(ws.admin.token);
    expect(client.events[0]).toEqual({ type: "hello", seq: 0, workspace_id: ws.workspaceId });
  });
});

describe("live job events", () => {
  it("streams a real import to both of A's clients in seq order, and nothing to B", async () => {
    const a = await makeWorkspace(slug(), ["owner", "admin"]);
    const b = await makeWorkspace(slug(), ["admin"]);
    const a1 = await connect(a.owner.token);
    const a2 = await connect(a.admin.token);
    // Asking for another workspace changes nothing: the token decides the workspace.
    const b1 = await connect(b.admin.token, `?workspace=${a.workspaceId}`);
    const job = await createJob(a.admin.token, "data_import", { rows: productRows(4000, "LIVE") });
    await waitForJob(a.admin.token, job.id, hasStatus("completed"));
    await waitFor(() => jobEvents(a1, job.id).at(-1)?.job.status === "completed");
    await waitFor(() => jobEvents(a2, job.id).at(-1)?.job.status === "completed");
    for (const client of [a1, a2]) {
      const events = jobEvents(client, job.id);
      const seqs = events.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
      const statuses = events.map((e) => e.job.status);
      expect(statuses[0]).toBe("pending");
      expect(statuses).toContain("running");
      const processed = events.map((e) => e.job.processed);
      expect(processed).toEqual([...processed].sort((x, y) => x - y));
      expect(events.at(-1)?.job).toMatchObject({ status: "completed", processed: 4000, progress: 100 });
    }
    expect(jobEvents(a1).map((e) => e.seq)).toEqual(jobEvents(a2).map((e) => e.seq));
    expect(jobEvents(b1)).toEqual([]);
  });

  it("keeps its sockets and an increasing seq across an eviction of the hub", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const client = await connect(ws.admin.token);
    const first = await createJob(ws.admin.token, "test_flaky", { items: 2 });
    await waitFor(() => jobEvents(client, first.id).at(-1)?.job.status === "completed");
    const lastSeq = jobEvents(client).at(-1)?.seq ?? 0;
    await evictDurableObject(env.HUB.get(env.HUB.idFromName(ws.workspaceId)));
    const second = await createJob(ws.admin.token, "test_flaky", { items: 2 });
    await waitFor(() => jobEvents(client, second.id).at(-1)?.job.status === "completed");
    // seq lives in memory with a reserved block in storage: after a restart it goes on past the block, never back.
    expect(jobEvents(client, second.id)[0]?.seq).toBeGreaterThan(lastSeq);
    const late = await connect(ws.admin.token);
    expect(late.events[0]).toMatchObject({ type: "hello", seq: jobEvents(client).at(-1)?.seq });
  });

  it("tells every socket of the workspace which jobs left D1, and drops a late event of one of them", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "admin"]);
    const other = await makeWorkspace(slug(), ["admin"]);
    const owner = await connect(ws.owner.token);
    const admin = await connect(ws.admin.token);
    const outsider = await connect(other.admin.token);
    const kept = await createJob(ws.admin.token, "test_flaky", { items: 2 });
    const gone = await createJob(ws.admin.token, "test_flaky", { items: 2 });
    await waitForJob(ws.admin.token, gone.id, hasStatus("completed"));
    await waitForJob(ws.admin.token, kept.id, hasStatus("completed"));
    const before = (await api("GET", `/api/v1/jobs/${gone.id}`, { token: ws.admin.token })).json.job;
    const discard = await api("POST", "/api/v1/jobs/discard", { token: ws.admin.token, body: { ids: [gone.id] } });
    expect(discard.json).toMatchObject({ discarded: 1 });
    const removedEvents = (client: Client) => client.events.filter((e) => e.type === "removed");
    await waitFor(() => removedEvents(owner).length > 0 && removedEvents(admin).length > 0);
    const event = removedEvents(owner)[0];
    expect(event).toEqual({
      type: "removed",
      seq: expect.any(Number),
      job_ids: [gone.id],
      archive_date: discard.json.archive_date,
    });
    expect(removedEvents(admin)).toEqual([event]);
    // It takes a seq of its own: after the job's last event, and clients see no gap.
    expect(event?.seq).toBe((jobEvents(owner).at(-1)?.seq ?? 0) + 1);
    expect(removedEvents(outsider)).toEqual([]);
    // A publish window still in flight with the removed job's last state cannot bring it back.
    const hub = env.HUB.get(env.HUB.idFromName(ws.workspaceId));
    expect(await hub.publish({ ...before, updated_at: new Date().toISOString() })).toBe(event?.seq);
    expect(owner.events.at(-1)).toEqual(event);
  });

  it("coalesces progress: a 10,000-item job sends far fewer events than chunks, and always its final state", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const client = await connect(ws.admin.token);
    const job = await createJob(ws.admin.token, "test_flaky", { items: 10_000, chunk: 10 });
    await waitForJob(ws.admin.token, job.id, hasStatus("completed"), 60_000);
    await waitFor(() => jobEvents(client, job.id).at(-1)?.job.status === "completed");
    const events = jobEvents(client, job.id);
    const final = events.at(-1)?.job;
    expect(final).toMatchObject({ status: "completed", processed: 10_000 });
    // At most ~4 progress events per second of running time (+ transitions and continuations), far below one per chunk.
    const runningMs = Date.parse(final?.completed_at ?? "") - Date.parse(final?.started_at ?? "");
    const chunks = 1000;
    expect(events.length).toBeLessThanOrEqual(Math.ceil(runningMs / 250) * 2 + 10);
    expect(events.length).toBeLessThan(chunks / 2);
  });

  it("ignores garbage from a client and closes an oversized message with 1009, without harming the hub", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const noisy = await connect(ws.admin.token);
    const abusive = await connect(ws.admin.token);
    noisy.ws.send("{not json");
    noisy.ws.send(new Uint8Array([0, 1, 2]));
    abusive.ws.send("x".repeat(100_000));
    expect(await abusive.closed).toBe(1009);
    const job = await createJob(ws.admin.token, "test_flaky", { items: 1 });
    await waitFor(() => jobEvents(noisy, job.id).at(-1)?.job.status === "completed");
  });
});

describe("publishing is cheap", () => {
  /** A hub stand-in that records each publishMany call and answers with the given number of browser sockets. */
  function recordingHub(browsers: number) {
    const calls: { jobs: { id: string; status: string }[]; contents: (string | undefined)[] }[] = [];
    const hub = {
      idFromName: () => ({}),
      get: () => ({
        publishMany: async (jobs: { id: string; status: string }[], contents: (string | undefined)[] = []) => {
          calls.push({ jobs, contents });
          return { seq: calls.length, browsers };
        },
      }),
    } as unknown as typeof env.HUB;
    return { hub, calls };
  }

  async function someJobs(n: number) {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const rows = [];
    for (let i = 0; i < n; i++) {
      rows.push(
        (
          await insertJob(makeDb(env.DB), {
            workspaceId: ws.workspaceId,
            type: "test_flaky",
            payload: {},
            maxAttempts: 3,
            createdBy: null,
            now: Date.now(),
          })
        ).job,
      );
    }
    return rows;
  }

  it("sends a window of changes to the hub in one call, in commit order", async () => {
    const { hub, calls } = recordingHub(1);
    // As the queue consumer makes it: changes collect for a window.
    const publisher = new HubPublisher(hub, () => {}, Date.now, PUBLISH_WINDOW_MS);
    const [a, b, c] = await someJobs(3);
    if (!a || !b || !c) throw new Error("no jobs");
    publisher.transition({ ...a, status: "running" });
    publisher.transition({ ...b, status: "running" });
    publisher.transition({ ...a, status: "completed" });
    publisher.transition({ ...c, status: "running" });
    await publisher.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.jobs.map((j) => `${j.id === a.id ? "a" : j.id === b.id ? "b" : "c"}:${j.status}`)).toEqual([
      "a:running",
      "b:running",
      "a:completed",
      "c:running",
    ]);
    expect(calls[0]?.contents.every((html) => html?.includes('hx-swap-oob="outerMorph"'))).toBe(true);
  });

  it("renders rows only while the hub reports browser sockets", async () => {
    const { hub, calls } = recordingHub(0);
    const publisher = new HubPublisher(hub, () => {});
    const [a] = await someJobs(1);
    if (!a) throw new Error("no job");
    publisher.transition({ ...a, status: "running" });
    await publisher.flush();
    publisher.transition({ ...a, status: "completed" });
    await publisher.flush();
    // The first window did not know yet and rendered; the hub said "no browsers", so the second sent JSON only.
    expect(calls.map((call) => call.contents.length)).toEqual([1, 0]);
  });

  it("writes seq to storage once per block of events, not once per event", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hub = env.HUB.get(env.HUB.idFromName(ws.workspaceId));
    const [job] = await someJobs(1);
    if (!job) throw new Error("no job");
    const { toJobJson } = await import("../../worker/api/job-json.ts");
    const base = toJobJson(job);
    const stamps = [1, 2, 3, 4, 5].map((i) => ({
      ...base,
      workspace_id: ws.workspaceId,
      updated_at: `${base.updated_at}${i}`,
    }));
    const receipt = await hub.publishMany(stamps);
    expect(receipt.seq).toBe(5);
    const ceiling = await runInDurableObject(hub, async (_instance, state) =>
      state.storage.kv.get<number>("seq_ceiling"),
    );
    expect(ceiling).toBe(1 + SEQ_BLOCK);
  });
});

describe("publishing never hurts the job", () => {
  it("tries a failed hub call again, so a passing failure does not lose the event", async () => {
    let calls = 0;
    const published: string[] = [];
    const flakyHub = {
      idFromName: () => ({}),
      get: () => ({
        publishMany: async (jobs: { status: string }[]) => {
          calls++;
          if (calls === 1) throw new Error("hub hiccup");
          published.push(...jobs.map((job) => job.status));
          return { seq: calls, browsers: 0 };
        },
      }),
    } as unknown as typeof env.HUB;
    const waits: Promise<unknown>[] = [];
    const publisher = new HubPublisher(flakyHub, (p) => waits.push(p));
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { job } = await insertJob(makeDb(env.DB), {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload: {},
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
    });
    publisher.transition({ ...job, status: "completed" });
    await publisher.flush();
    expect(calls).toBe(2);
    expect(published).toEqual(["completed"]);
  });

  it("completes a job when every hub call throws", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const db = makeDb(env.DB);
    const { job } = await insertJob(db, {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload: { items: 6, chunk: 2 },
      total: 6,
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
    });
    const brokenHub = {
      idFromName: () => ({}),
      get: () => ({
        publishMany: async () => {
          throw new Error("hub unavailable");
        },
      }),
    } as unknown as typeof env.HUB;
    const waits: Promise<unknown>[] = [];
    const publisher = new HubPublisher(brokenHub, (p) => waits.push(p));
    const enqueued: unknown[] = [];
    const deps = {
      env,
      config: { ...engineConfig(env), runBudgetMs: 60_000 },
      publisher,
      enqueuer: {
        enqueue: async (m: unknown) => void enqueued.push(m),
        enqueueMany: async () => {},
        deadLetter: async () => {},
        enqueueCallback: async () => {},
        enqueueAlert: async () => {},
      },
    };
    const decision = await processJobMessage(deps, { jobId: job.id, workspaceId: ws.workspaceId, run: 1 }, 1);
    await publisher.flush();
    await Promise.all(waits);
    expect(decision).toMatchObject({ kind: "ack", why: "completed" });
    expect(await getJobById(db, job.id)).toMatchObject({ status: "completed", processed: 6 });
  });
});

describe("WorkspaceHub alarm", () => {
  it("asks for a sweep through the queue, so a job whose message was lost runs", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hub = env.HUB.get(env.HUB.idFromName(ws.workspaceId));
    // A publish makes the hub remember its workspace and arm the alarm, as the engine's first event would.
    const { job } = await insertJob(makeDb(env.DB), {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload: { items: 2, chunk: 2, delay_ms: 0 },
      total: 2,
      maxAttempts: 3,
      createdBy: null,
      // Created long ago and never enqueued: only a sweep can find it.
      now: Date.now() - 60_000,
    });
    const { toJobJson } = await import("../../worker/api/job-json.ts");
    await hub.publish(toJobJson(job));
    expect(await runInDurableObject(hub, async (_instance, state) => state.storage.getAlarm())).not.toBeNull();
    expect(await runDurableObjectAlarm(hub)).toBe(true);
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done.status).toBe("completed");
  });
});
