// An import's refused rows as a CSV download (the API's `format=csv` and the job page's Download CSV): streamed page
// by page from D1, so a million refused rows never sit in memory; cells are formula-safe (a spreadsheet never runs
// what a catalogue contained).

import type { Db } from "../db/client.ts";
import { listRejectedRows } from "../db/rejected-rows.ts";
import { toCsvLines } from "../domain/csv.ts";

const HEADER = ["row", "sku", "field", "code", "message", "values"];
const PAGE = 1000;

export function rejectedRowsCsv(db: Db, workspaceId: string, jobId: string): Response {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(toCsvLines([HEADER])));
      }
      const page = await listRejectedRows(db, workspaceId, jobId, { cursor, limit: PAGE });
      const lines = page.rows.map((r) => [
        r.row,
        r.sku,
        r.field,
        r.code,
        r.message,
        r.values ? JSON.stringify(r.values) : null,
      ]);
      if (lines.length > 0) controller.enqueue(encoder.encode(toCsvLines(lines)));
      if (page.nextCursor === null) controller.close();
      else cursor = page.nextCursor;
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="job-${jobId}-rejected.csv"`,
      "cache-control": "private, no-store",
    },
  });
}
