// The answers of the schedules API (worker/routes/api-schedules.ts) as the TUI reads them, from the server's own wire
// schemas. worker/api/schedules.ts also imports croner, which the dashboard can afford: a runtime dependency of plain
// JavaScript, without side effects on import, installed wherever the TUI and its SSH server run.
import { z } from "zod";
import { scheduleRunSchema, scheduleSchema } from "../worker/api/schedules.ts";

/** `GET /api/v1/schedules`: a page in id order; `next_cursor` says there are more than the page holds. */
export const scheduleListResponseSchema = z.object({
  schedules: z.array(scheduleSchema),
  next_cursor: z.string().nullable(),
});
export type ScheduleListResponse = z.infer<typeof scheduleListResponseSchema>;

/** `GET /api/v1/schedules/:id`: the schedule and its latest runs, newest first. */
export const scheduleDetailResponseSchema = z.object({
  schedule: scheduleSchema,
  runs: z.array(scheduleRunSchema),
});
export type ScheduleDetailResponse = z.infer<typeof scheduleDetailResponseSchema>;

/** `POST /api/v1/schedules/:id/run` (202): what the fire did, and the run it recorded. */
export const scheduleRunResponseSchema = z.object({
  outcome: z.enum(["created", "skipped", "failed"]),
  run: scheduleRunSchema.nullable(),
});
export type ScheduleRunResponse = z.infer<typeof scheduleRunResponseSchema>;

/** `POST /api/v1/schedules/:id/pause|resume`: the schedule as it is now. */
export const scheduleResponseSchema = z.object({ schedule: scheduleSchema });
