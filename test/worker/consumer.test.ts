// The set-based consumer: a wave of a batch's fresh jobs is claimed in one statement without a read first, only when
// each message's run and workspace match and the job is due; a trivial job then costs one more D1 batch (its last
// chunk ends it), and duplicates of a claimed message never run it twice.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { jobEvents, jobs } from "../../worker/db/schema.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import { consumeBatch, MAX_JOBS_IN_FLIGHT } from "../../worker/jobs/consumer.ts";
import { claimFresh, type EngineDeps } from "../../worker/jobs/engine.ts";
import { silentPublisher } from "../../worker/live/publisher.ts";
import { makeWorkspace } from "../support/workerd/api.ts";

const slug = () => `ws${newId().slice(-8).toLowerCase()}`;

/** A D1 binding that counts what reaches D1: single statements and batches. */
function countingD1() {
  const counts = { statements: 0, batches: 0 };
  const d1 = new Proxy(env.DB, {
    get(target, property) {
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          counts.batches++;
          return target.batch(statements);
        };
      }
      if (property === "prepare") {
        return (query: string) => {
          const statement = target.prepare(query);
          return new Proxy(statement, {
            get(st, name) {
              const value = Reflect.get(st, name);
              if (name === "bind") {
                return (...args: unknown[]) => {
                  const bound = st.bind(...args);
                  return new Proxy(bound, {
                    get(b, n) {
                      const v = Reflect.get(b, n);
                      if (typeof v !== "function") return v;
                      if (n === "all" || n === "run" || n === "first" || n === "raw") counts.statements++;
                      return v.bind(b);
                    },
                  });
                };
              }
              if (typeof value !== "function") return value;
              if (name === "all" || name === "run" || name === "first" || name === "raw") counts.statements++;
              return value.bind(st);
            },
          });
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { d1, counts };
}

function depsWith(d1: D1Database): EngineDeps {
  const noQueue = {
    enqueue: async () => {},
    enqueueMany: async () => {},
    deadLetter: async () => {},
    enqueueCallback: async () => {},
    enqueueAlert: async () => {},
  };
  return { env: { ...env, DB: d1 }, config: engineConfig(env), publisher: silentPublisher, enqueuer: noQueue };
}

async function pendingJobs(workspaceId: string, n: number, options: { runAfter?: number } = {}) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const { job } = await insertJob(makeDb(env.DB), {
      workspaceId,
      type: "test_flaky",
      payload: { items: 1, chunk: 1 },
      total: 1,
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
    });
    if (options.runAfter) {
      await makeDb(env.DB).update(jobs).set({ runAfter: options.runAfter }).where(eq(jobs.id, job.id)).run();
    }
    rows.push(job);
  }
  return rows;
}

describe("claimFresh", () => {
  it("claims every due job of a batch in one D1 batch, and only where run and workspace match", async () => {
    const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 50 });
    const other = await makeWorkspace(slug(), ["admin"]);
    const due = await pendingJobs(ws.workspaceId, 5);
    const [later] = await pendingJobs(ws.workspaceId, 1, { runAfter: Date.now() + 60_000 });
    if (!later) throw new Error("no job");
    const messages = [
      ...due.map((j) => ({ jobId: j.id, workspaceId: ws.workspaceId, run: 1 })),
      { jobId: later.id, workspaceId: ws.workspaceId, run: 1 },
    ];
    // A message of an earlier run, and one that names another workspace, claim nothing.
    const [stale, foreign] = await pendingJobs(ws.workspaceId, 2);
    if (!stale || !foreign) throw new Error("no job");
    messages.push({ jobId: stale.id, workspaceId: ws.workspaceId, run: 2 });
    messages.push({ jobId: foreign.id, workspaceId: other.workspaceId, run: 1 });

    const { d1, counts } = countingD1();
    const claimed = await claimFresh(depsWith(d1), messages);
    expect(counts.batches).toBe(1);
    expect([...claimed.keys()].sort()).toEqual(due.map((j) => j.id).sort());
    for (const job of due) {
      expect(await getJobById(makeDb(env.DB), job.id)).toMatchObject({ status: "running", attempts: 1 });
      const events = await makeDb(env.DB).select().from(jobEvents).where(eq(jobEvents.jobId, job.id)).all();
      expect(events.map((e) => [e.kind, e.message])).toEqual([
        ["created", null],
        ["started", "attempt 1 of 3"],
      ]);
    }
    for (const job of [later, stale, foreign]) {
      expect((await getJobById(makeDb(env.DB), job.id))?.status).toBe("pending");
    }
    // Claimed jobs are no longer pending: the same messages again claim nothing.
    expect((await claimFresh(depsWith(d1), messages)).size).toBe(0);
  });
});

describe("consumeBatch", () => {
  it("runs a batch of trivial jobs in one claim batch per wave plus one batch per job, each exactly once", async () => {
    const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 50 });
    const list = await pendingJobs(ws.workspaceId, 20);
    const bodies = list.map((j) => ({ jobId: j.id, workspaceId: ws.workspaceId, run: 1 }));
    // A duplicate of the first message in the same batch must not run the job again.
    const batch = createMessageBatch(
      "dutyleak-jobs",
      [...bodies, bodies[0]].map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const { d1, counts } = countingD1();
    const ctx = createExecutionContext();
    await consumeBatch(batch, depsWith(d1), false);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(21);
    expect(counts.batches).toBe(Math.ceil(bodies.length / MAX_JOBS_IN_FLIGHT) + list.length);
    // No read before the claim: the only single statement is the duplicate's look at its (held) job.
    expect(counts.statements).toBe(1);
    for (const job of list) {
      const row = await getJobById(makeDb(env.DB), job.id);
      expect(row).toMatchObject({ status: "completed", processed: 1, stepSeq: 1, progress: 100 });
    }
  });
});
