// Schedules on the wire (DESIGN.md "Schedules"): a 5-field cron in an IANA time zone creating a job of a type with a
// payload, `overlap` skip|allow, paused or not; and `run_at` for one job to start later. Cron times come from croner
// (maintained, dependency-free, computes in any IANA zone through Intl and handles DST: a time skipped by a
// spring-forward runs once at the shifted hour, a repeated one once). Pure (wire layer), so the TUI may import it.
import { Cron } from "croner";
import { z } from "zod";
import { prioritySchema } from "./priority.ts";

/** How far ahead `run_at` may be. */
export const MAX_RUN_AT_AHEAD_MS = 365 * 24 * 3_600_000;

export const OVERLAPS = ["skip", "allow"] as const;

/** The problem with a cron expression or time zone, or null when croner accepts both. */
export function cronProblem(cron: string, timezone: string): { field: "cron" | "timezone"; message: string } | null {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    return { field: "timezone", message: "unknown time zone; use an IANA name such as Europe/Berlin or UTC" };
  }
  if (cron.trim().split(/\s+/).length !== 5) {
    return { field: "cron", message: "must have 5 fields: minute hour day-of-month month day-of-week" };
  }
  try {
    new Cron(cron, { timezone, paused: true });
  } catch (error) {
    return { field: "cron", message: error instanceof Error ? error.message.replace(/^CronPattern: /, "") : "invalid" };
  }
  return null;
}

/** The next `count` due times strictly after `after` (epoch ms), in UTC. */
export function nextRuns(cron: string, timezone: string, after: number, count: number): number[] {
  const schedule = new Cron(cron, { timezone, paused: true });
  return schedule.nextRuns(count, new Date(after)).map((d) => d.getTime());
}

export function nextRun(cron: string, timezone: string, after: number): number | null {
  return nextRuns(cron, timezone, after, 1)[0] ?? null;
}

const nameSchema = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

export const scheduleCreateSchema = z.strictObject({
  name: nameSchema,
  cron: z.string().trim().min(1, "is required").max(100),
  timezone: z.string().trim().min(1).max(64).default("UTC"),
  type: z.string().min(1).max(64),
  payload: z.unknown().default({}),
  priority: prioritySchema.default("normal"),
  enabled: z.boolean().default(true),
  overlap: z.enum(OVERLAPS, { error: "must be skip or allow" }).default("skip"),
});
export type ScheduleCreate = z.infer<typeof scheduleCreateSchema>;

export const schedulePatchSchema = z.strictObject({
  name: nameSchema.optional(),
  cron: z.string().trim().min(1).max(100).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
  payload: z.unknown().optional(),
  priority: prioritySchema.optional(),
  enabled: z.boolean().optional(),
  overlap: z.enum(OVERLAPS, { error: "must be skip or allow" }).optional(),
});
export type SchedulePatch = z.infer<typeof schedulePatchSchema>;

export const scheduleRunSchema = z.object({
  due_at: z.string(),
  kind: z.enum(["cron", "run_now"]),
  outcome: z.enum(["claimed", "created", "skipped", "failed"]),
  job_id: z.string().nullable(),
  /** The job's status now (null when none was created or it is gone). */
  job_status: z.string().nullable(),
  detail: z.string().nullable(),
});
export type ScheduleRunJson = z.infer<typeof scheduleRunSchema>;

export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  type: z.string(),
  payload: z.unknown(),
  priority: prioritySchema,
  overlap: z.enum(OVERLAPS),
  enabled: z.boolean(),
  paused_by: z.string().nullable(),
  next_run_at: z.string().nullable(),
  /** The next five due times (empty while paused). */
  next_runs: z.array(z.string()),
  last_run_at: z.string().nullable(),
  last_job_id: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ScheduleJson = z.infer<typeof scheduleSchema>;
