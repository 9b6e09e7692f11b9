// The wire edge of a duty finding (GET /api/v1/jobs/:id/findings, and the job page's findings table): amounts in
// currency units, snake_case as the rest of the API.
import type { DutyFindingRow } from "../db/schema.ts";

export const toFindingJson = (f: DutyFindingRow) => ({
  sku: f.sku,
  kind: f.kind,
  destination: f.destination,
  currency: f.currency,
  from_rate: f.fromRate,
  to_rate: f.toRate,
  saving: f.savingCents / 100,
  detail: f.detail,
  hs_code: f.hsCode,
  origin_country: f.originCountry,
  scheme: f.scheme,
});
