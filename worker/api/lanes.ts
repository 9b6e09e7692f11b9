// The lanes' wire shapes (DESIGN.md "Lanes"): GET /api/v1/lanes, GET/PATCH /api/v1/settings (with "Retention and
// archive"'s retention), PATCH /api/v1/jobs/:id.
// Pure (wire layer), so the TUI may import it.
import { z } from "zod";
import { prioritySchema } from "./priority.ts";
import { retentionPatchSchema, retentionSchema } from "./retention.ts";

/** The bounds of a workspace's running limit. */
export const MIN_MAX_RUNNING = 1;
export const MAX_MAX_RUNNING = 50;
export const DEFAULT_MAX_RUNNING = 4;

export const laneSchema = z.object({
  type: z.string(),
  running: z.number().int().min(0),
  /** The workspace's running limit, which every type shares. */
  limit: z.number().int().min(0),
  queued: z.number().int().min(0),
  oldest_wait_ms: z.number().int().min(0).nullable(),
  paused: z.boolean(),
  paused_by: z.string().nullable(),
  paused_at: z.string().nullable().default(null),
});
export type Lane = z.infer<typeof laneSchema>;

export const laneChangeSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.enum(["type_paused", "type_resumed", "max_running_set"]),
  detail: z.string().nullable(),
});
export type LaneChangeJson = z.infer<typeof laneChangeSchema>;

export const lanesResponseSchema = z.object({
  lanes: z.array(laneSchema),
  max_running: z.number().int().min(0),
  /** Slots in use: admitted jobs on the queue or running (at most max_running, unless it was just lowered). */
  in_use: z.number().int().min(0).default(0),
  /** The latest changes to the lanes, newest first (who paused, resumed or set the limit). */
  changes: z.array(laneChangeSchema).default([]),
});
export type LanesResponse = z.infer<typeof lanesResponseSchema>;

export const settingsPatchSchema = z.strictObject({
  retention: retentionPatchSchema.optional(),
  max_running: z
    .number()
    .int("must be a whole number")
    .min(MIN_MAX_RUNNING, `must be at least ${MIN_MAX_RUNNING}`)
    .max(MAX_MAX_RUNNING, `must be at most ${MAX_MAX_RUNNING}`)
    .optional(),
});

export const settingsResponseSchema = z.object({ max_running: z.number().int(), retention: retentionSchema });
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

export const jobPatchRequestSchema = z.strictObject({ priority: prioritySchema });
