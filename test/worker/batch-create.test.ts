// Bulk creation (POST /api/v1/jobs/batch): per-item answers in request order, valid items created beside invalid
// ones, idempotency keys per item (shared with POST /api/v1/jobs), the 1–1,000 limit, roles, large inputs per item,
// and the cost: one D1 batch and one enqueue for the lot, published before it is enqueued.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { JobMessage } from "../../worker/api/queue-messages.ts";
import { batchCreateResponseSchema, errorResponseSchema, type Job } from "../../worker/api/schema.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import type { CreateDeps } from "../../worker/jobs/create.ts";
import { createJobBatch } from "../../worker/jobs/create-batch.ts";
import type { Enqueuer } from "../../worker/jobs/messages.ts";
import { INLINE_INPUT_LIMIT } from "../../worker/jobs/types/data_import.ts";
import { api, createJob, getJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const db = () => makeDb(env.DB);

async function batch(token: string, jobs: unknown[]) {
  const res = await api("POST", "/api/v1/jobs/batch", { token, body: { jobs } });
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  return batchCreateResponseSchema.parse(res.json).results;
}

async function listAll(token: string): Promise<{ jobs: Job[]; counts: Record<string, number> }> {
  const res = await api("GET", "/api/v1/jobs?limit=200", { token });
  expect(res.status).toBe(200);
  return res.json;
}

const flaky = (extra: Record<string, unknown> = {}) => ({ type: "test_flaky", payload: { items: 1 }, ...extra });

describe("POST /api/v1/jobs/batch", () => {
  it("answers every item in request order, creating the valid ones and refusing the invalid ones with field errors", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const results = await batch(ws.admin.token, [
      { type: "data_import", payload: { rows: productRows(2) } },
      { type: "data_import", payload: { rows: [] } },
      { type: "mine_bitcoin", payload: {} },
      flaky(),
      flaky({ priority: "urgent", run_at: "2030-01-01T00:00:00Z" }),
      42,
      { type: "data_import", payload: { rows: productRows(1), callback_url: "https://example.com/hook" } },
      { type: "data_import", payload: { csv: "sku,title\nA,B\n" } },
    ]);
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 422],
      [2, 422],
      [3, 201],
      [4, 422],
      [5, 422],
      [6, 422],
      [7, 422],
    ]);
    for (const r of results.filter((r) => r.status === 422)) {
      expect(r.job).toBeUndefined();
      expect(errorResponseSchema.parse({ error: r.error }).error.code).toBe("validation_failed");
    }
    const details = results.map((r) => r.error?.details);
    expect(Object.keys(details[1] as object)).toEqual(["payload.rows"]);
    expect(details[2]).toEqual({ type: [expect.stringMatching(/unknown job type; expected one of: data_import/)] });
    // A priority outside high/normal/low is refused (run_at is a field of its own, checked once the item parses).
    expect(Object.keys(details[4] as object).sort()).toEqual(["priority"]);
    expect(Object.keys(details[5] as object)).toEqual(["(item)"]);
    expect(details[6]).toEqual({ "payload.callback_url": [expect.stringMatching(/create a webhook endpoint/)] });
    expect(details[7]).toEqual({
      "payload.csv": ["CSV header is missing required column(s): origin_country, customs_value, currency"],
    });

    const created = [results[0]?.job, results[3]?.job];
    expect(created.map((j) => j?.type)).toEqual(["data_import", "test_flaky"]);
    const list = await listAll(ws.admin.token);
    expect(list.jobs.map((j) => j.id).sort()).toEqual(created.map((j) => j?.id).sort());
    for (const job of created) {
      const { events } = await getJob(ws.admin.token, job?.id ?? "");
      expect(events.map((e) => [e.kind, e.actor])).toContainEqual(["created", ws.admin.email]);
      expect(await waitForJob(ws.admin.token, job?.id ?? "", hasStatus("completed"))).toMatchObject({
        created_by: ws.admin.email,
      });
    }
  });

  it("makes one job per idempotency key: repeats within a request and across requests answer 200 with it", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const first = await batch(ws.admin.token, [
      flaky({ idempotency_key: "a" }),
      flaky({ idempotency_key: "a", payload: { items: 2 } }),
      flaky({ idempotency_key: "b" }),
      flaky(),
      // An invalid item does not claim its key: the next item with it is created.
      { type: "test_flaky", payload: { items: -1 }, idempotency_key: "c" },
      flaky({ idempotency_key: "c" }),
    ]);
    expect(first.map((r) => r.status)).toEqual([201, 200, 201, 201, 422, 201]);
    expect(first[1]?.job?.id).toBe(first[0]?.job?.id);
    expect(first[1]?.job?.total).toBe(1);

    const second = await batch(ws.admin.token, [flaky({ idempotency_key: "b" }), flaky({ idempotency_key: "d" })]);
    expect(second.map((r) => r.status)).toEqual([200, 201]);
    expect(second[0]?.job?.id).toBe(first[2]?.job?.id);

    // The same scope as POST /api/v1/jobs, in both directions; another person's keys are theirs.
    const single = await api("POST", "/api/v1/jobs", { token: ws.admin.token, body: flaky({ idempotency_key: "d" }) });
    expect([single.status, single.json.job.id]).toEqual([200, second[1]?.job?.id]);
    const early = await createJob(ws.admin.token, "test_flaky", { items: 1 }, "e");
    const third = await batch(ws.admin.token, [flaky({ idempotency_key: "e" })]);
    expect([third[0]?.status, third[0]?.job?.id]).toEqual([200, early.id]);
    const member = await batch(ws.member.token, [flaky({ idempotency_key: "a" })]);
    expect(member[0]?.status).toBe(201);
    expect(member[0]?.job?.id).not.toBe(first[0]?.job?.id);

    const list = await listAll(ws.admin.token);
    expect(list.jobs).toHaveLength(7);
  });

  it("creates 1,000 jobs in one request, all of which complete", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const results = await batch(
      ws.admin.token,
      Array.from({ length: 1000 }, (_, i) => flaky({ idempotency_key: `k-${i}` })),
    );
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.job?.id)).size).toBe(1000);
    let counts: Record<string, number> = {};
    await expect
      .poll(
        async () => {
          counts = (await listAll(ws.admin.token)).counts;
          return counts.completed;
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe(1000);
    expect(counts).toMatchObject({ pending: 0, running: 0, failed: 0, dead_letter: 0 });
  }, 150_000);

  it("lets a member create jobs and read them, and refuses viewers (403) and callers without a token (401)", async () => {
    const ws = await makeWorkspace(slug());
    const results = await batch(ws.member.token, [flaky(), flaky()]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    for (const r of results) {
      const { job } = await getJob(ws.member.token, r.job?.id ?? "");
      expect(job.created_by).toBe(ws.member.email);
    }
    expect((await listAll(ws.member.token)).jobs).toHaveLength(2);
    const viewer = await api("POST", "/api/v1/jobs/batch", { token: ws.viewer.token, body: { jobs: [flaky()] } });
    expect([viewer.status, viewer.json.error.code]).toEqual([403, "forbidden"]);
    const anonymous = await api("POST", "/api/v1/jobs/batch", { body: { jobs: [flaky()] } });
    expect(anonymous.status).toBe(401);
    expect((await listAll(ws.owner.token)).jobs).toHaveLength(2);
  });

  it("refuses an empty list, more than 1,000 items, bodies that are not JSON and bodies over 10 MB", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const token = ws.admin.token;
    const error = async (body: { body?: unknown; raw?: string; headers?: Record<string, string> }) => {
      const res = await api("POST", "/api/v1/jobs/batch", { token, ...body });
      return [res.status, errorResponseSchema.parse(res.json).error] as const;
    };
    const [emptyStatus, empty] = await error({ body: { jobs: [] } });
    expect([emptyStatus, empty.code, empty.details]).toEqual([
      422,
      "validation_failed",
      { jobs: ["send at least one job"] },
    ]);
    const [overStatus, over] = await error({ body: { jobs: Array.from({ length: 1001 }, () => flaky()) } });
    expect([overStatus, over.details]).toEqual([422, { jobs: ["send at most 1000 jobs per request"] }]);
    expect((await error({ body: { jobs: flaky() } }))[0]).toBe(422);
    expect((await error({ body: { jobs: [flaky()], extra: 1 } }))[1].details).toEqual({ extra: ["unknown field"] });
    const json = { "content-type": "application/json" };
    expect((await error({ raw: '{"jobs":[', headers: json }))[1].code).toBe("malformed_json");
    expect((await error({ raw: "jobs", headers: { "content-type": "text/plain" } }))[0]).toBe(415);
    const huge = `{"jobs":[{"type":"data_import","payload":{"csv":"${"x".repeat(11 * 1024 * 1024)}"}}]}`;
    expect(await error({ raw: huge, headers: json })).toEqual([
      413,
      expect.objectContaining({ code: "payload_too_large" }),
    ]);
    expect((await listAll(token)).jobs).toEqual([]);
  });

  it("prepares each item like a single job: an input over ~1 MB goes to R2, one just under it stays inline", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const big = productRows(12_000, "BIG").map((r) => ({ ...r, description: "x".repeat(20) }));
    // Under the inline limit, but too long to share a json_each statement: it gets an insert of its own.
    const near = productRows(6_000, "NEAR").map((r) => ({ ...r, description: `"${"q".repeat(10)}"` }));
    expect(JSON.stringify({ rows: near }).length).toBeLessThan(INLINE_INPUT_LIMIT);
    expect(JSON.stringify({ rows: near }).length).toBeGreaterThan(700_000);
    const results = await batch(ws.admin.token, [
      { type: "data_import", payload: { rows: big } },
      { type: "data_import", payload: { rows: near } },
      { type: "data_import", payload: { rows: productRows(3, "SMALL") } },
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const [bigRow, nearRow, smallRow] = await Promise.all(results.map((r) => getJobById(db(), r.job?.id ?? "")));
    expect(bigRow?.inputKey).toMatch(/^inputs\/.*\.ndjson$/);
    expect(await env.FILES.head(bigRow?.inputKey ?? "")).not.toBeNull();
    expect(nearRow?.inputKey).toBeNull();
    expect(JSON.parse(nearRow?.payload ?? "null")).toEqual({ rows: near });
    expect(JSON.parse(smallRow?.payload ?? "null")).toEqual({ rows: productRows(3, "SMALL") });
    const totals = [];
    for (const r of results) {
      totals.push((await waitForJob(ws.admin.token, r.job?.id ?? "", hasStatus("completed"), 60_000)).processed);
    }
    expect(totals).toEqual([12_000, 6_000, 3]);
  }, 90_000);

  it("writes the lot in one D1 batch and enqueues it once, after publishing every new job", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { deps, counts, calls, sent } = countingDeps();
    const items = Array.from({ length: 500 }, (_, i) => flaky({ idempotency_key: `k-${i % 250}` }));
    const outcomes = await createJobBatch(deps, {
      workspaceId: ws.workspaceId,
      items: [...items, { type: "nope" }],
      createdBy: { id: ws.admin.userId, label: ws.admin.email },
      idempotencyScope: { kind: "api", userId: ws.admin.userId },
    });
    expect(outcomes.map((o) => o.status)).toEqual([...Array(250).fill(201), ...Array(250).fill(200), 422]);
    // The jobs insert, the events insert, admission, the metrics and the read of the keyed jobs; nothing else.
    expect(counts).toEqual({ prepared: 5, batches: [5] });
    expect(calls).toEqual([...Array(250).fill("transition"), "flush", "enqueueMany"]);
    // Only the workspace's four slots go on the queue, oldest first; the other 246 wait in D1.
    expect(sent[0]?.map((m) => m.jobId)).toEqual(outcomes.slice(0, 4).map((o) => ("job" in o ? o.job.id : null)));
    expect(outcomes.filter((o) => o.status === 201 && o.job.admitted)).toHaveLength(4);
    expect(sent[0]?.every((m) => m.run === 1 && m.lease === null && m.workspaceId === ws.workspaceId)).toBe(true);
    const { events } = await getJob(ws.admin.token, sent[0]?.[0]?.jobId ?? "");
    expect(events.filter((e) => e.kind === "created")).toHaveLength(1);
  });

  it("splits the jobs rows into inserts of at most ~600 KB of JSON, all in the same D1 batch", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { deps, counts } = countingDeps();
    // About 106 KB of payload each, 125 KB once escaped in its row: four fit in one insert, so 12 need three.
    const payloads = Array.from({ length: 12 }, (_, i) => ({ rows: productRows(1000, `P${i}`) }));
    expect(JSON.stringify(payloads[0]).length).toBeGreaterThan(100_000);
    const outcomes = await createJobBatch(deps, {
      workspaceId: ws.workspaceId,
      items: payloads.map((payload) => ({ type: "data_import", payload })),
      createdBy: { id: ws.admin.userId, label: ws.admin.email },
      idempotencyScope: { kind: "api", userId: ws.admin.userId },
    });
    expect(outcomes.map((o) => o.status)).toEqual(Array(12).fill(201));
    // Three jobs inserts, the events insert, admission and the metrics (no keys, so no read).
    expect(counts).toEqual({ prepared: 6, batches: [6] });
    for (const [i, outcome] of outcomes.entries()) {
      const row = await getJobById(db(), "job" in outcome ? outcome.job.id : "");
      expect([row?.total, JSON.parse(row?.payload ?? "null")]).toEqual([1000, payloads[i]]);
    }
  });
});

/** Engine deps whose D1 counts what reaches it, and whose queue and publisher record their calls in order. */
function countingDeps() {
  const counts = { prepared: 0, batches: [] as number[] };
  const d1 = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare") {
        return (query: string) => {
          counts.prepared++;
          return target.prepare(query);
        };
      }
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          counts.batches.push(statements.length);
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const calls: string[] = [];
  const sent: JobMessage[][] = [];
  const enqueuer: Enqueuer = {
    enqueue: async () => void calls.push("enqueue"),
    enqueueMany: async (messages) => {
      calls.push("enqueueMany");
      sent.push(messages);
    },
    deadLetter: async () => {},
    enqueueCallback: async () => {},
    enqueueAlert: async () => {},
  };
  const deps: CreateDeps = {
    env: { ...env, DB: d1 },
    config: engineConfig(env),
    enqueuer,
    publisher: {
      transition: () => void calls.push("transition"),
      progress: () => {},
      flush: async () => void calls.push("flush"),
    },
  };
  return { deps, counts, calls, sent };
}
