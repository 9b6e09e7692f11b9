// The header's open alert incidents (GET /api/v1/alerts?state=firing) as part of the State, and their reducers. Pure.
import type { FiringAlertsResponse, FiringIncident } from "./alerts-schema.ts";
import type { State } from "./state.ts";

/**
 * The incidents as last read. Like the sparkline, a glance the header gives unasked: a read that fails hides them
 * quietly (no message), and a refusal stops the reads until the next connect.
 */
export interface AlertsView {
  /** The open incidents of the last read, newest first, or null: not read yet, or hidden since a read failed. */
  firing: FiringIncident[] | null;
  /** The server had more than one page of them: the count is a lower bound. */
  more: boolean;
  /**
   * The server refused (403: a member's or viewer's token; 404: a server without alerts): asking again every 15 s
   * would only repeat it. A reconnect, which may follow a deploy or come with a new role, asks once more.
   */
  unavailable: boolean;
  /** The last read failed: the next failure is not logged again. */
  failing: boolean;
}

export function initialAlerts(): AlertsView {
  return { firing: null, more: false, unavailable: false, failing: false };
}

export function alertsLoaded(s: State, res: FiringAlertsResponse): State {
  return { ...s, alerts: { firing: res.alerts, more: res.next_cursor !== null, unavailable: false, failing: false } };
}

export function alertsFailed(s: State, unavailable: boolean): State {
  return { ...s, alerts: { firing: null, more: false, unavailable, failing: true } };
}

/** A (re)connect: a server that refused may answer now. */
export function alertsRetry(s: State): State {
  return s.alerts.unavailable ? { ...s, alerts: { ...s.alerts, unavailable: false } } : s;
}
