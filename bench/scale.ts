// `scale`: issue 21's benchmark. One wrangler dev of its own, its D1 seeded with 100,000 ended jobs (three events each,
// half of them ended more than 10 days ago) and 14 days of metrics: p50/p99 of GET /api/v1/jobs page 1, two searches
// and two metrics ranges; then 900,000 more jobs of the same make-up and the same requests again, each held to 1.25×
// its 100,000-job p50 from the same run. Then retention goes down to 10 days (the owner's PATCH /api/v1/settings) and
// the pruner runs round after round (POST /__dev/prune) until the old half, 500,000 jobs, is archived, while one
// client times GET /api/v1/jobs page 1 one request after another (target p99 ≤ 500 ms); reported as jobs and rows
// (jobs + events) archived per second. Afterwards D1 must hold exactly the recent half, and job_counts must agree with
// it per status and type; the bench fails if not.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getStatus, listJobs, signIn } from "./lib/api.ts";
import type { Bench, BenchContext } from "./lib/bench.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { pruneUntilDone, setRetention } from "./lib/prune.ts";
import { Restarted, RestartWatch } from "./lib/restarts.ts";
import type { Row } from "./lib/results.ts";
import type { Stack } from "./lib/stack.ts";
import { repeat, type Summary, summarize } from "./lib/stats.ts";
import { executeFile, query } from "./seed/d1-execute.ts";
import { seededSku } from "./seed/jobs-sql.ts";
import { writeMetricsSeedFiles } from "./seed/metrics-sql.ts";
import { RETENTION_DAYS, seedScaleJobs } from "./seed/seed-scale.ts";

const FULL = { base: 100_000, scaled: 1_000_000, reps: 50, minuteHours: 48, hourDays: 14, pruneMaxMs: 900_000 };
/** Smoke counts: 3,000 then 30,000 jobs, half of them pruned, a few hours of metrics. */
const QUICK = { base: 3_000, scaled: 30_000, reps: 10, minuteHours: 3, hourDays: 2, pruneMaxMs: 120_000 };
type Counts = typeof FULL;

const RATIO_TARGET = 1.25;
const PRUNE_P99_MS = 500;
const REP_MAX_MS = 60_000;
const MAX_ATTEMPTS = 3;
const DAY_MS = 86_400_000;

const n = (x: number) => x.toLocaleString("en-US");
const ms = (x: number) => `${x.toFixed(1)} ms`;
const plural = (x: number, one: string) => `${n(x)} ${one}${x === 1 ? "" : "s"}`;

interface Case {
  label: string;
  /** Built per request, so a range "ending now" ends now. */
  url(stack: Stack): string;
}

function cases(c: Counts): Case[] {
  // Jobs whose index is a multiple of 4 are imports, each with its own SKU; this one is among the first 100,000.
  const sku = seededSku(Math.floor(c.base / 8) * 4);
  return [
    { label: "GET /api/v1/jobs page 1", url: (s) => `${s.url}/api/v1/jobs` },
    {
      label: `GET /api/v1/jobs?q = one import's SKU (${sku}: 1 match at either size)`,
      url: (s) => `${s.url}/api/v1/jobs?q=${sku}`,
    },
    {
      label: "GET /api/v1/jobs?q = an error word (unreachable: ~3 % of the jobs, so 10× the matches)",
      url: (s) => `${s.url}/api/v1/jobs?q=unreachable`,
    },
    { label: "GET /api/v1/metrics, default range (last hour, step 1m)", url: (s) => `${s.url}/api/v1/metrics` },
    {
      label: "GET /api/v1/metrics, last 14 days, step 1h",
      url: (s) => {
        const to = Date.now();
        const q = new URLSearchParams({
          from: new Date(to - 14 * DAY_MS).toISOString(),
          to: new Date(to).toISOString(),
          step: "1h",
        });
        return `${s.url}/api/v1/metrics?${q}`;
      },
    },
  ];
}

type Timed = Summary & { cpuMs: number | null };

/** `reps` GETs one after another after an untimed one (it warms the pages it reads); every answer must be a 200. */
async function timeCase(stack: Stack, k: Case, reps: number): Promise<Timed> {
  const get = async () => {
    const status = await getStatus(k.url(stack), stack.auth);
    if (status !== 200) throw new Error(`${k.label} answered ${status}`);
  };
  await get();
  const cpu = cpuMeter(stack.pid);
  const samples = await repeat(reps, REP_MAX_MS, get);
  return { ...summarize(samples), cpuMs: cpu.per(samples.length) };
}

/** A measurement during which wrangler dev replaced its workerd (a watched file changed) is taken again. */
async function guarded<T>(ctx: BenchContext, stack: Stack, what: string, body: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const watch = new RestartWatch(stack.pid);
    try {
      const result = await watch.around(body);
      watch.check();
      return result;
    } catch (error) {
      if (!(error instanceof Restarted)) throw error;
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`${what}: wrangler dev restarted the worker in all ${attempt} tries`);
      ctx.log(`${what}: wrangler dev restarted the worker meanwhile; again`);
      ctx.note(`${what} was measured again: wrangler dev restarted the worker during it (a watched file changed)`);
    }
  }
}

async function measureAll(ctx: BenchContext, stack: Stack, c: Counts, jobs: number): Promise<Timed[]> {
  const timed: Timed[] = [];
  for (const k of cases(c)) {
    const t = await guarded(ctx, stack, `${k.label} at ${n(jobs)} jobs`, () => timeCase(stack, k, c.reps));
    ctx.log(`${n(jobs)} jobs: ${k.label}: p50 ${ms(t.p50)}, p99 ${ms(t.p99)}`);
    timed.push(t);
  }
  return timed;
}

async function seedMetrics(stack: Stack, c: Counts): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dutyleak-bench-scale-metrics-"));
  try {
    const seeded = writeMetricsSeedFiles({
      dir,
      workspaceId: stack.workspaceId,
      now: Date.now(),
      minuteHours: c.minuteHours,
      hourDays: c.hourDays,
      rowsPerStatement: 500,
      statementsPerFile: 100,
    });
    for (const file of seeded.files) await executeFile(stack.persistTo, file, 180_000);
    return seeded.minuteRows + seeded.hourRows + seeded.totalRows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seeds jobs `first`…`first + count − 1` and checks that the API counts `total` afterwards. */
async function seedJobs(ctx: BenchContext, stack: Stack, first: number, count: number, total: number) {
  ctx.log(`seeding ${n(count)} jobs (and their events) …`);
  const seeded = await seedScaleJobs(stack, first, count, (done, s) =>
    ctx.log(`… ${n(done)} of ${n(count)} in ${s.toFixed(0)} s`),
  );
  const counted = Object.values((await listJobs(stack, { limit: "1" })).counts).reduce((a, b) => a + b, 0);
  if (counted !== total) throw new Error(`the API counts ${n(counted)} jobs after seeding ${n(total)}`);
  const line = `seeded ${n(count)} jobs and ${n(seeded.events)} events in ${seeded.seconds.toFixed(0)} s (${n(Math.round(count / seeded.seconds))} jobs/s through wrangler d1 execute, the count and search triggers running per row): ${JSON.stringify(seeded.byStatus)}`;
  ctx.log(line);
  ctx.note(line);
}

function scaleRows(c: Counts, base: Timed[], scaled: Timed[]): Row[] {
  return cases(c).flatMap((k, i) => {
    const small = base[i] as Timed;
    const large = scaled[i] as Timed;
    const ratio = small.p50 > 0 ? large.p50 / small.p50 : null;
    const common = { bench: "scale", unit: "ms", floor_of: ["hello-serial"] };
    return [
      {
        ...common,
        measure: `${k.label}, ${n(c.base)} jobs`,
        value: small.p50,
        p50: small.p50,
        p99: small.p99,
        cpu_ms: small.cpuMs,
        note: `${n(small.n)} requests one after another; the figure the ${n(c.scaled)}-job row is held to`,
      },
      {
        ...common,
        measure: `${k.label}, ${n(c.scaled)} jobs`,
        value: large.p50,
        p50: large.p50,
        p99: large.p99,
        cpu_ms: large.cpuMs,
        ratio,
        target: `≤ ${RATIO_TARGET}× its ${n(c.base)}-job p50 (same run)`,
        met: ratio === null ? null : ratio <= RATIO_TARGET,
        note: `${n(large.n)} requests; at ${n(c.base)} jobs p50 ${ms(small.p50)}, p99 ${ms(small.p99)}`,
      },
    ];
  });
}

/** The workspace's jobs and events in D1. */
async function tally(stack: Stack): Promise<{ jobs: number; events: number }> {
  const ws = `'${stack.workspaceId}'`;
  const [row] = await query<{ jobs: number; events: number }>(
    stack.persistTo,
    `SELECT (SELECT count(*) FROM jobs WHERE workspace_id = ${ws}) AS jobs, (SELECT count(*) FROM job_events WHERE workspace_id = ${ws}) AS events`,
    300_000,
  );
  if (!row) throw new Error("no answer to the count of jobs and events");
  return row;
}

/** What must hold after pruning: the recent half left, job_counts equal to the jobs per status and type. */
async function checkAfterPrune(stack: Stack, want: number): Promise<string[]> {
  const ws = `'${stack.workspaceId}'`;
  const problems: string[] = [];
  const { jobs } = await tally(stack);
  if (jobs !== want) problems.push(`${n(jobs)} jobs remain, not ${n(want)}`);
  const [{ old } = { old: -1 }] = await query<{ old: number }>(
    stack.persistTo,
    `SELECT count(*) AS old FROM jobs WHERE workspace_id = ${ws} AND completed_at < ${Date.now() - RETENTION_DAYS * DAY_MS}`,
    300_000,
  );
  if (old !== 0) problems.push(`${n(old)} jobs that ended more than ${RETENTION_DAYS} days ago remain`);
  const groups = await query<{ status: string; type: string; jobs: number; counted: number | null }>(
    stack.persistTo,
    `SELECT status, type, sum(jobs) AS jobs, sum(counted) AS counted FROM (
       SELECT status, type, count(*) AS jobs, 0 AS counted FROM jobs WHERE workspace_id = ${ws} GROUP BY status, type
       UNION ALL SELECT status, type, 0, n FROM job_counts WHERE workspace_id = ${ws}
     ) GROUP BY status, type`,
    300_000,
  );
  const counted = groups.reduce((sum, g) => sum + (g.counted ?? 0), 0);
  if (counted !== jobs) problems.push(`job_counts sums to ${n(counted)} for ${n(jobs)} jobs`);
  for (const g of groups.filter((g) => g.jobs !== g.counted)) {
    problems.push(`${g.status} ${g.type}: ${n(g.jobs)} jobs, job_counts says ${n(g.counted ?? 0)}`);
  }
  return problems;
}

/** What the archive's parts say they hold (DESIGN.md "Retention and archive"), for the note. */
async function archived(stack: Stack): Promise<string> {
  const [row] = await query<{ parts: number; jobs: number | null; events: number | null; bytes: number | null }>(
    stack.persistTo,
    `SELECT count(*) AS parts, sum(jobs) AS jobs, sum(events) AS events, sum(bytes) AS bytes FROM archive_parts WHERE workspace_id = '${stack.workspaceId}' AND state = 'written'`,
  ).catch(() => []);
  if (!row) return "archive_parts could not be read";
  return `archive_parts: ${n(row.parts)} written parts of ${n(row.jobs ?? 0)} jobs and ${n(row.events ?? 0)} events, ${((row.bytes ?? 0) / 1024 / 1024).toFixed(1)} MiB`;
}

async function prunePart(ctx: BenchContext, stack: Stack, c: Counts): Promise<Row[]> {
  const owner = await signIn(stack, "owner@acme.test", "acme");
  const before = await tally(stack);
  const old = c.scaled / 2;
  ctx.log(`retention ${RETENTION_DAYS} days; pruning ${n(old)} of ${n(before.jobs)} jobs …`);
  const watch = new RestartWatch(stack.pid);
  const cpu = cpuMeter(stack.pid);
  await setRetention(owner, RETENTION_DAYS);
  let pruning = true;
  const statuses = new Map<number, number>();
  const listing = (async () => {
    const samples: number[] = [];
    while (pruning) {
      const started = performance.now();
      const status = await getStatus(`${stack.url}/api/v1/jobs`, stack.auth);
      samples.push(performance.now() - started);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    return samples;
  })();
  const run = await pruneUntilDone(stack, old, c.pruneMaxMs).finally(() => {
    pruning = false;
  });
  const samples = await listing;
  const cpuMs = cpu.usedMs();
  const restarted = watch.restarted();
  const after = await tally(stack);
  const jobs = before.jobs - after.jobs;
  const events = before.events - after.events;
  const seconds = run.wallMs / 1000;
  const list = summarize(samples);
  const failures = [...statuses].filter(([s]) => s !== 200);
  ctx.log(
    `pruned ${n(jobs)} jobs and ${n(events)} events in ${seconds.toFixed(1)} s over ${plural(run.rounds, "round")}; GET /api/v1/jobs meanwhile p50 ${ms(list.p50)}, p99 ${ms(list.p99)}`,
  );
  const problems = await checkAfterPrune(stack, before.jobs - old);
  if (run.timedOut) problems.unshift(`the pruner still had more after ${c.pruneMaxMs / 1000} s`);
  if (problems.length > 0) {
    throw new Error(
      `after pruning: ${problems.join("; ")} (pruned ${n(jobs)} jobs in ${seconds.toFixed(1)} s; list p99 ${ms(list.p99)})`,
    );
  }
  const rounds = summarize(run.roundMs);
  const archive = await archived(stack);
  const restartNote = restarted ? "; wrangler dev restarted the worker during it (a watched file changed)" : "";
  const how = `${plural(run.rounds, "round")} of POST /__dev/prune one after another (p50 ${ms(rounds.p50)}, max ${ms(rounds.max)} each; they answered ${n(run.archivedJobs)} archived jobs in ${n(run.parts)} parts), ${seconds.toFixed(1)} s from the first to the last; jobs and events counted in D1 before and after; ${archive}${restartNote}`;
  ctx.note(
    `after pruning: ${n(after.jobs)} jobs remain, none that ended more than ${RETENTION_DAYS} days ago, and job_counts agrees with them per status and type`,
  );
  const perSecond = (x: number) => (seconds > 0 ? x / seconds : null);
  return [
    {
      bench: "scale",
      measure: `GET /api/v1/jobs page 1 while pruning ${n(old)} of ${n(before.jobs)} jobs`,
      unit: "ms",
      value: list.p50,
      p50: list.p50,
      p99: list.p99,
      target: `p99 ≤ ${PRUNE_P99_MS} ms`,
      met: failures.length === 0 && list.p99 <= PRUNE_P99_MS,
      floor_of: ["hello-serial"],
      note: `${plural(list.n, "request")} one after another for as long as the pruning ran, max ${ms(list.max)}${failures.length > 0 ? `; NOT 200: ${failures.map(([s, k]) => `${k}× ${s}`).join(", ")}` : ""}`,
    },
    {
      bench: "scale",
      measure: `jobs archived per second (retention ${RETENTION_DAYS} days prunes ${n(old)} of ${n(before.jobs)})`,
      unit: "jobs/s",
      value: perSecond(jobs),
      cpu_ms: cpuMs === null || jobs === 0 ? null : cpuMs / jobs,
      note: `${n(jobs)} jobs; ${how}; CPU-ms per job of the wrangler tree, the list requests' share included`,
    },
    {
      bench: "scale",
      measure: "rows archived per second (jobs and their events)",
      unit: "rows/s",
      value: perSecond(jobs + events),
      cpu_ms: cpuMs === null || jobs + events === 0 ? null : cpuMs / (jobs + events),
      note: `${n(jobs)} jobs and ${n(events)} events (three per job) in ${seconds.toFixed(1)} s; their search rows go with them`,
    },
  ];
}

export const scale: Bench = {
  name: "scale",
  wrangler: "own",
  redis: false,
  async run(ctx) {
    const stack = ctx.stack();
    const c = ctx.quick ? QUICK : FULL;
    const metricRows = await seedMetrics(stack, c);
    ctx.note(
      `metrics: ${n(metricRows)} job_metrics rows for the bench workspace (4 types, minute rows for ${c.minuteHours} h, hour rows for ${c.hourDays} days)`,
    );
    await seedJobs(ctx, stack, 0, c.base, c.base);
    const base = await measureAll(ctx, stack, c, c.base);
    await seedJobs(ctx, stack, c.base, c.scaled - c.base, c.scaled);
    const scaled = await measureAll(ctx, stack, c, c.scaled);
    return [...scaleRows(c, base, scaled), ...(await prunePart(ctx, stack, c))];
  },
};
