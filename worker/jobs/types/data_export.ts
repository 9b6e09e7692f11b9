// `data_export`: the catalogue (or a filter of it) streamed to R2 as CSV, chunk by chunk. Each chunk is staged as its
// own object (rewritten identically if the chunk is retried); staged chunks are folded into multipart parts of at
// least 5 MiB, and the upload completes with the last chunk. The result names the object, its rows and size.
import { z } from "zod";
import { dataExportPayloadSchema } from "../../api/payloads.ts";
import { newId } from "../../db/ids.ts";
import type { ProductRow } from "../../db/schema.ts";
import { toCsvLines } from "../../domain/csv.ts";
import { engineConfig } from "../config.ts";
import { defineHandler, type StepContext } from "../handler.ts";
import { FIRST_PAGE, nextProducts, pageCursorSchema, productLabel, totalFor } from "../product-walk.ts";

const CHUNK = 1000;
/** R2 (like S3) needs every multipart part but the last to be at least 5 MiB. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const COLUMNS = [
  "sku",
  "title",
  "description",
  "origin_country",
  "customs_value",
  "currency",
  "hs_code",
  "hs_source",
  "confidence",
  "matched_rule",
] as const;

type Payload = z.infer<typeof dataExportPayloadSchema>;

const cursorSchema = z.object({
  page: pageCursorSchema,
  uploadId: z.string(),
  token: z.string(),
  parts: z.array(z.object({ partNumber: z.number().int(), etag: z.string() })),
  staged: z.array(z.string()),
  /** Staged objects already folded into a recorded part: deleted at the start of the next chunk, once committed. */
  cleanup: z.array(z.string()),
  stagedBytes: z.number().int(),
  rows: z.number().int(),
  bytes: z.number().int(),
});
type Cursor = z.infer<typeof cursorSchema>;

export const exportKey = (workspaceId: string, jobId: string) => `exports/${workspaceId}/${jobId}.csv`;

export const dataExport = defineHandler<"data_export", Payload>("data_export", {
  stored: dataExportPayloadSchema,

  async step(ctx, raw) {
    const { db, job, env } = ctx;
    const key = exportKey(job.workspaceId, job.id);
    const filter = ctx.stored.filter ?? {};
    const selection = {
      hsCodePrefix: filter.hs_code_prefix,
      originCountry: filter.origin_country,
      classified: filter.classified,
    };
    let cursor: Cursor;
    let total: number | undefined;
    if (raw == null) {
      // Marks the finished object as this upload's, so a retried final chunk can tell it completed already.
      const token = newId();
      const upload = await env.FILES.createMultipartUpload(key, {
        httpMetadata: { contentType: "text/csv; charset=utf-8" },
        customMetadata: { job: job.id, upload: token },
      });
      const empty = { parts: [], staged: [], cleanup: [], stagedBytes: 0, rows: 0, bytes: 0 };
      cursor = { page: FIRST_PAGE, uploadId: upload.uploadId, token, ...empty };
      total = await totalFor(db, job.workspaceId, undefined, selection);
    } else {
      cursor = cursorSchema.parse(raw);
      if (cursor.cleanup.length > 0) await env.FILES.delete(cursor.cleanup);
      cursor = { ...cursor, cleanup: [] };
    }
    const page = await nextProducts(db, job.workspaceId, undefined, selection, cursor.page, CHUNK);
    const header = cursor.page.index === 0 ? [[...COLUMNS]] : [];
    const text = toCsvLines([...header, ...page.rows.map(csvRow)]);
    const bytes = new TextEncoder().encode(text);
    // The staged object is named by the chunk's step, so a retried chunk overwrites rather than duplicates.
    const stagedKey = `${key}.staging/${String(job.stepSeq + 1).padStart(8, "0")}`;
    if (bytes.length > 0) await env.FILES.put(stagedKey, bytes);
    let next: Cursor = {
      ...cursor,
      page: page.next,
      staged: bytes.length > 0 ? [...cursor.staged, stagedKey] : cursor.staged,
      stagedBytes: cursor.stagedBytes + bytes.length,
      rows: cursor.rows + page.rows.length,
      bytes: cursor.bytes + bytes.length,
    };
    if (next.stagedBytes >= MIN_PART_BYTES || (page.done && (next.staged.length > 0 || next.parts.length === 0))) {
      next = await uploadStaged(ctx, key, next);
    }
    const result = page.done ? await complete(ctx, key, next) : { rows: next.rows, bytes: next.bytes };
    const last = page.rows.at(-1);
    return {
      writes: [],
      cursor: next,
      items: page.items,
      done: page.done,
      currentItem: last ? productLabel(last) : null,
      ...(total === undefined ? {} : { total }),
      result,
    };
  },
});

function csvRow(p: ProductRow): (string | number | null)[] {
  return [
    p.sku,
    p.title,
    p.description,
    p.originCountry,
    p.customsValue,
    p.currency,
    p.hsCode,
    p.hsSource,
    p.confidence,
    p.matchedRule,
  ];
}

/** Folds the staged chunk objects into the next multipart part, then deletes them. */
async function uploadStaged(ctx: StepContext<Payload>, key: string, cursor: Cursor): Promise<Cursor> {
  const bucket = ctx.env.FILES;
  const chunks: Uint8Array[] = [];
  for (const staged of cursor.staged) {
    const object = await bucket.get(staged);
    if (!object) throw new Error(`staged export chunk ${staged} is missing`);
    chunks.push(new Uint8Array(await object.arrayBuffer()));
  }
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  const upload = bucket.resumeMultipartUpload(key, cursor.uploadId);
  const partNumber = cursor.parts.length + 1;
  // Re-uploading a part number (a retried chunk) replaces that part, so this is safe to repeat.
  const part = await upload.uploadPart(partNumber, body);
  return {
    ...cursor,
    parts: [...cursor.parts, { partNumber, etag: part.etag }],
    staged: [],
    cleanup: cursor.staged,
    stagedBytes: 0,
  };
}

async function complete(ctx: StepContext<Payload>, key: string, cursor: Cursor) {
  const bucket = ctx.env.FILES;
  // A retry of the final chunk after the upload completed (but before the checkpoint) finds the finished object.
  const existing = await bucket.head(key);
  const object =
    existing?.customMetadata?.upload === cursor.token
      ? existing
      : await bucket.resumeMultipartUpload(key, cursor.uploadId).complete(cursor.parts);
  if (cursor.cleanup.length > 0) await bucket.delete(cursor.cleanup);
  const expiresAt = new Date(ctx.now() + engineConfig(ctx.env).exportTtlMs).toISOString();
  return {
    key,
    rows: cursor.rows,
    bytes: object.size,
    download_url: `/exports/${ctx.job.id}/download`,
    expires_at: expiresAt,
  };
}
