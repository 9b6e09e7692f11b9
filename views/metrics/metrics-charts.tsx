// The charts of Admin → Metrics and the jobs page's strip, from a metrics series (GET /api/v1/metrics's answer).
import { typeLabel } from "../../worker/api/job-types.ts";
import type { MetricsPoint, MetricsResponse } from "../../worker/api/metrics.ts";
import { durationText } from "../../worker/api/time-text.ts";
import { formatCount } from "../format.ts";
import { Chart } from "./Chart.tsx";

const count = (v: number) => formatCount(Math.round(v));
const percent = (v: number) => `${Math.round(v * 100)}%`;
const ms = (v: number) => durationText(v);
const finished = (p: MetricsPoint) => p.completed;
const failedOf = (p: MetricsPoint) => p.failed + p.dead_lettered;
const sum = (points: MetricsPoint[], pick: (p: MetricsPoint) => number) => points.reduce((t, p) => t + pick(p), 0);

/** Finished and failed per step: the strip above the jobs table (last hour, per minute) and the first chart. */
export function ThroughputChart({ series, id, compact }: { series: MetricsResponse; id: string; compact?: boolean }) {
  const at = series.series.map((p) => p.at);
  const done = sum(series.series, finished);
  const failed = sum(series.series, failedOf);
  return (
    <Chart
      id={id}
      title={`Finished and failed per ${series.step}`}
      summary={`${count(done)} finished and ${count(failed)} failed from ${series.from} to ${series.to}.`}
      at={at}
      kind="bars"
      compact={compact}
      height={compact ? 64 : 160}
      format={count}
      series={[
        { name: "Finished", tone: "series-ok", values: series.series.map(finished) },
        { name: "Failed", tone: "series-danger", values: series.series.map(failedOf) },
      ]}
    />
  );
}

export function MetricsCharts({ series }: { series: MetricsResponse }) {
  const at = series.series.map((p) => p.at);
  const worst = Math.max(0, ...series.series.map((p) => p.failure_rate ?? 0));
  const lastWait = series.series.findLast((p) => p.wait_p95_ms !== null)?.wait_p95_ms ?? null;
  const lastRun = series.series.findLast((p) => p.run_p95_ms !== null)?.run_p95_ms ?? null;
  const types = Object.keys(series.queued_by_type).sort();
  return (
    <div class="charts">
      <ThroughputChart series={series} id="chart-throughput" />
      <Chart
        id="chart-failure-rate"
        title="Failure rate"
        summary={`Failed and dead-lettered over everything that ended; at most ${percent(worst)} in this range.`}
        at={at}
        kind="lines"
        format={percent}
        series={[{ name: "Failure rate", tone: "series-danger", values: series.series.map((p) => p.failure_rate) }]}
      />
      <Chart
        id="chart-wait"
        title="Wait before the first start, p50 and p95"
        summary={lastWait === null ? "No job started in this range." : `Latest p95 wait: ${ms(lastWait)}.`}
        at={at}
        kind="lines"
        format={ms}
        series={[
          { name: "p50", tone: "series-1", values: series.series.map((p) => p.wait_p50_ms) },
          { name: "p95", tone: "series-2", values: series.series.map((p) => p.wait_p95_ms) },
        ]}
      />
      <Chart
        id="chart-run"
        title="Run time of completed jobs, p50 and p95"
        summary={lastRun === null ? "No job completed in this range." : `Latest p95 run time: ${ms(lastRun)}.`}
        at={at}
        kind="lines"
        format={ms}
        series={[
          { name: "p50", tone: "series-1", values: series.series.map((p) => p.run_p50_ms) },
          { name: "p95", tone: "series-2", values: series.series.map((p) => p.run_p95_ms) },
        ]}
      />
      <Chart
        id="chart-queue"
        title="Queue depth per type"
        summary={
          types.length === 0
            ? "No queue samples in this range."
            : types
                .map((t) => `${typeLabel(t)}: ${series.queued_by_type[t]?.at(-1) ?? 0} waiting at the end`)
                .join("; ")
        }
        at={at}
        kind="lines"
        format={count}
        series={types.map((t, i) => ({
          name: typeLabel(t),
          tone: `series-${(i % 4) + 1}`,
          values: series.queued_by_type[t] ?? [],
        }))}
      />
    </div>
  );
}
