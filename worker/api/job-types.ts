// Every job type, declared once: its code, label, short name, description, payload schema and start form. The
// registry (worker/jobs/registry.ts: the compiler demands a handler for each), the labels on the pages and in the TUI,
// the TUI's type filter, the start forms and their payloads all derive from this table. Wire layer: pure.
import type { z } from "zod";
import {
  bulkClassificationPayloadSchema,
  dataExportPayloadSchema,
  dataImportPayloadSchema,
  dutyOptimizationPayloadSchema,
  testFlakyPayloadSchema,
} from "./payloads.ts";

/** One control of a start form; the form's answer becomes a payload field of the same name. */
export type StartField =
  /** Checked: the field is `true`; unchecked: it is left out (the schema's default applies). */
  | { kind: "checkbox"; name: string; label: string }
  | { kind: "select"; name: string; label: string; options: readonly { value: string; label: string }[] };

/** How a person starts the type on Imports & Exports: the upload form, a card of fields, or not at all. */
export type StartForm = { kind: "upload" } | { kind: "fields"; fields: readonly StartField[] } | { kind: "none" };

export interface JobTypeDeclaration {
  /** What people read: "Data import". */
  label: string;
  /** For narrow terminal columns: "import". */
  short: string;
  /** One sentence on what a job of this type does, shown on its start form. */
  description: string;
  /** The request payload, validated at creation (422 on failure). */
  payload: z.ZodType;
  startForm: StartForm;
  /** Registered only when ENABLE_TEST_JOB_TYPES is on (tests, soak, benchmarks), never in production. */
  testOnly?: true;
}

export const JOB_TYPE_DECLARATIONS = {
  data_import: {
    label: "Data import",
    short: "import",
    description: "Import products from a CSV file, a source URL or JSON rows, upserted by SKU.",
    payload: dataImportPayloadSchema,
    startForm: { kind: "upload" },
  },
  bulk_classification: {
    label: "Bulk classification",
    short: "classify",
    description: "Suggest HS codes for every product that has none yet.",
    payload: bulkClassificationPayloadSchema,
    startForm: {
      kind: "fields",
      fields: [
        { kind: "checkbox", name: "reclassify", label: "Also reclassify products the classifier already coded" },
      ],
    },
  },
  data_export: {
    label: "Data export",
    short: "export",
    description: "Export the whole catalogue as a CSV file to download.",
    payload: dataExportPayloadSchema,
    startForm: { kind: "fields", fields: [] },
  },
  duty_optimization: {
    label: "Duty optimisation",
    short: "optimize",
    description: "Look for lower duty rates for your products in a destination market.",
    payload: dutyOptimizationPayloadSchema,
    startForm: {
      kind: "fields",
      fields: [
        {
          kind: "select",
          name: "destination",
          label: "Destination",
          options: [
            { value: "US", label: "United States" },
            { value: "EU", label: "European Union" },
          ],
        },
      ],
    },
  },
  test_flaky: {
    label: "Test job",
    short: "test",
    description: "A test job whose chunks do no work and can fail on purpose.",
    payload: testFlakyPayloadSchema,
    startForm: { kind: "none" },
    testOnly: true,
  },
} as const satisfies Record<string, JobTypeDeclaration>;

export type JobType = keyof typeof JOB_TYPE_DECLARATIONS;

const ALL_TYPES = Object.keys(JOB_TYPE_DECLARATIONS) as JobType[];

/** The types production runs (the TUI's type filter cycles through these). */
export const JOB_TYPES: readonly JobType[] = ALL_TYPES.filter((type) => !("testOnly" in JOB_TYPE_DECLARATIONS[type]));

export function isJobType(type: string): type is JobType {
  return Object.hasOwn(JOB_TYPE_DECLARATIONS, type);
}

/** The declared label, or the code itself for a type this build does not know (an old row, a newer server). */
export function typeLabel(type: string): string {
  return isJobType(type) ? JOB_TYPE_DECLARATIONS[type].label : type;
}

export function typeShortName(type: string): string {
  return isJobType(type) ? JOB_TYPE_DECLARATIONS[type].short : type;
}

/**
 * The payload a start form's answer describes: each declared field read from the form (a checked checkbox is true,
 * a select its value); anything else the form sent is ignored, and the type's schema validates the result.
 */
export function startFormPayload(type: JobType, form: Record<string, unknown>): Record<string, unknown> {
  const startForm: StartForm = JOB_TYPE_DECLARATIONS[type].startForm;
  if (startForm.kind !== "fields") return {};
  const payload: Record<string, unknown> = {};
  for (const field of startForm.fields) {
    const value = form[field.name];
    if (field.kind === "checkbox" && value === "true") payload[field.name] = true;
    if (field.kind === "select") payload[field.name] = typeof value === "string" ? value : "";
  }
  return payload;
}
