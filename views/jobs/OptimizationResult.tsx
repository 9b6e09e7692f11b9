// A duty_optimization's result as tables: what was priced, the duty and the potential savings per currency (never
// added across currencies), the headings it could not price, and a link to the findings below.
import { formatCount } from "../format.ts";
import { formatMoney } from "./job-format.ts";
import type { OptimizationResult as Result } from "./result-shapes.ts";

/** Products with at least one saving: the result's own count of what the findings table lists (no count query). */
export const productsWithSavings = (result: Result) =>
  result.totals.reduce((sum, total) => sum + total.products_with_savings, 0);

export function OptimizationResult({ result }: { result: Result }) {
  const withSavings = productsWithSavings(result);
  return (
    <>
      <div class="table-wrap">
        <table class="result-counts">
          <caption>Products priced for {result.destination}</caption>
          <tbody>
            <tr>
              <th scope="row">Products</th>
              <td class="num">{formatCount(result.products)}</td>
            </tr>
            <tr>
              <th scope="row">Rated</th>
              <td class="num">{formatCount(result.rated)}</td>
            </tr>
            <tr>
              <th scope="row">Priced at a proposed code (had none)</th>
              <td class="num">{formatCount(result.assumed_codes)}</td>
            </tr>
            <tr>
              <th scope="row">Heading without a rate</th>
              <td class="num">{formatCount(result.unknown_heading)}</td>
            </tr>
            {result.missing_skus ? (
              <tr>
                <th scope="row">SKUs not in the catalogue</th>
                <td class="num">{formatCount(result.missing_skus)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {result.totals.length > 0 ? (
        <div class="table-wrap">
          <table class="duty-totals">
            <caption>Duty and potential savings</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Total duty</th>
                <th scope="col">Potential savings</th>
                <th scope="col">Products with savings</th>
              </tr>
            </thead>
            <tbody>
              {result.totals.map((total) => (
                <tr>
                  <td>{total.currency}</td>
                  <td class="num">{formatMoney(total.total_duty, total.currency)}</td>
                  <td class="num">{formatMoney(total.potential_savings, total.currency)}</td>
                  <td class="num">{formatCount(total.products_with_savings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        {withSavings > 0 ? (
          <a href="#findings">
            See the findings for {formatCount(withSavings)} {withSavings === 1 ? "product" : "products"}
          </a>
        ) : (
          <span class="muted">No savings found.</span>
        )}
      </p>
      {result.unknown_examples.length > 0 ? (
        <div class="table-wrap">
          <table class="unknown-headings">
            <caption>
              Headings without a rate
              {result.unknown_heading > result.unknown_examples.length
                ? ` (the first ${formatCount(result.unknown_examples.length)} of ${formatCount(result.unknown_heading)})`
                : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Heading</th>
              </tr>
            </thead>
            <tbody>
              {result.unknown_examples.map((example) => (
                <tr>
                  <td>
                    <code>{example.sku}</code>
                  </td>
                  <td>
                    <code>{example.heading}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
