// The strip above the jobs table: finished and failed per minute over the last hour. It refetches itself every 30 s
// and when jobs move (throttled), and morphs in.
import type { MetricsResponse } from "../../worker/api/metrics.ts";
import { ThroughputChart } from "./metrics-charts.tsx";

export function MetricsStrip({ series }: { series: MetricsResponse }) {
  return (
    <section
      id="metrics-strip"
      class="metrics-strip"
      aria-label="Finished and failed per minute, last hour"
      hx-get="/admin/metrics/strip"
      hx-trigger="every 30s, dl:lanes from:body throttle:10s"
      hx-swap="outerMorph"
    >
      <ThroughputChart series={series} id="strip-throughput" compact />
    </section>
  );
}
