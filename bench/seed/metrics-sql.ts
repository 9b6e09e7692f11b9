// Generates job_metrics rows for `time` (bench-only seeding), in files that `wrangler d1 execute --file` can take: a
// busy workspace's last days of four job types, simulated minute by minute with a seeded random generator (so runs
// are comparable). Events follow the day (office hours busy, nights and weekends quiet); every minute of every type is a
// row with its counters, its wait and run-time histogram buckets and sums, and both gauges (the sweeper samples them
// every minute). Minute rows cover the last `minuteHours`; hour rows (each
// the sum of its minutes, its gauges the hour's last sample) cover `hourDays`; the lifetime totals (resolution 0) sum
// everything, as the server's three-resolution upsert would have.
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  bucketIndex,
  bucketMetric,
  COUNTERS,
  gaugeMetric,
  type Histogram,
  HOUR_MS,
  MINUTE_MS,
  SUMMED_METRICS,
  sumMetric,
} from "../../worker/api/metrics.ts";

const DAY_MS = 24 * HOUR_MS;

/** Per type: jobs per minute at the busiest hour, items per completed job, and median wait and run (lognormal). */
const PROFILES = [
  { type: "data_import", peak: 2, items: [500, 20_000], waitMs: 900, runMs: 9_000 },
  { type: "bulk_classification", peak: 6, items: [50, 2_000], waitMs: 600, runMs: 3_000 },
  { type: "data_export", peak: 0.6, items: [1_000, 50_000], waitMs: 1_500, runMs: 20_000 },
  { type: "duty_optimization", peak: 3, items: [10, 500], waitMs: 400, runMs: 1_500 },
] as const;
export const SEEDED_TYPES = PROFILES.map((p) => p.type);
const FAILED = 0.05;
const DEAD_LETTERED = 0.01;

/** mulberry32: small, fast and good enough for a workload's shape. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Busy 07–19 UTC on weekdays, a trickle at night and at weekends. */
function activity(at: number): number {
  const date = new Date(at);
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
  const day = date.getUTCDay();
  const office = hour >= 7 && hour <= 19 ? Math.sin((Math.PI * (hour - 7)) / 12) : 0;
  const level = 0.08 + 0.92 * office;
  return day === 0 || day === 6 ? level * 0.25 : level;
}

export interface SeedMetricsOptions {
  dir: string;
  workspaceId: string;
  now: number;
  minuteHours: number;
  hourDays: number;
  rowsPerStatement: number;
  statementsPerFile: number;
}

export interface SeededMetrics {
  files: string[];
  minuteRows: number;
  hourRows: number;
  totalRows: number;
  /** Jobs counted as created over the whole span. */
  created: number;
}

type Counts = Map<string, number>;

const add = (counts: Counts, metric: string, n: number) => counts.set(metric, (counts.get(metric) ?? 0) + n);

export function writeMetricsSeedFiles(o: SeedMetricsOptions): SeededMetrics {
  const random = generator(18);
  const poisson = (lambda: number) => {
    // Knuth's method: fine for the small means of one minute.
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const lognormal = (median: number, sigma: number) => Math.round(median * Math.exp(sigma * normal()));

  const lastMinute = o.now - (o.now % MINUTE_MS);
  const firstHour = o.now - (o.now % HOUR_MS) - (o.hourDays * DAY_MS - HOUR_MS);
  const firstMinuteRow = lastMinute - (o.minuteHours * HOUR_MS - MINUTE_MS);
  const tuples: string[] = [];
  /** One bucket's row: its summed metrics (0 where nothing counted) and its gauges (null when none was sampled). */
  const tuple = (resolution: number, bucket: number, type: string, counts: Counts) => {
    const gauge = (g: "queued" | "running") => counts.get(gaugeMetric(g)) ?? "null";
    const sums = SUMMED_METRICS.map((m) => counts.get(m) ?? 0).join(",");
    return `('${o.workspaceId}',${resolution},${bucket},'${type}',${sums},${gauge("queued")},${gauge("running")})`;
  };
  const hours = new Map<string, Counts>();
  const totals = new Map<string, Counts>();
  let minuteRows = 0;
  let created = 0;

  for (let minute = firstHour; minute <= lastMinute; minute += MINUTE_MS) {
    const level = activity(minute);
    for (const p of PROFILES) {
      const lambda = p.peak * level;
      const counts: Counts = new Map();
      const c = poisson(lambda);
      add(counts, "created", c);
      created += c;
      const started = poisson(lambda);
      add(counts, "started", started);
      for (let i = 0; i < started; i++) observe(counts, "wait", lognormal(p.waitMs, 1.2));
      const ended = poisson(lambda);
      for (let i = 0; i < ended; i++) {
        const r = random();
        const outcome = r < DEAD_LETTERED ? "dead_lettered" : r < DEAD_LETTERED + FAILED ? "failed" : "completed";
        add(counts, outcome, 1);
        const [low, high] = p.items;
        const items = Math.round(low + (high - low) * random() ** 2);
        add(counts, "items", outcome === "completed" ? items : Math.floor(items * random()));
        observe(counts, "run", lognormal(p.runMs, 0.9));
      }
      const queued = poisson(lambda * 1.5);
      const running = Math.min(4, poisson(lambda * (p.runMs / MINUTE_MS) + 0.1));

      const hourStart = minute - (minute % HOUR_MS);
      const hourKey = `${hourStart}|${p.type}`;
      const hour = hours.get(hourKey) ?? new Map();
      hours.set(hourKey, hour);
      const total = totals.get(p.type) ?? new Map();
      totals.set(p.type, total);
      for (const [metric, n] of counts) {
        add(hour, metric, n);
        add(total, metric, n);
      }
      // A gauge is the latest sample (the sweeper samples every minute): the hour keeps its last minute's.
      for (const target of [counts, hour]) {
        target.set(gaugeMetric("queued"), queued);
        target.set(gaugeMetric("running"), running);
      }
      if (minute >= firstMinuteRow) {
        tuples.push(tuple(MINUTE_MS, minute, p.type, counts));
        minuteRows++;
      }
    }
  }
  let hourRows = 0;
  for (const [key, counts] of hours) {
    const [start, type] = key.split("|") as [string, string];
    tuples.push(tuple(HOUR_MS, Number(start), type, counts));
    hourRows++;
  }
  let totalRows = 0;
  for (const [type, counts] of totals) {
    tuples.push(tuple(0, 0, type, counts));
    totalRows++;
  }
  const columns = [
    "workspace_id",
    "resolution",
    "bucket_start",
    "type",
    ...SUMMED_METRICS,
    "gauge_queued",
    "gauge_running",
  ];

  const files: string[] = [];
  const perFile = o.rowsPerStatement * o.statementsPerFile;
  for (let start = 0, f = 0; start < tuples.length; start += perFile, f++) {
    const statements: string[] = [];
    for (let s = start; s < Math.min(tuples.length, start + perFile); s += o.rowsPerStatement) {
      const slice = tuples.slice(s, Math.min(tuples.length, s + o.rowsPerStatement, start + perFile));
      statements.push(`INSERT INTO job_metrics (${columns.join(",")}) VALUES\n${slice.join(",\n")};`);
    }
    const file = path.join(o.dir, `metrics-${String(f).padStart(3, "0")}.sql`);
    writeFileSync(file, `${statements.join("\n")}\n`);
    files.push(file);
  }
  return { files, minuteRows, hourRows, totalRows, created };
}

function observe(counts: Counts, histogram: Histogram, ms: number): void {
  const value = Math.max(0, ms);
  add(counts, bucketMetric(histogram, bucketIndex(value)), 1);
  add(counts, sumMetric(histogram), value);
}

/** The counters a series point sums (what the bench checks the API's answer against). */
export const SERIES_COUNTERS: readonly string[] = COUNTERS;
