// Retention and archive's wire shapes (DESIGN.md "Retention and archive"): the retention settings, the archive days,
// the discard request and its answer, and the archive's NDJSON record kinds. Pure (wire layer), so the TUI may
// import it.
import { z } from "zod";
import { searchTextSchema } from "./find-and-fix.ts";
import { ULID_PATTERN } from "./ids.ts";
import { DISCARDABLE_STATUSES } from "./lifecycle.ts";
import { type JobStatus, MAX_BULK_IDS } from "./schema.ts";

/** The statuses retention applies to, each with its setting's name (the keys of `retention`). */
export const RETENTION_KEYS = {
  completed: "completed_days",
  failed: "failed_days",
  dead_letter: "dead_letter_days",
  cancelled: "cancelled_days",
} as const satisfies Partial<Record<JobStatus, string>>;
export type RetainedStatus = keyof typeof RETENTION_KEYS;
export type RetentionKey = (typeof RETENTION_KEYS)[RetainedStatus];

export const RETAINED_STATUSES = Object.keys(RETENTION_KEYS) as RetainedStatus[];

export const DEFAULT_RETENTION: Record<RetentionKey, number> = {
  completed_days: 30,
  failed_days: 90,
  dead_letter_days: 180,
  cancelled_days: 30,
};

/** A day is the shortest retention (a job is never pruned the moment it ends); ten years the longest. */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

const daysSchema = z
  .number("must be a number of days")
  .int("must be a whole number of days")
  .min(MIN_RETENTION_DAYS, `must be at least ${MIN_RETENTION_DAYS} day`)
  .max(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS} days`);

export const retentionSchema = z.object({
  completed_days: daysSchema,
  failed_days: daysSchema,
  dead_letter_days: daysSchema,
  cancelled_days: daysSchema,
});
export type Retention = z.infer<typeof retentionSchema>;

/** A PATCH names only the settings it changes. */
export const retentionPatchSchema = retentionSchema.partial().strict();

/** How many days a status is kept under these settings. */
export function retentionDays(retention: Retention, status: RetainedStatus): number {
  return retention[RETENTION_KEYS[status]];
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** An archive's day in the URL: a real calendar date (YYYY-MM-DD, UTC). */
export const archiveDaySchema = z
  .string()
  .regex(DAY_PATTERN, "must be a date such as 2026-12-01")
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && isoDay(Date.parse(`${day}T00:00:00Z`)) === day, {
    message: "must be a date such as 2026-12-01",
  });

/** The UTC day of a time, as archives are named. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const archiveDaySummarySchema = z.object({
  date: z.string(),
  jobs: z.number().int(),
  events: z.number().int(),
  rejected_rows: z.number().int(),
  findings: z.number().int(),
  /** Compressed size of the day's download. */
  bytes: z.number().int(),
  parts: z.number().int(),
  /** Jobs that left by retention and by discard that day. */
  retention_jobs: z.number().int(),
  discarded_jobs: z.number().int(),
  last_written_at: z.string().nullable(),
  download_url: z.string(),
});
export type ArchiveDaySummary = z.infer<typeof archiveDaySummarySchema>;

export const archivesResponseSchema = z.object({
  archives: z.array(archiveDaySummarySchema),
  next_cursor: z.string().nullable(),
});
export type ArchivesResponse = z.infer<typeof archivesResponseSchema>;

export const archivesQuerySchema = z.strictObject({
  cursor: archiveDaySchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/**
 * `POST /api/v1/jobs/discard`: the listed jobs, or the ended jobs matching a status, type and/or search. A filter must
 * name at least one of them, so an empty body never discards a workspace's history.
 */
const endedStatusSchema = z.enum(DISCARDABLE_STATUSES as [JobStatus, ...JobStatus[]], {
  error: `must be one of the ended statuses: ${DISCARDABLE_STATUSES.join(", ")}`,
});

export const discardRequestSchema = z.union([
  z.strictObject({
    ids: z
      .array(z.string().regex(ULID_PATTERN, "must be a job id"))
      .min(1, "list at least one job id")
      .max(MAX_BULK_IDS, `list at most ${MAX_BULK_IDS} job ids per request`),
  }),
  z
    .strictObject({
      status: endedStatusSchema.optional(),
      type: z
        .string()
        .regex(/^[a-z_]{1,64}$/, "must be a job type such as data_import")
        .optional(),
      q: searchTextSchema.optional(),
    })
    .refine((f) => f.status !== undefined || f.type !== undefined || f.q !== undefined, {
      message: "name the jobs to discard: ids, or a status, type or q",
    }),
]);
export type DiscardRequest = z.infer<typeof discardRequestSchema>;

export const discardResponseSchema = z.object({
  discarded: z.number().int(),
  /** Listed jobs that were not discarded, by their status (only ended jobs are). */
  skipped: z.partialRecord(z.string(), z.number().int()),
  not_found: z.number().int(),
  /** More jobs match the filter than one request discards: send it again. */
  more: z.boolean(),
  /** The day whose archive holds them. */
  archive_date: z.string(),
});
export type DiscardResponse = z.infer<typeof discardResponseSchema>;
