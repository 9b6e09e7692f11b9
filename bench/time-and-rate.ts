// `time`: issue 18's time and rate (DESIGN.md "Time and rate"). Two parts on the shared stack:
// - ETA bands: 24 data_import jobs of 3,000–20,000 rows (inline CSV, inline rows and source_url on loopback, sizes
//   shuffled) POSTed one after another into a lane widened to 8, polled every 250 ms with one light request (the
//   running imports only, the same Job JSON as GET /api/v1/jobs/:id; its counts say when all have ended); at the first
//   poll past 25, 50 and 75 % with a band, [eta_low_at, eta_high_at] is recorded, and once the job has completed the
//   share of bands that held its completed_at is the coverage (target ≥ 80 %: the band claims 90 %). The same 24 run
//   again one at a time for comparison; also the band's median width over the time left when it was read, and how far
//   eta_at was off.
// - GET /api/v1/metrics: 14 days of a busy workspace's metrics for 4 types seeded straight into D1 for globex (the
//   other seeded workspace, which nothing else here touches: minute rows for the last 48 hours, hour rows for 14 days,
//   histogram buckets and gauges; bench/seed/metrics-sql.ts), then p50/p99 of 50 requests one after another for the
//   last hour (default step 1m), 24 hours (default 1h, and 5m from the minute rows) and 14 days (1h and 1d), each
//   answer's counters checked against a SUM over the same rows in D1.
// A part during which wrangler dev replaced its workerd (a watched file of the checkout changed) is run again.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { productCsv } from "../test/support/source-server.ts";
import { isTerminal } from "../worker/api/lifecycle.ts";
import type { MetricsResponse } from "../worker/api/metrics.ts";
import type { Job } from "../worker/api/schema.ts";
import { createJobJson, getJob, listJobs } from "./lib/api.ts";
import type { Bench, BenchContext } from "./lib/bench.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { type CsvSet, serveCsvSet } from "./lib/csv-server.ts";
import { withMaxRunning } from "./lib/lanes.ts";
import { Restarted, RestartWatch } from "./lib/restarts.ts";
import type { Row } from "./lib/results.ts";
import type { Stack } from "./lib/stack.ts";
import { percentile, type Summary, sleep, summarize } from "./lib/stats.ts";
import { executeFile, query } from "./seed/d1-execute.ts";
import { SEEDED_TYPES, SERIES_COUNTERS, writeMetricsSeedFiles } from "./seed/metrics-sql.ts";

const FULL = {
  imports: 24,
  minRows: 3_000,
  maxRows: 20_000,
  maxRunning: 8,
  etaMaxMs: 240_000,
  minuteHours: 48,
  hourDays: 14,
  reps: 50,
};
/** Smoke counts: a few small imports and a few hours of metrics. */
const QUICK = {
  imports: 6,
  minRows: 1_500,
  maxRows: 5_000,
  maxRunning: 4,
  etaMaxMs: 60_000,
  minuteHours: 3,
  hourDays: 2,
  reps: 5,
};
type Counts = typeof FULL;

const POLL_MS = 250;
/** The progress marks (percent) at which a band is recorded. */
const MARKS = [25, 50, 75] as const;
const COVERAGE_TARGET = 0.8;
const METRICS_P50_MS = 50;
const MAX_ATTEMPTS = 3;
const QUIESCE_MAX_MS = 180_000;
const REP_MAX_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ——— ETA bands ———

type Kind = "inline CSV" | "inline rows" | "source_url";
const KINDS: Kind[] = ["inline CSV", "inline rows", "source_url"];

interface Planned {
  rows: number;
  kind: Kind;
  prefix: string;
}

interface Tracked extends Planned {
  id: string;
  createdAt: number;
  /** Marks already recorded, and polls already used for one (one band per poll). */
  marks: Set<number>;
  lastRunning: Job | null;
  ended: Job | null;
}

interface Band {
  jobId: string;
  kind: Kind;
  rows: number;
  mark: number;
  progress: number;
  /** When the poll that read it was sent (≤ the server's now for it). */
  readAt: number;
  low: number;
  at: number;
  high: number;
  /** How many of the run's imports the poll found running. */
  runningAtRead: number;
  /** The share done and the job's run_ms when read: its own average pace so far. */
  fraction: number;
  runMs: number;
}

interface Judged extends Band {
  completedAt: number;
  inside: boolean;
  early: boolean;
  late: boolean;
  /** (high − low) ÷ (completed − read). */
  widthRatio: number;
  /** (eta_at − completed) ÷ (completed − read): above 0 when the job finished sooner than said. */
  etaError: number;
  /** The mean number of the run's imports running at the polls after the read, up to the finish. */
  runningAfter: number;
  /** What the job's average pace so far (run_ms ÷ share done) gives for the time left, over the time it took. */
  soFarRatio: number;
}

interface EtaRun {
  /** The lane's width: max_running of the bench workspace. */
  width: number;
  jobs: Tracked[];
  bands: Band[];
  /** Each poll's latency, and when it was sent with how many of the imports it found running. */
  polls: number[];
  running: { at: number; n: number }[];
  spanMs: number;
  rows: number;
  anomalies: string[];
}

/** Sizes spread evenly from min to max, in a shuffled (but fixed) order, each with a kind in turn. */
function plan(c: Counts, tag: string): Planned[] {
  const sizes = Array.from({ length: c.imports }, (_, i) =>
    Math.round(c.minRows + ((c.maxRows - c.minRows) * i) / Math.max(1, c.imports - 1)),
  );
  // 7 is prime to 24 and 6: a permutation that puts large and small jobs next to each other.
  const order = sizes.map((_, i) => sizes[(i * 7) % sizes.length] as number);
  return order.map((rows, i) => ({ rows, kind: KINDS[i % KINDS.length] as Kind, prefix: `ETA${tag}-${i}` }));
}

function rowsPayload(rows: number, prefix: string) {
  return {
    rows: Array.from({ length: rows }, (_, k) => ({
      sku: `${prefix}-${k + 1}`,
      title: `Stoneware mug ${k + 1}`,
      description: 'Glazed, "dishwasher safe"\nmug',
      origin_country: "CN",
      customs_value: (k % 90) + 1.5,
      currency: "USD",
    })),
  };
}

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** What should hold of any job's time fields; each breach is reported, never fixed. */
function checkTimeFields(job: Job, anomalies: string[]): void {
  const say = (what: string) => {
    if (anomalies.length < 20) anomalies.push(`${job.id} (${job.status}, ${job.progress} %): ${what}`);
  };
  const [low, at, high] = [ms(job.eta_low_at), ms(job.eta_at), ms(job.eta_high_at)];
  const some = low !== null || at !== null || high !== null;
  if (job.status !== "running" && some) say("has an ETA while not running");
  if (some && (low === null || at === null || high === null)) say("has part of an ETA band");
  if (low !== null && at !== null && high !== null && !(low <= at && at <= high)) {
    say(`ETA band out of order: ${job.eta_low_at} / ${job.eta_at} / ${job.eta_high_at}`);
  }
  if (job.started_at && job.wait_ms !== (ms(job.started_at) as number) - Date.parse(job.created_at)) {
    say(`wait_ms ${job.wait_ms} is not started_at − created_at`);
  }
  if (job.status === "completed" && job.started_at && job.completed_at) {
    const span = (ms(job.completed_at) as number) - (ms(job.started_at) as number);
    if (job.run_ms > span + 50) say(`run_ms ${job.run_ms} exceeds completed − started (${span} ms)`);
  }
}

/** Jobs of the statuses that have not ended, from a list answer's per-status counts (of data_import only). */
const openOf = (counts: Record<string, number>) =>
  Object.entries(counts).reduce((sum, [status, count]) => (isTerminal(status as Job["status"]) ? sum : sum + count), 0);

function record(t: Tracked, job: Job, readAt: number, runningAtRead: number, bands: Band[]): void {
  const [low, at, high] = [ms(job.eta_low_at), ms(job.eta_at), ms(job.eta_high_at)];
  if (low === null || at === null || high === null) return;
  // The highest mark this poll is past and that has no band yet; a poll gives one band at most.
  const mark = [...MARKS].reverse().find((m) => job.progress >= m && !t.marks.has(m));
  if (mark === undefined) return;
  for (const m of MARKS) if (m <= mark) t.marks.add(m);
  const fraction = job.total ? job.processed / job.total : job.progress / 100;
  bands.push({
    jobId: t.id,
    kind: t.kind,
    rows: t.rows,
    mark,
    progress: job.progress,
    readAt,
    low,
    at,
    high,
    runningAtRead,
    fraction,
    runMs: job.run_ms,
  });
}

async function createAll(stack: Stack, planned: Planned[], csvs: CsvSet, tracked: Tracked[]): Promise<void> {
  let served = 0;
  for (const p of planned) {
    const payload =
      p.kind === "inline CSV"
        ? { csv: productCsv(p.rows, p.prefix) }
        : p.kind === "inline rows"
          ? rowsPayload(p.rows, p.prefix)
          : { source_url: (csvs.files[served++] as CsvSet["files"][number]).url };
    const createdAt = Date.now();
    const { id } = await createJobJson(stack, "data_import", payload);
    tracked.push({ ...p, id, createdAt, marks: new Set(), lastRunning: null, ended: null });
  }
}

async function etaRun(ctx: BenchContext, stack: Stack, c: Counts, width: number, tag: string, watch: RestartWatch) {
  const planned = plan(c, tag);
  const csvs = await serveCsvSet(planned.filter((p) => p.kind === "source_url"));
  const tracked: Tracked[] = [];
  const bands: Band[] = [];
  const polls: number[] = [];
  const running: EtaRun["running"] = [];
  const anomalies: string[] = [];
  try {
    const started = Date.now();
    const deadline = started + c.etaMaxMs;
    let creating = true;
    const creation = createAll(stack, planned, csvs, tracked).finally(() => {
      creating = false;
    });
    let lastLog = started;
    // One light request a poll: the running imports only (at most the lane's width), and the counts that say when
    // every import has ended. A heavier probe slows the imports it watches: one workerd isolate serves both.
    let open = Number.POSITIVE_INFINITY;
    const polling = (async () => {
      while (creating || open > 0) {
        watch.check();
        if (Date.now() > deadline)
          throw new Error(`${open} imports had not ended ${s(c.etaMaxMs)} after the first POST`);
        const readAt = Date.now();
        const query = { type: "data_import", status: "running", limit: String(width + 2) };
        const page = await watch.around(() => listJobs(stack, query));
        polls.push(Date.now() - readAt);
        open = openOf(page.counts);
        const byId = new Map(tracked.map((t) => [t.id, t] as const));
        const ours = page.jobs.filter((j) => byId.has(j.id));
        running.push({ at: readAt, n: ours.length });
        for (const job of ours) {
          const t = byId.get(job.id) as Tracked;
          checkTimeFields(job, anomalies);
          t.lastRunning = job;
          record(t, job, readAt, ours.length, bands);
        }
        if (Date.now() - lastLog >= 10_000) {
          lastLog = Date.now();
          ctx.log(`${planned.length - open}/${planned.length} imports ended, ${bands.length} bands so far`);
        }
        await sleep(Math.max(0, POLL_MS - (Date.now() - readAt)));
      }
    })();
    await Promise.all([creation, polling]);
    watch.check();
    // Each job once more now that all have ended: its completed_at, and the time fields of an ended job.
    for (const t of tracked) {
      t.ended = await getJob(stack, t.id);
      checkTimeFields(t.ended, anomalies);
      if (!isTerminal(t.ended.status))
        throw new Error(`import ${t.id} is ${t.ended.status} after the counts said none was open`);
    }
    const last = Math.max(...tracked.map((t) => ms(t.ended?.completed_at ?? null) ?? 0));
    const first = Math.min(...tracked.map((t) => t.createdAt));
    return {
      width,
      jobs: tracked,
      bands,
      polls,
      running,
      spanMs: last - first,
      rows: tracked.reduce((sum, t) => sum + t.rows, 0),
      anomalies,
    } satisfies EtaRun;
  } finally {
    await csvs.close();
  }
}

/** After a restart: every import submitted so far has ended (the sweeper re-sends what the reload dropped). */
async function quiesce(stack: Stack): Promise<void> {
  const deadline = Date.now() + QUIESCE_MAX_MS;
  for (;;) {
    const counts = await listJobs(stack, { type: "data_import", limit: "1" })
      .then((p) => p.counts)
      .catch(() => null);
    const open = counts ? (counts.pending ?? 0) + (counts.running ?? 0) : 1;
    if (open === 0) return;
    if (Date.now() >= deadline)
      throw new Error(`${open} imports still unfinished ${s(QUIESCE_MAX_MS)} after a restart`);
    await fetch(`${stack.url}/__dev/sweep`, { method: "POST" })
      .then((r) => r.arrayBuffer())
      .catch(() => null);
    await sleep(2_000);
  }
}

/** Runs `body` again (up to MAX_ATTEMPTS in all) when wrangler dev restarted the worker during it. */
async function guarded<T>(
  ctx: BenchContext,
  stack: Stack,
  what: string,
  body: (attempt: number, watch: RestartWatch) => Promise<T>,
) {
  for (let attempt = 1; ; attempt++) {
    const watch = new RestartWatch(stack.pid);
    try {
      return await watch.around(() => body(attempt, watch));
    } catch (error) {
      if (!(error instanceof Restarted)) throw error;
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`${what}: wrangler dev restarted the worker in all ${attempt} tries`);
      ctx.log(`${what}: wrangler dev restarted the worker meanwhile; once the leftovers have ended, again`);
      ctx.note(`${what} was run again: wrangler dev restarted the worker during it (a watched source file changed)`);
      await quiesce(stack);
    }
  }
}

function judge(run: EtaRun): Judged[] {
  const completed = new Map(
    run.jobs.filter((t) => t.ended?.status === "completed").map((t) => [t.id, ms(t.ended?.completed_at ?? null)]),
  );
  return run.bands.flatMap((b) => {
    const done = completed.get(b.jobId);
    if (done == null) return [];
    const left = Math.max(1, done - b.readAt);
    const after = run.running.filter((p) => p.at > b.readAt && p.at <= done);
    return [
      {
        ...b,
        completedAt: done,
        inside: b.low <= done && done <= b.high,
        early: done < b.low,
        late: done > b.high,
        widthRatio: (b.high - b.low) / left,
        etaError: (b.at - done) / left,
        runningAfter: after.length === 0 ? b.runningAtRead : after.reduce((sum, p) => sum + p.n, 0) / after.length,
        soFarRatio: b.fraction > 0 ? ((b.runMs / b.fraction) * (1 - b.fraction)) / left : Number.NaN,
      },
    ];
  });
}

const share = (judged: Judged[]) =>
  judged.length === 0 ? null : judged.filter((j) => j.inside).length / judged.length;
const shareText = (judged: Judged[]) =>
  judged.length === 0 ? "none" : `${judged.filter((j) => j.inside).length}/${judged.length}`;
const mid = (xs: number[]) => percentile(xs, 50);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${pct(Math.abs(x))}`;

interface Judgement {
  judged: Judged[];
  coverage: number | null;
  width: number | null;
  coverageNote: string;
  widthNote: string;
}

/** What one set-up's bands say; whatever about the jobs looks wrong goes to `notes`. */
function judgement(run: EtaRun, label: string, notes: string[]): Judgement {
  const judged = judge(run);
  const failed = run.jobs.filter((t) => t.ended?.status !== "completed");
  const imported = run.jobs.filter((t) => (t.ended?.result as { imported?: number } | null)?.imported === t.rows);
  const noBand = run.jobs.filter((t) => !run.bands.some((b) => b.jobId === t.id));
  const noBandLate = noBand.filter((t) => (t.lastRunning?.progress ?? 0) >= 50);
  const early = judged.filter((j) => j.early);
  const lateOnes = judged.filter((j) => j.late);
  const late = lateOnes.length;
  const by = (xs: number[]) => (xs.length === 0 ? "" : ` by ${mid(sorted(xs)).toFixed(0)} ms (median)`);
  const earlyBy = by(early.map((j) => j.low - j.completedAt));
  const lateBy = by(lateOnes.map((j) => j.completedAt - j.high));
  const byMark = MARKS.map((m) => `${m} %: ${shareText(judged.filter((j) => j.mark === m))}`).join(", ");
  const byKind = KINDS.map((k) => `${k}: ${shareText(judged.filter((j) => j.kind === k))}`).join(", ");
  const widths = sorted(judged.map((j) => j.widthRatio));
  const errors = sorted(judged.map((j) => j.etaError));
  const lefts = sorted(judged.map((j) => j.completedAt - j.readAt));
  const runs = sorted(
    run.jobs.map((t) => (ms(t.ended?.completed_at ?? null) ?? 0) - (ms(t.ended?.started_at ?? null) ?? 0)),
  );
  const polls = summarize(run.polls);
  const soFar = sorted(judged.map((j) => j.soFarRatio).filter(Number.isFinite));
  const errorBy = KINDS.map((k) => {
    const e = sorted(judged.filter((j) => j.kind === k).map((j) => j.etaError));
    return `${k} ${e.length === 0 ? "–" : signed(mid(e))}`;
  }).join(", ");
  const completedJobs = run.jobs.flatMap((t) =>
    t.ended?.status === "completed" && t.ended.started_at ? [t.ended] : [],
  );
  const uncounted = sorted(
    completedJobs.map((j) => (ms(j.completed_at) as number) - (ms(j.started_at) as number) - j.run_ms),
  );
  if (failed.length > 0)
    notes.push(
      `${label}: imports that did not complete: ${failed.map((t) => `${t.id} ${t.ended?.status ?? "?"}`).join(", ")}`,
    );
  if (imported.length < run.jobs.length)
    notes.push(`${label}: ${run.jobs.length - imported.length} imports' result.imported differs from their row count`);
  if (run.anomalies.length > 0) notes.push(`${label}: time fields that look wrong: ${run.anomalies.join("; ")}`);
  if (noBandLate.length > 0)
    notes.push(
      `${label}: ${noBandLate.length} imports were polled running at ≥ 50 % and never showed an ETA band: ${noBandLate.map((t) => t.id).join(", ")}`,
    );
  const crowd =
    early.length === 0
      ? ""
      : `; at the early misses ${mid(sorted(early.map((j) => j.runningAtRead))).toFixed(0)} of the imports were running when the band was read and ${mid(sorted(early.map((j) => j.runningAfter))).toFixed(1)} on average until the finish (median)`;
  return {
    judged,
    coverage: share(judged),
    width: widths.length === 0 ? null : mid(widths) * 100,
    coverageNote: `${label}: ${shareText(judged)} bands held the finish; ${early.length} missed early (finished before eta_low_at${earlyBy}), ${late} late (after eta_high_at${lateBy})${crowd}; by mark ${byMark}; by kind ${byKind}; ${noBand.length} of ${run.jobs.length} jobs showed no band at any poll; run times (started → completed) p50 ${s(mid(runs))}, max ${s(runs.at(-1) ?? 0)}; ${n(run.rows)} rows ${s(run.spanMs)} from the first POST to the last completed_at (${n(Math.round((run.rows * 1000) / run.spanMs))} rows/s together); ${run.polls.length} polls, p50 ${polls.p50.toFixed(0)} ms`,
    widthNote:
      widths.length === 0
        ? `${label}: no bands`
        : `${label}: width p10 ${pct(percentile(widths, 10))}, p90 ${pct(percentile(widths, 90))}; (eta_at − completed_at) ÷ time left, + when the job finished sooner than eta_at: median ${signed(mid(errors))}, p10 ${signed(percentile(errors, 10))}, p90 ${signed(percentile(errors, 90))}; time left when read: median ${s(mid(lefts))}; median by kind ${errorBy}; the job's own average pace so far (run_ms ÷ share done) would have said ${soFar.length === 0 ? "–" : `${mid(soFar).toFixed(2)}×`} the time that was left (median); started → completed minus run_ms: median ${uncounted.length === 0 ? "–" : `${mid(uncounted).toFixed(0)} ms`}`,
  };
}

async function etaPart(ctx: BenchContext, stack: Stack, c: Counts): Promise<Row[]> {
  const runAt = (width: number, tag: string) =>
    withMaxRunning(stack, width, () =>
      guarded(ctx, stack, `the ETA run at max_running ${width}`, (attempt, watch) =>
        etaRun(ctx, stack, c, width, `${tag}${attempt}`, watch),
      ),
    );
  const together = await runAt(c.maxRunning, "T");
  const alone = await runAt(1, "A");
  const notes: string[] = [];
  const sizes = `${c.imports} imports of ${n(c.minRows)}–${n(c.maxRows)} rows (inline CSV, inline rows, source_url)`;
  const t = judgement(together, `max_running ${c.maxRunning}`, notes);
  const a = judgement(alone, "one at a time", notes);
  for (const line of notes) ctx.note(line);
  ctx.log(
    `ETA bands holding the finish: ${t.coverage === null ? "–" : pct(t.coverage)} of ${t.judged.length} at max_running ${c.maxRunning}, ${a.coverage === null ? "–" : pct(a.coverage)} of ${a.judged.length} one at a time`,
  );
  const target = `≥ ${COVERAGE_TARGET * 100} % (the band claims 90 %)`;
  const aloneLabel = `the same imports one at a time (max_running 1)`;
  return [
    {
      bench: "time",
      measure: `ETA band coverage: completed_at inside [eta_low_at, eta_high_at] read at the first poll past 25/50/75 %, ${sizes}, ${c.maxRunning} at a time`,
      unit: "%",
      value: t.coverage === null ? null : t.coverage * 100,
      peer: { label: aloneLabel, value: a.coverage === null ? null : a.coverage * 100 },
      target,
      met: t.coverage === null ? null : t.coverage >= COVERAGE_TARGET,
      note: t.coverageNote,
    },
    {
      bench: "time",
      measure: `ETA band coverage, the same ${c.imports} imports one at a time (max_running 1)`,
      unit: "%",
      value: a.coverage === null ? null : a.coverage * 100,
      target,
      met: a.coverage === null ? null : a.coverage >= COVERAGE_TARGET,
      note: a.coverageNote,
    },
    {
      bench: "time",
      measure: `ETA band width ÷ the time left when it was read, median, ${c.maxRunning} at a time`,
      unit: "%",
      value: t.width,
      peer: { label: aloneLabel, value: a.width },
      note: `${t.widthNote}. ${a.widthNote}`,
    },
  ];
}

// ——— GET /api/v1/metrics ———

interface Globex {
  api: Stack;
  workspaceId: string;
}

async function globex(stack: Stack): Promise<Globex> {
  const response = await fetch(`${stack.url}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@globex.test", password: stack.seed.password, workspace: "globex" }),
  });
  if (response.status !== 201) throw new Error(`POST /api/v1/tokens (globex) answered ${response.status}`);
  const { token, workspace } = (await response.json()) as { token: string; workspace: { id: string } };
  return {
    api: { ...stack, token, auth: { authorization: `Bearer ${token}` }, workspaceId: workspace.id },
    workspaceId: workspace.id,
  };
}

interface Case {
  label: string;
  rangeMs: number;
  step?: "1m" | "5m" | "1h" | "1d";
  /** The step the server picks by default, for the label. */
  defaultStep?: string;
}

const CASES: Case[] = [
  { label: "last 1 h, default step (1m: the jobs page's strip)", rangeMs: HOUR_MS, defaultStep: "1m" },
  { label: "last 24 h, default step (1h)", rangeMs: DAY_MS, defaultStep: "1h" },
  { label: "last 24 h, step 5m (minute rows)", rangeMs: DAY_MS, step: "5m" },
  { label: "last 14 d, step 1h", rangeMs: 14 * DAY_MS, step: "1h" },
  { label: "last 14 d, step 1d", rangeMs: 14 * DAY_MS, step: "1d" },
];

function metricsUrl(stack: Stack, k: Case): string {
  const to = Date.now();
  const q = new URLSearchParams({
    from: new Date(to - k.rangeMs).toISOString(),
    to: new Date(to).toISOString(),
    ...(k.step ? { step: k.step } : {}),
  });
  return `${stack.url}/api/v1/metrics?${q}`;
}

/** Per bucket of the seeded workspace: how many rows it has and its counters' sums, as D1 holds them. */
interface BucketSums {
  resolution: number;
  bucket_start: number;
  rows: number;
  [counter: string]: number;
}

/** One read of every minute and hour bucket's counters (nothing but the sweeper's gauges writes globex's rows). */
function bucketSums(g: Globex, persistTo: string): Promise<BucketSums[]> {
  const sums = SERIES_COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(", ");
  return query<BucketSums>(
    persistTo,
    `SELECT resolution, bucket_start, count(*) AS rows, ${sums} FROM job_metrics WHERE workspace_id = '${g.workspaceId}' AND resolution > 0 GROUP BY resolution, bucket_start`,
  );
}

/** The answer's counters against the same rows' sums in D1, and its points against the range and step. */
async function checkAnswer(g: Globex, k: Case, buckets: BucketSums[]): Promise<{ check: string; ok: boolean }> {
  const response = await fetch(metricsUrl(g.api, k), { headers: g.api.auth });
  const text = await response.text();
  if (response.status !== 200) return { check: `answered ${response.status}: ${text.slice(0, 200)}`, ok: false };
  const body = JSON.parse(text) as MetricsResponse;
  // DESIGN.md names the points `series`; an earlier cut of the server called them `points`.
  const series = body.series ?? (body as unknown as { points?: MetricsResponse["series"] }).points ?? [];
  const [from, to] = [Date.parse(body.from), Date.parse(body.to)];
  const stepMs = { "1m": 60_000, "5m": 300_000, "15m": 900_000, "1h": HOUR_MS, "1d": DAY_MS }[body.step];
  const resolution = stepMs < HOUR_MS ? 60_000 : HOUR_MS;
  const inRange = buckets.filter((b) => b.resolution === resolution && b.bucket_start >= from && b.bucket_start < to);
  const problems: string[] = [];
  for (const counter of SERIES_COUNTERS) {
    const want = inRange.reduce((sum, b) => sum + (b[counter] ?? 0), 0);
    const got = series.reduce((sum, p) => sum + ((p as unknown as Record<string, number>)[counter] ?? 0), 0);
    if (got !== want) problems.push(`${counter} ${n(got)} in the points, ${n(want)} in D1`);
  }
  const points = Math.ceil((to - from) / stepMs);
  if (series.length !== points) problems.push(`${series.length} points for ${points} steps`);
  if (k.step && body.step !== k.step) problems.push(`step ${body.step}, not ${k.step}`);
  if (k.defaultStep && body.step !== k.defaultStep) problems.push(`default step ${body.step}, not ${k.defaultStep}`);
  // The seed samples both gauges every minute it counts anything in.
  const gaugeless = series.filter((p) => p.queued === null && p.running === null && p.started > 0).length;
  if (gaugeless > 0) problems.push(`${gaugeless} of ${series.length} points with jobs started but no gauge sample`);
  const rowsRead = inRange.reduce((sum, b) => sum + b.rows, 0);
  const completed = series.reduce((sum, p) => sum + p.completed, 0);
  const summary = `step ${body.step}, ${series.length} points from ${n(rowsRead)} rows, ${n(completed)} completed, ${(text.length / 1024).toFixed(0)} KiB`;
  return {
    check: problems.length === 0 ? `${summary}; counters match D1` : `${summary}; MISMATCH: ${problems.join("; ")}`,
    ok: problems.length === 0,
  };
}

async function timeCase(
  g: Globex,
  k: Case,
  c: Counts,
  watch: RestartWatch,
): Promise<Summary & { cpuMs: number | null }> {
  const get = async () => {
    const response = await fetch(metricsUrl(g.api, k), { headers: g.api.auth });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /api/v1/metrics (${k.label}) answered ${response.status}`);
  };
  await get(); // untimed: the first read of a range warms D1's page cache
  const cpu = cpuMeter(g.api.pid);
  const samples: number[] = [];
  const deadline = Date.now() + REP_MAX_MS;
  for (let i = 0; i < c.reps && Date.now() < deadline; i++) {
    const started = performance.now();
    await get();
    samples.push(performance.now() - started);
  }
  const cpuMs = cpu.per(samples.length);
  watch.check();
  return { ...summarize(samples), cpuMs };
}

async function seedMetrics(ctx: BenchContext, stack: Stack, g: Globex, c: Counts) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dutyleak-bench-metrics-"));
  try {
    const started = performance.now();
    const seeded = writeMetricsSeedFiles({
      dir,
      workspaceId: g.workspaceId,
      now: Date.now(),
      minuteHours: c.minuteHours,
      hourDays: c.hourDays,
      rowsPerStatement: 500,
      statementsPerFile: 100,
    });
    for (const file of seeded.files) await executeFile(stack.persistTo, file, 180_000);
    const took = (performance.now() - started) / 1000;
    ctx.log(
      `seeded ${n(seeded.minuteRows)} minute, ${n(seeded.hourRows)} hour and ${n(seeded.totalRows)} total rows in ${took.toFixed(0)} s`,
    );
    return seeded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function metricsPart(ctx: BenchContext, stack: Stack, c: Counts): Promise<Row[]> {
  const g = await globex(stack);
  const seeded = await seedMetrics(ctx, stack, g, c);
  ctx.note(
    `metrics seeded for globex: ${SEEDED_TYPES.length} types (${SEEDED_TYPES.join(", ")}), ${n(seeded.created)} jobs created over ${c.hourDays} days (busy on weekday office hours, quiet at night and weekends); ${n(seeded.minuteRows)} minute rows (last ${c.minuteHours} h), ${n(seeded.hourRows)} hour rows, ${n(seeded.totalRows)} lifetime totals`,
  );
  const timed = [];
  for (const k of CASES) {
    const t = await guarded(ctx, stack, `GET /api/v1/metrics, ${k.label}`, (_attempt, watch) =>
      timeCase(g, k, c, watch),
    );
    ctx.log(`${k.label}: p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms`);
    timed.push({ k, t });
  }
  const buckets = await bucketSums(g, stack.persistTo);
  const rows: Row[] = [];
  for (const { k, t } of timed) {
    const checked = await checkAnswer(g, k, buckets);
    if (!checked.ok) ctx.note(`GET /api/v1/metrics, ${k.label}: ${checked.check}`);
    rows.push({
      bench: "time",
      measure: `GET /api/v1/metrics, ${k.label}, 4 types, ${c.hourDays} days seeded`,
      unit: "ms",
      value: t.p50,
      p50: t.p50,
      p99: t.p99,
      cpu_ms: t.cpuMs,
      target: `p50 ≤ ${METRICS_P50_MS} ms`,
      met: t.p50 <= METRICS_P50_MS,
      floor_of: ["hello-serial"],
      note: `${n(t.n)} requests one after another; ${checked.check}`,
    });
  }
  return rows;
}

/** A part that fails leaves its row as "(failed)" and lets the other part run. */
async function part(ctx: BenchContext, what: string, run: () => Promise<Row[]>): Promise<Row[]> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`${what} failed: ${error instanceof Error ? error.stack : message}`);
    return [{ bench: "time", measure: `${what} (failed)`, unit: "", value: null, note: `failed: ${message}` }];
  }
}

export const time: Bench = {
  name: "time",
  wrangler: "shared",
  redis: false,
  async run(ctx) {
    const stack = ctx.stack();
    const c = ctx.quick ? QUICK : FULL;
    const metrics = await part(ctx, "GET /api/v1/metrics", () => metricsPart(ctx, stack, c));
    const eta = await part(ctx, "ETA bands", () => etaPart(ctx, stack, c));
    return [...eta, ...metrics];
  },
};
