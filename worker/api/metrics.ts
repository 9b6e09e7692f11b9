// Metrics on the wire (DESIGN.md "Time and rate"): the fixed histogram bounds, the steps a series may use, the
// GET /api/v1/metrics query and answer, and quantiles from bucket counts. Pure (wire layer), so the TUI may import it.
import { z } from "zod";

/** Upper bounds (ms) of the wait and run-time histogram buckets; the last bucket has no bound (+Inf). */
export const HISTOGRAM_BOUNDS_MS = [100, 500, 1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000];

/** The counters every bucket of a series has. */
export const COUNTERS = ["created", "started", "completed", "failed", "dead_lettered", "items"] as const;
export type Counter = (typeof COUNTERS)[number];

/** The histograms, each stored as one counter per bucket (`wait_b0` … `wait_b10`) and a sum (`wait_ms_sum`). */
export const HISTOGRAMS = ["wait", "run"] as const;
export type Histogram = (typeof HISTOGRAMS)[number];

/** Gauges sampled once a minute (the last sample of a bucket wins). */
export const GAUGES = ["queued", "running"] as const;

export const bucketMetric = (histogram: Histogram, index: number) => `${histogram}_b${index}`;
export const sumMetric = (histogram: Histogram) => `${histogram}_ms_sum`;
export const gaugeMetric = (gauge: (typeof GAUGES)[number]) => `gauge_${gauge}`;

/** A histogram's bucket counters, `wait_b0` … `wait_b10` (the last is +Inf). */
export const bucketMetrics = (histogram: Histogram) =>
  Array.from({ length: HISTOGRAM_BOUNDS_MS.length + 1 }, (_, i) => bucketMetric(histogram, i));

/**
 * Everything a bucket adds up, each a column of job_metrics: the counters, then each histogram's buckets and sum.
 * Events add to them; the gauges beside them are replaced by each sample.
 */
export const SUMMED_METRICS = [...COUNTERS, ...HISTOGRAMS.flatMap((h) => [...bucketMetrics(h), sumMetric(h)])];

/** The bucket a duration falls in: the first bound it does not exceed, else the last (+Inf) bucket. */
export function bucketIndex(ms: number): number {
  const index = HISTOGRAM_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? HISTOGRAM_BOUNDS_MS.length : index;
}

/**
 * The q-quantile (0–1) of a histogram from its bucket counts, interpolated linearly inside the bucket it falls in
 * (as Prometheus' histogram_quantile does); the +Inf bucket answers its lower bound. Null when it counted nothing.
 */
export function quantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (const [i, n] of counts.entries()) {
    if (n === 0) continue;
    if (seen + n >= rank) {
      const lower = i === 0 ? 0 : (HISTOGRAM_BOUNDS_MS[i - 1] as number);
      const upper = HISTOGRAM_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return Math.round(lower + (upper - lower) * ((rank - seen) / n));
    }
    seen += n;
  }
  return HISTOGRAM_BOUNDS_MS.at(-1) ?? null;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** Minute buckets are kept this long, then rolled up into hours; everything goes after METRICS_RETENTION_MS. */
export const MINUTE_RETENTION_MS = 48 * HOUR_MS;
export const METRICS_RETENTION_MS = 14 * 24 * HOUR_MS;

export const STEPS = { "1m": MINUTE_MS, "5m": 5 * MINUTE_MS, "15m": 15 * MINUTE_MS, "1h": HOUR_MS, "1d": 24 * HOUR_MS };
export type Step = keyof typeof STEPS;
export const stepSchema = z.enum(Object.keys(STEPS) as [Step, ...Step[]]);

/** The step a range gets when none is asked for: 60–336 points, minute rows only for the last few hours. */
export function defaultStep(rangeMs: number): Step {
  if (rangeMs <= 3 * HOUR_MS) return "1m";
  if (rangeMs <= 6 * HOUR_MS) return "5m";
  // Longer ranges read the hour rows: a day is 24 points, two weeks 336.
  return "1h";
}

/** At most this many points per series, whatever the step. */
export const MAX_POINTS = 2_000;

export const metricsPointSchema = z.object({
  at: z.string(),
  created: z.number().int(),
  started: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  dead_lettered: z.number().int(),
  items: z.number().int(),
  /** failed + dead_lettered over everything that ended in the bucket, null when nothing ended. */
  failure_rate: z.number().min(0).max(1).nullable(),
  wait_p50_ms: z.number().nullable(),
  wait_p95_ms: z.number().nullable(),
  run_p50_ms: z.number().nullable(),
  run_p95_ms: z.number().nullable(),
  /** Queue depth and running jobs at the bucket's last sample, null when none was taken. */
  queued: z.number().int().nullable(),
  running: z.number().int().nullable(),
});
export type MetricsPoint = z.infer<typeof metricsPointSchema>;

export const metricsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  step: stepSchema,
  type: z.string().nullable(),
  /** One point per step, oldest first, every step present (DESIGN.md names it `series`). */
  series: z.array(metricsPointSchema),
  /** Queue depth per type, a value per point of `series` (each step's last sample, 0 where none was taken). */
  queued_by_type: z.record(z.string(), z.array(z.number().int())).default({}),
});
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;
