// Products and the payload of each job type, as the API, webhooks and start forms accept them (zod, unknown fields
// rejected). Wire layer: pure, imported by the worker and the job-type declarations.
import { z } from "zod";

export const productSchema = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(500),
  description: z.string().max(5000).optional(),
  origin_country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 code")
    .transform((s) => s.toUpperCase()),
  customs_value: z.coerce.number({ error: "must be a number" }).finite().min(0, "must not be negative"),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code")
    .transform((s) => s.toUpperCase()),
  hs_code: z
    .string()
    .trim()
    .regex(/^\d{6,10}$/, "must be 6 to 10 digits")
    .optional(),
});
export type ProductInput = z.infer<typeof productSchema>;
export const PRODUCT_CSV_COLUMNS = [
  "sku",
  "title",
  "description",
  "origin_country",
  "customs_value",
  "currency",
  "hs_code",
] as const;
export const REQUIRED_PRODUCT_COLUMNS = ["sku", "title", "origin_country", "customs_value", "currency"] as const;

const callbackUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const dataImportPayloadSchema = z.union([
  z.strictObject({ rows: z.array(z.unknown()).min(1).max(200_000), callback_url: callbackUrl.optional() }),
  // file_name: the uploaded file's name, kept so people can find the import by it (the search indexes it).
  z.strictObject({
    csv: z.string().min(1),
    file_name: z.string().max(255).optional(),
    callback_url: callbackUrl.optional(),
  }),
  z.strictObject({ source_url: z.url({ protocol: /^https?$/ }).max(2048), callback_url: callbackUrl.optional() }),
]);
export type DataImportPayload = z.infer<typeof dataImportPayloadSchema>;

export const skuListSchema = z.array(z.string().trim().min(1).max(64)).min(1).max(10_000);

export const bulkClassificationPayloadSchema = z.strictObject({
  product_skus: skuListSchema.optional(),
  reclassify: z.boolean().default(false),
});

export const dataExportPayloadSchema = z.strictObject({
  format: z.literal("csv").default("csv"),
  filter: z
    .strictObject({
      hs_code_prefix: z
        .string()
        .regex(/^\d{1,10}$/)
        .optional(),
      origin_country: z
        .string()
        .regex(/^[A-Za-z]{2}$/)
        .transform((s) => s.toUpperCase())
        .optional(),
      classified: z.boolean().optional(),
    })
    .optional(),
});

export const dutyOptimizationPayloadSchema = z.strictObject({
  destination: z.enum(["US", "EU"]),
  product_skus: skuListSchema.optional(),
});

/** `test_flaky` (test and benchmark runs only): chunks that do no real work but can fail on purpose. */
export const testFlakyPayloadSchema = z.strictObject({
  items: z.number().int().min(0).max(1_000_000).default(10),
  chunk: z.number().int().min(1).max(10_000).default(5),
  /** Fail with a retryable error while the job's attempt number is at most this. */
  fail_attempts: z.number().int().min(0).default(0),
  /** Failures happen only in runs up to this one, so an operator's Retry (a new run) can succeed. */
  fail_runs: z.number().int().min(1).default(1),
  /** Fail permanently instead. */
  permanent: z.boolean().default(false),
  /** Only fail once this many items are done (so failures happen mid-job, after some chunks committed). */
  fail_after_items: z.number().int().min(0).default(0),
  /** Crash right after committing the chunk with this step number (1-based), on the first attempt only. */
  crash_after_step: z.number().int().min(1).optional(),
  /** Milliseconds each chunk takes, to make jobs long enough to pause or cancel. */
  delay_ms: z.number().int().min(0).max(10_000).default(0),
});

/** A catalogue product as the pages show it (the data layer's product rows have this shape and more). */
export interface CatalogueProduct {
  sku: string;
  title: string;
  originCountry: string;
  customsValue: number;
  currency: string;
  hsCode: string | null;
  /** Who set hs_code: `person` (imported or edited) or `rule` (the classifier). */
  hsSource: "person" | "rule" | null;
  confidence: number | null;
  matchedRule: string | null;
}
