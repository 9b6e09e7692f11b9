// Turning metrics into a series (GET /api/v1/metrics, Admin → Metrics, the TUI's sparkline): the per-step sums the
// data layer adds up (counters, histogram buckets read as p50/p95) and the gauges as each step's last sample. Pure.
import { COUNTERS, type Counter, type Histogram, type MetricsPoint, quantile } from "./metrics.ts";

/** What the data layer sums per step (worker/db/metrics.ts readStepSums). */
export interface StepSums {
  step: number;
  counters: Record<Counter, number>;
  histograms: Record<Histogram, number[]>;
}

/** One type's gauges at the last bucket of a step the sweeper sampled (worker/db/metrics.ts readGaugeSamples). */
export interface GaugeSample {
  step: number;
  type: string;
  queued: number | null;
  running: number | null;
}

const stepCount = (from: number, to: number, stepMs: number) => Math.max(0, Math.ceil((to - from) / stepMs));

/** Each step's gauge summed over the types sampled in it (each type's last sample); absent when none was taken. */
function gaugeTotals(samples: readonly GaugeSample[], gauge: "queued" | "running"): Map<number, number> {
  const totals = new Map<number, number>();
  for (const sample of samples) {
    const n = sample[gauge];
    if (n !== null) totals.set(sample.step, (totals.get(sample.step) ?? 0) + n);
  }
  return totals;
}

const zeroCounters = () => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;

/** The points of [from, to) in steps of `stepMs` (every step present, empty ones as zeros). */
export function seriesOf(
  sums: readonly StepSums[],
  samples: readonly GaugeSample[],
  from: number,
  to: number,
  stepMs: number,
): MetricsPoint[] {
  const byStep = new Map(sums.map((s) => [s.step, s]));
  const queued = gaugeTotals(samples, "queued");
  const running = gaugeTotals(samples, "running");
  return Array.from({ length: stepCount(from, to, stepMs) }, (_, i) => {
    const sum = byStep.get(i);
    const counters = sum?.counters ?? zeroCounters();
    const ended = counters.completed + counters.failed + counters.dead_lettered;
    return {
      at: new Date(from + i * stepMs).toISOString(),
      ...counters,
      failure_rate: ended === 0 ? null : (counters.failed + counters.dead_lettered) / ended,
      wait_p50_ms: sum ? quantile(sum.histograms.wait, 0.5) : null,
      wait_p95_ms: sum ? quantile(sum.histograms.wait, 0.95) : null,
      run_p50_ms: sum ? quantile(sum.histograms.run, 0.5) : null,
      run_p95_ms: sum ? quantile(sum.histograms.run, 0.95) : null,
      queued: queued.get(i) ?? null,
      running: running.get(i) ?? null,
    };
  });
}

/** Queue depth per type, a value per step (0 where none was taken). */
export function queuedByType(samples: readonly GaugeSample[], from: number, to: number, stepMs: number) {
  const byType: Record<string, number[]> = {};
  for (const sample of samples) {
    if (sample.queued === null) continue;
    byType[sample.type] ??= new Array(stepCount(from, to, stepMs)).fill(0);
    const steps = byType[sample.type] as number[];
    if (sample.step >= 0 && sample.step < steps.length) steps[sample.step] = sample.queued;
  }
  return byType;
}
