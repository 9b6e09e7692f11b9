// Alerts on the wire (DESIGN.md "Alerts"): rules of four kinds with a channel, the incidents they open and resolve,
// and the deliveries of each opening and resolution. Pure (wire layer), so the TUI and the pages may import it.
import { z } from "zod";

export const ALERT_KINDS = ["dead_letter", "failure_rate", "wait_time", "stalled"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const CHANNEL_KINDS = ["webhook", "slack"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const ALERT_STATES = ["firing", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const DELIVERY_EVENTS = ["firing", "resolved", "test"] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

/** What each kind's numbers mean and allow; a rule that leaves one out gets its default. */
export const KIND_LIMITS = {
  /** How long after the last dead letter its incident stays open (unless the jobs are retried or removed first). */
  dead_letter: { threshold: null, window: { min: 1, max: 1_440, default: 60 }, minJobs: null },
  /** Percent of a type's ended jobs that failed within the window, once at least min_jobs ended. */
  failure_rate: {
    threshold: { min: 1, max: 100, unit: "percent" },
    window: { min: 1, max: 1_440, default: 15 },
    minJobs: { min: 1, max: 10_000, default: 10 },
  },
  /** Minutes a pending job has waited since it became due. */
  wait_time: { threshold: { min: 1, max: 10_080, unit: "minutes" }, window: null, minJobs: null },
  /** Minutes a running job has gone without committing a chunk. */
  stalled: { threshold: { min: 1, max: 1_440, unit: "minutes" }, window: null, minJobs: null },
} as const satisfies Record<
  AlertKind,
  {
    threshold: { min: number; max: number; unit: string } | null;
    window: { min: number; max: number; default: number } | null;
    minJobs: { min: number; max: number; default: number } | null;
  }
>;

export const alertChannelSchema = z.strictObject({
  kind: z.enum(CHANNEL_KINDS, { error: "must be webhook or slack" }),
  url: z.string().trim().min(1, "is required").max(2_000, "must be at most 2,000 characters"),
});

const nameSchema = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");
const typeSchema = z.string().trim().min(1).max(64).nullable();
const wholeNumber = z.number().int("must be a whole number");

export const alertRuleCreateSchema = z.strictObject({
  name: nameSchema,
  kind: z.enum(ALERT_KINDS, { error: `must be one of ${ALERT_KINDS.join(", ")}` }),
  type: typeSchema.optional(),
  threshold: z.number().finite().optional(),
  window_minutes: wholeNumber.optional(),
  min_jobs: wholeNumber.optional(),
  channel: alertChannelSchema,
});
export type AlertRuleCreate = z.infer<typeof alertRuleCreateSchema>;

export const alertRulePatchSchema = z.strictObject({
  name: nameSchema.optional(),
  type: typeSchema.optional(),
  threshold: z.number().finite().nullable().optional(),
  window_minutes: wholeNumber.nullable().optional(),
  min_jobs: wholeNumber.nullable().optional(),
  channel: alertChannelSchema.optional(),
  enabled: z.boolean().optional(),
});
export type AlertRulePatch = z.infer<typeof alertRulePatchSchema>;

/** A rule's condition numbers, after defaults. */
export interface RuleCondition {
  kind: AlertKind;
  type: string | null;
  threshold: number | null;
  windowMinutes: number | null;
  minJobs: number | null;
}

/**
 * The condition a rule asks for with its defaults filled in, or the problems with it keyed by field (a threshold its
 * kind needs and lacks, numbers out of range, numbers its kind has no use for, a type the workspace cannot have).
 */
export function checkCondition(
  asked: RuleCondition,
  knownTypes: readonly string[],
): { condition: RuleCondition } | { problems: Record<string, string[]> } {
  const limits = KIND_LIMITS[asked.kind];
  const problems: Record<string, string[]> = {};
  const range = (field: string, value: number, bounds: { min: number; max: number }) => {
    if (value < bounds.min || value > bounds.max) problems[field] = [`must be between ${bounds.min} and ${bounds.max}`];
  };
  const unused = (field: string, value: number | null) => {
    if (value !== null) problems[field] = [`has no meaning for a ${asked.kind} rule`];
  };
  if (limits.threshold) {
    if (asked.threshold === null)
      problems.threshold = [`is required for a ${asked.kind} rule (${limits.threshold.unit})`];
    else range("threshold", asked.threshold, limits.threshold);
  } else unused("threshold", asked.threshold);
  if (limits.window) {
    if (asked.windowMinutes !== null) range("window_minutes", asked.windowMinutes, limits.window);
  } else unused("window_minutes", asked.windowMinutes);
  if (limits.minJobs) {
    if (asked.minJobs !== null) range("min_jobs", asked.minJobs, limits.minJobs);
  } else unused("min_jobs", asked.minJobs);
  if (asked.type !== null && !knownTypes.includes(asked.type)) {
    problems.type = [`unknown job type; expected one of: ${knownTypes.join(", ")}`];
  }
  if (Object.keys(problems).length > 0) return { problems };
  return {
    condition: {
      ...asked,
      windowMinutes: limits.window ? (asked.windowMinutes ?? limits.window.default) : null,
      minJobs: limits.minJobs ? (asked.minJobs ?? limits.minJobs.default) : null,
    },
  };
}

const typeText = (type: string | null) => (type ? `${type} job` : "job");

/** The condition in words, for the page, Slack and the webhook body. */
export function describeCondition(c: RuleCondition): string {
  switch (c.kind) {
    case "dead_letter":
      return `a ${typeText(c.type)} is dead-lettered (open until ${c.windowMinutes} min pass without another)`;
    case "failure_rate":
      return `${c.threshold}% or more of ${c.type ? `${c.type} jobs` : "jobs"} that ended in ${c.windowMinutes} min failed (at least ${c.minJobs} ended)`;
    case "wait_time":
      return `a pending ${typeText(c.type)} has waited over ${c.threshold} min`;
    case "stalled":
      return `a running ${typeText(c.type)} has made no progress for ${c.threshold} min`;
  }
}

export const alertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_KINDS),
  type: z.string().nullable(),
  threshold: z.number().nullable(),
  window_minutes: z.number().int().nullable(),
  min_jobs: z.number().int().nullable(),
  channel: z.object({ kind: z.enum(CHANNEL_KINDS), url: z.string() }),
  /** The condition in words. */
  condition: z.string(),
  enabled: z.boolean(),
  /** firing while the rule has an open incident. */
  state: z.enum(["firing", "ok"]),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AlertRuleJson = z.infer<typeof alertRuleSchema>;

export const alertSchema = z.object({
  id: z.string(),
  rule_id: z.string(),
  rule_name: z.string(),
  kind: z.enum(ALERT_KINDS),
  type: z.string().nullable(),
  state: z.enum(ALERT_STATES),
  opened_at: z.string(),
  resolved_at: z.string().nullable(),
  summary: z.string(),
  /** The newest jobs the condition saw (at most 20), newest first. */
  job_ids: z.array(z.string()),
  /** How many jobs met the condition when it was last evaluated. */
  job_count: z.number().int(),
});
export type AlertJson = z.infer<typeof alertSchema>;

export const alertDeliverySchema = z.object({
  id: z.string(),
  rule_id: z.string(),
  alert_id: z.string().nullable(),
  event: z.enum(DELIVERY_EVENTS),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  last_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export type AlertDeliveryJson = z.infer<typeof alertDeliverySchema>;

export const alertsQuerySchema = z.strictObject({
  state: z.enum(ALERT_STATES, { error: "must be firing or resolved" }).optional(),
  /** The last id of the previous page (ids sort by creation). */
  cursor: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "must be the next_cursor of a previous page")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** The most jobs an incident lists. */
export const INCIDENT_JOB_IDS = 20;
