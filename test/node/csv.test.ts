import { describe, expect, it } from "vitest";
import {
  checkHeader,
  countRecords,
  formulaSafe,
  parseRecords,
  recordEnds,
  recordToFields,
  toCsvLines,
} from "../../worker/domain/csv.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("recordEnds", () => {
  it("finds record ends at line feeds outside quotes", () => {
    const text = 'a,b\n"x\ny",z\n"q ""quoted"" \n w",1\nlast';
    const ends = recordEnds(bytes(text), 100, false);
    expect(ends.map((e) => text.slice(0, e).split("\n").length - 1)).toEqual([1, 3, 5]);
  });

  it("counts a final record without a newline only at the end of the input", () => {
    expect(recordEnds(bytes("a\nb"), 100, false)).toEqual([2]);
    expect(recordEnds(bytes("a\nb"), 100, true)).toEqual([2, 3]);
    expect(recordEnds(bytes("a\nb\n\n  \n"), 100, true)).toEqual([2, 4, 5, 8]);
  });

  it("stops after maxRecords", () => {
    expect(recordEnds(bytes("1\n2\n3\n"), 2, true)).toEqual([2, 4]);
  });

  it("splits a document into windows that reassemble into the same records", () => {
    const rows = Array.from({ length: 300 }, (_, i) => `S${i},"Title, with comma\nand newline ${i}","say ""hi"""`);
    const doc = bytes(`${rows.join("\r\n")}\r\n`);
    const seen: string[][] = [];
    let offset = 0;
    for (let guard = 0; offset < doc.length && guard < 1000; guard++) {
      const window = doc.subarray(offset, offset + 97);
      const eof = offset + window.length >= doc.length;
      const ends = recordEnds(window, 7, eof);
      if (ends.length === 0) throw new Error("window too small for one record");
      seen.push(...parseRecords(new TextDecoder().decode(window.subarray(0, ends.at(-1)))));
      offset += ends.at(-1) as number;
    }
    expect(seen).toHaveLength(300);
    expect(seen[123]).toEqual(["S123", "Title, with comma\nand newline 123", 'say "hi"']);
  });

  it("counts records of a whole document", () => {
    expect(countRecords(bytes("h\n1\n2\n"))).toBe(3);
    expect(countRecords(bytes('h\n"1\n1"\n2'))).toBe(3);
  });
});

describe("checkHeader", () => {
  it("accepts the product columns in any order and case", () => {
    expect(checkHeader(["SKU", " title", "currency", "customs_value", "origin_country"])).toEqual({
      ok: true,
      columns: ["sku", "title", "currency", "customs_value", "origin_country"],
    });
  });

  it("names every missing required column", () => {
    expect(checkHeader(["sku", "title"])).toEqual({
      ok: false,
      missing: ["origin_country", "customs_value", "currency"],
    });
  });
});

describe("recordToFields", () => {
  it("maps known columns, ignores unknown ones and drops empty optional cells", () => {
    const fields = recordToFields(["sku", "colour", "description", "hs_code", "title"], ["A1", "red", "", " ", "Tee"]);
    expect(fields).toEqual({ sku: "A1", title: "Tee" });
  });
});

describe("toCsvLines", () => {
  it("escapes every cell a spreadsheet would run as a formula, multi-line cells included", () => {
    const cells = [
      "=2+5\n+0",
      '=HYPERLINK("http://x.test")\nclick',
      "@SUM(1+1)\nx",
      "+1\r\n2",
      "-3\nx",
      "\tTAB",
      "\rCR",
    ];
    const parsed = parseRecords(toCsvLines([cells]));
    expect(parsed).toEqual([cells.map((cell) => `'${cell}`)]);
  });

  it("leaves plain text and numbers (negative amounts included) alone, and quotes what needs quoting", () => {
    const text = toCsvLines([["Mug, blue", 'say "hi"', "a=b", -4.5, null]]);
    expect(text).toBe('"Mug, blue","say ""hi""",a=b,-4.5,\r\n');
    expect(formulaSafe("Cotton t-shirt")).toBe("Cotton t-shirt");
  });
});
