// The OpenMetrics text of GET /metrics (owner/admin bearer token): lifetime counters per type and outcome, gauges of
// running and queued jobs per lane, and the wait and run-time histograms (cumulative buckets, sum, count), all
// labelled by job type. https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md
import { HISTOGRAM_BOUNDS_MS, type Histogram } from "../api/metrics.ts";

export interface OpenMetricsInput {
  totals: { type: string; metric: string; n: number }[];
  lanes: { type: string; running: number; queued: number; limit: number; paused: boolean }[];
}

const label = (value: string) => value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");

const COUNTED = [
  ["created", "jobs_created", "Jobs created"],
  ["started", "jobs_started", "Jobs started for the first time"],
  ["completed", "jobs_completed", "Jobs that completed"],
  ["failed", "jobs_failed", "Jobs that failed permanently"],
  ["dead_lettered", "jobs_dead_lettered", "Jobs moved to the dead-letter queue"],
  ["items", "job_items", "Items processed by job chunks"],
] as const;

export function openMetricsText(input: OpenMetricsInput): string {
  const lines: string[] = [];
  const types = [...new Set([...input.totals.map((t) => t.type), ...input.lanes.map((l) => l.type)])].sort();
  const total = (type: string, metric: string) =>
    input.totals.filter((t) => t.type === type && t.metric === metric).reduce((sum, t) => sum + t.n, 0);
  for (const [metric, name, help] of COUNTED) {
    lines.push(`# TYPE dutyleak_${name} counter`, `# HELP dutyleak_${name} ${help}.`);
    for (const type of types) lines.push(`dutyleak_${name}_total{type="${label(type)}"} ${total(type, metric)}`);
  }
  for (const [gauge, help] of [
    ["running", "Jobs running now"],
    ["queued", "Jobs waiting to start (pending)"],
  ] as const) {
    lines.push(`# TYPE dutyleak_jobs_${gauge} gauge`, `# HELP dutyleak_jobs_${gauge} ${help}, per lane.`);
    for (const lane of input.lanes) lines.push(`dutyleak_jobs_${gauge}{type="${label(lane.type)}"} ${lane[gauge]}`);
  }
  lines.push("# TYPE dutyleak_lane_paused gauge", "# HELP dutyleak_lane_paused 1 while the job type is paused.");
  for (const lane of input.lanes) lines.push(`dutyleak_lane_paused{type="${label(lane.type)}"} ${lane.paused ? 1 : 0}`);
  for (const [histogram, help] of [
    ["wait", "Time from creation to first start"],
    ["run", "Time spent running, for jobs that completed"],
  ] as const satisfies readonly [Histogram, string][]) {
    const name = `dutyleak_job_${histogram}_seconds`;
    lines.push(`# TYPE ${name} histogram`, `# HELP ${name} ${help}.`);
    for (const type of types) {
      let cumulative = 0;
      for (const [i, bound] of HISTOGRAM_BOUNDS_MS.entries()) {
        cumulative += total(type, `${histogram}_b${i}`);
        lines.push(`${name}_bucket{type="${label(type)}",le="${bound / 1000}"} ${cumulative}`);
      }
      cumulative += total(type, `${histogram}_b${HISTOGRAM_BOUNDS_MS.length}`);
      lines.push(`${name}_bucket{type="${label(type)}",le="+Inf"} ${cumulative}`);
      lines.push(`${name}_sum{type="${label(type)}"} ${total(type, `${histogram}_ms_sum`) / 1000}`);
      lines.push(`${name}_count{type="${label(type)}"} ${cumulative}`);
    }
  }
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}
