// `bulk_classification`: proposes an HS code for each product with a confidence and the rule that matched, using the
// shipped rule-based classifier. By default only unclassified products; `reclassify` also redoes codes set by people.
import { z } from "zod";
import { bulkClassificationPayloadSchema } from "../../api/payloads.ts";
import { type Classified, classificationStatements } from "../../db/products.ts";
import { classifyProduct } from "../../domain/hs-classifier.ts";
import { defineHandler } from "../handler.ts";
import { FIRST_PAGE, nextProducts, pageCursorSchema, productLabel, sortedSkus, totalFor } from "../product-walk.ts";

const CHUNK = 200;
const MAX_REPORTED = 50;

type Payload = z.infer<typeof bulkClassificationPayloadSchema>;

const cursorSchema = z.object({
  page: pageCursorSchema,
  classified: z.number().int(),
  unclassifiable: z.array(z.string()),
  unclassifiable_count: z.number().int(),
  missing: z.array(z.string()),
  skipped: z.number().int(),
  by_heading: z.record(z.string(), z.number().int()),
});
type Cursor = z.infer<typeof cursorSchema>;

export const bulkClassification = defineHandler<"bulk_classification", Payload>("bulk_classification", {
  stored: bulkClassificationPayloadSchema,

  async step(ctx, raw) {
    const { stored, db, job } = ctx;
    const skus = sortedSkus(stored.product_skus);
    // Without `reclassify`, only products that have no code yet; with it, every selected product. An explicit SKU
    // list is read whole so that products it names that already have a code are reported as skipped, not missing.
    const selection = { unclassified: !skus && !stored.reclassify };
    const first = raw == null;
    const cursor: Cursor = first
      ? {
          page: FIRST_PAGE,
          classified: 0,
          unclassifiable: [],
          unclassifiable_count: 0,
          missing: [],
          skipped: 0,
          by_heading: {},
        }
      : cursorSchema.parse(raw);
    const total = first ? await totalFor(db, job.workspaceId, skus, selection) : undefined;
    // An unclassified product stays unclassified when nothing matches, so a keyset walk never revisits it.
    const page = await nextProducts(db, job.workspaceId, skus, selection, cursor.page, CHUNK);
    const proposals: Classified[] = [];
    const unclassifiable: string[] = [];
    const byHeading = { ...cursor.by_heading };
    let skipped = 0;
    for (const product of page.rows) {
      if (!stored.reclassify && product.hsCode !== null) {
        skipped++;
        continue;
      }
      const proposal = classifyProduct({ title: product.title, description: product.description ?? undefined });
      if (!proposal) {
        unclassifiable.push(product.sku);
        continue;
      }
      proposals.push({
        sku: product.sku,
        hsCode: proposal.hs_code,
        confidence: proposal.confidence,
        matchedRule: proposal.matched_rule,
      });
      byHeading[proposal.heading] = (byHeading[proposal.heading] ?? 0) + 1;
    }
    const next: Cursor = {
      page: page.next,
      classified: cursor.classified + proposals.length,
      unclassifiable: [...cursor.unclassifiable, ...unclassifiable].slice(0, MAX_REPORTED),
      unclassifiable_count: cursor.unclassifiable_count + unclassifiable.length,
      missing: [...cursor.missing, ...page.missing].slice(0, MAX_REPORTED),
      skipped: cursor.skipped + skipped,
      by_heading: byHeading,
    };
    const last = page.rows.at(-1);
    return {
      writes: classificationStatements(db, job.workspaceId, proposals, {
        overridePeople: stored.reclassify,
        now: ctx.now(),
      }),
      cursor: next,
      items: page.items,
      done: page.done,
      currentItem: last ? productLabel(last) : null,
      ...(total === undefined ? {} : { total }),
      result: {
        classified: next.classified,
        unclassifiable: next.unclassifiable_count,
        unclassifiable_skus: next.unclassifiable,
        missing_skus: next.missing,
        skipped_already_classified: next.skipped,
        by_heading: next.by_heading,
      },
    };
  },
});
