// Retry group's form: an optional JSON merge patch for every job of the group and a reason, sent first as a dry run
// ("Preview"); the answer (ReplayAnswer) says what would happen and carries the confirmation. htmx puts the answer
// in the group's answer area; without scripts the form posts to a page that shows it.
import { replayUrl } from "./error-filters.ts";

/** What the form fields hold: empty at first, then what was sent. */
export interface ReplayFields {
  patch: string;
  reason: string;
}

export const replayAnswerId = (signature: string) => `replay-${signature}`;

export function ReplayForm({ signature, fields }: { signature: string; fields: ReplayFields }) {
  const url = replayUrl(signature);
  const hint = `patch-${signature}-hint`;
  return (
    <form
      class="replay-form"
      method="post"
      action={url}
      hx-post={url}
      hx-target={`#${replayAnswerId(signature)}`}
      hx-swap="innerHTML"
    >
      <label for={`patch-${signature}`}>
        JSON merge patch <span class="muted">(optional)</span>
      </label>
      <textarea
        id={`patch-${signature}`}
        name="payload_patch"
        rows={4}
        spellcheck={false}
        placeholder='{"currency": "USD"}'
        aria-describedby={hint}
      >
        {fields.patch}
      </textarea>
      <p class="hint" id={hint}>
        Merged into each job's payload (RFC 7386: a key replaces, <code>null</code> removes) and checked by the job's
        type. Empty: the jobs retry with their payloads as they are.
      </p>
      <label for={`reason-${signature}`}>
        Reason <span class="muted">(optional, recorded in each retried job's history)</span>
      </label>
      <input type="text" id={`reason-${signature}`} name="reason" maxlength={500} value={fields.reason} />
      <button type="submit" class="btn btn-small">
        Preview
      </button>
    </form>
  );
}
