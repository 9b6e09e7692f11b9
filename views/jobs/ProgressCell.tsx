// Progress of a job on one line: a native <progress> bar (no inline styles under our CSP), the percentage, the count
// (rows of a total, or for a streamed CSV the bytes read of its size) and, while the job is active, the item being
// worked on (an ended job's last item is history, not progress) with its rate and time left.
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Job } from "../../worker/api/schema.ts";
import { formatBytes, formatCount, truncate } from "../format.ts";
import { paceText, paceTitle } from "./pace-text.ts";

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

export function ProgressCell({ job, now }: { job: Job; now: number }) {
  const percent = Math.round(job.progress);
  // A job that waits says why instead (WaitNote, on the same line's place), so its row stays as high as a running one.
  const current = isTerminal(job.status) || job.waiting ? null : job.current_item;
  // The rate and time left share the current item's line, so a running row stays three lines high at most.
  const pace = paceText(job, now);
  // Pace first: when the line is cut (an ellipsis, the whole on hover), the time left is what stays.
  const item = [pace, current ? truncate(current, 40) : null].filter(Boolean).join(" · ") || null;
  return (
    <div class="progress">
      <progress value={percent} max={100} aria-label={`${percent}% done`}>
        {percent}%
      </progress>
      <span class="progress-percent">{percent}%</span>
      <span class="progress-count">{countText(job)}</span>
      {item ? (
        <span class="progress-item" title={paceTitle(job) ?? current ?? undefined}>
          {item}
        </span>
      ) : null}
    </div>
  );
}
