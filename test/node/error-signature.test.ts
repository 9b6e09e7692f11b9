// Error signatures: the same reason with different ids, numbers, URLs or quoted values groups together; a different
// reason or a different job type does not.
import { describe, expect, it } from "vitest";
import { errorSignature, normaliseError } from "../../worker/domain/error-signature.ts";

describe("normaliseError", () => {
  it.each([
    [
      'row 7: origin_country "Germany" is not an ISO 3166-1 code',
      "row <n>: origin_country <value> is not an ISO <n> code",
    ],
    ["source URL https://erp.example.com/export/123.csv answered 503", "source URL <url> answered <n>"],
    ["job 01M8SXTKBF8PD4KRT2YA80653E: lease lost after 30000 ms", "job <id>: lease lost after <n> ms"],
    ["SKU-123 and sku-9 refused", "SKU-<n> and sku-<n> refused"],
    ["callback to ops@acme.test failed", "callback to <email> failed"],
    ["R2 put failed: etag 9f86d081884c7d659a2feaa0c55ad015", "R<n> put failed: etag <hex>"],
    ["  many\n  spaces\tand lines ", "many spaces and lines"],
  ])("normalises %j", (error, normalised) => {
    expect(normaliseError(error)).toBe(normalised);
  });
});

describe("errorSignature", () => {
  it("is 16 hex digits, the same for the same reason with different details", () => {
    const a = errorSignature("data_import", 'row 7: currency "dollars" must be an ISO 4217 code');
    const b = errorSignature("data_import", "row 9120: currency 'eur0' must be an ISO 4217 code");
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
  });

  it("differs for another reason or another job type", () => {
    const base = errorSignature("data_import", "source URL https://a.example/x.csv answered 503");
    expect(errorSignature("data_import", "source URL https://a.example/x.csv timed out")).not.toBe(base);
    expect(errorSignature("data_export", "source URL https://a.example/x.csv answered 503")).not.toBe(base);
  });
});
