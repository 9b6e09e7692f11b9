// Which handler runs which job type. Test-only types exist only when the config switches them on.
import type { JobHandler } from "./handler.ts";
import { bulkClassification } from "./types/bulk_classification.ts";
import { dataExport } from "./types/data_export.ts";
import { dataImport } from "./types/data_import.ts";
import { dutyOptimization } from "./types/duty_optimization.ts";
import { testFlaky } from "./types/test_flaky.ts";

const PRODUCTION_HANDLERS: JobHandler[] = [dataImport, bulkClassification, dataExport, dutyOptimization];
const TEST_HANDLERS: JobHandler[] = [testFlaky];

export function handlerFor(type: string, options: { testJobTypes: boolean }): JobHandler | undefined {
  const handlers = options.testJobTypes ? [...PRODUCTION_HANDLERS, ...TEST_HANDLERS] : PRODUCTION_HANDLERS;
  return handlers.find((h) => h.type === type);
}

export function knownJobTypes(options: { testJobTypes: boolean }): string[] {
  const handlers = options.testJobTypes ? [...PRODUCTION_HANDLERS, ...TEST_HANDLERS] : PRODUCTION_HANDLERS;
  return handlers.map((h) => h.type);
}
