// Bulk actions on listed jobs (POST /api/v1/jobs/retry and /cancel with `ids`) and on every job matching a filter
// (cancel with `all: true`): only what the lifecycle allows moves, the rest is counted as skipped by status, ids of
// other workspaces are not found, every change is audited with its actor, ended jobs get their callback rows, and
// retried jobs run again.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { JobStatus } from "../../worker/api/schema.ts";
import { bulkCancelResponseSchema, bulkRetryResponseSchema } from "../../worker/api/schema.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById, listEvents } from "../../worker/db/jobs/read.ts";
import { jobCallbacks, jobs } from "../../worker/db/schema.ts";
import { api, getJob, hasStatus, makeWorkspace, waitForJob } from "../support/workerd/api.ts";

const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const db = () => makeDb(env.DB);

/** A test job put straight into `status` (and, for a running one, whether it was already asked to stop). */
async function jobIn(
  workspaceId: string,
  status: JobStatus,
  extra: { control?: "cancel" | "pause"; callbackUrl?: string } = {},
) {
  const { job } = await insertJob(db(), {
    workspaceId,
    type: "test_flaky",
    payload: { items: 1 },
    maxAttempts: 3,
    createdBy: null,
    now: Date.now(),
    callbackUrl: extra.callbackUrl ?? null,
  });
  await db()
    .update(jobs)
    .set({ status, control: extra.control ?? null, rev: newId() })
    .where(eq(jobs.id, job.id));
  return job.id;
}

describe("POST /api/v1/jobs/retry with ids", () => {
  it("retries the listed failed, dead-letter and cancelled jobs and counts the others as skipped by status", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const failed = await jobIn(ws.workspaceId, "failed");
    const dead = await jobIn(ws.workspaceId, "dead_letter");
    const cancelled = await jobIn(ws.workspaceId, "cancelled");
    const running = await jobIn(ws.workspaceId, "running");
    const completed = await jobIn(ws.workspaceId, "completed");
    const res = await api("POST", "/api/v1/jobs/retry", {
      token: ws.admin.token,
      body: { ids: [failed, dead, cancelled, running, completed] },
    });
    expect(res.status, res.text).toBe(200);
    expect(bulkRetryResponseSchema.parse(res.json)).toEqual({
      retried: 3,
      skipped: { running: 1, completed: 1 },
      not_found: 0,
    });
    for (const id of [failed, dead, cancelled]) {
      await waitForJob(ws.admin.token, id, hasStatus("completed"));
      const { events } = await getJob(ws.admin.token, id);
      expect(events.find((e) => e.kind === "retried")).toMatchObject({ actor: ws.admin.email, run: 2 });
    }
    expect((await getJobById(db(), running))?.status).toBe("running");
    expect((await getJobById(db(), completed))?.run).toBe(1);
  });

  it("does not find another workspace's jobs and leaves them alone", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const other = await makeWorkspace(slug(), ["admin"]);
    const theirs = await jobIn(other.workspaceId, "failed");
    const mine = await jobIn(ws.workspaceId, "failed");
    const res = await api("POST", "/api/v1/jobs/retry", { token: ws.admin.token, body: { ids: [theirs, mine, mine] } });
    expect(res.json).toEqual({ retried: 1, skipped: {}, not_found: 1 });
    expect((await getJobById(db(), theirs))?.status).toBe("failed");
  });

  it("refuses an empty list, more than 500 ids, malformed ids and members", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const tooMany = Array.from({ length: 501 }, () => newId());
    for (const body of [{ ids: [] }, { ids: tooMany }, { ids: ["not-an-id"] }, { ids: [newId()], status: "failed" }]) {
      const res = await api("POST", "/api/v1/jobs/retry", { token: ws.admin.token, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
    const member = await api("POST", "/api/v1/jobs/retry", { token: ws.member.token, body: { ids: [newId()] } });
    expect(member.status).toBe(403);
  });
});

describe("POST /api/v1/jobs/cancel", () => {
  it("cancels pending and paused jobs at once, asks running ones to stop, skips ended and already-stopping ones", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const pending = await jobIn(ws.workspaceId, "pending");
    const paused = await jobIn(ws.workspaceId, "paused");
    const running = await jobIn(ws.workspaceId, "running");
    const stopping = await jobIn(ws.workspaceId, "running", { control: "pause" });
    const failed = await jobIn(ws.workspaceId, "failed");
    const res = await api("POST", "/api/v1/jobs/cancel", {
      token: ws.admin.token,
      body: { ids: [pending, paused, running, stopping, failed] },
    });
    expect(res.status, res.text).toBe(200);
    expect(bulkCancelResponseSchema.parse(res.json)).toEqual({
      cancelled: 2,
      stopping: 1,
      skipped: { running: 1, failed: 1 },
      not_found: 0,
    });
    for (const id of [pending, paused]) {
      const row = await getJobById(db(), id);
      expect(row).toMatchObject({ status: "cancelled" });
      expect(row?.completedAt).not.toBeNull();
      const events = await listEvents(db(), id);
      expect(events.at(-1)).toMatchObject({ kind: "cancelled", actor: ws.admin.email });
    }
    expect(await getJobById(db(), running)).toMatchObject({ status: "running", control: "cancel" });
    expect((await listEvents(db(), running)).at(-1)).toMatchObject({ kind: "cancel_requested" });
    expect(await getJobById(db(), stopping)).toMatchObject({ control: "pause" });
  });

  it("writes the callback row of every job it ends that has a callback_url", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const withCallback = await jobIn(ws.workspaceId, "pending", { callbackUrl: "https://erp.example.com/hook" });
    const without = await jobIn(ws.workspaceId, "pending");
    await api("POST", "/api/v1/jobs/cancel", { token: ws.admin.token, body: { ids: [withCallback, without] } });
    const rows = await db().select().from(jobCallbacks).where(eq(jobCallbacks.workspaceId, ws.workspaceId)).all();
    expect(rows.map((r) => r.id)).toEqual([`${withCallback}.1`]);
  });

  it("with all: true cancels every cancellable job of the filter and nothing else", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const a = await jobIn(ws.workspaceId, "pending");
    const b = await jobIn(ws.workspaceId, "pending");
    const pausedOne = await jobIn(ws.workspaceId, "paused");
    const res = await api("POST", "/api/v1/jobs/cancel", {
      token: ws.admin.token,
      body: { all: true, status: "pending", type: "test_flaky" },
    });
    expect(res.json).toMatchObject({ cancelled: 2, stopping: 0 });
    for (const id of [a, b]) expect((await getJobById(db(), id))?.status).toBe("cancelled");
    expect((await getJobById(db(), pausedOne))?.status).toBe("paused");
  });

  it("never cancels a workspace's work for an empty body", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const pending = await jobIn(ws.workspaceId, "pending");
    const res = await api("POST", "/api/v1/jobs/cancel", { token: ws.admin.token, body: {} });
    expect(res.status).toBe(422);
    expect((await getJobById(db(), pending))?.status).toBe("pending");
  });
});
