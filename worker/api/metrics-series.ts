// Turning job_metrics rows into a series (GET /api/v1/metrics, Admin → Metrics, the TUI's sparkline): counters summed
// per step, histograms summed per step and read as p50/p95, gauges as the step's last sample. Pure.
import {
  COUNTERS,
  type Counter,
  gaugeMetric,
  HISTOGRAM_BOUNDS_MS,
  type Histogram,
  type MetricsPoint,
  quantile,
} from "./metrics.ts";

export interface SeriesRow {
  bucketStart: number;
  type: string;
  metric: string;
  n: number;
}

interface Acc {
  counters: Record<Counter, number>;
  histograms: Record<Histogram, number[]>;
  gauges: Record<"queued" | "running", { at: number; n: number } | null>;
}

const emptyAcc = (): Acc => ({
  counters: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>,
  histograms: { wait: HISTOGRAM_BOUNDS_MS.map(() => 0).concat(0), run: HISTOGRAM_BOUNDS_MS.map(() => 0).concat(0) },
  gauges: { queued: null, running: null },
});

const GAUGE_OF: Record<string, "queued" | "running"> = {
  [gaugeMetric("queued")]: "queued",
  [gaugeMetric("running")]: "running",
};

function fold(acc: Acc, row: SeriesRow, gaugeSums: Map<string, { at: number; n: number }>): void {
  if ((COUNTERS as readonly string[]).includes(row.metric)) {
    acc.counters[row.metric as Counter] += row.n;
    return;
  }
  for (const histogram of ["wait", "run"] as const) {
    const prefix = `${histogram}_b`;
    if (row.metric.startsWith(prefix)) {
      const index = Number(row.metric.slice(prefix.length));
      if (Number.isInteger(index) && index >= 0 && index <= HISTOGRAM_BOUNDS_MS.length) {
        acc.histograms[histogram][index] = (acc.histograms[histogram][index] ?? 0) + row.n;
      }
      return;
    }
  }
  const gauge = GAUGE_OF[row.metric];
  if (gauge) {
    // A step's gauge is its last sample, summed over the types sampled at that moment.
    const key = `${gauge}`;
    const last = gaugeSums.get(key);
    if (!last || row.bucketStart > last.at) gaugeSums.set(key, { at: row.bucketStart, n: row.n });
    else if (row.bucketStart === last.at) last.n += row.n;
    acc.gauges[gauge] = gaugeSums.get(key) ?? null;
  }
}

/** The points of [from, to) in steps of `stepMs` (every step present, empty ones as zeros). */
export function seriesOf(rows: readonly SeriesRow[], from: number, to: number, stepMs: number): MetricsPoint[] {
  const count = Math.max(0, Math.ceil((to - from) / stepMs));
  const accs = Array.from({ length: count }, emptyAcc);
  const gauges = Array.from({ length: count }, () => new Map<string, { at: number; n: number }>());
  for (const row of rows) {
    const i = Math.floor((row.bucketStart - from) / stepMs);
    const acc = accs[i];
    const gaugeSums = gauges[i];
    if (acc && gaugeSums) fold(acc, row, gaugeSums);
  }
  return accs.map((acc, i) => {
    const ended = acc.counters.completed + acc.counters.failed + acc.counters.dead_lettered;
    return {
      at: new Date(from + i * stepMs).toISOString(),
      ...acc.counters,
      failure_rate: ended === 0 ? null : (acc.counters.failed + acc.counters.dead_lettered) / ended,
      wait_p50_ms: quantile(acc.histograms.wait, 0.5),
      wait_p95_ms: quantile(acc.histograms.wait, 0.95),
      run_p50_ms: quantile(acc.histograms.run, 0.5),
      run_p95_ms: quantile(acc.histograms.run, 0.95),
      queued: acc.gauges.queued?.n ?? null,
      running: acc.gauges.running?.n ?? null,
    };
  });
}

/** Queue depth per type: each step's last sample of each type. */
export function queuedByType(rows: readonly SeriesRow[], from: number, to: number, stepMs: number) {
  const byType = new Map<string, Map<number, { at: number; n: number }>>();
  for (const row of rows) {
    if (row.metric !== gaugeMetric("queued") || row.bucketStart < from || row.bucketStart >= to) continue;
    const i = Math.floor((row.bucketStart - from) / stepMs);
    const steps = byType.get(row.type) ?? new Map();
    const last = steps.get(i);
    if (!last || row.bucketStart >= last.at) steps.set(i, { at: row.bucketStart, n: row.n });
    byType.set(row.type, steps);
  }
  const count = Math.max(0, Math.ceil((to - from) / stepMs));
  return Object.fromEntries(
    [...byType.entries()].map(([type, steps]) => [
      type,
      Array.from({ length: count }, (_, i) => ({
        at: new Date(from + i * stepMs).toISOString(),
        queued: steps.get(i)?.n ?? 0,
      })),
    ]),
  );
}
