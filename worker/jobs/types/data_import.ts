// `data_import`: products from inline JSON rows, CSV text, a stored large input (R2) or a source_url, upserted by SKU
// chunk by chunk. Bad rows are reported in the result (row number + reason) without failing the job.

import { z } from "zod";
import { InvalidInput, PermanentJobError } from "../../api/errors.ts";
import { type ProductInput, productSchema } from "../../api/payloads.ts";
import { newId } from "../../db/ids.ts";
import { upsertProductStatements } from "../../db/products.ts";
import { type RejectedProblem, rejectedRowsInsert } from "../../db/rejected-rows.ts";
import { checkHeader, countRecords, parseRecords, recordEnds, recordToFields, stripBom } from "../../domain/csv.ts";
import { checkOutboundUrl } from "../../domain/outbound-url.ts";
import { engineConfig } from "../config.ts";
import { defineHandler, type StepContext, type StepResult } from "../handler.ts";
import { type InputSource, inlineSource, r2Source, readAhead, urlSource } from "../input-source.ts";

/** Inputs above this go to R2 instead of the job row (D1 rows are capped at 2 MB; job rows are read often). */
export const INLINE_INPUT_LIMIT = 1_000_000;
const ROWS_PER_CHUNK = 500;
/** A refused row stores at most this many of its problems (a row of garbage has one per column). */
const MAX_PROBLEMS_PER_ROW = 8;

/** A chunk's window: up to ROWS_PER_CHUNK records or this many bytes, whichever is less (grown for one long record). */
const WINDOW_BYTES = 64 * 1024;
const MAX_RECORD_BYTES = 1_000_000;
const MAX_REPORTED_BAD_ROWS = 100;

const storedSchema = z.union([
  z.object({ rows: z.array(z.unknown()), callback_url: z.string().optional() }),
  z.object({ csv: z.string(), callback_url: z.string().optional() }),
  z.object({ source_url: z.string(), callback_url: z.string().optional() }),
  z.object({
    stored_input: z.object({ format: z.enum(["csv", "ndjson"]), bytes: z.number().int() }),
    file_name: z.string().optional(),
    callback_url: z.string().optional(),
  }),
]);
type Stored = z.infer<typeof storedSchema>;

const cursorSchema = z.object({
  /** Byte offset (CSV, NDJSON) or row index (inline rows) of the next record. */
  offset: z.number().int().min(0),
  /** 1-based number of the next data row, as the importer counts them (header excluded). */
  row: z.number().int().min(1),
  columns: z.array(z.string()).nullable(),
  imported: z.number().int(),
  rejected: z.number().int(),
  bad_rows: z.array(z.object({ row: z.number().int(), reason: z.string() })),
});
type Cursor = z.infer<typeof cursorSchema>;

const START: Cursor = { offset: 0, row: 1, columns: null, imported: 0, rejected: 0, bad_rows: [] };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const dataImport = defineHandler<"data_import", Stored>("data_import", {
  stored: storedSchema,

  async prepare(ctx, payload) {
    const { production } = engineConfig(ctx.env);
    const callbackUrl = payload.callback_url ?? null;
    if (callbackUrl) {
      const check = checkOutboundUrl(callbackUrl, { production, label: "callback URL" });
      if (!check.ok) throw new InvalidInput("payload.callback_url", check.reason);
    }
    if ("source_url" in payload) {
      const check = checkOutboundUrl(payload.source_url, { production, label: "source URL" });
      if (!check.ok) throw new InvalidInput("payload.source_url", check.reason);
      return { stored: { source_url: payload.source_url }, total: null, callbackUrl };
    }
    if ("csv" in payload) {
      const bytes = encoder.encode(stripBom(payload.csv));
      const header = parseRecords(decoder.decode(bytes.subarray(0, recordEnds(bytes, 1, true)[0] ?? 0)))[0] ?? [];
      const check = checkHeader(header);
      if (!check.ok) throw new InvalidInput("payload.csv", missingColumnsMessage(check.missing));
      const total = Math.max(0, countRecords(bytes) - 1);
      if (bytes.length <= INLINE_INPUT_LIMIT) return { stored: payload, total, callbackUrl };
      const stashed = await stash(ctx.env, ctx.workspaceId, "csv", bytes);
      // The file stays findable by its name after its text moved to R2.
      const stored = payload.file_name ? { ...stashed.stored, file_name: payload.file_name } : stashed.stored;
      return { stored, inputKey: stashed.inputKey, total, callbackUrl };
    }
    const json = JSON.stringify(payload);
    if (json.length <= INLINE_INPUT_LIMIT) return { stored: payload, total: payload.rows.length, callbackUrl };
    const ndjson = encoder.encode(payload.rows.map((r) => JSON.stringify(r)).join("\n"));
    return { ...(await stash(ctx.env, ctx.workspaceId, "ndjson", ndjson)), total: payload.rows.length, callbackUrl };
  },

  async step(ctx, rawCursor) {
    const cursor = rawCursor == null ? START : cursorSchema.parse(rawCursor);
    const stored = ctx.stored;
    if ("rows" in stored) return rowsStep(ctx, stored.rows, cursor);
    if ("csv" in stored) {
      const bytes = cached(ctx, "csv", () => encoder.encode(stripBom(stored.csv)));
      return csvStep(ctx, inlineSource(bytes), cursor);
    }
    if ("source_url" in stored) {
      const source = cached(ctx, "source", () => readAhead(urlSource(stored.source_url, engineConfig(ctx.env))));
      return csvStep(ctx, source, cursor);
    }
    const key = ctx.job.inputKey;
    if (!key) throw new PermanentJobError("stored input has no key");
    const source = cached(ctx, "source", () => readAhead(r2Source(ctx.env.FILES, key)));
    return stored.stored_input.format === "csv" ? csvStep(ctx, source, cursor) : ndjsonStep(ctx, source, cursor);
  },
});

function missingColumnsMessage(missing: string[]) {
  return `CSV header is missing required column(s): ${missing.join(", ")}`;
}

async function stash(env: Env, workspaceId: string, format: "csv" | "ndjson", bytes: Uint8Array) {
  const key = `inputs/${workspaceId}/${newId()}.${format}`;
  await env.FILES.put(key, bytes);
  return { stored: { stored_input: { format, bytes: bytes.length } }, inputKey: key };
}

function cached<T>(ctx: StepContext<unknown>, key: string, make: () => T): T {
  if (!ctx.cache.has(key)) ctx.cache.set(key, make());
  return ctx.cache.get(key) as T;
}

type Candidate = { row: number; value: unknown } | { row: number; error: string };

function rowsStep(ctx: StepContext<Stored>, rows: unknown[], cursor: Cursor): StepResult {
  const slice = rows.slice(cursor.offset, cursor.offset + ROWS_PER_CHUNK);
  const candidates = slice.map((value, i) => ({ row: cursor.row + i, value }));
  const next = { ...cursor, offset: cursor.offset + slice.length, row: cursor.row + slice.length };
  return finishChunk(ctx, candidates, next, cursor.offset + slice.length >= rows.length);
}

async function ndjsonStep(ctx: StepContext<Stored>, source: InputSource, cursor: Cursor): Promise<StepResult> {
  const { records, consumed, eof } = await readRecords(source, cursor.offset);
  const candidates: Candidate[] = records.map((text, i) => {
    try {
      return { row: cursor.row + i, value: JSON.parse(text) };
    } catch {
      return { row: cursor.row + i, error: "not valid JSON" };
    }
  });
  const next = { ...cursor, offset: cursor.offset + consumed, row: cursor.row + records.length };
  return finishChunk(ctx, candidates, next, eof);
}

async function csvStep(ctx: StepContext<Stored>, source: InputSource, cursor: Cursor): Promise<StepResult> {
  let { columns, offset } = cursor;
  if (columns === null) {
    const head = await readRecords(source, 0, 1);
    const header = parseRecords(stripBom(head.records[0] ?? ""))[0];
    if (!header) throw new PermanentJobError("the CSV is empty");
    const check = checkHeader(header);
    if (!check.ok) throw new PermanentJobError(missingColumnsMessage(check.missing));
    columns = check.columns;
    offset = head.consumed;
  }
  const { records, consumed, eof, size } = await readRecords(source, offset);
  // One parse for the chunk's records (blank lines are skipped by the parser: they are not rows).
  const parsed = records.length > 0 ? parseRecords(records.join("")) : [];
  const candidates: Candidate[] = [];
  let row = cursor.row;
  for (const cells of parsed) {
    candidates.push({ row, value: recordToFields(columns, cells) });
    row++;
  }
  const next = { ...cursor, columns, offset: offset + consumed, row };
  // Rows of a streamed CSV are unknown until its end: the bytes read of its size say how far along it is.
  const bytes = size ? { read: next.offset, total: size } : undefined;
  const result = finishChunk(ctx, candidates, next, eof, bytes);
  return size ? { ...result, fraction: next.offset / size } : result;
}

/** Up to `max` complete records from `offset`, growing the window when one record is longer than it. */
async function readRecords(source: InputSource, offset: number, max = ROWS_PER_CHUNK) {
  for (let window = WINDOW_BYTES; ; window *= 2) {
    const { bytes, eof, size } = await source.read(offset, window);
    const ends = recordEnds(bytes, max, eof);
    if (ends.length > 0 || eof) {
      const records: string[] = [];
      let start = 0;
      for (const end of ends) {
        records.push(decoder.decode(bytes.subarray(start, end)));
        start = end;
      }
      const consumed = ends.at(-1) ?? bytes.length;
      return { records, consumed, eof: eof && consumed >= bytes.length, size };
    }
    if (window >= MAX_RECORD_BYTES) throw new PermanentJobError(`a record at byte ${offset} is over 1 MB`);
  }
}

function finishChunk(
  ctx: StepContext<Stored>,
  candidates: Candidate[],
  next: Cursor,
  done: boolean,
  bytes?: { read: number; total: number },
): StepResult {
  const valid: ProductInput[] = [];
  const bad: Cursor["bad_rows"] = [];
  const problems: RejectedProblem[] = [];
  for (const candidate of candidates) {
    if ("error" in candidate) {
      bad.push({ row: candidate.row, reason: candidate.error });
      problems.push({
        row: candidate.row,
        seq: 0,
        sku: null,
        field: null,
        code: "unreadable",
        message: candidate.error,
        values: null,
      });
      continue;
    }
    const parsed = productSchema.safeParse(candidate.value);
    if (parsed.success) valid.push(parsed.data);
    else {
      bad.push({ row: candidate.row, reason: describeIssues(parsed.error) });
      problems.push(...problemsOf(candidate.row, candidate.value, parsed.error));
    }
  }
  const cursor: Cursor = {
    ...next,
    imported: next.imported + valid.length,
    rejected: next.rejected + bad.length,
    bad_rows: [...next.bad_rows, ...bad].slice(0, MAX_REPORTED_BAD_ROWS),
  };
  const last = valid.at(-1);
  return {
    writes: [
      ...upsertProductStatements(ctx.db, ctx.job.workspaceId, ctx.job.id, valid, ctx.now()),
      ...rejectedRowsInsert(ctx.db, ctx.job.workspaceId, ctx.job.id, problems),
    ],
    cursor,
    items: candidates.length,
    done,
    currentItem: last ? `${last.sku} · ${last.title}`.slice(0, 200) : null,
    result: {
      imported: cursor.imported,
      rejected: cursor.rejected,
      bad_rows: cursor.bad_rows,
      bad_rows_truncated: cursor.rejected > cursor.bad_rows.length,
      ...(bytes ? { bytes_read: bytes.read, bytes_total: bytes.total } : {}),
    },
  };
}

/** One stored problem per issue of a refused row: the field, zod's code, the message and the row's values. */
function problemsOf(row: number, value: unknown, error: z.ZodError): RejectedProblem[] {
  const values =
    value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const sku = typeof values?.sku === "string" ? values.sku.slice(0, 64) : null;
  return error.issues.slice(0, MAX_PROBLEMS_PER_ROW).map((issue, seq) => ({
    row,
    seq,
    sku,
    field: issue.path.length > 0 ? issue.path.join(".") : null,
    code: issue.code,
    message: issue.message,
    values,
  }));
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
