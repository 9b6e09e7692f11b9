// A running duty summary that a chunked job can carry in its checkpoint: totals per currency, unknown headings and
// the largest findings so far. Same rules as `summarise`: a product's potential saving is its single best finding.
import type { ProductSavings, SavingFinding } from "./duty.ts";

export interface DutyTally {
  products: number;
  rated: number;
  /** Products whose code came from the classifier because they had none. */
  assumed_codes: number;
  unknown_heading: number;
  unknown_examples: { sku: string; heading: string }[];
  /** Per currency, in integer cents. */
  totals: Record<string, { duty_cents: number; saving_cents: number; products_with_savings: number }>;
  top_findings: SavingFinding[];
}

const TOP = 10;
const UNKNOWN_EXAMPLES = 20;

export function emptyTally(): DutyTally {
  return {
    products: 0,
    rated: 0,
    assumed_codes: 0,
    unknown_heading: 0,
    unknown_examples: [],
    totals: {},
    top_findings: [],
  };
}

export function addToTally(tally: DutyTally, results: readonly ProductSavings[], assumedCodes = 0): DutyTally {
  const totals = structuredClone(tally.totals);
  const unknown = [...tally.unknown_examples];
  let rated = tally.rated;
  let unknownCount = tally.unknown_heading;
  for (const result of results) {
    if (result.quote.status !== "rated") {
      unknownCount++;
      if (unknown.length < UNKNOWN_EXAMPLES) unknown.push({ sku: result.sku, heading: result.quote.heading });
      continue;
    }
    rated++;
    const total = totals[result.currency] ?? { duty_cents: 0, saving_cents: 0, products_with_savings: 0 };
    totals[result.currency] = total;
    total.duty_cents += result.quote.duty_cents;
    const best = Math.max(0, ...result.findings.map((f) => f.saving_cents));
    total.saving_cents += best;
    if (best > 0) total.products_with_savings++;
  }
  const top = [...tally.top_findings, ...results.flatMap((r) => r.findings)]
    .sort((a, b) => b.saving_cents - a.saving_cents || a.sku.localeCompare(b.sku) || a.kind.localeCompare(b.kind))
    .slice(0, TOP);
  return {
    products: tally.products + results.length,
    rated,
    assumed_codes: tally.assumed_codes + assumedCodes,
    unknown_heading: unknownCount,
    unknown_examples: unknown,
    totals,
    top_findings: top,
  };
}

/** The job result: amounts back in currency units, one row per currency (never added across currencies). */
export function tallySummary(tally: DutyTally, destination: string) {
  return {
    destination,
    products: tally.products,
    rated: tally.rated,
    assumed_codes: tally.assumed_codes,
    unknown_heading: tally.unknown_heading,
    unknown_examples: tally.unknown_examples,
    totals: Object.entries(tally.totals)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        total_duty: t.duty_cents / 100,
        potential_savings: t.saving_cents / 100,
        products_with_savings: t.products_with_savings,
      })),
    top_findings: tally.top_findings,
  };
}
