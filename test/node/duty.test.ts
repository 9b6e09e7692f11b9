// Duty maths: rates and rounding, preferences and additional duties, savings findings and their summary.
import { describe, expect, it } from "vitest";
import { dutyFor, findSavings, type ProductSavings, summarise, toCents } from "../../worker/domain/duty.ts";
import { DESTINATIONS, DUTY_SCHEDULES } from "../../worker/domain/duty-rates.ts";
import { candidates, type HeadingCandidate } from "../../worker/domain/hs-classifier.ts";
import { HS_HEADINGS } from "../../worker/domain/hs-reference.ts";

function candidate(heading: string, hs_code: string, score: number): HeadingCandidate {
  return { heading, hs_code, description: `Heading ${heading}`, score, matched: ["dress"] };
}

describe("toCents", () => {
  it("shifts the decimal exactly, so binary fractions do not lose a cent", () => {
    expect(toCents(1.005)).toBe(101);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(0)).toBe(0);
    expect(toCents(1e21)).toBe(1e23);
  });
});

describe("dutyFor", () => {
  it("charges the MFN rate of the heading", () => {
    expect(dutyFor({ hs_code: "610910", origin_country: "IN", customs_value: 100 }, "US")).toEqual({
      status: "rated",
      heading: "6109",
      rate: 16.5,
      duty: 16.5,
      duty_cents: 1650,
      basis: [{ kind: "MFN", scheme: "MFN", rate: 16.5 }],
    });
  });

  it("prefers a 6-digit override and accepts 10-digit national codes", () => {
    expect(dutyFor({ hs_code: "610990", origin_country: "IN", customs_value: 100 }, "US")).toMatchObject({ rate: 32 });
    expect(dutyFor({ hs_code: "6109100012", origin_country: "IN", customs_value: 100 }, "US")).toMatchObject({
      rate: 16.5,
    });
  });

  it("rounds half a cent up, working in integer cents", () => {
    // 1.00 at 12.5% is 12.5 cents.
    expect(dutyFor({ hs_code: "701337", origin_country: "IN", customs_value: 1 }, "US")).toMatchObject({
      duty: 0.13,
      duty_cents: 13,
    });
    // 10.05 at 16.5% is 165.825 cents.
    expect(dutyFor({ hs_code: "610910", origin_country: "IN", customs_value: 10.05 }, "US")).toMatchObject({
      duty_cents: 166,
    });
    // 1.005 is 101 cents, not 100.4999…: 101 × 12% = 12.12 cents.
    expect(dutyFor({ hs_code: "610910", origin_country: "IN", customs_value: 1.005 }, "EU")).toMatchObject({
      duty_cents: 12,
    });
  });

  it("applies a preferential rate for a qualifying origin", () => {
    expect(dutyFor({ hs_code: "610910", origin_country: "BD", customs_value: 100 }, "EU")).toMatchObject({
      rate: 0,
      duty: 0,
      basis: [{ kind: "preferential", scheme: "EBA (Everything But Arms)", rate: 0 }],
    });
    expect(dutyFor({ hs_code: "610910", origin_country: "vn", customs_value: 100 }, "EU")).toMatchObject({
      rate: 4.8,
      basis: [{ kind: "preferential", scheme: "EVFTA" }],
    });
    expect(dutyFor({ hs_code: "610910", origin_country: "MX", customs_value: 100 }, "US")).toMatchObject({ rate: 0 });
  });

  it("uses the first matching preference and respects carve-outs", () => {
    // EU–Japan: footwear is staged, other industrial goods are free, agricultural goods keep MFN.
    expect(dutyFor({ hs_code: "640399", origin_country: "JP", customs_value: 100 }, "EU")).toMatchObject({ rate: 4 });
    expect(dutyFor({ hs_code: "851679", origin_country: "JP", customs_value: 100 }, "EU")).toMatchObject({ rate: 0 });
    expect(dutyFor({ hs_code: "090121", origin_country: "TR", customs_value: 100 }, "EU")).toMatchObject({
      rate: 7.5,
      basis: [{ kind: "MFN" }],
    });
  });

  it("keeps MFN as the basis when a preference would not lower the rate", () => {
    expect(dutyFor({ hs_code: "847130", origin_country: "VN", customs_value: 500 }, "EU")).toMatchObject({
      rate: 0,
      basis: [{ kind: "MFN", scheme: "MFN", rate: 0 }],
    });
  });

  it("adds additional duties on top of MFN", () => {
    expect(dutyFor({ hs_code: "940360", origin_country: "CN", customs_value: 200 }, "US")).toEqual({
      status: "rated",
      heading: "9403",
      rate: 25,
      duty: 50,
      duty_cents: 5000,
      basis: [
        { kind: "MFN", scheme: "MFN", rate: 0 },
        { kind: "additional", scheme: "Section 301 List 3", rate: 25 },
      ],
    });
    expect(dutyFor({ hs_code: "610910", origin_country: "CN", customs_value: 100 }, "US")).toMatchObject({
      rate: 24,
      duty: 24,
    });
  });

  it("reports a heading missing from the schedule instead of guessing", () => {
    expect(dutyFor({ hs_code: "999999", origin_country: "CN", customs_value: 100 }, "EU")).toEqual({
      status: "unknown_heading",
      heading: "9999",
    });
    expect(dutyFor({ hs_code: "61", origin_country: "CN", customs_value: 100 }, "EU")).toMatchObject({
      status: "unknown_heading",
    });
  });

  it("rejects a negative or non-finite customs value", () => {
    expect(() => dutyFor({ hs_code: "610910", origin_country: "CN", customs_value: -1 }, "US")).toThrow(RangeError);
    expect(() => dutyFor({ hs_code: "610910", origin_country: "CN", customs_value: Number.NaN }, "US")).toThrow(
      RangeError,
    );
  });

  it("has an MFN rate for every heading of the HS reference table in both schedules", () => {
    for (const destination of DESTINATIONS) {
      const missing = HS_HEADINGS.filter((h) => DUTY_SCHEDULES[destination].mfn[h.heading] === undefined);
      expect(missing.map((h) => h.heading)).toEqual([]);
    }
  });
});

describe("findSavings", () => {
  const dress = { sku: "DR-1", currency: "USD", hs_code: "620462", origin_country: "IN", customs_value: 1000 };

  it("flags a plausible runner-up heading with a lower rate", () => {
    const result = findSavings(dress, "US", [candidate("6204", "620462", 5.5), candidate("6104", "610462", 4.5)]);
    expect(result.quote).toMatchObject({ status: "rated", rate: 16.6, duty: 166 });
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        kind: "alternative_heading",
        hs_code: "610462",
        from_rate: 16.6,
        to_rate: 14.9,
        saving: 17,
        saving_cents: 1700,
      }),
    );
  });

  it("ignores runner-ups that score too low or cost more", () => {
    const weak = findSavings(dress, "US", [candidate("6204", "620462", 10), candidate("6104", "610462", 2)]);
    expect(weak.findings.filter((f) => f.kind === "alternative_heading")).toEqual([]);
    const dearer = findSavings({ ...dress, hs_code: "610462" }, "US", [
      candidate("6104", "610462", 5),
      candidate("6204", "620462", 5),
    ]);
    expect(dearer.findings.filter((f) => f.kind === "alternative_heading")).toEqual([]);
  });

  it("works with the classifier's own candidates", () => {
    const product = { ...dress, title: "Women's Floral Midi Dress" };
    const result = findSavings(product, "US", candidates(product, 3));
    expect(result.findings.map((f) => f.kind)).toContain("alternative_heading");
  });

  it("suggests the cheapest preferential origin, including the additional duty it avoids", () => {
    const tee = { sku: "TS-1", currency: "USD", hs_code: "610910", origin_country: "CN", customs_value: 1000 };
    const [origin] = findSavings(tee, "US", []).findings;
    expect(origin).toMatchObject({
      kind: "preferential_origin",
      origin_country: "MX",
      scheme: "USMCA",
      from_rate: 24,
      to_rate: 0,
      saving: 240,
    });
    expect(origin?.detail).toContain("rules of origin");
  });

  it("suggests nothing when the product is already duty-free", () => {
    const laptop = { sku: "LT-1", currency: "EUR", hs_code: "847130", origin_country: "CN", customs_value: 800 };
    expect(findSavings(laptop, "EU", []).findings).toEqual([]);
  });

  it("reports an unknown heading with no findings", () => {
    const result = findSavings({ ...dress, hs_code: "999999" }, "US", [candidate("6104", "610462", 5)]);
    expect(result).toEqual({
      sku: "DR-1",
      currency: "USD",
      quote: { status: "unknown_heading", heading: "9999" },
      findings: [],
    });
  });
});

describe("summarise", () => {
  const results: ProductSavings[] = [
    findSavings({ sku: "A", currency: "USD", hs_code: "610910", origin_country: "CN", customs_value: 1000 }, "US", []),
    findSavings({ sku: "B", currency: "USD", hs_code: "940360", origin_country: "CN", customs_value: 400 }, "US", []),
    findSavings({ sku: "C", currency: "EUR", hs_code: "610910", origin_country: "CN", customs_value: 50 }, "US", []),
    findSavings({ sku: "D", currency: "USD", hs_code: "999999", origin_country: "CN", customs_value: 10 }, "US", []),
  ];

  it("totals duty and the best saving per product, per currency", () => {
    const summary = summarise(results);
    expect(summary.products).toBe(4);
    expect(summary.rated).toBe(3);
    expect(summary.unknown_heading).toEqual([{ sku: "D", heading: "9999" }]);
    expect(summary.totals).toEqual([
      { currency: "EUR", duty: 12, potential_saving: 12 },
      { currency: "USD", duty: 340, potential_saving: 340 },
    ]);
  });

  it("never adds two findings for the same product", () => {
    const both = findSavings(
      { sku: "E", currency: "USD", hs_code: "620462", origin_country: "CN", customs_value: 1000 },
      "US",
      [candidate("6204", "620462", 5.5), candidate("6104", "610462", 4.5)],
    );
    expect(both.findings).toHaveLength(2);
    const best = Math.max(...both.findings.map((f) => f.saving));
    expect(summarise([both]).totals).toEqual([{ currency: "USD", duty: 241, potential_saving: best }]);
  });

  it("lists the top findings, largest saving first", () => {
    const summary = summarise(results, 2);
    expect(summary.top_findings.map((f) => [f.sku, f.saving])).toEqual([
      ["A", 240],
      ["B", 100],
    ]);
    expect(summarise(results)).toEqual(summarise([...results]));
  });
});
