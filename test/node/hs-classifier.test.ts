// The keyword HS classifier: accuracy on labelled catalogue titles, determinism, exclusions and the reference table.
import { describe, expect, it } from "vitest";
import { candidates, classifyProduct, tokenise } from "../../worker/domain/hs-classifier.ts";
import { HS_HEADINGS } from "../../worker/domain/hs-reference.ts";
import { HELD_OUT_PRODUCTS, LABELLED_PRODUCTS, type LabelledProduct } from "../fixtures/labelled-products.ts";

function accuracy(sample: readonly LabelledProduct[]): number {
  const correct = sample.filter((p) => classifyProduct(p)?.heading === p.heading).length;
  return correct / sample.length;
}

describe("classifyProduct accuracy", () => {
  it("has a labelled sample of at least 220 products", () => {
    expect(LABELLED_PRODUCTS.length).toBeGreaterThanOrEqual(220);
  });

  it("puts at least 80% of the labelled sample in the right heading", () => {
    const score = accuracy(LABELLED_PRODUCTS);
    console.log(`HS heading accuracy, labelled sample (${LABELLED_PRODUCTS.length}): ${(score * 100).toFixed(1)}%`);
    expect(score).toBeGreaterThanOrEqual(0.8);
  });

  it("stays above 75% on the held-out sample the keywords were never tuned against", () => {
    const score = accuracy(HELD_OUT_PRODUCTS);
    console.log(`HS heading accuracy, held-out sample (${HELD_OUT_PRODUCTS.length}): ${(score * 100).toFixed(1)}%`);
    expect(score).toBeGreaterThanOrEqual(0.75);
  });
});

describe("classifyProduct results", () => {
  it("returns the same answer for the same product, whatever was classified before", () => {
    const first = LABELLED_PRODUCTS.map((p) => classifyProduct(p));
    const reversed = [...LABELLED_PRODUCTS].reverse().map((p) => classifyProduct(p));
    expect(reversed.reverse()).toEqual(first);
  });

  it("reports a 6-digit code inside its heading and a two-decimal confidence between 0 and 1", () => {
    for (const product of [...LABELLED_PRODUCTS, ...HELD_OUT_PRODUCTS]) {
      const result = classifyProduct(product);
      if (result === null) continue;
      expect(result.hs_code).toMatch(/^\d{6}$/);
      expect(result.hs_code.startsWith(result.heading)).toBe(true);
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
      expect(Math.round(result.confidence * 100) / 100).toBe(result.confidence);
    }
  });

  it("explains the match in a human-readable rule", () => {
    expect(classifyProduct({ title: "Men's Cotton T-Shirt" })).toEqual({
      hs_code: "610910",
      heading: "6109",
      confidence: expect.any(Number),
      matched_rule: "6109 T-shirts, singlets and other vests, knitted: matched 't-shirt', 'cotton'",
    });
  });

  it("is more confident when the best heading leads clearly", () => {
    const clear = classifyProduct({ title: "Stainless Steel Vacuum Flask 1L" });
    const unisex = classifyProduct({ title: "Jeans" });
    expect(clear?.confidence).toBeGreaterThan(unisex?.confidence ?? 1);
  });

  it("returns null for gibberish and for text that names no product", () => {
    expect(classifyProduct({ title: "Zxqv Blorf Quandle 9000" })).toBeNull();
    expect(classifyProduct({ title: "!!! ???" })).toBeNull();
    expect(classifyProduct({ title: "Premium quality, fast shipping", description: "Great gift idea" })).toBeNull();
  });

  it("uses the description when the title alone is not enough", () => {
    expect(classifyProduct({ title: "The Everyday Classic" })).toBeNull();
    expect(classifyProduct({ title: "The Everyday Classic", description: "A soft knitted jumper." })?.heading).toBe(
      "6110",
    );
  });

  it("reads a phrase as a unit, so a coffee table is furniture, not coffee", () => {
    expect(classifyProduct({ title: "Walnut Coffee Table" })?.heading).toBe("9403");
    expect(classifyProduct({ title: "Colombian Coffee, 500g" })?.heading).toBe("0901");
  });
});

describe("exclusions", () => {
  it("keeps knitted garments out of chapter 62 and woven ones out of chapter 61", () => {
    expect(classifyProduct({ title: "Women's Knitted Dress" })?.heading).toBe("6104");
    expect(classifyProduct({ title: "Women's Woven Dress" })?.heading).toBe("6204");
    expect(candidates({ title: "Men's Knitted Trousers" }, 10).some((c) => c.heading.startsWith("62"))).toBe(false);
    expect(candidates({ title: "Woven T-Shirt" }, 10).some((c) => c.heading.startsWith("61"))).toBe(false);
  });

  it("keeps faux leather footwear out of leather footwear", () => {
    expect(classifyProduct({ title: "Leather Ankle Boots" })?.heading).toBe("6403");
    const faux = candidates({ title: "Faux Leather Ankle Boots" }, 10);
    expect(faux.map((c) => c.heading)).not.toContain("6403");
    expect(faux[0]?.heading).toBe("6402");
  });

  it("follows the nomenclature's own carve-outs", () => {
    expect(classifyProduct({ title: "Squeaky Dog Toy" })?.heading).not.toBe("9503");
    expect(classifyProduct({ title: "Instant Coffee 200g" })).toBeNull();
    expect(classifyProduct({ title: "White Chocolate Bar" })?.heading).toBe("1704");
    expect(classifyProduct({ title: "Chamomile Herbal Tea" })?.heading).not.toBe("0902");
  });

  it("applies chapter 61/62 note 9: garments of unstated gender go to the women's heading", () => {
    expect(classifyProduct({ title: "Slim Fit Jeans" })?.heading).toBe("6204");
    expect(classifyProduct({ title: "Men's Slim Fit Jeans" })?.heading).toBe("6203");
  });
});

describe("candidates", () => {
  it("lists at most n headings, best first, led by the classifier's choice", () => {
    const product = { title: "Women's Floral Midi Dress" };
    const list = candidates(product, 2);
    expect(list).toHaveLength(2);
    expect(list[0]?.heading).toBe(classifyProduct(product)?.heading);
    expect(list[0]?.score).toBeGreaterThanOrEqual(list[1]?.score ?? 0);
  });

  it("is empty when nothing matches", () => {
    expect(candidates({ title: "Zxqv Blorf" }, 3)).toEqual([]);
  });
});

describe("tokenise", () => {
  it("lowercases, drops possessives and stems plurals so both spellings meet", () => {
    expect(tokenise("Men's Hoodies")).toEqual(["man", "hoody"]);
    expect(tokenise("hoodie")).toEqual(["hoody"]);
    expect(tokenise("Dresses & Boxes")).toEqual(["dress", "box"]);
    expect(tokenise("T-Shirt, 10000mAh")).toEqual(["t", "shirt", "10000", "mah"]);
    expect(tokenise("Crème Brûlée")).toEqual(["creme", "brulee"]);
  });
});

describe("HS reference table", () => {
  it("has 60 to 100 unique 4-digit headings, each with a 6-digit subheading inside it", () => {
    const headings = HS_HEADINGS.map((h) => h.heading);
    expect(new Set(headings).size).toBe(headings.length);
    expect(headings.length).toBeGreaterThanOrEqual(60);
    expect(headings.length).toBeLessThanOrEqual(100);
    for (const h of HS_HEADINGS) {
      expect(h.heading).toMatch(/^\d{4}$/);
      expect(h.subheading).toMatch(/^\d{6}$/);
      expect(h.subheading.startsWith(h.heading)).toBe(true);
      for (const weight of [...Object.values(h.keywords), ...Object.values(h.hints ?? {})]) {
        expect(weight).toBeGreaterThan(0);
      }
    }
  });

  it("classifies 10,000 products in well under the time of a job chunk", () => {
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const product = LABELLED_PRODUCTS[i % LABELLED_PRODUCTS.length] as LabelledProduct;
      classifyProduct(product);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
