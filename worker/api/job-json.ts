// The wire edge of a job: the Job JSON of DESIGN.md from a jobs row, used by the API, the live stream, the pages
// and (as JSON) the TUI.
import type { JobRow } from "../db/schema.ts";
import { priorityOf } from "./priority.ts";
import type { Job } from "./schema.ts";
import { type LaneContext, waitingOf } from "./waiting.ts";

/** What the wire form needs besides the row: the workspace's lanes (for why a job waits) and the time. */
export interface JobJsonContext {
  lanes?: LaneContext | null;
  now?: number;
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

function parseJson(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function toJobJson(row: JobRow, context: JobJsonContext = {}): Job {
  const result = parseJson(row.result);
  const waiting = waitingOf(row, context.lanes ?? null, context.now ?? Date.now());
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
    priority: priorityOf(row.priority),
    waiting: waiting && {
      reason: waiting.reason,
      ...(waiting.until === undefined ? {} : { until: iso(waiting.until) as string }),
      detail: waiting.detail,
    },
    control: row.control,
  };
}

/** An import's result counts the rows it refused; other types refuse none. */
function rejectedOf(result: unknown): number {
  const rejected = (result as { rejected?: unknown } | null)?.rejected;
  return typeof rejected === "number" && Number.isInteger(rejected) && rejected > 0 ? rejected : 0;
}
