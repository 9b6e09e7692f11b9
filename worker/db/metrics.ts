// The metrics store (DESIGN.md "Time and rate"): job_metrics rows per workspace, type, bucket and metric. Every event
// is counted at three resolutions at once (its minute, its hour, and the lifetime totals the OpenMetrics counters
// read), in one upsert that rides in the batch of the transition it counts, so metrics never cost a round trip of
// their own and can never disagree with the jobs. Minute rows are kept 48 hours (the hour rows are their rollup),
// hour rows 14 days; gauges (queue depth) are sampled by the sweeper.
import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import {
  bucketIndex,
  bucketMetric,
  GAUGES,
  gaugeMetric,
  HISTOGRAM_BOUNDS_MS,
  type Histogram,
  HOUR_MS,
  MINUTE_MS,
  sumMetric,
} from "../api/metrics.ts";
import { type BatchItem, type Db, runBatch } from "./client.ts";
import { jobCounts, jobMetrics, jobs } from "./schema.ts";

/** The resolutions every event is counted at; 0 is the lifetime total (bucket 0). */
export const RESOLUTIONS = [MINUTE_MS, HOUR_MS, 0] as const;

/** A metrics row's key: an upsert adds to (or, for a gauge, replaces) the row it names. */
const metricsConflict = [
  jobMetrics.workspaceId,
  jobMetrics.resolution,
  jobMetrics.bucketStart,
  jobMetrics.type,
  jobMetrics.metric,
];

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
  const value = (i: number) => sql`json_extract(value, ${`$[${i}]`})`;
  const guard = onlyIf ? sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${onlyIf})` : sql`true`;
  return db
    .insert(jobMetrics)
    .select(
      db
        .select({
          workspaceId: sql<string>`${workspaceId}`.as("workspace_id"),
          resolution: sql<number>`${value(0)}`.as("resolution"),
          bucketStart: sql<number>`${value(1)}`.as("bucket_start"),
          type: sql<string>`${value(2)}`.as("type"),
          metric: sql<string>`${value(3)}`.as("metric"),
          n: sql<number>`${value(4)}`.as("n"),
        })
        .from(sql`json_each(${JSON.stringify(rows)})`)
        // `WHERE …` also resolves SQLite's parsing ambiguity between an upsert's ON CONFLICT and a join.
        .where(guard),
    )
    .onConflictDoUpdate({ target: metricsConflict, set: { n: sql`${jobMetrics.n} + excluded.n` } });
}

/** The SQL bucket index of a duration expression, matching bucketIndex. */
function bucketSql(ms: SQL): SQL {
  const cases = HISTOGRAM_BOUNDS_MS.map((bound, i) => sql`WHEN ${ms} <= ${bound} THEN ${i}`);
  return sql`(CASE ${sql.join(cases, sql` `)} ELSE ${HISTOGRAM_BOUNDS_MS.length} END)`;
}

const resolutionsSql = sql.join(
  RESOLUTIONS.map((r) => sql`SELECT ${r} AS r`),
  sql` UNION ALL `,
);

/** Adds counts selected from jobs rows (`counts`: a SELECT of ws, type, metric, n) at every resolution. */
function upsertSelected(db: Db, counts: SQL, now: number): BatchItem {
  return db
    .insert(jobMetrics)
    .select(
      db
        .select({
          workspaceId: sql<string>`c.ws`.as("workspace_id"),
          resolution: sql<number>`res.r`.as("resolution"),
          bucketStart: sql<number>`CASE WHEN res.r = 0 THEN 0 ELSE ${now} - (${now} % res.r) END`.as("bucket_start"),
          type: sql<string>`c.type`.as("type"),
          metric: sql<string>`c.metric`.as("metric"),
          n: sql<number>`sum(c.n)`.as("n"),
        })
        .from(sql`(${counts}) AS c CROSS JOIN (${resolutionsSql}) AS res`)
        .where(sql`true`)
        .groupBy(sql`c.ws, res.r, c.type, c.metric`),
    )
    .onConflictDoUpdate({ target: metricsConflict, set: { n: sql`${jobMetrics.n} + excluded.n` } });
}

/** The `created` counts of the jobs rows `where` selects (a set-based insert's new rows, by their rev). */
export function createdUpsert(db: Db, where: SQL, now: number): BatchItem {
  return upsertSelected(
    db,
    sql`SELECT ${jobs.workspaceId} AS ws, ${jobs.type} AS type, 'created' AS metric, 1 AS n FROM ${jobs} WHERE ${where}`,
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
    now,
  );
}

export interface MetricRow {
  bucketStart: number;
  type: string;
  metric: string;
  n: number;
}

/** The rows of one resolution in [from, to), optionally of one type. */
export async function readMetrics(
  db: Db,
  workspaceId: string,
  query: { resolution: number; from: number; to: number; type?: string },
): Promise<MetricRow[]> {
  return db
    .select({ bucketStart: jobMetrics.bucketStart, type: jobMetrics.type, metric: jobMetrics.metric, n: jobMetrics.n })
    .from(jobMetrics)
    .where(
      and(
        eq(jobMetrics.workspaceId, workspaceId),
        eq(jobMetrics.resolution, query.resolution),
        gte(jobMetrics.bucketStart, query.from),
        lt(jobMetrics.bucketStart, query.to),
        query.type ? eq(jobMetrics.type, query.type) : undefined,
      ),
    )
    .all();
}

/** A workspace's lifetime totals (resolution 0) per type and metric, for OpenMetrics. */
export async function readTotals(db: Db, workspaceId: string): Promise<MetricRow[]> {
  return readMetrics(db, workspaceId, { resolution: 0, from: 0, to: 1 });
}

/**
 * Samples the queue depth and running jobs of each type (from the trigger-kept counts) into this minute's and this
 * hour's gauges: the latest sample wins, so a bucket says what it was when it was last looked at.
 */
export async function sampleGauges(db: Db, now: number, workspaceId?: string): Promise<void> {
  const statuses = { queued: "pending", running: "running" } as const;
  const statements = GAUGES.flatMap((gauge) =>
    [MINUTE_MS, HOUR_MS].map((resolution) =>
      db
        .insert(jobMetrics)
        .select(
          db
            .select({
              workspaceId: jobCounts.workspaceId,
              resolution: sql<number>`${resolution}`.as("resolution"),
              bucketStart: sql<number>`${now - (now % resolution)}`.as("bucket_start"),
              type: jobCounts.type,
              metric: sql<string>`${gaugeMetric(gauge)}`.as("metric"),
              n: jobCounts.n,
            })
            .from(jobCounts)
            .where(
              and(
                eq(jobCounts.status, statuses[gauge]),
                workspaceId ? eq(jobCounts.workspaceId, workspaceId) : undefined,
              ),
            ),
        )
        .onConflictDoUpdate({ target: metricsConflict, set: { n: sql`excluded.n` } }),
    ),
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
