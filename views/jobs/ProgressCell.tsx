// Progress of a job: a native <progress> bar (no inline styles under our CSP), the percentage, the item count and
// the item being worked on.
import type { Job } from "../../worker/api/schema.ts";
import { formatCount, truncate } from "../format.ts";

export function ProgressCell({ job }: { job: Job }) {
  const percent = Math.round(job.progress);
  const count =
    job.total === null
      ? `${formatCount(job.processed)} items`
      : `${formatCount(job.processed)} / ${formatCount(job.total)}`;
  return (
    <div class="progress">
      <div class="progress-line">
        <progress value={percent} max={100} aria-label={`${percent}% done`}>
          {percent}%
        </progress>
        <span class="progress-percent">{percent}%</span>
      </div>
      <div class="progress-detail">
        <span class="progress-count">{count}</span>
        {job.current_item ? (
          <span class="progress-item" title={job.current_item}>
            {truncate(job.current_item, 60)}
          </span>
        ) : null}
      </div>
    </div>
  );
}
