// A Job as the API answers it, for the TUI's tests and the TUI frame bench: every field at its quiet default, so a
// test names only what it is about.
import type { Job } from "../../worker/api/schema.ts";

export const JOB_DEFAULTS: Omit<Job, "id"> = {
  workspace_id: "ws_acme",
  type: "data_import",
  status: "pending",
  progress: 0,
  processed: 0,
  total: null,
  current_item: null,
  attempts: 0,
  max_attempts: 5,
  error: null,
  created_by: null,
  created_at: "2026-11-17T10:00:00Z",
  started_at: null,
  completed_at: null,
  updated_at: "2026-11-17T10:01:00Z",
  run_after: null,
  result: null,
  rejected: 0,
  error_signature: null,
  wait_ms: null,
  run_ms: 0,
  rate: null,
  eta_at: null,
  eta_low_at: null,
  eta_high_at: null,
  priority: "normal",
  waiting: null,
  run_at: null,
  schedule_id: null,
  control: null,
};

export function jobFixture(fields: Partial<Job> & Pick<Job, "id">): Job {
  return { ...JOB_DEFAULTS, ...fields };
}
