// A duty_optimization's findings, largest saving first: what could cost less (another plausible heading, or a
// preferential origin), from which rate to which, and the saving. There is no findings page (the API's list is for
// tokens), so the job page shows up to FINDINGS_SHOWN of them and says how many products have one.
import { formatCount } from "../format.ts";
import { formatMoney, formatRate } from "./job-format.ts";
import type { DutyFinding } from "./result-shapes.ts";

/** How many findings the page loads (the data layer's limit): enough to act on, bounded for a page that refetches. */
export const FINDINGS_SHOWN = 100;

const KIND_LABELS: Record<string, string> = {
  alternative_heading: "Another heading",
  preferential_origin: "Preferential origin",
};

function suggestion(finding: DutyFinding): string {
  if (finding.hs_code) return `HS ${finding.hs_code}`;
  if (finding.origin_country)
    return finding.scheme ? `${finding.origin_country} (${finding.scheme})` : finding.origin_country;
  return "—";
}

export interface DutyFindingsProps {
  findings: DutyFinding[];
  /** From the result (products with at least one saving), or null before the job wrote one. */
  productsWithSavings: number | null;
}

export function DutyFindings({ findings, productsWithSavings }: DutyFindingsProps) {
  if (findings.length === 0) return <p class="muted">No findings.</p>;
  // Fewer than the limit came back, so these are all of them; otherwise the result's count says how far it goes.
  const all = findings.length < FINDINGS_SHOWN;
  return (
    <>
      <p class="findings-count">
        {all
          ? `${formatCount(findings.length)} ${findings.length === 1 ? "finding" : "findings"}, largest saving first.`
          : `The ${formatCount(findings.length)} largest findings` +
            (productsWithSavings === null
              ? "."
              : ` of those for ${formatCount(productsWithSavings)} products with a saving (a product may have more than one).`)}
      </p>
      <div class="table-wrap">
        <table class="findings">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Finding</th>
              <th scope="col">Suggestion</th>
              <th scope="col">Rate</th>
              <th scope="col">Saving</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((finding) => (
              <tr data-kind={finding.kind}>
                <td>
                  <code>{finding.sku}</code>
                </td>
                <td>{KIND_LABELS[finding.kind] ?? finding.kind}</td>
                <td>{suggestion(finding)}</td>
                <td class="num">
                  {formatRate(finding.from_rate)} → {formatRate(finding.to_rate)}
                </td>
                <td class="num">{formatMoney(finding.saving, finding.currency)}</td>
                <td class="finding-detail">{finding.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
