// The results the job types write (worker/jobs/types/*.ts), as the job page reads them. Parsed rather than cast: a
// result of an older shape fails to parse and the page falls back to showing it as JSON instead of breaking.
import { z } from "zod";

export const importResultSchema = z.object({
  imported: z.number(),
  rejected: z.number(),
  bad_rows: z.array(z.object({ row: z.number(), reason: z.string() })),
  bad_rows_truncated: z.boolean().optional(),
  /** A streamed CSV (source URL, stored input): how far through its bytes the import is. */
  bytes_read: z.number().optional(),
  bytes_total: z.number().optional(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const classificationResultSchema = z.object({
  classified: z.number(),
  unclassifiable: z.number(),
  /** The first few only; `unclassifiable` is the count. */
  unclassifiable_skus: z.array(z.string()),
  /** Payload SKUs that are not in the catalogue (the first few). */
  missing_skus: z.array(z.string()),
  skipped_already_classified: z.number(),
  by_heading: z.record(z.string(), z.number()),
});
export type ClassificationResult = z.infer<typeof classificationResultSchema>;

/** While it runs an export reports rows and bytes so far; once completed, the file and its expiry too. */
export const exportResultSchema = z.object({
  rows: z.number(),
  bytes: z.number(),
  key: z.string().optional(),
  download_url: z.string().optional(),
  expires_at: z.string().optional(),
});
export type ExportResult = z.infer<typeof exportResultSchema>;

/** A finding as the result's top list and the findings table both carry it (amounts in currency units). */
export const dutyFindingSchema = z.object({
  sku: z.string(),
  currency: z.string(),
  kind: z.string(),
  from_rate: z.number(),
  to_rate: z.number(),
  saving: z.number(),
  detail: z.string(),
  hs_code: z.string().nullish(),
  origin_country: z.string().nullish(),
  scheme: z.string().nullish(),
});
export type DutyFinding = z.infer<typeof dutyFindingSchema>;

export const optimizationResultSchema = z.object({
  destination: z.string(),
  products: z.number(),
  rated: z.number(),
  assumed_codes: z.number(),
  unknown_heading: z.number(),
  unknown_examples: z.array(z.object({ sku: z.string(), heading: z.string() })),
  totals: z.array(
    z.object({
      currency: z.string(),
      total_duty: z.number(),
      potential_savings: z.number(),
      products_with_savings: z.number(),
    }),
  ),
  top_findings: z.array(dutyFindingSchema),
  missing_skus: z.number().optional(),
});
export type OptimizationResult = z.infer<typeof optimizationResultSchema>;
