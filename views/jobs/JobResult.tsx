// A job's result: an import's summary with its bad rows as a table, an export's download link, or the JSON summary
// of any other type.
import { SUCCEEDED_STATUS } from "../../worker/api/lifecycle.ts";
import type { Job } from "../../worker/api/schema.ts";
import { formatCount } from "../format.ts";

interface BadRow {
  row: number;
  reason: string;
}

interface ImportResult {
  imported: number;
  rejected: number;
  bad_rows: BadRow[];
  bad_rows_truncated?: boolean;
}

function isImportResult(result: unknown): result is ImportResult {
  if (typeof result !== "object" || result === null) return false;
  const r = result as Record<string, unknown>;
  return typeof r.imported === "number" && typeof r.rejected === "number" && Array.isArray(r.bad_rows);
}

function ImportSummary({ result }: { result: ImportResult }) {
  return (
    <>
      <p class="result-summary">
        <strong>{formatCount(result.imported)}</strong> {result.imported === 1 ? "product" : "products"} imported,{" "}
        <strong>{formatCount(result.rejected)}</strong> {result.rejected === 1 ? "row" : "rows"} rejected.
      </p>
      {result.bad_rows.length > 0 ? (
        <div class="table-wrap">
          <table class="bad-rows">
            <caption>Rejected rows</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {result.bad_rows.map((bad) => (
                <tr>
                  <td class="num">{bad.row}</td>
                  <td>{bad.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.bad_rows_truncated ? (
        <p class="muted">Only the first {formatCount(result.bad_rows.length)} rejected rows are listed.</p>
      ) : null}
    </>
  );
}

export function JobResult({ job }: { job: Job }) {
  const download =
    job.type === "data_export" && job.status === SUCCEEDED_STATUS ? (
      <p>
        <a class="btn" href={`/exports/${job.id}/download`}>
          Download the export
        </a>
      </p>
    ) : null;
  if (job.result === null || job.result === undefined) {
    return download ?? <p class="muted">No result yet.</p>;
  }
  return (
    <>
      {download}
      {isImportResult(job.result) ? (
        <ImportSummary result={job.result} />
      ) : (
        <pre class="json">{JSON.stringify(job.result, null, 2)}</pre>
      )}
    </>
  );
}
