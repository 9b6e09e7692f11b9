// The header sparkline's part of the State (GET /api/v1/metrics, the last 30 minutes) and its reducers. Pure.
import type { MetricsPoint } from "../worker/api/metrics.ts";
import type { State } from "./state.ts";

/**
 * The throughput as last read. The sparkline is a glance, not a feature a user asked for by a key: a read that fails
 * hides it quietly (no message), and a refusal stops the reads until the next connect.
 */
export interface MetricsView {
  /** The minute points of the last read, or null: not read yet, or hidden since a read failed. */
  series: MetricsPoint[] | null;
  /** The dashboard's clock when the points were asked for: the minutes they cover end there. */
  fetchedAt: number;
  /**
   * The server refused (403: a member's or viewer's token; 404: a server without metrics): asking again every half
   * minute would only repeat it. A reconnect, which may follow a deploy or come with a new role, asks once more.
   */
  unavailable: boolean;
  /** The last read failed: the next failure is not logged again. */
  failing: boolean;
}

export function initialMetrics(): MetricsView {
  return { series: null, fetchedAt: 0, unavailable: false, failing: false };
}

export function metricsLoaded(s: State, series: MetricsPoint[], at: number): State {
  return { ...s, metrics: { series, fetchedAt: at, unavailable: false, failing: false } };
}

export function metricsFailed(s: State, unavailable: boolean): State {
  return { ...s, metrics: { ...s.metrics, series: null, unavailable, failing: true } };
}

/** A (re)connect: a server that refused may answer now. */
export function metricsRetry(s: State): State {
  return s.metrics.unavailable ? { ...s, metrics: { ...s.metrics, unavailable: false } } : s;
}
