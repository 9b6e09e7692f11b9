// The wire edge of a job: the Job JSON of DESIGN.md from a jobs row, used by the API, the live stream, the pages
// and (as JSON) the TUI.
import type { JobRow } from "../db/schema.ts";
import { LEASED_STATUS } from "./lifecycle.ts";
import { type Eta, etaOf, paceFrom } from "./pace.ts";
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
  const now = context.now ?? Date.now();
  const waiting = waitingOf(row, context.lanes ?? null, now);
  const running = row.status === LEASED_STATUS;
  const eta = running ? etaOf(paceFrom(row), row.doneFraction, row.lastChunkAt ?? now) : null;
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
    run_at: row.runAt === null ? null : new Date(row.runAt).toISOString(),
    schedule_id: row.scheduleId,
    wait_ms: row.startedAt === null ? null : Math.max(0, row.startedAt - row.createdAt),
    run_ms: row.runMs + (running && row.lastChunkAt !== null ? Math.max(0, now - row.lastChunkAt) : 0),
    rate: running && row.itemsRate !== null ? Math.round(row.itemsRate * 10) / 10 : null,
    ...etaJson(eta, now),
    priority: priorityOf(row.priority),
    waiting: waiting && {
      reason: waiting.reason,
      ...(waiting.until === undefined ? {} : { until: iso(waiting.until) as string }),
      detail: waiting.detail,
    },
    control: row.control,
  };
}

/**
 * The ETA as ISO times. A job slower than its estimate is never "due in the past": the estimate and its band move to
 * now (the band keeps its width above it), so a stalled job's ETA keeps moving out rather than lying.
 */
function etaJson(eta: Eta | null, now: number) {
  if (!eta) return { eta_at: null, eta_low_at: null, eta_high_at: null };
  const late = Math.max(0, now - eta.at);
  return {
    eta_at: iso(eta.at + late),
    eta_low_at: iso(Math.max(eta.low, now)),
    eta_high_at: iso(eta.high + late),
  };
}

/** An import's result counts the rows it refused; other types refuse none. */
function rejectedOf(result: unknown): number {
  const rejected = (result as { rejected?: unknown } | null)?.rejected;
  return typeof rejected === "number" && Number.isInteger(rejected) && rejected > 0 ? rejected : 0;
}
