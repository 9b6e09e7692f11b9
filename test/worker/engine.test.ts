// The engine through the real queue and dead-letter queue: every lifecycle edge, checkpoints, crashes, duplicates
// and the sweeper. Uses the test-only `test_flaky` job type (ENABLE_TEST_JOB_TYPES in the test config).
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { jobChunks, jobs, products } from "../../worker/db/schema.ts";
import { queueEnqueuer } from "../../worker/jobs/messages.ts";
import { sweep } from "../../worker/jobs/sweeper.ts";
import { api, createJob, getJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

const db = () => makeDb(env.DB);
const slug = () => `ws${newId().slice(-8).toLowerCase()}`;

async function chunksOf(jobId: string) {
  return db().select().from(jobChunks).where(eq(jobChunks.jobId, jobId)).all();
}

async function productCount(workspaceId: string) {
  return db().$count(products, eq(products.workspaceId, workspaceId));
}

async function eventKinds(token: string, id: string) {
  return (await getJob(token, id)).events.map((e) => e.kind);
}

describe("job engine through the real queue", () => {
  it("runs a long job in bounded invocations with continuations and commits every chunk exactly once", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 60, chunk: 3, delay_ms: 30 });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done).toMatchObject({ status: "completed", processed: 60, total: 60, progress: 100, attempts: 1 });
    const chunks = await chunksOf(job.id);
    expect(chunks.map((c) => c.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // 20 chunks × 30 ms cannot fit one 300 ms run budget: the job continued under several leases.
    expect(new Set(chunks.map((c) => c.leaseId)).size).toBeGreaterThan(1);
    expect(await eventKinds(ws.admin.token, job.id)).toEqual(["created", "started", "completed"]);
  });

  it("retries a retryable error with backoff, then completes", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 4, chunk: 2, fail_attempts: 1 });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done).toMatchObject({ status: "completed", attempts: 2, error: null, processed: 4 });
    const { events } = await getJob(ws.admin.token, job.id);
    expect(events.map((e) => e.kind)).toEqual(["created", "started", "retry_scheduled", "started", "completed"]);
    expect(events[2]?.message).toMatch(/transient failure on attempt 1; next attempt in \ds/);
  });

  it("dead-letters through the dead-letter queue after max attempts, keeping the last error", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 4, fail_attempts: 99 });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done).toMatchObject({ status: "dead_letter", attempts: 3, max_attempts: 3 });
    expect(done.error).toMatch(/transient failure on attempt 3/);
    expect(done.completed_at).not.toBeNull();
    const kinds = await eventKinds(ws.admin.token, job.id);
    expect(kinds.filter((k) => k === "started")).toHaveLength(3);
    expect(kinds.slice(-2)).toEqual(["attempts_exhausted", "dead_lettered"]);
  });

  it("Retry of a dead-lettered job continues from its checkpoint as a new run of the same job", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", {
      items: 20,
      chunk: 5,
      fail_after_items: 10,
      fail_attempts: 99,
    });
    const dead = await waitForJob(ws.admin.token, job.id, hasStatus("dead_letter", "completed"));
    expect(dead).toMatchObject({ status: "dead_letter", processed: 10 });
    const retry = await api("POST", `/api/v1/jobs/${job.id}/retry`, { token: ws.admin.token });
    expect(retry.status).toBe(200);
    expect(retry.json.job).toMatchObject({ id: job.id, status: "pending", attempts: 0, processed: 10 });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "dead_letter"));
    expect(done).toMatchObject({ status: "completed", processed: 20, attempts: 1 });
    // Two chunks before the failure, two after: none re-applied.
    expect((await chunksOf(job.id)).map((c) => [c.step, c.run])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2],
    ]);
    const { events } = await getJob(ws.admin.token, job.id);
    expect(events.find((e) => e.kind === "retried")).toMatchObject({ actor: ws.admin.email, run: 2 });
  });

  it("fails a permanent error at once, without retries", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 4, permanent: true });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("failed", "completed", "dead_letter"));
    expect(done).toMatchObject({ status: "failed", attempts: 1, error: "test_flaky: permanent failure requested" });
  });

  it("a crash right after a chunk commit leaves no double-applied chunk", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 12, chunk: 3, crash_after_step: 2 });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done).toMatchObject({ status: "completed", processed: 12, attempts: 2 });
    expect((await chunksOf(job.id)).map((c) => c.step)).toEqual([1, 2, 3, 4]);
  });

  it("duplicate deliveries of a job's message do nothing", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 30, chunk: 3, delay_ms: 10 });
    const message = { jobId: job.id, workspaceId: ws.workspaceId, run: 1, lease: null };
    await env.JOBS.sendBatch([{ body: message }, { body: message }, { body: message }]);
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done).toMatchObject({ status: "completed", processed: 30, attempts: 1 });
    expect((await chunksOf(job.id)).map((c) => c.step)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await eventKinds(ws.admin.token, job.id)).filter((k) => k === "started")).toHaveLength(1);
  });

  it("ignores a message of an earlier run", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 3, chunk: 3 });
    await waitForJob(ws.admin.token, job.id, hasStatus("completed"));
    await env.JOBS.send({ jobId: job.id, workspaceId: ws.workspaceId, run: 0 });
    await env.JOBS.send({ jobId: job.id, workspaceId: ws.workspaceId, run: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await chunksOf(job.id)).length).toBe(1);
    expect(await eventKinds(ws.admin.token, job.id)).toEqual(["created", "started", "completed"]);
  });
});

describe("operator actions through the queue", () => {
  it("pauses a running job at a chunk boundary and resumes it from its checkpoint", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 12, chunk: 1, delay_ms: 250 });
    await waitForJob(ws.admin.token, job.id, (j) => j.status === "running" && j.processed >= 2);
    const pause = await api("POST", `/api/v1/jobs/${job.id}/pause`, { token: ws.admin.token });
    expect(pause.status).toBe(200);
    expect(pause.json.job).toMatchObject({ status: "running", control: "pause" });
    const paused = await waitForJob(ws.admin.token, job.id, hasStatus("paused"));
    expect(paused.processed).toBeLessThan(12);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await getJob(ws.admin.token, job.id)).job.processed).toBe(paused.processed);
    const resume = await api("POST", `/api/v1/jobs/${job.id}/resume`, { token: ws.admin.token });
    expect(resume.json.job).toMatchObject({ status: "pending" });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed"));
    expect(done.processed).toBe(12);
    expect((await chunksOf(job.id)).length).toBe(12);
    const kinds = await eventKinds(ws.admin.token, job.id);
    expect(kinds).toEqual(["created", "started", "pause_requested", "paused", "resumed", "started", "completed"]);
  });

  it("never uses up an attempt for a pause and resume: after four cycles one retryable error still retries", async () => {
    const ws = await makeWorkspace(slug());
    // Fails once (on its second try's number), after 6 items, so the failure comes after every pause/resume cycle.
    const job = await createJob(ws.admin.token, "test_flaky", {
      items: 8,
      chunk: 1,
      delay_ms: 120,
      fail_attempts: 1,
      fail_after_items: 6,
      // Every resume starts a new run; the failure must still happen in the last one.
      fail_runs: 10,
    });
    for (let cycle = 1; cycle <= 4; cycle++) {
      await waitForJob(ws.admin.token, job.id, (j) => j.status === "running" && j.processed >= cycle);
      expect((await api("POST", `/api/v1/jobs/${job.id}/pause`, { token: ws.admin.token })).status).toBe(200);
      const paused = await waitForJob(ws.admin.token, job.id, hasStatus("paused"));
      expect(paused.attempts).toBe(1);
      expect((await api("POST", `/api/v1/jobs/${job.id}/resume`, { token: ws.admin.token })).status).toBe(200);
    }
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "dead_letter", "failed"), 30_000);
    // One real failure: the second try finishes the job (before the fix: "attempt 5 of 3", then dead letter).
    expect(done).toMatchObject({ status: "completed", attempts: 2, max_attempts: 3, processed: 8 });
    const kinds = await eventKinds(ws.admin.token, job.id);
    expect(kinds.filter((k) => k === "retry_scheduled")).toHaveLength(1);
  });

  it("refuses a second stop request while a running job is already stopping", async () => {
    const ws = await makeWorkspace(slug());
    const { job } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload: {},
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
    });
    // Held by a (pretend) consumer that is between two chunks: nothing will honour the request during the test.
    await db()
      .update(jobs)
      .set({ status: "running", attempts: 1, leaseId: "busy", leaseUntil: Date.now() + 60_000, rev: newId() })
      .where(eq(jobs.id, job.id));
    const pause = await api("POST", `/api/v1/jobs/${job.id}/pause`, { token: ws.admin.token });
    expect(pause.json.job).toMatchObject({ status: "running", control: "pause" });
    const cancel = await api("POST", `/api/v1/jobs/${job.id}/cancel`, { token: ws.admin.token });
    expect(cancel.status).toBe(409);
    expect(cancel.json.error.message).toBe("cannot cancel a job that is running (a pause is already requested)");
    expect((await api("POST", `/api/v1/jobs/${job.id}/pause`, { token: ws.admin.token })).status).toBe(409);
  });

  it("pause → resume of a real import ends with exactly the right product count", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "data_import", { rows: productRows(6000, "PR") });
    const paused = await api("POST", `/api/v1/jobs/${job.id}/pause`, { token: ws.admin.token });
    expect(paused.status).toBe(200);
    const stopped = await waitForJob(ws.admin.token, job.id, hasStatus("paused", "completed"));
    expect(await productCount(ws.workspaceId)).toBe(stopped.processed);
    await api("POST", `/api/v1/jobs/${job.id}/resume`, { token: ws.admin.token });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed"));
    expect(done).toMatchObject({ status: "completed", processed: 6000 });
    expect(done.result).toMatchObject({ imported: 6000, rejected: 0 });
    expect(await productCount(ws.workspaceId)).toBe(6000);
  });

  it("cancels a pending job at once and a running job at its next chunk boundary", async () => {
    const ws = await makeWorkspace(slug());
    const slow = await createJob(ws.admin.token, "test_flaky", { items: 100, chunk: 1, delay_ms: 50 });
    await waitForJob(ws.admin.token, slow.id, (j) => j.status === "running" && j.processed >= 1);
    const cancelling = await api("POST", `/api/v1/jobs/${slow.id}/cancel`, { token: ws.admin.token });
    expect(cancelling.json.job).toMatchObject({ status: "running", control: "cancel" });
    const cancelled = await waitForJob(ws.admin.token, slow.id, hasStatus("cancelled", "completed"));
    expect(cancelled).toMatchObject({ status: "cancelled", control: null });
    expect(cancelled.processed).toBeLessThan(100);

    // Jobs that are not running (pending, paused) change on the spot. Inserted without a queue message so that no
    // consumer can claim them first.
    const base = { workspaceId: ws.workspaceId, type: "test_flaky", payload: {}, maxAttempts: 3, createdBy: null };
    const pending = (await insertJob(db(), { ...base, now: Date.now() })).job;
    const cancelPending = await api("POST", `/api/v1/jobs/${pending.id}/cancel`, { token: ws.admin.token });
    expect(cancelPending.json.job).toMatchObject({ status: "cancelled", completed_at: expect.any(String) });
    const other = (await insertJob(db(), { ...base, now: Date.now() })).job;
    const pause = await api("POST", `/api/v1/jobs/${other.id}/pause`, { token: ws.admin.token });
    expect(pause.json.job).toMatchObject({ status: "paused" });
    const cancelPaused = await api("POST", `/api/v1/jobs/${other.id}/cancel`, { token: ws.admin.token });
    expect(cancelPaused.json.job).toMatchObject({ status: "cancelled" });
  });

  it("Retry of a cancelled job restarts it from the beginning", async () => {
    const ws = await makeWorkspace(slug());
    const job = await createJob(ws.admin.token, "test_flaky", { items: 30, chunk: 1, delay_ms: 40 });
    await waitForJob(ws.admin.token, job.id, (j) => j.processed >= 2);
    await api("POST", `/api/v1/jobs/${job.id}/cancel`, { token: ws.admin.token });
    await waitForJob(ws.admin.token, job.id, hasStatus("cancelled"));
    const retry = await api("POST", `/api/v1/jobs/${job.id}/retry`, { token: ws.admin.token });
    expect(retry.json.job).toMatchObject({ status: "pending", processed: 0, progress: 0 });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed"));
    expect(done.processed).toBe(30);
  });

  it("bulk-retries every dead-lettered job matching the filter", async () => {
    const ws = await makeWorkspace(slug());
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await createJob(ws.admin.token, "test_flaky", { items: 1, fail_attempts: 99 })).id);
    for (const id of ids) await waitForJob(ws.admin.token, id, hasStatus("dead_letter"));
    const bulk = await api("POST", "/api/v1/jobs/retry", {
      token: ws.admin.token,
      body: { status: "dead_letter", type: "test_flaky" },
    });
    expect(bulk).toMatchObject({ status: 200, json: { retried: 3 } });
    for (const id of ids) await waitForJob(ws.admin.token, id, hasStatus("completed"));
    const { events } = await getJob(ws.admin.token, ids[0] as string);
    expect(events.find((e) => e.kind === "retried")).toMatchObject({ actor: ws.admin.email, run: 2 });
  });

  it("bulk retry leaves other types, other statuses and other workspaces alone", async () => {
    const ws = await makeWorkspace(slug());
    const other = await makeWorkspace(slug());
    const base = { payload: {}, maxAttempts: 3, createdBy: null, now: Date.now() };
    const make = async (workspaceId: string, type: string, status: "failed" | "dead_letter") => {
      const { job } = await insertJob(db(), { ...base, workspaceId, type });
      await db().update(jobs).set({ status, rev: newId() }).where(eq(jobs.id, job.id));
      return job.id;
    };
    const target = await make(ws.workspaceId, "data_export", "failed");
    const otherType = await make(ws.workspaceId, "data_import", "failed");
    const otherStatus = await make(ws.workspaceId, "data_export", "dead_letter");
    const otherWorkspace = await make(other.workspaceId, "data_export", "failed");
    const bulk = await api("POST", "/api/v1/jobs/retry", {
      token: ws.admin.token,
      body: { status: "failed", type: "data_export" },
    });
    expect(bulk.json).toEqual({ retried: 1, skipped: {}, not_found: 0 });
    expect((await getJobById(db(), target))?.run).toBe(2);
    for (const id of [otherType, otherStatus, otherWorkspace]) expect((await getJobById(db(), id))?.run).toBe(1);
  });
});

describe("sweeper", () => {
  it("recovers a running job whose consumer died (expired lease) and counts it as an attempt", async () => {
    const ws = await makeWorkspace(slug());
    const now = Date.now();
    const { job } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload: { items: 6, chunk: 3 },
      total: 6,
      maxAttempts: 3,
      createdBy: null,
      now,
    });
    // As if a consumer claimed it and died: running, holding a lease that expired.
    await db()
      .update(jobs)
      .set({ status: "running", attempts: 1, leaseId: "dead-consumer", leaseUntil: now - 1000, rev: newId() })
      .where(eq(jobs.id, job.id));
    const report = await sweep(env, queueEnqueuer(env), Date.now());
    expect(report.recovered).toBe(1);
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done).toMatchObject({ status: "completed", attempts: 2, processed: 6 });
    expect(await eventKinds(ws.admin.token, job.id)).toContain("recovered");
  });

  it("re-enqueues a pending job whose message was lost, and leaves fresh ones alone", async () => {
    const ws = await makeWorkspace(slug());
    const longAgo = Date.now() - 60_000;
    const payload = { items: 2, chunk: 2 };
    const base = {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload,
      total: 2,
      maxAttempts: 3,
      createdBy: null,
    };
    const lost = await insertJob(db(), { ...base, now: longAgo });
    const fresh = await insertJob(db(), { ...base, now: Date.now() });
    const report = await sweep(env, queueEnqueuer(env), Date.now(), ws.workspaceId);
    expect(report.requeued).toBe(1);
    await waitForJob(ws.admin.token, lost.job.id, hasStatus("completed"));
    expect((await getJobById(db(), fresh.job.id))?.status).toBe("pending");
  });

  it("dead-letters an exhausted running job whose dead-letter message was lost", async () => {
    const ws = await makeWorkspace(slug());
    const now = Date.now();
    const payload = { items: 2, chunk: 2 };
    const { job } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload,
      maxAttempts: 3,
      createdBy: null,
      now,
    });
    await db()
      .update(jobs)
      .set({ status: "running", attempts: 3, error: "boom", leaseId: "x", leaseUntil: now - 1, rev: newId() })
      .where(eq(jobs.id, job.id));
    expect((await sweep(env, queueEnqueuer(env), Date.now(), ws.workspaceId)).deadLettered).toBe(1);
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("dead_letter"), 15_000);
    expect(done.error).toBe("boom");
  });
});

describe("POST /api/v1/jobs idempotency", () => {
  it("returns the existing job with 200 for a repeated idempotency key", async () => {
    const ws = await makeWorkspace(slug());
    const body = { type: "data_import", payload: { rows: productRows(3) }, idempotency_key: "erp-batch-42" };
    const first = await api("POST", "/api/v1/jobs", { token: ws.admin.token, body });
    const second = await api("POST", "/api/v1/jobs", { token: ws.admin.token, body });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json.job.id).toBe(first.json.job.id);
    const list = await api("GET", "/api/v1/jobs", { token: ws.admin.token });
    expect(list.json.jobs).toHaveLength(1);
    // The same key in another workspace is another job.
    const other = await makeWorkspace(slug());
    const third = await api("POST", "/api/v1/jobs", { token: other.admin.token, body });
    expect(third.status).toBe(201);
    expect(third.json.job.id).not.toBe(first.json.job.id);
  });

  it("never hands one principal's job to another who sends the same key", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const body = { type: "data_import", payload: { rows: productRows(2) }, idempotency_key: "shared-key-1" };
    const admins = await api("POST", "/api/v1/jobs", { token: ws.admin.token, body });
    expect(admins.status).toBe(201);
    const members = await api("POST", "/api/v1/jobs", { token: ws.member.token, body });
    // The member's key is the member's own: a new job of theirs, not the admin's job (which they may not read).
    expect(members.status).toBe(201);
    expect(members.json.job.id).not.toBe(admins.json.job.id);
    expect(members.json.job.created_by).toBe(ws.member.email);
    expect(members.text).not.toContain(admins.json.job.id);
    const again = await api("POST", "/api/v1/jobs", { token: ws.member.token, body });
    expect(again.status).toBe(200);
    expect(again.json.job.id).toBe(members.json.job.id);
  });
});
