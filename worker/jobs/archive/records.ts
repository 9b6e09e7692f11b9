// The archive's NDJSON records, one per line, each naming its kind and its job: a job (its API form plus what the API
// does not show — the payload, idempotency key, callback URL, run — so nothing about it is lost), then its events,
// and the part's rejected rows and duty findings. The shapes are the API's, so a reader needs no second vocabulary.
import { toFindingJson } from "../../api/finding-json.ts";
import { toJobJson } from "../../api/job-json.ts";
import type { DutyFindingRow, JobRejectedRow, JobRow } from "../../db/schema.ts";

type EventRow = {
  id: number;
  jobId: string;
  run: number;
  at: number;
  kind: string;
  actor: string;
  message: string | null;
};

function parsed(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function jobRecord(row: JobRow, now: number) {
  return {
    record: "job",
    ...toJobJson(row, { now }),
    payload: parsed(row.payload),
    input_key: row.inputKey,
    idempotency_key: row.idempotencyKey,
    callback_url: row.callbackUrl,
    run: row.run,
  };
}

export const eventRecord = (e: EventRow) => ({
  record: "event",
  job_id: e.jobId,
  id: e.id,
  at: new Date(e.at).toISOString(),
  kind: e.kind,
  actor: e.actor,
  message: e.message,
  run: e.run,
});

export const rejectedRowRecord = (r: JobRejectedRow) => ({
  record: "rejected_row",
  job_id: r.jobId,
  row: r.row,
  seq: r.seq,
  sku: r.sku,
  field: r.field,
  code: r.code,
  message: r.message,
  values: r.values === null ? null : parsed(r.values),
});

export const findingRecord = (f: DutyFindingRow) => ({ record: "finding", job_id: f.jobId, ...toFindingJson(f) });
