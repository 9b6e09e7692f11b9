// "Edit and retry" on a failed or dead-lettered job's page (owners/admins): the job's payload as pretty JSON to
// change, a reason for the history, and a submit that retries the job with it (worker/jobs/edit-retry.ts). A payload
// the type refuses comes back with its field errors beside the form and nothing changed. It sits outside the
// refetched detail, so a live update never resets what is being typed. An input kept as a file (R2) is not editable.
import { BULK_RETRY_STATUSES } from "../../worker/api/lifecycle.ts";
import type { Job, Role } from "../../worker/api/schema.ts";
import { formatBytes } from "../format.ts";
import { canManage } from "./JobActions.tsx";

/** What the form shows: the job's payload at first, then what was submitted with why it was refused. */
export interface EditRetryState {
  payload: string;
  reason: string;
  /** Field errors keyed like the API's 422 details ("payload.rows.0.sku"). */
  errors: Record<string, string[]> | null;
}

export const EDIT_RETRY_ID = "edit-retry";

const editable = (job: Job) => (BULK_RETRY_STATUSES as readonly string[]).includes(job.status);

/**
 * A large import input is kept in R2 and the job stores only `{stored_input: {format, bytes}}` (data_import's stored
 * form): there is nothing here to edit, and sending that back would not be a payload the type accepts.
 */
function storedInputBytes(payload: string): number | null {
  try {
    const parsed = JSON.parse(payload) as { stored_input?: { bytes?: unknown } } | null;
    const bytes = parsed?.stored_input?.bytes;
    return typeof bytes === "number" ? bytes : null;
  } catch {
    return null;
  }
}

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** The job's own payload in the form, before anything was submitted. */
export const initialEdit = (payload: string): EditRetryState => ({
  payload: pretty(payload),
  reason: "",
  errors: null,
});

export interface EditRetryProps {
  job: Job;
  role: Role;
  /** The job's stored payload (JSON text). */
  payload: string;
  /** What was submitted, when it was refused; absent: the job's own payload. */
  state?: EditRetryState;
}

export function EditRetry({ job, role, payload, state: submitted }: EditRetryProps) {
  if (!canManage(role)) return null;
  // An empty placeholder keeps the id, so an htmx answer has something to replace once the job moved on.
  if (!editable(job)) return <div id={EDIT_RETRY_ID} hidden />;
  const stored = storedInputBytes(payload);
  if (stored !== null) {
    return (
      <section class="panel" id={EDIT_RETRY_ID} aria-labelledby="edit-retry-title">
        <h2 id="edit-retry-title">Edit and retry</h2>
        <p>
          This import's input ({formatBytes(stored)}) is kept as a file, not in the job, so it cannot be edited here.
          Retry runs it again as it is; to change it, start a new import with a corrected file.
        </p>
      </section>
    );
  }
  const state = submitted ?? initialEdit(payload);
  const url = `/admin/jobs/${job.id}/edit-retry`;
  const errors = state.errors ? Object.entries(state.errors) : [];
  return (
    <section class="panel" id={EDIT_RETRY_ID} aria-labelledby="edit-retry-title">
      <h2 id="edit-retry-title">Edit and retry</h2>
      <p class="hint">
        The job's type checks the new payload first; the job then starts again from the beginning with it, and its
        history records the change, the reason and who made it.
      </p>
      {errors.length > 0 ? (
        <div class="form-errors" id="edit-retry-errors" role="alert">
          <p>The payload was not accepted, so nothing changed:</p>
          <ul>
            {errors.map(([field, messages]) => (
              <li>
                <code>{field}</code>: {messages.join("; ")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form
        class="edit-form"
        method="post"
        action={url}
        hx-post={url}
        hx-target={`#${EDIT_RETRY_ID}`}
        hx-swap="outerHTML"
      >
        <label for="edit-payload">Payload (JSON)</label>
        <textarea
          id="edit-payload"
          name="payload"
          rows={14}
          spellcheck={false}
          aria-invalid={errors.length > 0 ? "true" : undefined}
          aria-describedby={errors.length > 0 ? "edit-retry-errors" : undefined}
        >
          {state.payload}
        </textarea>
        <label for="edit-reason">
          Reason <span class="muted">(optional, kept in the history)</span>
        </label>
        <input type="text" id="edit-reason" name="reason" maxlength={500} value={state.reason} />
        <button type="submit" class="btn btn-primary">
          Retry with this payload
        </button>
      </form>
    </section>
  );
}
