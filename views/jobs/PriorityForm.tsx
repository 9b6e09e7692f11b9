// Changing a waiting job's priority on its page: a plain form (POST /admin/jobs/:id/priority), so it works without
// script; the page comes back with the job's new place in the lane.
import { PRIORITIES, PRIORITY_LABELS } from "../../worker/api/priority.ts";
import type { Job } from "../../worker/api/schema.ts";

export function PriorityForm({ job }: { job: Job }) {
  const id = `priority-${job.id}`;
  return (
    <form method="post" action={`/admin/jobs/${job.id}/priority`} class="priority-form">
      <label class="visually-hidden" for={id}>
        Priority
      </label>
      <select id={id} name="priority">
        {PRIORITIES.map((priority) => (
          <option value={priority} selected={priority === job.priority}>
            {PRIORITY_LABELS[priority]}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-small">
        Change priority
      </button>
    </form>
  );
}
