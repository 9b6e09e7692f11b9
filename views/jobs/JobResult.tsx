// A job's result, per job type: an import's counts and rejected rows, a classification's and an optimisation's
// tables, an export's file and download link; any other type (or a result of an older shape) as JSON. A job without
// a result says why: not there yet while it may still run, or how it ended without one.
import type { Child } from "hono/jsx";
import { isJobType, type JobType } from "../../worker/api/job-types.ts";
import type { Job } from "../../worker/api/schema.ts";
import { ClassificationResult } from "./ClassificationResult.tsx";
import { ExportResult } from "./ExportResult.tsx";
import { ImportResult } from "./ImportResult.tsx";
import { noResult } from "./job-ending.ts";
import { OptimizationResult } from "./OptimizationResult.tsx";
import {
  classificationResultSchema,
  exportResultSchema,
  importResultSchema,
  optimizationResultSchema,
} from "./result-shapes.ts";
import { ScrollablePre } from "./ScrollablePre.tsx";

type ResultView = (props: { job: Job; result: unknown; now: number }) => Child | null;

/** Each view answers null when the result is not of its shape, and the JSON fallback shows it instead. */
const RESULT_VIEWS: Partial<Record<JobType, ResultView>> = {
  data_import: ({ result }) => {
    const parsed = importResultSchema.safeParse(result);
    return parsed.success ? <ImportResult result={parsed.data} /> : null;
  },
  bulk_classification: ({ result }) => {
    const parsed = classificationResultSchema.safeParse(result);
    return parsed.success ? <ClassificationResult result={parsed.data} /> : null;
  },
  data_export: ({ job, result, now }) => {
    const parsed = exportResultSchema.safeParse(result);
    return parsed.success ? <ExportResult job={job} result={parsed.data} now={now} /> : null;
  },
  duty_optimization: ({ result }) => {
    const parsed = optimizationResultSchema.safeParse(result);
    return parsed.success ? <OptimizationResult result={parsed.data} /> : null;
  },
};

function NoResult({ job }: { job: Job }) {
  const why = noResult(job.status);
  return (
    <p class="muted no-result">
      {why.text}
      {why.seeError && job.error ? (
        <>
          {" "}
          (see <a href="#job-error">Error</a>)
        </>
      ) : null}
      .
    </p>
  );
}

export function JobResult({ job, now }: { job: Job; now: number }) {
  if (job.result === null || job.result === undefined) return <NoResult job={job} />;
  const view = isJobType(job.type) ? RESULT_VIEWS[job.type] : undefined;
  const shown = view?.({ job, result: job.result, now }) ?? null;
  if (shown !== null) return <div class="result-stack">{shown}</div>;
  return (
    <ScrollablePre class="json" label="Result (JSON)">
      {JSON.stringify(job.result, null, 2)}
    </ScrollablePre>
  );
}
