// Injected faults drive the engine through its recovery paths without ever double-applying a chunk.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById, listEvents } from "../../worker/db/jobs/read.ts";
import { jobChunks } from "../../worker/db/schema.ts";
import { engineDeps } from "../../worker/engine-deps.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import { type EngineDeps, processJobMessage } from "../../worker/jobs/engine.ts";
import type { FaultPoint } from "../../worker/jobs/faults.ts";
import { silentPublisher } from "../../worker/live/publisher.ts";
import { makeWorkspace } from "../support/workerd/api.ts";

const db = () => makeDb(env.DB);

function depsWith(points: FaultPoint[]): EngineDeps {
  return {
    env,
    config: { ...engineConfig(env), runBudgetMs: 60_000, faults: { hit: (p) => points.includes(p) } },
    publisher: silentPublisher,
    enqueuer: {
      enqueue: async () => {},
      enqueueMany: async () => {},
      deadLetter: async () => {},
      enqueueCallback: async () => {},
      enqueueAlert: async () => {},
    },
  };
}

async function flakyJob() {
  const ws = await makeWorkspace(`ws${newId().slice(-8).toLowerCase()}`, ["admin"]);
  const { job } = await insertJob(db(), {
    workspaceId: ws.workspaceId,
    type: "test_flaky",
    payload: { items: 6, chunk: 2 },
    total: 6,
    maxAttempts: 3,
    createdBy: null,
    now: Date.now(),
  });
  return { message: { jobId: job.id, workspaceId: ws.workspaceId, run: 1 }, id: job.id };
}

describe("fault wrappers around the hub and the queue", () => {
  it("with the switch on, publishing still reaches the hub, and a hub fault is recorded instead", async () => {
    const { id } = await flakyJob();
    const row = await getJobById(db(), id);
    if (!row) throw new Error("job missing");
    const waits: Promise<unknown>[] = [];
    const healthy = engineDeps({ ...env, FAULTS: '{"step_retryable":0.5}' } as Env, (p) => waits.push(p));
    healthy.publisher.transition(row);
    await healthy.publisher.flush();
    const hub = env.HUB.get(env.HUB.idFromName(row.workspaceId));
    const res = await hub.fetch("http://hub/", {
      headers: {
        upgrade: "websocket",
        "x-dutyleak-hub-connection": JSON.stringify({
          workspaceId: row.workspaceId,
          userId: "u",
          role: "admin",
          format: "json",
        }),
      },
    });
    const ws = res.webSocket;
    if (!ws) throw new Error("no socket");
    const hello = new Promise<string>((resolve) => ws.addEventListener("message", (e) => resolve(String(e.data))));
    ws.accept();
    expect(JSON.parse(await hello)).toMatchObject({ type: "hello", seq: 1 });
    ws.close(1000);

    const failing = engineDeps({ ...env, FAULTS: '{"hub_rpc":1}' } as Env, (p) => waits.push(p));
    failing.publisher.transition(row);
    await failing.publisher.flush();
    await Promise.all(waits);
    expect((await listEvents(db(), id)).map((e) => e.kind)).toContain("fault:hub_rpc");
  });
});

describe("fault injection points", () => {
  it("a retryable step fault schedules a retry and is recorded in the history", async () => {
    const { message, id } = await flakyJob();
    const decision = await processJobMessage(depsWith(["step_retryable"]), message, 1);
    expect(decision).toMatchObject({ kind: "retry" });
    expect(await getJobById(db(), id)).toMatchObject({ status: "pending", error: "injected fault: step_retryable" });
    expect((await listEvents(db(), id)).map((e) => e.kind)).toContain("fault:step_retryable");
  });

  it("a permanent step fault fails the job", async () => {
    const { message, id } = await flakyJob();
    await processJobMessage(depsWith(["step_permanent"]), message, 1);
    expect(await getJobById(db(), id)).toMatchObject({ status: "failed", error: "injected fault: step_permanent" });
  });

  it("a crash after a commit keeps that chunk, and the retry continues after it", async () => {
    const { message, id } = await flakyJob();
    expect(await processJobMessage(depsWith(["crash_after_commit"]), message, 1)).toMatchObject({ kind: "retry" });
    const steps = async () =>
      (await db().select().from(jobChunks).where(eq(jobChunks.jobId, id)).all()).map((c) => c.step);
    expect(await steps()).toEqual([1]);
    expect(await getJobById(db(), id)).toMatchObject({ status: "pending", processed: 2 });
    // Let the backoff pass, then deliver again without faults.
    const due = Date.now() + 10_000;
    const later = { ...depsWith([]), clock: () => due };
    expect(await processJobMessage(later, message, 2)).toMatchObject({ kind: "ack", why: "completed" });
    expect(await steps()).toEqual([1, 2, 3]);
    expect(await getJobById(db(), id)).toMatchObject({ status: "completed", processed: 6 });
  });
});
