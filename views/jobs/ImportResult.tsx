// A data_import's result: products imported and rows rejected, how far through a streamed file it got, and the
// rejected rows the result lists (the first 100) with their row number and reason.
import { formatBytes, formatCount } from "../format.ts";
import type { ImportResult as Result } from "./result-shapes.ts";

export function ImportResult({ result }: { result: Result }) {
  return (
    <>
      <p class="result-summary">
        <strong>{formatCount(result.imported)}</strong> {result.imported === 1 ? "product" : "products"} imported,{" "}
        <strong>{formatCount(result.rejected)}</strong> {result.rejected === 1 ? "row" : "rows"} rejected.
      </p>
      {result.bytes_total !== undefined && result.bytes_read !== undefined ? (
        <p class="muted">
          Read {formatBytes(result.bytes_read)} of {formatBytes(result.bytes_total)} of the file.
        </p>
      ) : null}
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
        <p class="muted">
          Only the first {formatCount(result.bad_rows.length)} of {formatCount(result.rejected)} rejected rows are
          listed.
        </p>
      ) : null}
    </>
  );
}
