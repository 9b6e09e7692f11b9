// The wire protocol, defined once: Job JSON, the live-event union, API requests and responses (products and job
// payloads are in payloads.ts, job types in job-types.ts).
// Imported by the worker, the WorkspaceHub Durable Object and the TUI, so it must stay free of platform imports.
import { z } from "zod";
import { ULID_PATTERN } from "./ids.ts";
import { BULK_RETRY_STATUSES } from "./lifecycle.ts";
import { prioritySchema } from "./priority.ts";
import { WAIT_REASONS } from "./waiting.ts";

export const JOB_STATUSES = [
  "pending",
  "running",
  "completed",
  "failed",
  "cancelled",
  "paused",
  "dead_letter",
] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const STATUS_LABELS: Record<JobStatus, string> = {
  pending: "Pending",
  running: "Running",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
  paused: "Paused",
  dead_letter: "Dead Letter",
};

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** An operator request that a running job honours at its next chunk boundary ("Cancelling…", "Pausing…"). */
export const jobControlSchema = z.enum(["cancel", "pause"]);
export type JobControl = z.infer<typeof jobControlSchema>;

const isoTime = z.string();

export const jobSchema = z.object({
  id: z.string(),
  workspace_id: z.string(),
  type: z.string(),
  status: jobStatusSchema,
  progress: z.number().min(0).max(100),
  processed: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  current_item: z.string().nullable(),
  attempts: z.number().int().min(0),
  max_attempts: z.number().int().min(1),
  error: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: isoTime,
  started_at: isoTime.nullable(),
  completed_at: isoTime.nullable(),
  updated_at: isoTime,
  run_after: isoTime.nullable(),
  result: z.unknown().nullable(),
  /** Rows an import refused (its result's count), else 0 (DESIGN.md, second round). */
  rejected: z.number().int().min(0).default(0),
  /** The reason of the job's last error (its group on Admin → Errors), or null. */
  error_signature: z.string().nullable().default(null),
  /** When it was asked to start, if later than its creation (DESIGN.md "Schedules"), else null. */
  run_at: isoTime.nullable().default(null),
  /** The schedule that created it, or null. */
  schedule_id: z.string().nullable().default(null),
  /** Created → first start, null until it started (DESIGN.md "Time and rate"). */
  wait_ms: z.number().int().min(0).nullable().default(null),
  /** Time spent running so far (over every run; a running job's current chunk included). */
  run_ms: z.number().int().min(0).default(0),
  /** Items per second over the recent chunks, null when not running. */
  rate: z.number().min(0).nullable().default(null),
  /** When it should finish, and a 90% band around it; null unless running with a known total (or source size). */
  eta_at: isoTime.nullable().default(null),
  eta_low_at: isoTime.nullable().default(null),
  eta_high_at: isoTime.nullable().default(null),
  /** Admission order within the workspace's lane. */
  priority: prioritySchema.default("normal"),
  /** Why a pending or paused job has not started (DESIGN.md "Lanes"), else null. */
  waiting: z
    .object({ reason: z.enum(WAIT_REASONS), until: isoTime.optional(), detail: z.string() })
    .nullable()
    .default(null),
  /** Extension to DESIGN.md's Job JSON: a pending operator request on a running job. */
  control: jobControlSchema.nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobEventSchema = z.object({
  id: z.number().int(),
  job_id: z.string(),
  at: isoTime,
  kind: z.string(),
  actor: z.string(),
  message: z.string().nullable(),
  run: z.number().int(),
});
export type JobEvent = z.infer<typeof jobEventSchema>;

export const jobCountsSchema = z.record(jobStatusSchema, z.number().int().min(0));
export type JobCounts = z.infer<typeof jobCountsSchema>;

export const jobListResponseSchema = z.object({
  jobs: z.array(jobSchema),
  next_cursor: z.string().nullable(),
  counts: jobCountsSchema,
});
export type JobListResponse = z.infer<typeof jobListResponseSchema>;

export const jobDetailResponseSchema = z.object({ job: jobSchema, events: z.array(jobEventSchema) });
export const jobResponseSchema = z.object({ job: jobSchema });

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const tokenResponseSchema = z.object({
  token: z.string(),
  workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  role: roleSchema,
});

// ---- Live events (WorkspaceHub → clients) ----

export const liveHelloSchema = z.object({
  type: z.literal("hello"),
  seq: z.number().int().min(0),
  workspace_id: z.string(),
});
export const liveJobEventSchema = z.object({
  type: z.literal("job"),
  seq: z.number().int().min(1),
  job: jobSchema,
  /** Browser sockets only: the rendered row for an htmx out-of-band swap. */
  content: z.string().optional(),
});
/**
 * Jobs that left D1 (archived by retention or discarded): clients drop them from what they show. One event per
 * archive part, so at most a part's worth of ids; `archive_date` is the archive day that holds them.
 */
export const liveRemovedEventSchema = z.object({
  type: z.literal("removed"),
  seq: z.number().int().min(1),
  job_ids: z.array(z.string()).min(1),
  archive_date: z.string(),
});
export const liveEventSchema = z.discriminatedUnion("type", [
  liveHelloSchema,
  liveJobEventSchema,
  liveRemovedEventSchema,
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveJobEvent = z.infer<typeof liveJobEventSchema>;

/** An ISO-8601 time with its offset (`2026-12-24T06:00:00Z`), as epoch ms. */
export const runAtSchema = z
  .string()
  .max(40)
  .refine((text) => /[zZ]|[+-]\d\d:?\d\d$/.test(text) && !Number.isNaN(Date.parse(text)), {
    message: "must be an ISO-8601 time with its offset, such as 2026-12-24T06:00:00Z",
  })
  .transform((text) => Date.parse(text));

export const createJobRequestSchema = z.strictObject({
  // Checked against the job registry (which may hold test-only types), not this enum, so the message can list them.
  type: z.string().min(1).max(64),
  payload: z.unknown().default({}),
  idempotency_key: z.string().trim().min(1).max(200).optional(),
  /** Admission order within the workspace's lane (DESIGN.md "Lanes"). */
  priority: prioritySchema.default("normal"),
  /** Start no earlier than this ISO time (DESIGN.md "Schedules"): a time past starts now, over a year ahead is a 422. */
  run_at: runAtSchema.optional(),
});

/** Jobs per `POST /api/v1/jobs/batch` request. */
export const MAX_BATCH_JOBS = 1000;

/**
 * The batch body. Items are checked one by one against createJobRequestSchema (a bad item is answered 422 in its
 * result, the others are still created), so the list itself only has to be a list of the right length.
 */
export const batchCreateRequestSchema = z.strictObject({
  jobs: z
    .array(z.unknown())
    .min(1, "send at least one job")
    .max(MAX_BATCH_JOBS, `send at most ${MAX_BATCH_JOBS} jobs per request`),
});

export const batchCreateResultSchema = z.object({
  /** The item's position in the request's `jobs`. */
  index: z.number().int().min(0),
  /** 201 created, 200 the job an idempotency key already made, 422 the item is invalid (see `error`). */
  status: z.union([z.literal(201), z.literal(200), z.literal(422)]),
  job: jobSchema.optional(),
  error: errorResponseSchema.shape.error.optional(),
});
export type BatchCreateResult = z.infer<typeof batchCreateResultSchema>;

export const batchCreateResponseSchema = z.object({ results: z.array(batchCreateResultSchema) });

const jobTypeFilterSchema = z
  .string()
  .regex(/^[a-z_]{1,64}$/, "must be a job type such as data_import")
  .optional();

/** The most ids one bulk action request may list (the engine's BULK_LIMIT). */
export const MAX_BULK_IDS = 500;

/** Listed jobs for a bulk action: the ids a user selected (duplicates are harmless). */
const bulkIdsSchema = z.strictObject({
  ids: z
    .array(z.string().regex(ULID_PATTERN, "must be a job id"))
    .min(1, "list at least one job id")
    .max(MAX_BULK_IDS, `list at most ${MAX_BULK_IDS} job ids per request`),
});

/** `POST /api/v1/jobs/retry`: every failed (or dead-letter) job of a type, or the listed jobs. */
export const bulkRetryRequestSchema = z.union([
  z.strictObject({ status: z.enum(BULK_RETRY_STATUSES), type: jobTypeFilterSchema }),
  bulkIdsSchema,
]);

/**
 * `POST /api/v1/jobs/cancel`: the listed jobs, or every cancellable job matching a status and/or type; `all: true`
 * says so explicitly, so an empty body never cancels a workspace's work.
 */
export const bulkCancelRequestSchema = z.union([
  z.strictObject({ all: z.literal(true), status: jobStatusSchema.optional(), type: jobTypeFilterSchema }),
  bulkIdsSchema,
]);

const skippedSchema = z.partialRecord(jobStatusSchema, z.number().int());

export const bulkRetryResponseSchema = z.object({
  retried: z.number().int(),
  skipped: skippedSchema,
  not_found: z.number().int(),
});
export type BulkRetryResponse = z.infer<typeof bulkRetryResponseSchema>;

export const bulkCancelResponseSchema = z.object({
  cancelled: z.number().int(),
  stopping: z.number().int(),
  skipped: skippedSchema,
  not_found: z.number().int(),
});
export type BulkCancelResponse = z.infer<typeof bulkCancelResponseSchema>;
