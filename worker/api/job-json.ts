// The wire edge of a job: the Job JSON of DESIGN.md from a jobs row, used by the API, the live stream, the pages
// and (as JSON) the TUI.
import type { JobRow } from "../db/schema.ts";
import type { Job } from "./schema.ts";

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

function parseJson(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function toJobJson(row: JobRow): Job {
  const result = parseJson(row.result);
  return {
    id: row.id,
    workspace_id: row.workspaceId,
    type: row.type,
    status: row.status,
    progress: row.progress,
    processed: row.processed,
    total: row.total,
    current_item: row.currentItem,
    attempts: row.attempts,
    max_attempts: row.maxAttempts,
    error: row.error,
    created_by: row.createdByLabel,
    created_at: iso(row.createdAt) as string,
    started_at: iso(row.startedAt),
    completed_at: iso(row.completedAt),
    updated_at: iso(row.updatedAt) as string,
    run_after: iso(row.runAfter),
    result,
    rejected: rejectedOf(result),
    error_signature: row.errorSignature,
    control: row.control,
  };
}

/** An import's result counts the rows it refused; other types refuse none. */
function rejectedOf(result: unknown): number {
  const rejected = (result as { rejected?: unknown } | null)?.rejected;
  return typeof rejected === "number" && Number.isInteger(rejected) && rejected > 0 ? rejected : 0;
}
