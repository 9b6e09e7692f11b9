// Duty maths: the duty on one product line, the savings an alternative heading or origin would bring, and a summary.
import { type Destination, DUTY_SCHEDULES, type DutySchedule, type RateRule } from "./duty-rates.ts";
import type { HeadingCandidate } from "./hs-classifier.ts";

export interface DutyLine {
  readonly hs_code: string;
  readonly origin_country: string;
  /** In the product's currency; duty comes back in the same currency. */
  readonly customs_value: number;
}

export interface DutyBasis {
  readonly kind: "MFN" | "preferential" | "additional";
  readonly scheme: string;
  /** Percent. */
  readonly rate: number;
}

export type DutyQuote =
  | {
      readonly status: "rated";
      readonly heading: string;
      /** Total ad-valorem percent: MFN or preferential, plus any additional duties. */
      readonly rate: number;
      readonly duty: number;
      readonly duty_cents: number;
      readonly basis: readonly DutyBasis[];
    }
  // A heading without a rate in the shipped schedule is reported, never priced with a guessed rate.
  | { readonly status: "unknown_heading"; readonly heading: string };

export interface SavingsProduct extends DutyLine {
  readonly sku: string;
  readonly currency: string;
}

export interface SavingFinding {
  readonly sku: string;
  readonly currency: string;
  readonly kind: "alternative_heading" | "preferential_origin";
  readonly from_rate: number;
  readonly to_rate: number;
  readonly saving: number;
  readonly saving_cents: number;
  readonly detail: string;
  /** The alternative heading's subheading (alternative_heading only). */
  readonly hs_code?: string;
  /** The cheaper origin and its scheme (preferential_origin only). */
  readonly origin_country?: string;
  readonly scheme?: string;
}

export interface ProductSavings {
  readonly sku: string;
  readonly currency: string;
  readonly quote: DutyQuote;
  readonly findings: readonly SavingFinding[];
}

export interface SavingsOptions {
  /** A runner-up heading is plausible only if it scores at least this share of the current heading's score. */
  readonly minRelativeScore?: number;
}

export interface SavingsSummary {
  readonly products: number;
  readonly rated: number;
  readonly unknown_heading: readonly { sku: string; heading: string }[];
  /** One row per currency: amounts in different currencies are never added together. */
  readonly totals: readonly { currency: string; duty: number; potential_saving: number }[];
  readonly top_findings: readonly SavingFinding[];
}

const DEFAULT_MIN_RELATIVE_SCORE = 0.6;

/** The duty on one line under the destination's shipped schedule. */
export function dutyFor(line: DutyLine, destination: Destination): DutyQuote {
  if (!Number.isFinite(line.customs_value) || line.customs_value < 0) {
    throw new RangeError(`customs_value must be a finite non-negative number, got ${line.customs_value}`);
  }
  const schedule = DUTY_SCHEDULES[destination];
  const heading = line.hs_code.slice(0, 4);
  const mfn = /^\d{4,10}$/.test(line.hs_code)
    ? (schedule.mfn[line.hs_code.slice(0, 6)] ?? schedule.mfn[heading])
    : undefined;
  if (mfn === undefined) return { status: "unknown_heading", heading };

  const origin = line.origin_country.toUpperCase();
  const basis: DutyBasis[] = [];
  const preference = schedule.preferences.find((rule) => applies(rule, origin, line.hs_code));
  if (preference !== undefined && preference.rate < mfn) {
    basis.push({ kind: "preferential", scheme: preference.scheme, rate: preference.rate });
  } else {
    basis.push({ kind: "MFN", scheme: "MFN", rate: mfn });
  }
  for (const rule of schedule.additional) {
    if (applies(rule, origin, line.hs_code)) basis.push({ kind: "additional", scheme: rule.scheme, rate: rule.rate });
  }

  const bp = basis.reduce((sum, b) => sum + toBasisPoints(b.rate), 0);
  const dutyCents = dutyCentsFor(toCents(line.customs_value), bp);
  return { status: "rated", heading, rate: bp / 100, duty: dutyCents / 100, duty_cents: dutyCents, basis };
}

/**
 * Savings for one product: a plausible runner-up heading (from the classifier's `candidates`) with a lower rate, and
 * the best preferential origin. An unknown current heading yields no findings: nothing to compare against.
 */
export function findSavings(
  product: SavingsProduct,
  destination: Destination,
  alternatives: readonly HeadingCandidate[],
  options: SavingsOptions = {},
): ProductSavings {
  const quote = dutyFor(product, destination);
  const result = { sku: product.sku, currency: product.currency, quote };
  if (quote.status !== "rated") return { ...result, findings: [] };

  const findings = [
    ...alternativeHeadings(product, destination, quote, alternatives, options),
    ...preferentialOrigin(product, destination, quote),
  ];
  return { ...result, findings: findings.sort(bySaving) };
}

/** Totals per currency, unknown headings listed, and the biggest findings first. */
export function summarise(results: readonly ProductSavings[], top = 5): SavingsSummary {
  const totals = new Map<string, { duty: number; saving: number }>();
  const unknown: { sku: string; heading: string }[] = [];
  let rated = 0;
  for (const result of results) {
    if (result.quote.status !== "rated") {
      unknown.push({ sku: result.sku, heading: result.quote.heading });
      continue;
    }
    rated++;
    const total = totals.get(result.currency) ?? { duty: 0, saving: 0 };
    total.duty += result.quote.duty_cents;
    // A product is either reclassified or resourced, so only its best finding counts; findings are never summed.
    total.saving += Math.max(0, ...result.findings.map((f) => f.saving_cents));
    totals.set(result.currency, total);
  }
  return {
    products: results.length,
    rated,
    unknown_heading: unknown,
    totals: [...totals.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([currency, t]) => ({ currency, duty: t.duty / 100, potential_saving: t.saving / 100 })),
    // Ranked by amount across currencies: a rough ordering, good enough to point at the largest leaks.
    top_findings: results
      .flatMap((r) => r.findings)
      .sort(bySaving)
      .slice(0, Math.max(0, top)),
  };
}

function alternativeHeadings(
  product: SavingsProduct,
  destination: Destination,
  current: Extract<DutyQuote, { status: "rated" }>,
  alternatives: readonly HeadingCandidate[],
  options: SavingsOptions,
): SavingFinding[] {
  const reference = alternatives.find((c) => c.heading === current.heading) ?? alternatives[0];
  if (reference === undefined) return [];
  const threshold = reference.score * (options.minRelativeScore ?? DEFAULT_MIN_RELATIVE_SCORE);
  const findings: SavingFinding[] = [];
  for (const candidate of alternatives) {
    if (candidate.heading === current.heading || candidate.score < threshold) continue;
    const alternative = dutyFor({ ...product, hs_code: candidate.hs_code }, destination);
    if (alternative.status !== "rated" || alternative.duty_cents >= current.duty_cents) continue;
    const matched = candidate.matched.map((m) => `'${m}'`).join(", ");
    findings.push({
      ...finding(product, "alternative_heading", current, alternative),
      hs_code: candidate.hs_code,
      detail:
        `Heading ${candidate.heading} (${candidate.description}) is also plausible (matched ${matched}) ` +
        `at ${alternative.rate}% instead of ${current.rate}%: worth a classification review.`,
    });
  }
  return findings;
}

function preferentialOrigin(
  product: SavingsProduct,
  destination: Destination,
  current: Extract<DutyQuote, { status: "rated" }>,
): SavingFinding[] {
  const schedule: DutySchedule = DUTY_SCHEDULES[destination];
  const origin = product.origin_country.toUpperCase();
  let best: { origin: string; quote: Extract<DutyQuote, { status: "rated" }> } | undefined;
  // Schedule order, then origin order within a rule: the same product always gets the same suggestion.
  for (const candidate of new Set(schedule.preferences.flatMap((rule) => rule.origins))) {
    if (candidate === origin) continue;
    const quote = dutyFor({ ...product, origin_country: candidate }, destination);
    if (quote.status !== "rated" || quote.duty_cents >= current.duty_cents) continue;
    if (best === undefined || quote.duty_cents < best.quote.duty_cents) best = { origin: candidate, quote };
  }
  if (best === undefined) return [];
  const scheme = best.quote.basis.find((b) => b.kind === "preferential")?.scheme ?? "MFN";
  return [
    {
      ...finding(product, "preferential_origin", current, best.quote),
      origin_country: best.origin,
      scheme,
      detail:
        `Sourcing from ${best.origin} under ${scheme} would cut the rate from ${current.rate}% to ` +
        `${best.quote.rate}%, provided the goods meet its rules of origin.`,
    },
  ];
}

function finding(
  product: SavingsProduct,
  kind: SavingFinding["kind"],
  from: Extract<DutyQuote, { status: "rated" }>,
  to: Extract<DutyQuote, { status: "rated" }>,
): Omit<SavingFinding, "detail"> {
  const savingCents = from.duty_cents - to.duty_cents;
  return {
    sku: product.sku,
    currency: product.currency,
    kind,
    from_rate: from.rate,
    to_rate: to.rate,
    saving: savingCents / 100,
    saving_cents: savingCents,
  };
}

function applies(rule: RateRule, origin: string, hsCode: string): boolean {
  if (!rule.origins.includes(origin)) return false;
  if (rule.covers !== undefined && !rule.covers.some((prefix) => hsCode.startsWith(prefix))) return false;
  return !(rule.excludes ?? []).some((prefix) => hsCode.startsWith(prefix));
}

/** Money as integer cents, shifting the decimal in the string form so 1.005 is 100.5 cents (not 100.4999…). */
export function toCents(amount: number): number {
  const text = String(amount);
  return text.includes("e") ? Math.round(amount * 100) : Math.round(Number(`${text}e2`));
}

/** Rates carry at most two decimals, so hundredths of a percent keep all duty maths in integers. */
function toBasisPoints(percent: number): number {
  return Math.round(percent * 100);
}

/** cents × rate, rounded half-up to a whole cent, in integer arithmetic. */
function dutyCentsFor(valueCents: number, basisPoints: number): number {
  return Math.floor((valueCents * basisPoints + 5000) / 10000);
}

function bySaving(a: SavingFinding, b: SavingFinding): number {
  return b.saving_cents - a.saving_cents || compare(a.sku, b.sku) || compare(a.kind, b.kind);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
