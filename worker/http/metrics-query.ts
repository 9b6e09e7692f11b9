// The query of GET /api/v1/metrics and Admin → Metrics: a range (default the last hour), a step (default from the
// range), a type. Bad input is a 422 with details; an empty range is an empty series.
import { z } from "zod";
import { isoInstantSchema } from "../api/find-and-fix.ts";
import {
  defaultStep,
  HOUR_MS,
  MAX_POINTS,
  METRICS_RETENTION_MS,
  MINUTE_RETENTION_MS,
  STEPS,
  type Step,
  stepSchema,
} from "../api/metrics.ts";

export const metricsQuerySchema = z.object({
  from: isoInstantSchema.optional(),
  to: isoInstantSchema.optional(),
  step: stepSchema.optional(),
  type: z.string().max(64).optional(),
});

export interface MetricsRange {
  from: number;
  to: number;
  step: Step;
  type?: string;
}

/**
 * The range a query asks for, or the problems with it, keyed by field: from after to, more than the 14 days kept,
 * minute steps beyond the 48 hours minute buckets are kept, too many points, a type the workspace cannot have.
 */
export function metricsRange(
  query: z.infer<typeof metricsQuerySchema>,
  knownTypes: readonly string[],
  now: number,
): { range: MetricsRange } | { problems: Record<string, string[]> } {
  const to = query.to ?? now;
  const from = query.from ?? to - HOUR_MS;
  const problems: Record<string, string[]> = {};
  if (from > to) problems.from = ["must not be after to"];
  if (to - from > METRICS_RETENTION_MS) problems.to = ["the range may span at most 14 days (what is kept)"];
  const step = query.step ?? defaultStep(Math.max(0, to - from));
  const stepMs = STEPS[step];
  if (stepMs < HOUR_MS && from < now - MINUTE_RETENTION_MS) {
    problems.step = ["steps under 1h cover the last 48 hours only; use 1h or 1d for older ranges"];
  } else if ((to - from) / stepMs > MAX_POINTS) {
    problems.step = [`gives more than ${MAX_POINTS} points; use a longer step`];
  }
  if (query.type !== undefined && !knownTypes.includes(query.type)) {
    problems.type = [`unknown job type; expected one of: ${knownTypes.join(", ")}`];
  }
  if (Object.keys(problems).length > 0) return { problems };
  // Steps align to the step (and minutes to minutes), so a refresh a few seconds later gives the same buckets.
  const start = from === to ? to : from - (from % stepMs);
  return { range: { from: start, to, step, ...(query.type ? { type: query.type } : {}) } };
}
