// Progress of a job on one line: a native <progress> bar (no inline styles under our CSP), the percentage, the count
// (rows of a total, or for a streamed CSV the bytes read of its size) and, while the job is active, the item being
// worked on (an ended job's last item is history, not progress).
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Job } from "../../worker/api/schema.ts";
import { formatBytes, formatCount, truncate } from "../format.ts";

/** A streamed import's result says how many bytes of its source it has read. */
function bytesOf(job: Job): { read: number; total: number } | null {
  const result = job.result as { bytes_read?: unknown; bytes_total?: unknown } | null;
  const read = result?.bytes_read;
  const total = result?.bytes_total;
  return typeof read === "number" && typeof total === "number" && total > 0 ? { read, total } : null;
}

export function countText(job: Job): string {
  if (job.total !== null) return `${formatCount(job.processed)} / ${formatCount(job.total)}`;
  // Bytes say how far a streamed CSV is while it runs; once it ended, the rows are the whole story.
  const bytes = isTerminal(job.status) ? null : bytesOf(job);
  const items = `${formatCount(job.processed)} ${job.processed === 1 ? "item" : "items"}`;
  return bytes ? `${items} · ${formatBytes(bytes.read)} of ${formatBytes(bytes.total)}` : items;
}

export function ProgressCell({ job }: { job: Job }) {
  const percent = Math.round(job.progress);
  const item = isTerminal(job.status) ? null : job.current_item;
  return (
    <div class="progress">
      <progress value={percent} max={100} aria-label={`${percent}% done`}>
        {percent}%
      </progress>
      <span class="progress-percent">{percent}%</span>
      <span class="progress-count">{countText(job)}</span>
      {item ? (
        <span class="progress-item" title={item}>
          {truncate(item, 60)}
        </span>
      ) : null}
    </div>
  );
}
