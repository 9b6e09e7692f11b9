// The metrics store (DESIGN.md "Time and rate"): a job_metrics row per workspace, type and bucket, a column per metric.
// Every event is counted at three resolutions at once (its minute, its hour, and the lifetime totals the OpenMetrics
// counters read), in one upsert that rides in the batch of the transition it counts, so metrics never cost a round
// trip of their own and can never disagree with the jobs. Writers name their counts narrowly (type, metric, n); the
// upsert pivots them into columns. Minute rows are kept 48 hours (the hour rows are their rollup), hour rows 14 days;
// gauges (queue depth) are sampled by the sweeper.
import { and, eq, gte, inArray, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import {
  bucketIndex,
  bucketMetric,
  bucketMetrics,
  COUNTERS,
  type Counter,
  HISTOGRAM_BOUNDS_MS,
  HISTOGRAMS,
  type Histogram,
  HOUR_MS,
  MINUTE_MS,
  SUMMED_METRICS,
  sumMetric,
} from "../api/metrics.ts";
import type { GaugeSample, StepSums } from "../api/metrics-series.ts";
import { type BatchItem, type Db, runBatch } from "./client.ts";
import { jobCounts, jobMetrics, jobs } from "./schema.ts";

/** The resolutions every event is counted at; 0 is the lifetime total (bucket 0). */
export const RESOLUTIONS = [MINUTE_MS, HOUR_MS, 0] as const;

/** A metrics row's key: an upsert adds to (or, for a gauge, replaces) the row it names. */
const metricsConflict = [jobMetrics.workspaceId, jobMetrics.resolution, jobMetrics.bucketStart, jobMetrics.type];

const column = (metric: string) => sql.identifier(metric);

/**
 * Adds narrow counts (`counts`: a SELECT of ws, r, bucket, type, metric, n) of the metrics `touched` to their
 * buckets, one row per bucket; a new row's gauges stay unsampled. Only the touched metrics are summed and updated
 * (the others are a literal 0), so a completion's statement names four columns, not thirty: SQLite prepares every
 * statement anew in D1, and the thirty-column form cost several CPU-ms per job. The selected columns follow the
 * table's order, as an INSERT … SELECT needs; the `WHERE true` resolves SQLite's parsing ambiguity between an
 * upsert's ON CONFLICT and a join.
 */
function addCounts(db: Db, counts: SQL, touched: ReadonlySet<string>): BatchItem {
  const summed = SUMMED_METRICS.filter((m) => touched.has(m));
  const pivoted = sql.join(
    SUMMED_METRICS.map((m) =>
      touched.has(m) ? sql`sum(CASE WHEN c.metric = ${sql.raw(`'${m}'`)} THEN c.n ELSE 0 END)` : sql.raw("0"),
    ),
    sql`, `,
  );
  return db
    .insert(jobMetrics)
    .select(
      sql`SELECT c.ws, c.r, c.bucket, c.type, ${pivoted}, NULL, NULL FROM (${counts}) AS c WHERE true
        GROUP BY c.ws, c.r, c.bucket, c.type`,
    )
    .onConflictDoUpdate({
      target: metricsConflict,
      set: Object.fromEntries(summed.map((m) => [m, sql`${column(m)} + excluded.${column(m)}`])),
    });
}

export interface MetricCount {
  type: string;
  metric: string;
  n: number;
}

/** A counter's increments for an event at `at` (each at every resolution). */
export const counted = (type: string, metric: string, n = 1): MetricCount => ({ type, metric, n });

/** A duration's histogram increments: its bucket and its sum. */
export function observed(type: string, histogram: Histogram, ms: number): MetricCount[] {
  const value = Math.max(0, Math.round(ms));
  return [counted(type, bucketMetric(histogram, bucketIndex(value))), counted(type, sumMetric(histogram), value)];
}

/**
 * One statement adding `counts` for `workspaceId` at `at` to every resolution. The rows travel as one JSON value, so
 * any number fits D1's parameter limit. With `onlyIf` (a condition on a jobs row, e.g. that a compare-and-set in the
 * same batch won) nothing is counted otherwise.
 */
export function metricsUpsert(
  db: Db,
  workspaceId: string,
  at: number,
  counts: readonly MetricCount[],
  onlyIf?: SQL,
): BatchItem | null {
  if (counts.length === 0) return null;
  const rows = counts.flatMap((c) =>
    RESOLUTIONS.map((resolution) => [resolution, resolution === 0 ? 0 : at - (at % resolution), c.type, c.metric, c.n]),
  );
  const value = (i: number) => sql`json_extract(value, ${sql.raw(`'$[${i}]'`)})`;
  const guard = onlyIf ? sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${onlyIf})` : sql`true`;
  return addCounts(
    db,
    sql`SELECT ${workspaceId} AS ws, ${value(0)} AS r, ${value(1)} AS bucket, ${value(2)} AS type,
      ${value(3)} AS metric, ${value(4)} AS n FROM json_each(${JSON.stringify(rows)}) WHERE ${guard}`,
    new Set(counts.map((c) => c.metric)),
  );
}

/**
 * The SQL bucket index of a duration expression, matching bucketIndex. The indexes are written into the statement,
 * not bound: D1 binds a JavaScript number as REAL, and `'wait_b' || 0.0` would name the bucket `wait_b0.0`.
 */
function bucketSql(ms: SQL): SQL {
  const index = (i: number) => sql.raw(String(i));
  const cases = HISTOGRAM_BOUNDS_MS.map((bound, i) => sql`WHEN ${ms} <= ${bound} THEN ${index(i)}`);
  return sql`(CASE ${sql.join(cases, sql` `)} ELSE ${index(HISTOGRAM_BOUNDS_MS.length)} END)`;
}

// Written into the statement: a bound number is REAL in D1, and the buckets' starts must stay integers.
const resolutionsSql = sql.join(
  RESOLUTIONS.map((r) => sql`SELECT ${sql.raw(String(r))} AS r`),
  sql` UNION ALL `,
);

/** Adds counts of `touched` selected from jobs rows (`counts`: a SELECT of ws, type, metric, n) at every resolution. */
function upsertSelected(db: Db, counts: SQL, touched: readonly string[], now: number): BatchItem {
  const at = sql.raw(String(Math.trunc(now)));
  return addCounts(
    db,
    sql`SELECT c.ws AS ws, res.r AS r, CASE WHEN res.r = 0 THEN 0 ELSE ${at} - (${at} % res.r) END AS bucket,
      c.type AS type, c.metric AS metric, c.n AS n FROM (${counts}) AS c CROSS JOIN (${resolutionsSql}) AS res`,
    new Set(touched),
  );
}

/** The `created` counts of the jobs rows `where` selects (a set-based insert's new rows, by their rev). */
export function createdUpsert(db: Db, where: SQL, now: number): BatchItem {
  return upsertSelected(
    db,
    sql`SELECT ${jobs.workspaceId} AS ws, ${jobs.type} AS type, 'created' AS metric, 1 AS n FROM ${jobs} WHERE ${where}`,
    ["created"],
    now,
  );
}

/**
 * The `started` counts and wait observations of the jobs a set-based claim just started for the first time (their
 * started_at is this claim's time), selected from the jobs rows carrying the claim's rev: one statement for the lot.
 */
export function firstStartsUpsert(db: Db, where: SQL, now: number): BatchItem {
  const picked = sql`SELECT ${jobs.workspaceId} AS ws, ${jobs.type} AS type,
    (${jobs.startedAt} - ${jobs.createdAt}) AS wait FROM ${jobs} WHERE ${where} AND ${jobs.startedAt} = ${now}`;
  return upsertSelected(
    db,
    sql`SELECT ws, type, 'started' AS metric, 1 AS n FROM (${picked})
      UNION ALL SELECT ws, type, 'wait_b' || ${bucketSql(sql`wait`)}, 1 FROM (${picked})
      UNION ALL SELECT ws, type, 'wait_ms_sum', max(0, wait) FROM (${picked})`,
    ["started", ...bucketMetrics("wait"), sumMetric("wait")],
    now,
  );
}

export interface MetricRow {
  type: string;
  metric: string;
  n: number;
}

interface RangeQuery {
  resolution: number;
  from: number;
  to: number;
  type?: string;
}

const inRange = (workspaceId: string, query: RangeQuery) =>
  and(
    eq(jobMetrics.workspaceId, workspaceId),
    eq(jobMetrics.resolution, query.resolution),
    gte(jobMetrics.bucketStart, query.from),
    lt(jobMetrics.bucketStart, query.to),
    query.type ? eq(jobMetrics.type, query.type) : undefined,
  );

/** A bucket's step in a range. Integers written into the statement: bound numbers are REAL in D1, which would make
 * the division fractional. */
function stepOf(query: { from: number; stepMs: number }): SQL<number> {
  const int = (n: number) => sql.raw(String(Math.trunc(n)));
  return sql<number>`(${jobMetrics.bucketStart} - ${int(query.from)}) / ${int(query.stepMs)}`;
}

/** What a series sums per step: the counters and the histograms' buckets (their sums are for OpenMetrics). */
const STEP_METRICS = [...COUNTERS, ...HISTOGRAMS.flatMap(bucketMetrics)];

/**
 * The counters and histogram buckets of [from, to) summed per step of `stepMs` over every type (or one), in SQL: 14
 * days of hour rows for four types come back as 336 rows. Steps with nothing counted are absent.
 */
export async function readStepSums(
  db: Db,
  workspaceId: string,
  query: RangeQuery & { stepMs: number },
): Promise<StepSums[]> {
  const step = stepOf(query);
  const sums = Object.fromEntries(STEP_METRICS.map((m) => [m, sql<number>`sum(${column(m)})`]));
  // Positional rows: drizzle's mapping into objects cost more than the query (10,000 values for 14 days of hours).
  const rows = (await db
    .select({ step, ...sums })
    .from(jobMetrics)
    .where(inRange(workspaceId, query))
    .groupBy(step)
    .values()) as number[][];
  const counterAt = new Map(COUNTERS.map((c) => [c, 1 + STEP_METRICS.indexOf(c)]));
  const bucketsAt = (h: Histogram) => bucketMetrics(h).map((m) => 1 + STEP_METRICS.indexOf(m));
  const histogramAt = { wait: bucketsAt("wait"), run: bucketsAt("run") };
  return rows.map((row) => ({
    step: Number(row[0]),
    counters: Object.fromEntries(COUNTERS.map((c) => [c, Number(row[counterAt.get(c) as number] ?? 0)])) as Record<
      Counter,
      number
    >,
    histograms: {
      wait: histogramAt.wait.map((i) => Number(row[i] ?? 0)),
      run: histogramAt.run.map((i) => Number(row[i] ?? 0)),
    },
  }));
}

/**
 * Each type's last gauge sample in each step of [from, to): a row per type and step (SQLite answers a bare column of
 * a max() aggregate from the row holding the max), so a long step reads one sample, not every minute's.
 */
export async function readGaugeSamples(
  db: Db,
  workspaceId: string,
  query: RangeQuery & { stepMs: number },
): Promise<GaugeSample[]> {
  const step = stepOf(query);
  const rows = (await db
    .select({
      step,
      type: jobMetrics.type,
      last: sql<number>`max(${jobMetrics.bucketStart})`,
      queued: jobMetrics.gaugeQueued,
      running: jobMetrics.gaugeRunning,
    })
    .from(jobMetrics)
    .where(and(inRange(workspaceId, query), isNotNull(jobMetrics.gaugeQueued)))
    .groupBy(step, jobMetrics.type)
    .values()) as [number, string, number, number | null, number | null][];
  return rows.map(([step, type, , queued, running]) => ({ step: Number(step), type, queued, running }));
}

/** A workspace's lifetime totals (resolution 0) per type and summed metric, for OpenMetrics. */
export async function readTotals(db: Db, workspaceId: string): Promise<MetricRow[]> {
  const sums = Object.fromEntries(SUMMED_METRICS.map((m) => [m, sql<number>`${column(m)}`]));
  const rows = await db
    .select({ type: jobMetrics.type, ...sums })
    .from(jobMetrics)
    .where(and(eq(jobMetrics.workspaceId, workspaceId), eq(jobMetrics.resolution, 0)))
    .all();
  return rows.flatMap((row) =>
    SUMMED_METRICS.map((metric) => ({
      type: row.type as string,
      metric,
      n: Number((row as Record<string, unknown>)[metric] ?? 0),
    })),
  );
}

/** Jobs that ended, and those of them that failed or were dead-lettered, in the minute buckets since `since`. */
export async function endedSince(
  db: Db,
  workspaceId: string,
  type: string | null,
  since: number,
): Promise<{ ended: number; failed: number }> {
  const failed = sql`${column("failed")} + ${column("dead_lettered")}`;
  const row = await db
    .select({
      ended: sql<number>`coalesce(sum(${column("completed")} + ${failed}), 0)`,
      failed: sql<number>`coalesce(sum(${failed}), 0)`,
    })
    .from(jobMetrics)
    .where(
      and(
        eq(jobMetrics.workspaceId, workspaceId),
        eq(jobMetrics.resolution, MINUTE_MS),
        gte(jobMetrics.bucketStart, since - (since % MINUTE_MS)),
        type ? eq(jobMetrics.type, type) : undefined,
      ),
    )
    .get();
  return { ended: Number(row?.ended ?? 0), failed: Number(row?.failed ?? 0) };
}

/**
 * Samples the queue depth and running jobs of each type (from the trigger-kept counts) into this minute's and this
 * hour's gauges: the latest sample wins, so a bucket says what it was when it was last looked at.
 */
export async function sampleGauges(db: Db, now: number, workspaceId?: string): Promise<void> {
  const gauge = (status: string) => sql`sum(CASE WHEN ${jobCounts.status} = ${status} THEN ${jobCounts.n} ELSE 0 END)`;
  const zeros = sql.raw(SUMMED_METRICS.map(() => "0").join(", "));
  const where = and(
    inArray(jobCounts.status, ["pending", "running"]),
    workspaceId ? eq(jobCounts.workspaceId, workspaceId) : undefined,
  );
  const statements = [MINUTE_MS, HOUR_MS].map((resolution) =>
    db
      .insert(jobMetrics)
      .select(
        sql`SELECT ${jobCounts.workspaceId}, ${sql.raw(String(resolution))}, ${sql.raw(String(now - (now % resolution)))},
          ${jobCounts.type}, ${zeros}, ${gauge("pending")}, ${gauge("running")}
          FROM ${jobCounts} WHERE ${where} GROUP BY ${jobCounts.workspaceId}, ${jobCounts.type}`,
      )
      .onConflictDoUpdate({
        target: metricsConflict,
        set: { gaugeQueued: sql`excluded.gauge_queued`, gaugeRunning: sql`excluded.gauge_running` },
      }),
  );
  await runBatch(db, statements);
}

/** Drops minute rows older than `minutesBefore` and hour rows older than `hoursBefore`, at most `limit` of each. */
export async function pruneMetrics(db: Db, minutesBefore: number, hoursBefore: number, limit: number): Promise<void> {
  for (const [resolution, before] of [
    [MINUTE_MS, minutesBefore],
    [HOUR_MS, hoursBefore],
  ] as const) {
    const old = db
      .select({ rowid: sql`rowid` })
      .from(jobMetrics)
      .where(and(eq(jobMetrics.resolution, resolution), lt(jobMetrics.bucketStart, before)))
      .limit(limit);
    await db.delete(jobMetrics).where(sql`rowid IN ${old}`).run();
  }
}
