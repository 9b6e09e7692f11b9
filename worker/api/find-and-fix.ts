// The wire shapes of "Find and fix" (DESIGN.md, second round): the search and time range of the jobs list, error
// groups, an import's rejected rows, edit-and-retry of one job and the replay of a whole error group. Shared by the
// API, the pages and the TUI (which imports only this and schema.ts from the worker).
import { z } from "zod";
import { jobStatusSchema } from "./schema.ts";

/** A search needs 3+ characters (the trigram index cannot look for less); longer than this is not a fragment. */
export const MIN_SEARCH_CHARS = 3;
export const MAX_SEARCH_CHARS = 200;

export const searchTextSchema = z
  .string()
  .trim()
  .min(MIN_SEARCH_CHARS, `search for at least ${MIN_SEARCH_CHARS} characters`)
  .max(MAX_SEARCH_CHARS, `search for at most ${MAX_SEARCH_CHARS} characters`);

/** `created_from` / `created_to`: ISO-8601 times (a date alone means its midnight UTC). */
export const isoInstantSchema = z
  .string()
  .max(40)
  .refine((text) => !Number.isNaN(Date.parse(text)), "must be an ISO-8601 time such as 2026-12-01T09:00:00Z")
  .transform((text) => Date.parse(text));

/** A failed or dead-lettered job's error signature: 16 hex digits (see worker/domain/error-signature.ts). */
export const SIGNATURE_PATTERN = /^[0-9a-f]{16}$/;

export const errorGroupSchema = z.object({
  signature: z.string(),
  type: z.string(),
  /** The newest job's error as it was written (the signature is its normalised form). */
  message: z.string(),
  count: z.number().int(),
  failed: z.number().int(),
  dead_letter: z.number().int(),
  first_seen: z.string(),
  last_seen: z.string(),
  sample_job_id: z.string(),
});
export type ErrorGroup = z.infer<typeof errorGroupSchema>;
export const errorGroupsResponseSchema = z.object({ groups: z.array(errorGroupSchema) });

/** One refused row of an import: which row and product, which field, why, and the values it had. */
export const rejectedRowSchema = z.object({
  row: z.number().int(),
  sku: z.string().nullable(),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  values: z.record(z.string(), z.unknown()).nullable(),
});
export type RejectedRow = z.infer<typeof rejectedRowSchema>;
export const rejectedRowsResponseSchema = z.object({
  rows: z.array(rejectedRowSchema),
  next_cursor: z.string().nullable(),
});

const reasonSchema = z.string().trim().min(1).max(500).optional();

/** `POST /api/v1/jobs/:id/retry` with a body: retry with an edited payload (validated by the type), and why. */
export const retryRequestSchema = z.strictObject({
  payload: z.unknown().optional(),
  reason: reasonSchema,
});

/** `POST /api/v1/errors/:signature/retry`: a JSON merge patch (RFC 7386) for every job of the group. */
export const replayRequestSchema = z.strictObject({
  payload_patch: z.record(z.string(), z.unknown()).optional(),
  dry_run: z.boolean().optional(),
  reason: reasonSchema,
});

export const replayInvalidSchema = z.object({
  job_id: z.string(),
  /** Field errors of the patched payload, as the API's 422 `details` ("payload.rows.0.sku": ["…"]). */
  details: z.record(z.string(), z.array(z.string())),
});

export const replayPreviewSchema = z.object({
  matched: z.number().int(),
  would_retry: z.number().int(),
  invalid: z.array(replayInvalidSchema),
  example: z.object({ job_id: z.string(), before: z.unknown(), after: z.unknown() }).nullable(),
});
export type ReplayPreview = z.infer<typeof replayPreviewSchema>;

export const replayOutcomeSchema = z.object({
  matched: z.number().int(),
  retried: z.number().int(),
  invalid: z.array(replayInvalidSchema),
  skipped: z.partialRecord(jobStatusSchema, z.number().int()),
});
export type ReplayOutcome = z.infer<typeof replayOutcomeSchema>;
