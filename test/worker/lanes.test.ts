// Lanes (DESIGN.md "Lanes"): a workspace never has more than max_running jobs holding slots, whatever the concurrency
// and duplication of queue messages; every change that frees a slot admits the next job by priority, then age; a
// paused type waits; every wait reason appears where it should and goes when it no longer holds; the lanes, settings
// and priority routes answer bad input with a 422.
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lanesResponseSchema } from "../../worker/api/lanes.ts";
import type { JobMessage } from "../../worker/api/queue-messages.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { jobs } from "../../worker/db/schema.ts";
import { applyAction } from "../../worker/jobs/actions.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import { consumeBatch } from "../../worker/jobs/consumer.ts";
import { createJob as createEngineJob } from "../../worker/jobs/create.ts";
import { processDeadLetter } from "../../worker/jobs/dead-letter.ts";
import type { EngineDeps } from "../../worker/jobs/engine.ts";
import { pauseLane, resumeLane, setLaneLimit } from "../../worker/jobs/lanes.ts";
import type { Enqueuer } from "../../worker/jobs/messages.ts";
import { silentPublisher } from "../../worker/live/publisher.ts";
import { api, createJob, getJob, makeWorkspace } from "../support/workerd/api.ts";

const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const db = () => makeDb(env.DB);

/** Engine deps whose queue is a list the test delivers by hand, and whose D1 checks the lane after every batch. */
function laneDeps(check: () => Promise<void> = async () => {}, runBudgetMs = 5000) {
  const sent: JobMessage[] = [];
  const enqueuer: Enqueuer = {
    enqueue: async (message) => {
      sent.push(message);
    },
    enqueueMany: async (messages) => {
      sent.push(...messages);
    },
    deadLetter: async () => {},
    enqueueCallback: async () => {},
    enqueueAlert: async () => {},
  };
  const d1 = new Proxy(env.DB, {
    get(target, property) {
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          await check();
          return results;
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const deps: EngineDeps = {
    env: { ...env, DB: d1 },
    config: { ...engineConfig(env), runBudgetMs },
    publisher: silentPublisher,
    enqueuer,
  };
  return { deps, sent };
}

async function setLimit(workspaceId: string, maxRunning: number) {
  await env.DB.prepare("UPDATE workspaces SET max_running = ? WHERE id = ?").bind(maxRunning, workspaceId).run();
}

/** Jobs running and slots held (admitted pending or running) in a workspace, straight from D1. */
async function laneState(workspaceId: string) {
  const row = await env.DB.prepare(
    `SELECT
       sum(status = 'running') AS running,
       sum(admitted = 1 AND status IN ('pending', 'running')) AS held,
       sum(admitted = 1 AND status NOT IN ('pending', 'running')) AS stale
     FROM jobs WHERE workspace_id = ?`,
  )
    .bind(workspaceId)
    .first<{ running: number | null; held: number | null; stale: number | null }>();
  return { running: row?.running ?? 0, held: row?.held ?? 0, stale: row?.stale ?? 0 };
}

/** Delivers messages in concurrent consumer invocations (each message possibly twice), returning what they sent. */
async function deliver(deps: EngineDeps, messages: JobMessage[], consumers = 1) {
  const parts: JobMessage[][] = Array.from({ length: consumers }, () => []);
  for (const [i, message] of messages.entries()) parts[i % consumers]?.push(message);
  await Promise.all(
    parts.map((part, n) =>
      consumeBatch(
        createMessageBatch(
          "dutyleak-jobs",
          part.map((body, i) => ({ id: `m${n}-${i}`, timestamp: new Date(), attempts: 1, body })),
        ),
        deps,
        false,
      ),
    ),
  );
}

/** Runs every message the engine sends until the queue is empty (bounded, so a bug cannot loop forever). */
async function drain(deps: EngineDeps, sent: JobMessage[], consumers = 1) {
  for (let round = 0; round < 200 && sent.length > 0; round++) {
    await deliver(deps, sent.splice(0), consumers);
  }
  expect(sent).toEqual([]);
}

const flaky = (payload: Record<string, unknown> = {}) => ({ type: "test_flaky", payload: { items: 1, ...payload } });

async function newJob(
  deps: EngineDeps,
  workspaceId: string,
  request: { type: string; payload: unknown } = flaky(),
  priority?: "high" | "normal" | "low",
) {
  const { job } = await createEngineJob(deps, {
    workspaceId,
    ...request,
    createdBy: { id: "u", label: "admin@acme.test" },
    ...(priority ? { priority } : {}),
  });
  return job;
}

/** A job that holds one of the workspace's slots and never moves (running under a lease nobody renews soon). */
async function occupySlot(workspaceId: string) {
  const { job } = await insertJob(db(), {
    workspaceId,
    type: "test_flaky",
    payload: { items: 1 },
    maxAttempts: 3,
    createdBy: null,
    now: Date.now(),
  });
  await db()
    .update(jobs)
    .set({ status: "running", admitted: true, leaseId: newId(), leaseUntil: Date.now() + 3_600_000, rev: newId() })
    .where(eq(jobs.id, job.id))
    .run();
  return job.id;
}

describe("admission", () => {
  it("never lets more than max_running jobs hold slots, under concurrent consumers, duplicates and operator actions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          limit: fc.integer({ min: 1, max: 4 }),
          jobs: fc.array(fc.record({ items: fc.integer({ min: 1, max: 4 }), chunk: fc.integer({ min: 1, max: 2 }) }), {
            minLength: 2,
            maxLength: 9,
          }),
          consumers: fc.integer({ min: 1, max: 3 }),
          duplicate: fc.boolean(),
          actions: fc.array(
            fc.record({ job: fc.nat(), action: fc.constantFrom("cancel", "pause", "resume", "retry" as const) }),
            { maxLength: 6 },
          ),
        }),
        async (plan) => {
          const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: plan.limit });
          const violations: string[] = [];
          const check = async () => {
            const state = await laneState(ws.workspaceId);
            if (state.held > plan.limit) violations.push(`${state.held} slots held of ${plan.limit}`);
            if (state.running > state.held) violations.push(`${state.running} running but ${state.held} held`);
          };
          // A run budget of 0 checkpoints after every chunk, so jobs stay running across deliveries.
          const { deps, sent } = laneDeps(check, 0);
          const created = [];
          for (const payload of plan.jobs) created.push(await newJob(deps, ws.workspaceId, flaky(payload)));
          for (const step of plan.actions) {
            const batch = sent.splice(0);
            await deliver(deps, plan.duplicate ? [...batch, ...batch] : batch, plan.consumers);
            const target = created[step.job % created.length];
            const current = target && (await getJobById(db(), target.id));
            if (current) await applyAction(deps, current, step.action, "admin@acme.test");
          }
          // Everything runs to its end, and whatever is paused resumes (a pause asked of a running job only lands at
          // its next chunk, during a drain, so this goes round until nothing is paused).
          for (let round = 0; round < 5; round++) {
            await drain(deps, sent, plan.consumers);
            let resumed = 0;
            for (const job of created) {
              const current = await getJobById(db(), job.id);
              if (current?.status !== "paused") continue;
              await applyAction(deps, current, "resume", "admin@acme.test");
              resumed++;
            }
            if (resumed === 0) break;
          }
          expect(violations).toEqual([]);
          const ended = await Promise.all(created.map(async (job) => await getJobById(db(), job.id)));
          const unfinished = ended.filter((job) => job?.status !== "completed" && job?.status !== "cancelled");
          expect(unfinished.map((job) => [job?.status, job?.admitted, job?.run, job?.control])).toEqual([]);
          expect(await laneState(ws.workspaceId)).toEqual({ running: 0, held: 0, stale: 0 });
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);

  it("admits the next job when a slot is freed by completion, failure, cancel, pause or dead letter", async () => {
    const frees: Record<string, (deps: EngineDeps, sent: JobMessage[], id: string) => Promise<void>> = {
      completion: async (deps, sent) => deliver(deps, sent.splice(0, 1)),
      failure: async (deps, sent) => deliver(deps, sent.splice(0, 1)),
      cancel: async (deps, sent, id) => {
        sent.splice(0);
        await applyAction(deps, (await getJobById(db(), id))!, "cancel", "admin@acme.test");
      },
      pause: async (deps, sent, id) => {
        sent.splice(0);
        await applyAction(deps, (await getJobById(db(), id))!, "pause", "admin@acme.test");
      },
      dead_letter: async (deps, sent) => {
        const [message] = sent.splice(0, 1);
        await processDeadLetter(deps, message as JobMessage);
      },
    };
    for (const [how, free] of Object.entries(frees)) {
      const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 1 });
      const { deps, sent } = laneDeps();
      const first = await newJob(deps, ws.workspaceId, how === "failure" ? flaky({ permanent: true }) : flaky());
      const second = await newJob(deps, ws.workspaceId);
      expect(
        sent.map((m) => m.jobId),
        how,
      ).toEqual([first.id]);
      expect(second.admitted, how).toBe(false);
      await free(deps, sent, first.id);
      expect((await getJobById(db(), first.id))?.admitted, how).toBe(false);
      expect(
        sent.map((m) => m.jobId),
        how,
      ).toEqual([second.id]);
      expect((await getJobById(db(), second.id))?.admitted, how).toBe(true);
    }
  });

  it("keeps the slot of a job that backs off or continues, and a continuation needs no admission", async () => {
    const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 1 });
    const { deps, sent } = laneDeps(async () => {}, 0);
    const long = await newJob(deps, ws.workspaceId, flaky({ items: 3, chunk: 1 }));
    const waiting = await newJob(deps, ws.workspaceId);
    await deliver(deps, sent.splice(0));
    // One chunk, then a continuation: still the only job holding the slot.
    expect(sent).toEqual([expect.objectContaining({ jobId: long.id, lease: expect.any(String) })]);
    expect((await getJobById(db(), waiting.id))?.admitted).toBe(false);
    await drain(deps, sent);
    expect((await getJobById(db(), long.id))?.status).toBe("completed");
    expect((await getJobById(db(), waiting.id))?.status).toBe("completed");
  });

  it("admits by priority, then age, and a changed priority reorders the waiting jobs", async () => {
    const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 1 });
    const { deps, sent } = laneDeps();
    const blocker = await newJob(deps, ws.workspaceId);
    const low = await newJob(deps, ws.workspaceId, flaky(), "low");
    const normal = await newJob(deps, ws.workspaceId, flaky(), "normal");
    const high = await newJob(deps, ws.workspaceId, flaky(), "high");
    const later = await newJob(deps, ws.workspaceId, flaky(), "normal");
    const res = await api("PATCH", `/api/v1/jobs/${later.id}`, { token: ws.admin.token, body: { priority: "high" } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.job).toMatchObject({ priority: "high", waiting: { reason: "workspace_limit" } });
    const { events } = await getJob(ws.admin.token, later.id);
    expect(events.at(-1)).toMatchObject({ kind: "priority_changed", actor: ws.admin.email, message: "normal → high" });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [message] = sent.splice(0);
      if (!message) break;
      order.push(message.jobId);
      await deliver(deps, [message]);
    }
    expect(order).toEqual([blocker.id, high.id, later.id, normal.id, low.id]);
  });

  it("the sweeper admits into slots nobody filled and re-sends admissions whose message was lost", async () => {
    const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 1 });
    const { deps, sent } = laneDeps();
    const first = await newJob(deps, ws.workspaceId);
    const second = await newJob(deps, ws.workspaceId);
    // A crash between the batch that freed the slot and the admission: the first job ended, nobody admitted.
    await env.DB.prepare("UPDATE jobs SET status = 'completed', admitted = 0 WHERE id = ?").bind(first.id).run();
    const { sweep } = await import("../../worker/jobs/sweeper.ts");
    const report = await sweep(deps.env, deps.enqueuer, Date.now(), ws.workspaceId);
    expect(report.admitted).toBe(1);
    expect(sent.map((m) => m.jobId)).toEqual([first.id, second.id]);
    // Its message lost: once the grace period is over, the sweeper sends it again (and admits nothing twice).
    sent.splice(0);
    const again = await sweep(deps.env, deps.enqueuer, Date.now() + 60_000, ws.workspaceId);
    expect(again).toMatchObject({ admitted: 0, requeued: 1 });
    expect(sent.map((m) => m.jobId)).toEqual([second.id]);
  });
});

describe("type pause", () => {
  it("holds a paused type's waiting jobs, lets other types take the slots, and resumes in order", async () => {
    const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 2 });
    const { deps, sent } = laneDeps();
    const running = await occupySlot(ws.workspaceId);
    const queued = await newJob(deps, ws.workspaceId);
    expect(sent.map((m) => m.jobId)).toEqual([queued.id]);
    await pauseLane(deps, ws.workspaceId, "test_flaky", ws.admin.email);
    // The admitted job that had not started gave its slot back; its message is stale now. The running one runs on.
    expect((await getJobById(db(), queued.id))?.admitted).toBe(false);
    await deliver(deps, sent.splice(0));
    expect((await getJobById(db(), queued.id))?.status).toBe("pending");
    expect((await getJobById(db(), running))?.status).toBe("running");
    expect((await getJob(ws.admin.token, queued.id)).job.waiting).toEqual({
      reason: "type_paused",
      detail: `test_flaky paused by ${ws.admin.email}`,
    });
    const another = await newJob(deps, ws.workspaceId);
    expect(another.admitted).toBe(false);
    // Another type takes the free slot at once.
    const exportJob = await newJob(deps, ws.workspaceId, { type: "data_export", payload: { format: "csv" } });
    expect(exportJob.admitted).toBe(true);
    expect(sent.map((m) => m.jobId)).toEqual([exportJob.id]);
    sent.splice(0);
    // More slots while paused admit nothing of the paused type; resuming admits its jobs oldest first.
    await setLaneLimit(deps, ws.workspaceId, 4, ws.admin.email);
    expect(sent).toEqual([]);
    await resumeLane(deps, ws.workspaceId, "test_flaky", ws.admin.email);
    expect(sent.map((m) => m.jobId)).toEqual([queued.id, another.id]);
  });

  it("is audited once per change, refused to members and 404 for an unknown type", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "admin", "member"]);
    const paused = await api("POST", "/api/v1/lanes/data_export/pause", { token: ws.admin.token });
    expect(paused.status, paused.text).toBe(200);
    const lane = lanesResponseSchema.parse(paused.json).lanes.find((l) => l.type === "data_export");
    expect(lane).toMatchObject({ paused: true, paused_by: ws.admin.email, limit: 4 });
    // Pausing twice changes nothing (the first pauser stays) and is not audited again.
    await api("POST", "/api/v1/lanes/data_export/pause", { token: ws.owner.token });
    const resumed = await api("POST", "/api/v1/lanes/data_export/resume", { token: ws.owner.token });
    const body = lanesResponseSchema.parse(resumed.json);
    expect(body.lanes.find((l) => l.type === "data_export")).toMatchObject({ paused: false, paused_by: null });
    expect(body.changes.map((c) => [c.action, c.actor, c.detail])).toEqual([
      ["type_resumed", ws.owner.email, "data_export"],
      ["type_paused", ws.admin.email, "data_export"],
    ]);
    await api("POST", "/api/v1/lanes/data_export/resume", { token: ws.owner.token });
    expect(
      lanesResponseSchema.parse((await api("GET", "/api/v1/lanes", { token: ws.owner.token })).json).changes,
    ).toHaveLength(2);
    expect((await api("POST", "/api/v1/lanes/data_export/pause", { token: ws.member.token })).status).toBe(403);
    expect((await api("POST", "/api/v1/lanes/mine_bitcoin/pause", { token: ws.admin.token })).status).toBe(404);
    expect((await api("POST", "/api/v1/lanes/data_export/stop", { token: ws.admin.token })).status).toBe(404);
  });
});

describe("wait reasons", () => {
  it("says why each pending or paused job waits, with the numbers, and stops saying it once it no longer holds", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "admin"]);
    await setLimit(ws.workspaceId, 1);
    const blocker = await occupySlot(ws.workspaceId);
    const waiting = await createJob(ws.admin.token, "test_flaky", { items: 1 });
    expect(waiting).toMatchObject({
      status: "pending",
      priority: "normal",
      waiting: { reason: "workspace_limit", detail: "waiting for a slot: 1 of 1 running" },
    });
    const list = await api("GET", "/api/v1/jobs?status=pending", { token: ws.admin.token });
    expect(list.json.jobs[0].waiting).toEqual(waiting.waiting);

    const paused = await api("POST", `/api/v1/jobs/${waiting.id}/pause`, { token: ws.admin.token });
    expect(paused.json.job.waiting).toEqual({ reason: "paused", detail: `paused by ${ws.admin.email}` });
    const resumed = await api("POST", `/api/v1/jobs/${waiting.id}/resume`, { token: ws.admin.token });
    expect(resumed.json.job.waiting.reason).toBe("workspace_limit");

    // A retry's backoff: admitted, with the time of the next attempt.
    const until = Date.now() + 30_000;
    await env.DB.prepare("UPDATE jobs SET admitted = 1, run_after = ?, attempts = 2 WHERE id = ?")
      .bind(until, waiting.id)
      .run();
    const backoff = (await getJob(ws.admin.token, waiting.id)).job;
    expect(backoff.waiting).toMatchObject({ reason: "backoff", until: new Date(until).toISOString() });
    expect(backoff.waiting?.detail).toMatch(/^next attempt \(2 of 3\) at \d\d:\d\d:\d\d UTC$/);
    await env.DB.prepare("UPDATE jobs SET run_after = ? WHERE id = ?").bind(Date.now(), waiting.id).run();
    expect((await getJob(ws.admin.token, waiting.id)).job.waiting?.reason).toBe("queued");

    // Running and ended jobs do not wait.
    expect((await getJob(ws.admin.token, blocker)).job.waiting).toBeNull();
    await api("POST", `/api/v1/jobs/${blocker}/cancel`, { token: ws.admin.token });
    await api("POST", `/api/v1/jobs/${waiting.id}/cancel`, { token: ws.admin.token });
    expect((await getJob(ws.admin.token, waiting.id)).job.waiting).toBeNull();
  });
});

describe("GET /api/v1/lanes and PATCH /api/v1/settings", () => {
  it("reports each type's running, queued and oldest wait against the limit, and the owner sets the limit", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "admin", "viewer"]);
    await setLimit(ws.workspaceId, 1);
    await occupySlot(ws.workspaceId);
    const a = await createJob(ws.admin.token, "test_flaky", { items: 1 });
    await createJob(ws.admin.token, "test_flaky", { items: 1 });
    await env.DB.prepare("UPDATE jobs SET run_after = ? WHERE id = ?")
      .bind(Date.now() - 90_000, a.id)
      .run();
    const res = await api("GET", "/api/v1/lanes", { token: ws.viewer.token });
    expect(res.status).toBe(200);
    const body = lanesResponseSchema.parse(res.json);
    expect(body).toMatchObject({ max_running: 1, in_use: 1 });
    const lane = body.lanes.find((l) => l.type === "test_flaky");
    expect(lane).toMatchObject({ running: 1, limit: 1, queued: 2, paused: false });
    expect(lane?.oldest_wait_ms).toBeGreaterThanOrEqual(90_000);
    expect(body.lanes.find((l) => l.type === "data_export")).toMatchObject({
      running: 0,
      queued: 0,
      oldest_wait_ms: null,
    });

    for (const bad of [0, 51, 2.5, "4", null]) {
      const refused = await api("PATCH", "/api/v1/settings", { token: ws.owner.token, body: { max_running: bad } });
      expect(refused.status, JSON.stringify(bad)).toBe(422);
      expect(refused.json.error.details.max_running).toBeDefined();
    }
    const unknown = await api("PATCH", "/api/v1/settings", { token: ws.owner.token, body: { max_runing: 5 } });
    expect(unknown.json.error.details).toEqual({ max_runing: ["unknown field"] });
    expect((await api("PATCH", "/api/v1/settings", { token: ws.admin.token, body: { max_running: 5 } })).status).toBe(
      403,
    );
    expect((await api("GET", "/api/v1/settings", { token: ws.owner.token })).json).toMatchObject({ max_running: 1 });

    // A higher limit admits the waiting jobs at once.
    const raised = await api("PATCH", "/api/v1/settings", { token: ws.owner.token, body: { max_running: 3 } });
    expect(raised.json).toMatchObject({ max_running: 3 });
    const admitted = await db()
      .select({ n: sql<number>`count(*)` })
      .from(jobs)
      .where(and(eq(jobs.workspaceId, ws.workspaceId), eq(jobs.admitted, true)))
      .get();
    expect(admitted?.n).toBe(3);
    const changes = lanesResponseSchema.parse((await api("GET", "/api/v1/lanes", { token: ws.owner.token })).json);
    expect(changes.changes[0]).toMatchObject({ action: "max_running_set", actor: ws.owner.email, detail: "3" });
  });

  it("refuses a bad priority with a 422 and a priority change of a job that is not pending with a 409", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const job = await createJob(ws.admin.token, "test_flaky", { items: 1 });
    for (const body of [{ priority: "urgent" }, {}, { priority: "high", status: "failed" }]) {
      const res = await api("PATCH", `/api/v1/jobs/${job.id}`, { token: ws.admin.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(
      (await api("PATCH", `/api/v1/jobs/${job.id}`, { token: ws.member.token, body: { priority: "low" } })).status,
    ).toBe(403);
    const created = await api("POST", "/api/v1/jobs", {
      token: ws.admin.token,
      body: { type: "test_flaky", payload: { items: 1 }, priority: "soon" },
    });
    expect(created.json.error.details).toHaveProperty("priority");
    await api("POST", `/api/v1/jobs/${job.id}/cancel`, { token: ws.admin.token });
    const late = await api("PATCH", `/api/v1/jobs/${job.id}`, { token: ws.admin.token, body: { priority: "high" } });
    expect(late.status).toBe(409);
  });
});
