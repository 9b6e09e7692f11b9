// `duty_optimization`: computes each product's duty for a destination (US or EU) from the shipped rate tables, flags
// where another plausible heading or a preferential origin would cost less, stores per-product findings in D1 and a
// summary (total duty, potential savings, top findings) in the result.
import { z } from "zod";
import { dutyOptimizationPayloadSchema } from "../../api/payloads.ts";
import { findingStatements, type NewFinding } from "../../db/findings.ts";
import { findSavings, type ProductSavings } from "../../domain/duty.ts";
import { addToTally, type DutyTally, emptyTally, tallySummary } from "../../domain/duty-tally.ts";
import { candidates, classifyProduct } from "../../domain/hs-classifier.ts";
import { defineHandler } from "../handler.ts";
import { FIRST_PAGE, nextProducts, pageCursorSchema, productLabel, sortedSkus, totalFor } from "../product-walk.ts";

const CHUNK = 200;

type Payload = z.infer<typeof dutyOptimizationPayloadSchema>;

const cursorSchema = z.object({
  page: pageCursorSchema,
  tally: z.custom<DutyTally>((value) => typeof value === "object" && value !== null),
  missing: z.number().int(),
});

export const dutyOptimization = defineHandler<"duty_optimization", Payload>("duty_optimization", {
  stored: dutyOptimizationPayloadSchema,

  async step(ctx, raw) {
    const { db, job, stored } = ctx;
    const skus = sortedSkus(stored.product_skus);
    const first = raw == null;
    const cursor = first ? { page: FIRST_PAGE, tally: emptyTally(), missing: 0 } : cursorSchema.parse(raw);
    const total = first ? await totalFor(db, job.workspaceId, skus, {}) : undefined;
    const page = await nextProducts(db, job.workspaceId, skus, {}, cursor.page, CHUNK);
    const results: ProductSavings[] = [];
    let assumed = 0;
    for (const product of page.rows) {
      const text = { title: product.title, description: product.description ?? undefined };
      // A product without a code is priced at the classifier's proposal, and counted as assumed in the summary.
      let hsCode = product.hsCode;
      if (!hsCode) {
        hsCode = classifyProduct(text)?.hs_code ?? null;
        if (hsCode) assumed++;
      }
      const line = {
        sku: product.sku,
        currency: product.currency,
        origin_country: product.originCountry,
        customs_value: product.customsValue,
        hs_code: hsCode ?? "0000",
      };
      results.push(findSavings(line, stored.destination, candidates(text, 3)));
    }
    const tally = addToTally(cursor.tally, results, assumed);
    const findings: NewFinding[] = results.flatMap((r) =>
      r.findings.map((f) => ({
        sku: f.sku,
        kind: f.kind,
        destination: stored.destination,
        currency: f.currency,
        fromRate: f.from_rate,
        toRate: f.to_rate,
        savingCents: f.saving_cents,
        detail: f.detail,
        hsCode: f.hs_code ?? null,
        originCountry: f.origin_country ?? null,
        scheme: f.scheme ?? null,
      })),
    );
    const last = page.rows.at(-1);
    return {
      writes: findingStatements(db, job.id, job.workspaceId, findings),
      cursor: { page: page.next, tally, missing: cursor.missing + page.missing.length },
      items: page.items,
      done: page.done,
      currentItem: last ? productLabel(last) : null,
      ...(total === undefined ? {} : { total }),
      result: { ...tallySummary(tally, stored.destination), missing_skus: cursor.missing + page.missing.length },
    };
  },
});
