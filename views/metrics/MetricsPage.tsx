// Admin → Metrics (/admin/metrics): throughput, failure rate, wait and run p50/p95 and queue depth per type over the
// last hour, day, week or two weeks (a plain GET form), each chart with a text alternative and a table view.
import type { MetricsResponse } from "../../worker/api/metrics.ts";
import { TypeSelect } from "../components/TypeSelect.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { MetricsCharts } from "./metrics-charts.tsx";

export const METRICS_RANGES = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "14d": "Last 14 days" };
export type MetricsRangeKey = keyof typeof METRICS_RANGES;

export function MetricsPage(props: {
  viewer: Viewer;
  series: MetricsResponse;
  range: MetricsRangeKey;
  type: string | undefined;
  types: string[];
}) {
  const { viewer, series, range, type, types } = props;
  return (
    <Layout title="Metrics" viewer={viewer} active="metrics">
      <form class="metrics-filter" method="get" action="/admin/metrics" data-drop-empty="true">
        <fieldset class="metrics-ranges">
          <legend class="visually-hidden">Range</legend>
          {Object.entries(METRICS_RANGES).map(([key, label]) => (
            <label class={`range-option${key === range ? " range-active" : ""}`}>
              <input type="radio" name="range" value={key} checked={key === range} />
              {label}
            </label>
          ))}
        </fieldset>
        <label for="metrics-type">Type</label>
        <TypeSelect id="metrics-type" selected={type} types={types} />
        <button type="submit" class="btn btn-small">
          Apply
        </button>
      </form>
      <p class="muted">
        {`${series.series.length} points of ${series.step} from ${series.from.slice(0, 16).replace("T", " ")} to ${series.to
          .slice(0, 16)
          .replace("T", " ")} UTC.`}
      </p>
      <MetricsCharts series={series} />
    </Layout>
  );
}
