// A job status as a badge: the display label from DESIGN.md as text, plus a colour per status (never colour alone).
import { type JobStatus, STATUS_LABELS } from "../../worker/api/schema.ts";

export function StatusBadge({ status }: { status: JobStatus }) {
  return <span class={`badge badge-${status.replace("_", "-")}`}>{STATUS_LABELS[status]}</span>;
}
