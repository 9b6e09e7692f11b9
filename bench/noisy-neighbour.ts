// `noisy`: the noisy neighbour (issue 17, DESIGN.md "Lanes"). Workspace A (acme) submits 2,000 one-chunk test_flaky
// jobs through POST /api/v1/jobs/batch (1,000 a request); one second after A's last batch was answered, workspace B
// (globex) submits 20 the same way. B's wait is started_at − created_at of each of its jobs (the server's own
// timestamps), against B's 20 alone on the idle stack just before; A's throughput is its jobs over the span from its
// first created_at to its last completed_at (from its list pages), against A's 2,000 alone just before. Three set-ups in one
// `wrangler dev`, each run to the end before the next: lanes as shipped (A and B at the default max_running 4), lanes
// with A at 50 (the API's maximum) and B at 4, and admission switched off (today's FIFO: both at 1,000,000, so every
// job is admitted, and sent to the queue, when it is created). The limits are written straight into D1, as the API
// caps them at 50 and B's only login is an admin; nothing is waiting when they change, and every admission reads them.
// An untimed warm-up comes first; a phase during which wrangler dev replaced its workerd (a watched file changed in the
// checkout, which drops the local queue's messages) is run again once the sweeper has finished its leftovers.
import os from "node:os";
import { isTerminal } from "../worker/api/lifecycle.ts";
import { type BatchCreateResult, type JobListResponse, type JobStatus, MAX_BATCH_JOBS } from "../worker/api/schema.ts";
import { countsOf, getJob, listJobs } from "./lib/api.ts";
import type { Bench, BenchContext } from "./lib/bench.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { Restarted, RestartWatch } from "./lib/restarts.ts";
import { type Row, ratio } from "./lib/results.ts";
import type { Stack } from "./lib/stack.ts";
import { type Summary, sleep, summarize } from "./lib/stats.ts";
import { query } from "./seed/d1-execute.ts";

const FULL = { a: 2_000, b: 20, warmup: 300, phaseMaxMs: 240_000, raised: true };
/** Smoke counts, and without the set-up with A at 50 (the same code with another number). */
const QUICK = { a: 200, b: 5, warmup: 50, phaseMaxMs: 60_000, raised: false };
/** B submits this long after A's last batch was answered. */
const B_AFTER_MS = 1_000;
const POLL_MS = 250;
/** GET /api/v1/jobs's largest page. */
const LIST_LIMIT = 200;
/** Pause between phases, so that the hub's publishes and the last acks of one phase are not in the next. */
const SETTLE_MS = 1_000;
const TRIVIAL = { items: 1, chunk: 1 };
const TYPE = "test_flaky";
/** "Admission off": a limit no workspace reaches, so every job is admitted (and enqueued) at creation. */
const FIFO_LIMIT = 1_000_000;
const SHIPPED_LIMIT = 4;
const A_RAISED_LIMIT = 50;
const B_P99_VS_IDLE = 2;
const A_VS_ALONE = 0.9;
/** Tries of one phase when wrangler dev restarts the worker during it, and how long the leftovers get to end. */
const MAX_ATTEMPTS = 3;
const QUIESCE_MAX_MS = 180_000;

type Counts = typeof FULL;

const n = (x: number) => x.toLocaleString("en-US");
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const waits = (w: Summary) => `p50 ${w.p50.toFixed(0)} ms, p99 ${w.p99.toFixed(0)} ms, max ${w.max.toFixed(0)} ms`;

interface Tenant {
  name: "A" | "B";
  /** The stack with this workspace's token: what bench/lib/api.ts calls with. */
  api: Stack;
  workspaceId: string;
  /** Jobs submitted so far in the run (every one of them has ended between phases). */
  submitted: number;
}

interface Ctx {
  stack: Stack;
  log: BenchContext["log"];
  note: BenchContext["note"];
}

interface Limits {
  label: string;
  a: number;
  b: number;
}

interface Submitted {
  ids: string[];
  /** How many of them came back waiting for a slot (waiting.reason = workspace_limit). */
  waitingAtCreation: number;
  requestMs: number;
}

interface AFigure {
  completed: number;
  spanMs: number;
  perSecond: number;
  cpuMsPerJob: number | null;
  submitMs: number;
  /** The 1-minute load average when the phase started (other work on the machine skews the figure). */
  load: number;
}

interface BFigure {
  waits: Summary;
  waitingAtCreation: number;
  /** A's jobs not yet started when B submitted (pending, admitted or not). */
  aheadOfB: number | null;
}

/** A poll that failed (e.g. the worker restarting) is asked again; only 10 failures in a row end the run. */
async function patiently<T>(read: () => Promise<T>): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await read();
    } catch (error) {
      if (failures >= 10) throw error;
      await sleep(1_000);
    }
  }
}

async function tenantB(stack: Stack): Promise<Tenant> {
  const response = await fetch(`${stack.url}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@globex.test", password: stack.seed.password, workspace: "globex" }),
  });
  if (response.status !== 201) throw new Error(`POST /api/v1/tokens (globex) answered ${response.status}`);
  const { token, workspace } = (await response.json()) as { token: string; workspace: { id: string } };
  const api: Stack = { ...stack, token, auth: { authorization: `Bearer ${token}` }, workspaceId: workspace.id };
  return { name: "B", api, workspaceId: workspace.id, submitted: 0 };
}

/** The workspace's max_running through the API, which reads what admission reads. */
async function maxRunning(t: Tenant): Promise<number | undefined> {
  const response = await fetch(`${t.api.url}/api/v1/settings`, { headers: t.api.auth });
  return ((await response.json()) as { max_running?: number }).max_running;
}

/** Both workspaces' max_running, straight in D1 unless they are set already; then read back through the API. */
async function setLimits(stack: Stack, a: Tenant, b: Tenant, limits: Limits): Promise<void> {
  if ((await maxRunning(a)) === limits.a && (await maxRunning(b)) === limits.b) return;
  await query(
    stack.persistTo,
    `UPDATE workspaces SET max_running = CASE id WHEN '${a.workspaceId}' THEN ${limits.a} ELSE ${limits.b} END WHERE id IN ('${a.workspaceId}', '${b.workspaceId}')`,
  );
  for (const [tenant, want] of [
    [a, limits.a],
    [b, limits.b],
  ] as const) {
    const got = await maxRunning(tenant);
    if (got !== want) throw new Error(`workspace ${tenant.name}'s max_running is ${got}, not ${want}`);
  }
}

/** `count` trivial jobs in batches of up to 1,000, one request after another. */
async function submit(t: Tenant, count: number): Promise<Submitted> {
  const ids: string[] = [];
  let waitingAtCreation = 0;
  const started = performance.now();
  for (let done = 0; done < count; done += MAX_BATCH_JOBS) {
    const size = Math.min(MAX_BATCH_JOBS, count - done);
    const response = await fetch(`${t.api.url}/api/v1/jobs/batch`, {
      method: "POST",
      headers: { ...t.api.auth, "content-type": "application/json" },
      body: JSON.stringify({ jobs: Array.from({ length: size }, () => ({ type: TYPE, payload: TRIVIAL })) }),
    });
    if (response.status !== 200)
      throw new Error(`${t.name}: POST /api/v1/jobs/batch answered ${response.status}: ${await response.text()}`);
    t.submitted += size;
    const { results } = (await response.json()) as { results: BatchCreateResult[] };
    for (const result of results) {
      if (result.status !== 201 || !result.job) throw new Error(`${t.name}: a batch item answered ${result.status}`);
      ids.push(result.job.id);
      if (result.job.waiting?.reason === "workspace_limit") waitingAtCreation++;
    }
  }
  return { ids, waitingAtCreation, requestMs: performance.now() - started };
}

const endedOf = (counts: JobListResponse["counts"]) =>
  Object.entries(counts).reduce((sum, [status, c]) => (isTerminal(status as JobStatus) ? sum + c : sum), 0);

const ended = async (t: Tenant) => endedOf(await patiently(() => countsOf(t.api, TYPE)));

/** B's waits (started_at − created_at) from the API; every job must have completed. */
async function bWaits(b: Tenant, ids: string[]): Promise<Summary> {
  const samples: number[] = [];
  for (const id of ids) {
    const job = await patiently(() => getJob(b.api, id));
    if (job.status !== "completed" || !job.started_at) throw new Error(`B's job ${id} ended ${job.status}`);
    samples.push(Date.parse(job.started_at) - Date.parse(job.created_at));
  }
  return summarize(samples);
}

/** A's jobs/s from its first created_at to its last completed_at: its list pages (newest first) down to the oldest. */
async function aSpan(a: Tenant, ids: string[]) {
  const wanted = new Set(ids);
  const oldest = [...ids].sort()[0] ?? "";
  let cursor: string | null = null;
  let [first, last, completed, seen] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 0];
  for (;;) {
    const query: Record<string, string> = { type: TYPE, limit: String(LIST_LIMIT), ...(cursor ? { cursor } : {}) };
    const page = await patiently(() => listJobs(a.api, query));
    for (const job of page.jobs) {
      if (!wanted.has(job.id)) continue;
      seen++;
      first = Math.min(first, Date.parse(job.created_at));
      if (job.status === "completed" && job.completed_at) {
        completed++;
        last = Math.max(last, Date.parse(job.completed_at));
      }
    }
    if (seen >= wanted.size || !page.next_cursor || (page.jobs.at(-1)?.id ?? "") < oldest) break;
    cursor = page.next_cursor;
  }
  if (completed === 0) throw new Error("none of A's jobs completed");
  const spanMs = last - first;
  return { completed, spanMs, perSecond: (completed * 1000) / spanMs };
}

interface PhaseResult {
  a: AFigure;
  b: BFigure | null;
}

/** Waits until `expected` more of the tenant's jobs have ended than `before`; false at the deadline. */
async function waitForEnds(t: Tenant, before: number, expected: number, deadline: number, watch: RestartWatch) {
  while (performance.now() < deadline) {
    watch.check();
    if ((await ended(t)) - before >= expected) return true;
    await sleep(POLL_MS);
  }
  watch.check();
  return false;
}

/** B's jobs alone on the idle stack. */
async function bAlone(stack: Stack, b: Tenant, c: Counts): Promise<BFigure> {
  const watch = new RestartWatch(stack.pid);
  return watch.around(async () => {
    const before = await ended(b);
    const sent = await submit(b, c.b);
    if (!(await waitForEnds(b, before, c.b, performance.now() + c.phaseMaxMs, watch)))
      throw new Error(`B's ${c.b} jobs alone did not end within ${s(c.phaseMaxMs)}`);
    const figure = { waits: await bWaits(b, sent.ids), waitingAtCreation: sent.waitingAtCreation, aheadOfB: null };
    watch.check();
    await sleep(SETTLE_MS);
    return figure;
  });
}

/** A's jobs, and B's 1 s after them when `withB`; the phase ends when all of both have ended. */
async function phase(stack: Stack, a: Tenant, b: Tenant, c: Counts, withB: boolean): Promise<PhaseResult> {
  const watch = new RestartWatch(stack.pid);
  return watch.around(async () => {
    const [aBefore, bBefore] = [await ended(a), await ended(b)];
    const deadline = performance.now() + c.phaseMaxMs;
    const cpu = cpuMeter(stack.pid);
    const load = os.loadavg()[0] ?? 0;
    const aSent = await submit(a, c.a);
    let bFigure: BFigure | null = null;
    if (withB) {
      await sleep(B_AFTER_MS);
      const counts = await countsOf(a.api, TYPE).catch(() => null);
      const bSent = await submit(b, c.b);
      if (!(await waitForEnds(b, bBefore, c.b, deadline, watch)))
        throw new Error(`B's ${c.b} jobs did not end within ${s(c.phaseMaxMs)} of A's submission`);
      bFigure = {
        waits: await bWaits(b, bSent.ids),
        waitingAtCreation: bSent.waitingAtCreation,
        aheadOfB: counts ? (counts.pending ?? 0) : null,
      };
    }
    if (!(await waitForEnds(a, aBefore, c.a, deadline, watch)))
      throw new Error(`A's ${n(c.a)} jobs did not end within ${s(c.phaseMaxMs)}`);
    const cpuMsPerJob = cpu.per(c.a + (withB ? c.b : 0));
    watch.check();
    const span = await aSpan(a, aSent.ids);
    if (span.completed < c.a) throw new Error(`only ${n(span.completed)} of A's ${n(c.a)} jobs completed`);
    const aFigure: AFigure = { ...span, cpuMsPerJob, submitMs: aSent.requestMs, load };
    await sleep(SETTLE_MS);
    return { a: aFigure, b: bFigure };
  });
}

/** After a restart: every job either tenant submitted has ended (the sweeper re-sends what the reload dropped). */
async function quiesce(stack: Stack, tenants: Tenant[]): Promise<void> {
  const deadline = performance.now() + QUIESCE_MAX_MS;
  for (;;) {
    const left = await Promise.all(tenants.map(async (t) => t.submitted - (await ended(t))));
    if (left.every((x) => x <= 0)) return;
    if (performance.now() >= deadline)
      throw new Error(`${left.join(" + ")} jobs still unfinished ${s(QUIESCE_MAX_MS)} after a restart`);
    await fetch(`${stack.url}/__dev/sweep`, { method: "POST" })
      .then((r) => r.arrayBuffer())
      .catch(() => null);
    await sleep(2_000);
  }
}

/** Runs a phase again (up to MAX_ATTEMPTS in all) when wrangler dev restarted the worker during it. */
async function guarded<T>(ctx: Ctx, tenants: Tenant[], what: string, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof Restarted)) throw error;
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`${what}: wrangler dev restarted the worker in all ${attempt} tries`);
      ctx.log(`${what}: wrangler dev restarted the worker meanwhile; waiting for the jobs to end, then again`);
      ctx.note(`${what} was run again: wrangler dev restarted the worker during it (a watched source file changed)`);
      await quiesce(ctx.stack, tenants);
      await sleep(SETTLE_MS);
    }
  }
}

interface SetupResult {
  limits: Limits;
  bIdle: BFigure;
  aAlone: AFigure;
  a: AFigure;
  b: BFigure;
}

async function setup(ctx: Ctx, a: Tenant, b: Tenant, c: Counts, limits: Limits, bIdle: BFigure | null) {
  const { stack } = ctx;
  await setLimits(stack, a, b, limits);
  const tenants = [a, b];
  const idle = bIdle ?? (await guarded(ctx, tenants, `${limits.label}, B alone`, () => bAlone(stack, b, c)));
  if (!bIdle) ctx.log(`${limits.label}: B alone, ${waits(idle.waits)}`);
  const alone = (await guarded(ctx, tenants, `${limits.label}, A alone`, () => phase(stack, a, b, c, false))).a;
  ctx.log(`${limits.label}: A alone, ${describeA(alone)}`);
  const together = await guarded(ctx, tenants, `${limits.label}, A with B`, () => phase(stack, a, b, c, true));
  const bFigure = together.b as BFigure;
  ctx.log(`${limits.label}: A with B, ${describeA(together.a)}; B, ${describeB(bFigure)}`);
  return { limits, bIdle: idle, aAlone: alone, a: together.a, b: bFigure } satisfies SetupResult;
}

function describeA(f: AFigure): string {
  const cpu = f.cpuMsPerJob === null ? "" : `, ${f.cpuMsPerJob.toFixed(2)} CPU-ms per job`;
  return `${n(f.completed)} completed ${s(f.spanMs)} after the first was created (${f.perSecond.toFixed(1)} jobs/s; the batch requests took ${s(f.submitMs)})${cpu}; load ${f.load.toFixed(2)} at the start`;
}

function describeB(f: BFigure): string {
  const ahead = f.aheadOfB === null ? "" : `; ${n(f.aheadOfB)} of A's jobs had not started when B submitted`;
  return `${waits(f.waits)}; ${f.waitingAtCreation} of B's jobs came back waiting for a slot${ahead}`;
}

function bRow(r: SetupResult, c: Counts, lanes: boolean): Row {
  const r99 = ratio(r.b.waits.p99, r.bIdle.waits.p99);
  return {
    bench: "noisy",
    measure: `B's wait (started − created), ${c.b} jobs 1 s after A's ${n(c.a)}: ${r.limits.label}`,
    unit: "ms",
    value: r.b.waits.p99,
    p50: r.b.waits.p50,
    p99: r.b.waits.p99,
    peer: {
      label: `B's ${c.b} alone, idle stack, same limits`,
      value: r.bIdle.waits.p99,
      p50: r.bIdle.waits.p50,
      p99: r.bIdle.waits.p99,
    },
    ratio: r99,
    target: lanes ? `p99 ≤ ${B_P99_VS_IDLE}× B alone` : "",
    met: lanes && r99 !== null ? r99 <= B_P99_VS_IDLE : null,
    note: `ratio on p99; B: ${describeB(r.b)}; B alone: ${waits(r.bIdle.waits)}`,
  };
}

function aRow(r: SetupResult, c: Counts, lanes: boolean): Row {
  const vsAlone = ratio(r.a.perSecond, r.aAlone.perSecond);
  return {
    bench: "noisy",
    measure: `A's throughput, ${n(c.a)} jobs with B's ${c.b}, first created → last completed: ${r.limits.label}`,
    unit: "jobs/s",
    value: r.a.perSecond,
    cpu_ms: r.a.cpuMsPerJob,
    peer: { label: `A's ${n(c.a)} alone, same limits`, value: r.aAlone.perSecond },
    ratio: vsAlone,
    target: lanes ? `≥ ${A_VS_ALONE}× A alone` : "",
    met: lanes && vsAlone !== null ? vsAlone >= A_VS_ALONE : null,
    floor_of: ["drain-sql"],
    note: `A with B: ${describeA(r.a)}; A alone: ${describeA(r.aAlone)}; CPU-ms per job counts B's jobs too`,
  };
}

/** A alone under lanes against A alone with admission off: what admission itself costs a lone workspace. */
function costRow(r: SetupResult, c: Counts, fifo: SetupResult): Row {
  return {
    bench: "noisy",
    measure: `A's ${n(c.a)} alone, first created → last completed: ${r.limits.label}`,
    unit: "jobs/s",
    value: r.aAlone.perSecond,
    cpu_ms: r.aAlone.cpuMsPerJob,
    peer: { label: `A's ${n(c.a)} alone, ${fifo.limits.label}`, value: fifo.aAlone.perSecond },
    ratio: ratio(r.aAlone.perSecond, fifo.aAlone.perSecond),
    floor_of: ["drain-sql"],
    note: `what admission costs a workspace with the stack to itself: lanes: ${describeA(r.aAlone)}; admission off: ${describeA(fifo.aAlone)}`,
  };
}

export const noisy: Bench = {
  name: "noisy",
  wrangler: "own",
  redis: false,
  async run(bench) {
    const stack = bench.stack();
    const ctx: Ctx = { stack, log: bench.log, note: bench.note };
    const c = bench.quick ? QUICK : FULL;
    const a: Tenant = { name: "A", api: stack, workspaceId: stack.workspaceId, submitted: 0 };
    const b = await tenantB(stack);
    const shipped: Limits = {
      label: `lanes on, A and B at max_running ${SHIPPED_LIMIT} (as shipped)`,
      a: SHIPPED_LIMIT,
      b: SHIPPED_LIMIT,
    };
    const raised: Limits = {
      label: `lanes on, A at ${A_RAISED_LIMIT} (the API's maximum), B at ${SHIPPED_LIMIT}`,
      a: A_RAISED_LIMIT,
      b: SHIPPED_LIMIT,
    };
    const off: Limits = { label: `admission off (FIFO: both at ${n(FIFO_LIMIT)})`, a: FIFO_LIMIT, b: FIFO_LIMIT };

    // A fresh stack's first burst runs slower (the first phase measured came out at ~0.6× the same phase run later):
    // an untimed one from each workspace first, as shipped.
    await setLimits(stack, a, b, shipped);
    await guarded(ctx, [a, b], "warm-up", async () => {
      const watch = new RestartWatch(stack.pid);
      return watch.around(async () => {
        const [aBefore, bBefore] = [await ended(a), await ended(b)];
        await submit(a, c.warmup);
        await submit(b, c.b);
        const deadline = performance.now() + c.phaseMaxMs;
        for (const [t, before, count] of [
          [a, aBefore, c.warmup],
          [b, bBefore, c.b],
        ] as const)
          if (!(await waitForEnds(t, before, count, deadline, watch))) throw new Error("the warm-up did not end");
        await sleep(SETTLE_MS);
      });
    });
    const onShipped = await setup(ctx, a, b, c, shipped, null);
    // B's own limit is the same, and A is idle when B runs alone: the same idle figure holds.
    const onRaised = c.raised ? await setup(ctx, a, b, c, raised, onShipped.bIdle) : null;
    const fifo = await setup(ctx, a, b, c, off, null);
    bench.note(
      `B's ${c.b} jobs wait for B's own ${SHIPPED_LIMIT} slots too when lanes are on (alone: p99 ${onShipped.bIdle.waits.p99.toFixed(0)} ms; with admission off: ${fifo.bIdle.waits.p99.toFixed(0)} ms), so each B row compares with B alone under the same limits; p99 of ${c.b} samples is their slowest`,
    );
    return [
      bRow(onShipped, c, true),
      ...(onRaised ? [bRow(onRaised, c, true)] : []),
      bRow(fifo, c, false),
      {
        bench: "noisy",
        measure: `B's ${c.b} jobs alone on the idle stack, wait (started − created): B at max_running ${SHIPPED_LIMIT}`,
        unit: "ms",
        value: onShipped.bIdle.waits.p99,
        p50: onShipped.bIdle.waits.p50,
        p99: onShipped.bIdle.waits.p99,
        note: `${describeB(onShipped.bIdle)}; with admission off: ${waits(fifo.bIdle.waits)}`,
      },
      aRow(onShipped, c, true),
      ...(onRaised ? [aRow(onRaised, c, true)] : []),
      aRow(fifo, c, false),
      costRow(onShipped, c, fifo),
      ...(onRaised ? [costRow(onRaised, c, fifo)] : []),
    ] satisfies Row[];
  },
};
