// A workspace's metrics series: the resolution a step needs (minutes under an hour, hours otherwise), summed per step
// by the data layer and made points (worker/api/metrics-series.ts).
import type { MetricsResponse } from "../api/metrics.ts";
import { HOUR_MS, MINUTE_MS, STEPS } from "../api/metrics.ts";
import { queuedByType, seriesOf } from "../api/metrics-series.ts";
import { makeDb } from "../db/client.ts";
import { readGaugeSamples, readStepSums } from "../db/metrics.ts";
import type { MetricsRange } from "../http/metrics-query.ts";

export async function metricsSeries(env: Env, workspaceId: string, range: MetricsRange): Promise<MetricsResponse> {
  const stepMs = STEPS[range.step];
  const resolution = stepMs < HOUR_MS ? MINUTE_MS : HOUR_MS;
  const db = makeDb(env.DB);
  const query = { resolution, from: range.from, to: range.to, type: range.type };
  const [sums, samples] =
    range.to > range.from
      ? await Promise.all([
          readStepSums(db, workspaceId, { ...query, stepMs }),
          readGaugeSamples(db, workspaceId, { ...query, stepMs }),
        ])
      : [[], []];
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    step: range.step,
    type: range.type ?? null,
    series: seriesOf(sums, samples, range.from, range.to, stepMs),
    queued_by_type: queuedByType(samples, range.from, range.to, stepMs),
  };
}

/** The last hour per minute, for the jobs page's strip and its refetches. */
export function lastHourSeries(env: Env, workspaceId: string, now = Date.now()): Promise<MetricsResponse> {
  const from = now - HOUR_MS;
  return metricsSeries(env, workspaceId, { from: from - (from % MINUTE_MS), to: now, step: "1m" });
}
