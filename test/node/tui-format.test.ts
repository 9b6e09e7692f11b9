// The status text of a job row: the label from the wire layer, or what a job asked to stop is about to do.
import { describe, expect, it } from "vitest";
import { statusText } from "../../tui/format.ts";
import type { Job, JobControl, JobStatus } from "../../worker/api/schema.ts";

function job(status: JobStatus, control: JobControl | null): Job {
  return {
    id: "01JFMT0000000000000000000A",
    workspace_id: "ws_acme",
    rejected: 0,
    type: "data_import",
    status,
    progress: 0,
    processed: 0,
    total: null,
    current_item: null,
    attempts: 1,
    max_attempts: 5,
    error: null,
    created_by: null,
    created_at: "2026-11-17T10:00:00Z",
    started_at: null,
    completed_at: null,
    updated_at: "2026-11-17T10:00:00Z",
    run_after: null,
    result: null,
    control,
  };
}

describe("statusText", () => {
  const cases: [JobStatus, JobControl | null, string][] = [
    ["running", "cancel", "Cancelling…"],
    ["running", "pause", "Pausing…"],
    ["running", null, "Running"],
    // Only a running job honours a control; a leftover one on any other status changes nothing.
    ["paused", "pause", "Paused"],
    ["pending", "cancel", "Pending"],
    ["cancelled", "cancel", "Cancelled"],
    ["dead_letter", null, "Dead Letter"],
  ];
  for (const [status, control, text] of cases) {
    it(`says "${text}" for a ${status} job with control ${control}`, () => {
      expect(statusText(job(status, control))).toBe(text);
    });
  }
});
