// Time and rate (DESIGN.md "Time and rate"): a running job's wait, run time, rate and ETA band; per-minute metrics
// written with the transitions (exactly once under duplicate delivery), the series of GET /api/v1/metrics with its
// 422s, and GET /metrics parsed by a real Prometheus text-format parser.
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { metricsResponseSchema } from "../../worker/api/metrics.ts";
import type { JobMessage } from "../../worker/api/queue-messages.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import { consumeBatch } from "../../worker/jobs/consumer.ts";
import { createJob as createEngineJob } from "../../worker/jobs/create.ts";
import type { EngineDeps } from "../../worker/jobs/engine.ts";
import { sweep } from "../../worker/jobs/sweeper.ts";
import { silentPublisher } from "../../worker/live/publisher.ts";
import { api, getJob, makeWorkspace } from "../support/workerd/api.ts";

const slug = () => `ws${Math.random().toString(36).slice(2, 10)}`;

/** Engine deps whose queue is a list the test delivers by hand (a run budget of 0: one chunk per delivery). */
function handDeps(runBudgetMs = 0) {
  const sent: JobMessage[] = [];
  const deps: EngineDeps = {
    env,
    config: { ...engineConfig(env), runBudgetMs },
    publisher: silentPublisher,
    enqueuer: {
      enqueue: async (m) => {
        sent.push(m);
      },
      enqueueMany: async (ms) => {
        sent.push(...ms);
      },
      deadLetter: async () => {},
      enqueueCallback: async () => {},
      enqueueAlert: async () => {},
    },
  };
  return { deps, sent };
}

async function deliver(deps: EngineDeps, messages: JobMessage[]) {
  const batch = createMessageBatch(
    "dutyleak-jobs",
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeBatch(batch, deps, false);
}

async function drain(deps: EngineDeps, sent: JobMessage[], duplicate = false) {
  for (let round = 0; round < 100 && sent.length > 0; round++) {
    const batch = sent.splice(0);
    await deliver(deps, duplicate ? [...batch, ...batch] : batch);
  }
}

const create = (deps: EngineDeps, workspaceId: string, payload: Record<string, unknown>) =>
  createEngineJob(deps, { workspaceId, type: "test_flaky", payload, createdBy: null }).then((r) => r.job);

describe("a job's time and rate", () => {
  it("gives a running job its wait, run time, rate and an ETA band that holds its expected end", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { deps, sent } = handDeps();
    const job = await create(deps, ws.workspaceId, { items: 8, chunk: 1, delay_ms: 20 });
    const before = (await getJob(ws.admin.token, job.id)).job;
    expect(before).toMatchObject({ wait_ms: null, run_ms: 0, rate: null, eta_at: null });
    for (let i = 0; i < 3; i++) await deliver(deps, sent.splice(0));
    const running = (await getJob(ws.admin.token, job.id)).job;
    expect(running.status).toBe("running");
    expect(running.wait_ms).toBeGreaterThanOrEqual(0);
    expect(running.run_ms).toBeGreaterThanOrEqual(60);
    expect(running.rate).toBeGreaterThan(0);
    const [low, at, high] = [running.eta_low_at, running.eta_at, running.eta_high_at].map((t) => Date.parse(t ?? ""));
    expect(low).toBeLessThanOrEqual(at as number);
    expect(at).toBeLessThanOrEqual(high as number);
    // Five chunks of about 20 ms remain.
    expect((at as number) - Date.now()).toBeLessThan(5_000);
    await drain(deps, sent);
    const done = (await getJob(ws.admin.token, job.id)).job;
    expect(done).toMatchObject({ status: "completed", rate: null, eta_at: null });
    expect(done.run_ms).toBeGreaterThanOrEqual(160);
  });
});

describe("GET /api/v1/metrics", () => {
  it("counts every transition once per minute and type, with wait and run quantiles, whatever the duplicates", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const from = new Date(Date.now() - 60_000).toISOString();
    const { deps, sent } = handDeps(5_000);
    for (let i = 0; i < 3; i++) await create(deps, ws.workspaceId, { items: 2, chunk: 1 });
    await create(deps, ws.workspaceId, { items: 1, permanent: true });
    await drain(deps, sent, true);
    const res = await api("GET", `/api/v1/metrics?from=${from}&step=1h`, { token: ws.admin.token });
    expect(res.status, res.text).toBe(200);
    const body = metricsResponseSchema.parse(res.json);
    const sum = (key: "created" | "started" | "completed" | "failed" | "items") =>
      body.series.reduce((total, p) => total + p[key], 0);
    expect([sum("created"), sum("started"), sum("completed"), sum("failed"), sum("items")]).toEqual([4, 4, 3, 1, 6]);
    const point = body.series.find((p) => p.completed > 0);
    expect(point?.failure_rate).toBeCloseTo(0.25);
    expect(point?.wait_p50_ms).not.toBeNull();
    expect(point?.run_p95_ms).not.toBeNull();
    // The minute series has the same counts.
    const minutes = metricsResponseSchema.parse(
      (await api("GET", `/api/v1/metrics?from=${from}&step=1m&type=test_flaky`, { token: ws.admin.token })).json,
    );
    expect(minutes.series.reduce((total, p) => total + p.completed, 0)).toBe(3);
    expect((await api("GET", "/api/v1/metrics", { token: ws.member.token })).status).toBe(403);
  });

  it("samples queue depth per type into the gauges", async () => {
    const ws = await makeWorkspace(slug(), ["admin"], { maxRunning: 1 });
    const { deps } = handDeps();
    for (let i = 0; i < 3; i++) await create(deps, ws.workspaceId, { items: 1 });
    await sweep(env, deps.enqueuer, Date.now(), ws.workspaceId);
    const body = metricsResponseSchema.parse((await api("GET", "/api/v1/metrics", { token: ws.admin.token })).json);
    expect(body.series.at(-1)?.queued).toBe(3);
    expect(body.queued_by_type.test_flaky?.at(-1)).toBe(3);
    expect(body.queued_by_type.test_flaky).toHaveLength(body.series.length);
  });

  it("answers bad ranges, steps and types with a 422 and details, and an empty range with an empty series", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const bad: [string, string][] = [
      [`from=${iso(now)}&to=${iso(now - 60_000)}`, "from"],
      [`from=${iso(now - 15 * 86_400_000)}&to=${iso(now)}&step=1d`, "to"],
      ["step=2m", "step"],
      [`from=${iso(now - 3 * 86_400_000)}&to=${iso(now - 2.9 * 86_400_000)}&step=1m`, "step"],
      ["type=mine_bitcoin", "type"],
      ["from=yesterday", "from"],
    ];
    for (const [query, field] of bad) {
      const res = await api("GET", `/api/v1/metrics?${query}`, { token: ws.admin.token });
      expect(res.status, query).toBe(422);
      expect(Object.keys(res.json.error.details), query).toContain(field);
    }
    const empty = await api("GET", `/api/v1/metrics?from=${iso(now)}&to=${iso(now)}`, { token: ws.admin.token });
    expect(empty.status).toBe(200);
    expect(empty.json.series).toEqual([]);
  });
});

describe("GET /metrics (OpenMetrics)", () => {
  it("serves counters, gauges and histograms a Prometheus parser reads, to owners and admins", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const { deps, sent } = handDeps(5_000);
    for (let i = 0; i < 2; i++) await create(deps, ws.workspaceId, { items: 1 });
    await drain(deps, sent);
    const res = await api("GET", "/metrics", { token: ws.admin.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/openmetrics-text");
    expect(res.text.endsWith("# EOF\n")).toBe(true);
    // The parser reads the Prometheus text format, which OpenMetrics extends only by its # EOF line.
    const families = parsePrometheusTextFormat(res.text.replace("# EOF\n", "")) as {
      name: string;
      type: string;
      metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string }[];
    }[];
    const family = (name: string) => families.find((f) => f.name === name);
    // OpenMetrics names a counter's family without `_total` and its sample with it; the Prometheus 0.0.4 parser
    // reads such a sample as a family of its own (untyped), so the family's type is checked in the text.
    expect(res.text).toContain("# TYPE dutyleak_jobs_completed counter");
    const completed = family("dutyleak_jobs_completed_total");
    expect(completed?.metrics.find((m) => m.labels?.type === "test_flaky")?.value).toBe("2");
    expect(family("dutyleak_jobs_queued")?.type).toBe("GAUGE");
    const run = family("dutyleak_job_run_seconds");
    expect(run?.type).toBe("HISTOGRAM");
    // Every type has its buckets; only the two test jobs ran, so one series reaches 2 at +Inf, cumulatively.
    const reached = run?.metrics.filter((m) => m.buckets?.["+Inf"] === "2") ?? [];
    expect(reached).toHaveLength(1);
    const bounds = Object.values(reached[0]?.buckets ?? {}).map(Number);
    expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
    expect((await api("GET", "/metrics", { token: ws.member.token })).status).toBe(403);
    expect((await api("GET", "/metrics")).status).toBe(401);
  });
});
