// A bulk_classification's result as tables: how many products got a code, could not be classified or were skipped,
// the codes proposed per HS heading, and the SKUs it could not classify or did not find.
import { formatCount } from "../format.ts";
import type { ClassificationResult as Result } from "./result-shapes.ts";

function SkuList({ caption, skus, of }: { caption: string; skus: string[]; of: number }) {
  if (skus.length === 0) return null;
  return (
    <div class="sku-list">
      <h3>{caption}</h3>
      <p>
        {skus.map((sku, i) => (
          <>
            {i > 0 ? ", " : ""}
            <code>{sku}</code>
          </>
        ))}
        {of > skus.length ? <span class="muted"> and {formatCount(of - skus.length)} more</span> : null}
      </p>
    </div>
  );
}

export function ClassificationResult({ result }: { result: Result }) {
  // Largest headings first; equal counts in code order, so a refetch never reorders the table.
  const headings = Object.entries(result.by_heading).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return (
    <>
      <div class="table-wrap">
        <table class="result-counts">
          <caption>Products</caption>
          <tbody>
            <tr>
              <th scope="row">Classified</th>
              <td class="num">{formatCount(result.classified)}</td>
            </tr>
            <tr>
              <th scope="row">Could not be classified</th>
              <td class="num">{formatCount(result.unclassifiable)}</td>
            </tr>
            <tr>
              <th scope="row">Skipped (already had a code)</th>
              <td class="num">{formatCount(result.skipped_already_classified)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {headings.length > 0 ? (
        <div class="table-wrap">
          <table class="by-heading">
            <caption>Codes proposed per HS heading</caption>
            <thead>
              <tr>
                <th scope="col">Heading</th>
                <th scope="col">Products</th>
              </tr>
            </thead>
            <tbody>
              {headings.map(([heading, count]) => (
                <tr>
                  <td>
                    <code>{heading}</code>
                  </td>
                  <td class="num">{formatCount(count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <SkuList caption="Could not be classified" skus={result.unclassifiable_skus} of={result.unclassifiable} />
      <SkuList caption="Not in the catalogue" skus={result.missing_skus} of={result.missing_skus.length} />
    </>
  );
}
