// An import's refused rows on its job page: one line per problem (row number, SKU, field, code, message and the
// row's values, compacted), keyset-paged with plain links (works without scripts; the job page keeps the position
// in `?rejected_after=`), and Download CSV for all of them (streamed, formula-safe: worker/http/rejected-csv.ts).
import type { RejectedRow } from "../../worker/api/find-and-fix.ts";
import { formatCount, truncate } from "../format.ts";

export const REJECTED_PAGE_SIZE = 50;
/** How many characters of a row's values a line shows; the CSV has all of them. */
const VALUES_CHARS = 160;

export interface RejectedRowsPage {
  rows: RejectedRow[];
  nextCursor: string | null;
  isFirstPage: boolean;
}

/** `sku: X · title: Bad origin · origin_country: Germany`: easier to scan than JSON, and cut short. */
export function compactValues(values: RejectedRow["values"]): string {
  if (!values) return "";
  const parts = Object.entries(values).map(
    ([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`,
  );
  return truncate(parts.join(" · "), VALUES_CHARS);
}

export interface RejectedRowsProps {
  page: RejectedRowsPage;
  /** Rows the import refused (the job's `rejected`); a row may have several problems, each a line. */
  rejected: number;
  /** The job page this panel is on, for the paging links. */
  pagePath: string;
}

export function RejectedRows({ page, rejected, pagePath }: RejectedRowsProps) {
  const noun = rejected === 1 ? "row" : "rows";
  return (
    <section class="panel rejected-rows" id="rejected-rows" aria-labelledby="rejected-rows-title">
      <div class="panel-head">
        <h2 id="rejected-rows-title">Rejected rows</h2>
        <a class="btn btn-small" href={`${pagePath}/rejected.csv`} download>
          Download CSV
        </a>
      </div>
      <p class="hint">
        {rejected > 0 ? `The import refused ${formatCount(rejected)} ${noun}; ` : ""}
        each line is one problem with one row, in row order. The CSV has every line and all the values.
      </p>
      {page.rows.length === 0 ? (
        <p class="empty-state">No more rejected rows.</p>
      ) : (
        <div class="table-wrap">
          <table class="rejected-table">
            <caption class="visually-hidden">Rejected rows of this import</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">SKU</th>
                <th scope="col">Field</th>
                <th scope="col">Code</th>
                <th scope="col">Message</th>
                <th scope="col">Values</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr>
                  <td class="num" data-label="Row">
                    {row.row}
                  </td>
                  <td data-label="SKU">{row.sku ? <code>{row.sku}</code> : <span class="muted">—</span>}</td>
                  <td data-label="Field">{row.field ? <code>{row.field}</code> : <span class="muted">—</span>}</td>
                  <td data-label="Code">
                    <code>{row.code}</code>
                  </td>
                  <td data-label="Message">{row.message}</td>
                  <td data-label="Values" class="rejected-values">
                    {row.values ? <code>{compactValues(row.values)}</code> : <span class="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.isFirstPage && !page.nextCursor ? null : (
        <nav class="pager" aria-label="Rejected rows pages">
          {page.isFirstPage ? null : (
            <a class="btn btn-small btn-quiet" href={`${pagePath}#rejected-rows`}>
              First page
            </a>
          )}
          {page.nextCursor ? (
            <a
              class="btn btn-small"
              rel="next"
              href={`${pagePath}?rejected_after=${encodeURIComponent(page.nextCursor)}#rejected-rows`}
            >
              {`Next ${REJECTED_PAGE_SIZE} →`}
            </a>
          ) : null}
        </nav>
      )}
    </section>
  );
}
