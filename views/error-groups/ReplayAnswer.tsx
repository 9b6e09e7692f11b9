// What Retry group answers: the dry run's preview (how many match, how many would retry, the invalid ones with their
// field errors, one job before and after, and "Retry N jobs" to confirm with the same patch and reason), what the
// confirmed run did, or why the form could not be used.
import type { ReplayOutcome, ReplayPreview } from "../../worker/api/find-and-fix.ts";
import { shortId } from "../../worker/api/ids.ts";
import { FlashMessage } from "../components/Flash.tsx";
import { formatCount } from "../format.ts";
import { skippedText } from "../jobs/BulkConfirm.tsx";
import { ScrollablePre } from "../jobs/ScrollablePre.tsx";
import { replayUrl } from "./error-filters.ts";
import { type ReplayFields, replayAnswerId } from "./ReplayForm.tsx";

/** The invalid jobs a preview lists by name; the rest are counted. */
const INVALID_SHOWN = 20;

const jobs = (n: number) => `${formatCount(n)} ${n === 1 ? "job" : "jobs"}`;

export interface ReplayPreviewProps {
  signature: string;
  preview: ReplayPreview;
  fields: ReplayFields;
  /** The most jobs one run takes (the group's oldest). */
  limit: number;
}

function InvalidJobs({ invalid }: { invalid: ReplayPreview["invalid"] }) {
  if (invalid.length === 0) return null;
  return (
    <div class="replay-invalid">
      <h4>{`Invalid with this patch (${formatCount(invalid.length)}): they stay as they are`}</h4>
      <ul>
        {invalid.slice(0, INVALID_SHOWN).map((item) => (
          <li>
            <a href={`/admin/jobs/${item.job_id}`} title={item.job_id}>
              <code>{shortId(item.job_id)}</code>
              <span class="visually-hidden">{`, job ${item.job_id}`}</span>
            </a>
            <ul>
              {Object.entries(item.details).map(([field, messages]) => (
                <li>
                  <code>{field}</code>: {messages.join("; ")}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {invalid.length > INVALID_SHOWN ? (
        <p class="hint">{`and ${formatCount(invalid.length - INVALID_SHOWN)} more.`}</p>
      ) : null}
    </div>
  );
}

export function ReplayPreviewView({ signature, preview, fields, limit }: ReplayPreviewProps) {
  const { matched, would_retry: retrying, invalid, example } = preview;
  const titleId = `${replayAnswerId(signature)}-title`;
  return (
    <section class="replay-preview" aria-labelledby={titleId}>
      <h3 id={titleId}>Preview: nothing has changed yet</h3>
      <p>
        {`${jobs(matched)} ${matched === 1 ? "matches" : "match"}; ${formatCount(retrying)} would be retried`}
        {invalid.length > 0 ? `; ${formatCount(invalid.length)} would be invalid with this patch` : ""}.
        {matched >= limit
          ? ` A run takes the group's ${formatCount(limit)} oldest jobs; run it again for the rest.`
          : ""}
      </p>
      <InvalidJobs invalid={invalid} />
      {example ? (
        <div class="replay-example">
          <h4>
            Job{" "}
            <a href={`/admin/jobs/${example.job_id}`} title={example.job_id}>
              <code>{shortId(example.job_id)}</code>
              <span class="visually-hidden">{`, job ${example.job_id}`}</span>
            </a>
            {fields.patch.trim() === "" ? ": its payload, unchanged" : " before and after the patch"}
          </h4>
          <div class="before-after">
            <figure>
              <figcaption>Before</figcaption>
              <ScrollablePre class="json" label="Payload before the patch">
                {JSON.stringify(example.before, null, 2)}
              </ScrollablePre>
            </figure>
            <figure>
              <figcaption>After</figcaption>
              <ScrollablePre class="json" label="Payload after the patch">
                {JSON.stringify(example.after, null, 2)}
              </ScrollablePre>
            </figure>
          </div>
        </div>
      ) : null}
      {retrying > 0 ? (
        <form
          class="confirm-actions"
          method="post"
          action={replayUrl(signature)}
          hx-post={replayUrl(signature)}
          hx-target={`#${replayAnswerId(signature)}`}
          hx-swap="innerHTML"
        >
          <input type="hidden" name="payload_patch" value={fields.patch} />
          <input type="hidden" name="reason" value={fields.reason} />
          <input type="hidden" name="confirmed" value="yes" />
          <button type="submit" class="btn btn-retry">
            {`Retry ${jobs(retrying)}`}
          </button>
        </form>
      ) : (
        <p>Nothing would be retried: change the patch and preview again.</p>
      )}
    </section>
  );
}

export function ReplayOutcomeView({ outcome, listUrl }: { outcome: ReplayOutcome; listUrl: string }) {
  const skipped = skippedText(outcome.skipped);
  return (
    <div class="replay-outcome">
      <FlashMessage tone="ok">
        {`Retried ${jobs(outcome.retried)}.`}
        {outcome.invalid.length > 0
          ? ` ${jobs(outcome.invalid.length)} invalid with the patch stayed as they were.`
          : ""}
        {skipped ? ` Skipped ${skipped}: they moved on since the preview.` : ""}
      </FlashMessage>
      <p>
        <a href={listUrl}>Refresh the error groups</a>
      </p>
    </div>
  );
}

export function ReplayProblem({ message }: { message: string }) {
  return (
    <div class="form-errors" role="alert">
      <p>{message}</p>
    </div>
  );
}
