// Which handler runs which job type: one entry per type declared in worker/api/job-types.ts (the compiler refuses a
// declared type without its handler, or a handler filed under another type). Test-only types exist only when the
// config switches them on.
import { JOB_TYPE_DECLARATIONS, type JobType } from "../api/job-types.ts";
import type { JobHandler } from "./handler.ts";
import { bulkClassification } from "./types/bulk_classification.ts";
import { dataExport } from "./types/data_export.ts";
import { dataImport } from "./types/data_import.ts";
import { dutyOptimization } from "./types/duty_optimization.ts";
import { testFlaky } from "./types/test_flaky.ts";

const HANDLERS: { [T in JobType]: JobHandler<T> } = {
  data_import: dataImport,
  bulk_classification: bulkClassification,
  data_export: dataExport,
  duty_optimization: dutyOptimization,
  test_flaky: testFlaky,
};

function registered(type: JobType, options: { testJobTypes: boolean }): boolean {
  return options.testJobTypes || !("testOnly" in JOB_TYPE_DECLARATIONS[type]);
}

export function handlerFor(type: string, options: { testJobTypes: boolean }): JobHandler | undefined {
  if (!Object.hasOwn(HANDLERS, type)) return undefined;
  const known = type as JobType;
  return registered(known, options) ? (HANDLERS[known] as JobHandler) : undefined;
}

export function knownJobTypes(options: { testJobTypes: boolean }): JobType[] {
  return (Object.keys(HANDLERS) as JobType[]).filter((type) => registered(type, options));
}
