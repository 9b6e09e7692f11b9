// The operator buttons of one job: Retry, Cancel, Pause, Resume, each only where the lifecycle allows it and only for
// owners/admins. Each is a real form (works without scripts). htmx posts it with #flash as the target: the answer is
// the fresh row out-of-band plus a message, so it still lands when a live update replaced the row (and the form) first.
import { allowedActions, type OperatorAction, outcomeOf } from "../../worker/api/lifecycle.ts";
import type { Job, Role } from "../../worker/api/schema.ts";

export const ACTION_LABELS: Record<OperatorAction, string> = {
  retry: "Retry",
  cancel: "Cancel",
  pause: "Pause",
  resume: "Resume",
};

/** Cancel cannot be undone, so it asks first (htmx's hx-confirm uses window.confirm: no eval, fine under our CSP). */
export function cancelQuestion(job: Job): string {
  return outcomeOf(job.status, "cancel")?.kind === "deferred"
    ? `Cancel job ${job.id}? It stops at its next chunk boundary.`
    : `Cancel job ${job.id}?`;
}

export const canManage = (role: Role) => role === "owner" || role === "admin";

export function JobActions({ job, role }: { job: Job; role: Role }) {
  if (!canManage(role)) return null;
  const actions = allowedActions(job.status, job.control);
  if (actions.length === 0) return null;
  return (
    <div class="actions">
      {actions.map((action) => {
        const url = `/admin/jobs/${job.id}/${action}`;
        return (
          <form
            method="post"
            action={url}
            hx-post={url}
            hx-target="#flash"
            hx-swap="innerHTML"
            hx-confirm={action === "cancel" ? cancelQuestion(job) : undefined}
          >
            {/* The id lets a morph keep a button only for the same action (a Pause never turns into a Resume under
                focus) and is unique: a page shows a job's row once. */}
            <button
              type="submit"
              id={`job-${job.id}-${action}`}
              class={`btn btn-small btn-${action}`}
              data-action={action}
            >
              {ACTION_LABELS[action]}
            </button>
          </form>
        );
      })}
    </div>
  );
}
