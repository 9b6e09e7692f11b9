// The TUI's own narrow reading of GET /api/v1/alerts?state=firing: only the fields the header draws.
import { z } from "zod";

/**
 * One open incident, as far as the header needs it. zod drops the fields it does not name (ids, kind, type, times,
 * job ids), so the server's fuller schema (worker/api/alerts.ts, the Alerts issue) can grow or change elsewhere
 * without the header refusing its answer.
 */
export const firingIncidentSchema = z.object({
  rule_name: z.string(),
  summary: z.string(),
});
export type FiringIncident = z.infer<typeof firingIncidentSchema>;

/** Newest first, at most 50 a page; a `next_cursor` says there are more than the page holds. */
export const firingAlertsResponseSchema = z.object({
  alerts: z.array(firingIncidentSchema),
  next_cursor: z.string().nullable(),
});
export type FiringAlertsResponse = z.infer<typeof firingAlertsResponseSchema>;
