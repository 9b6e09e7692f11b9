// The confirmation of a bulk Retry/Cancel/Discard: how many of the selected jobs it moves and which statuses it skips, with the
// selection carried in hidden fields. htmx shows it in #bulk-confirm over the table; without scripts it is a page.

import { JOB_STATUSES, STATUS_LABELS } from "../../worker/api/schema.ts";
import type { BulkChoice, BulkPreview } from "../../worker/jobs/actions.ts";
import { formatCount } from "../format.ts";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { FilterFields } from "./FilterFields.tsx";
import type { JobsFilter } from "./filters.ts";
import { jobsPageUrl } from "./filters.ts";

export const BULK_VERBS: Record<BulkChoice, { verb: string; past: string }> = {
  retry: { verb: "Retry", past: "Retried" },
  cancel: { verb: "Cancel", past: "Cancelled" },
  discard: { verb: "Discard", past: "Discarded" },
};

/** "2 Running, 1 Completed", in lifecycle order. */
export function skippedText(skipped: BulkPreview["skipped"]): string {
  return JOB_STATUSES.filter((status) => (skipped[status] ?? 0) > 0)
    .map((status) => `${formatCount(skipped[status] ?? 0)} ${STATUS_LABELS[status]}`)
    .join(", ");
}

const jobs = (n: number) => `${formatCount(n)} ${n === 1 ? "job" : "jobs"}`;

export interface BulkConfirmProps {
  action: BulkChoice;
  preview: BulkPreview;
  /** The listed ids, or null for every job matching the filter. */
  ids: string[] | null;
  filter: JobsFilter;
  /** The most jobs one request moves per status. */
  limit: number;
}

export function BulkConfirm({ action, preview, ids, filter, limit }: BulkConfirmProps) {
  const { verb } = BULK_VERBS[action];
  const skipped = skippedText(preview.skipped);
  const capped = ids === null && preview.applicable > limit;
  const title =
    preview.applicable === 0
      ? `Nothing to ${verb.toLowerCase()}`
      : `${verb} ${jobs(preview.applicable)}${ids === null ? " matching this filter" : ""}?`;
  return (
    <section
      class="bulk-confirm"
      role="alertdialog"
      aria-labelledby="bulk-confirm-title"
      aria-describedby="bulk-confirm-detail"
    >
      <h2 id="bulk-confirm-title">{title}</h2>
      <p id="bulk-confirm-detail">
        {`${jobs(preview.matched)} ${ids === null ? "match" : "selected"}`}
        {skipped ? `; skipped: ${skipped} (${verb.toLowerCase()} does not apply to them)` : ""}
        {action === "cancel" && preview.applicable > 0 ? ". Running jobs stop at their next chunk boundary." : ""}
        {action === "discard" && preview.applicable > 0
          ? ". They leave the list and D1 for good; each is written to today's archive first (Admin → Archives)."
          : "."}
        {capped ? ` One click moves up to ${formatCount(limit)} per status; press again for the rest.` : ""}
      </p>
      <form
        method="post"
        action="/admin/jobs/bulk"
        hx-post="/admin/jobs/bulk"
        hx-target="#jobs-live"
        hx-swap="innerMorph"
      >
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name="confirmed" value="yes" />
        {ids === null ? (
          <input type="hidden" name="all" value="1" />
        ) : (
          ids.map((id) => <input type="hidden" name="ids" value={id} />)
        )}
        <FilterFields filter={filter} />
        {preview.applicable > 0 ? (
          <button type="submit" class={`btn btn-${action}`} id="bulk-confirm-yes">
            {`${verb} ${jobs(Math.min(preview.applicable, capped ? limit : preview.applicable))}`}
          </button>
        ) : null}
        <a class="btn btn-quiet bulk-dismiss" href={jobsPageUrl(filter)}>
          Back
        </a>
      </form>
    </section>
  );
}

export function BulkConfirmPage({ viewer, ...props }: BulkConfirmProps & { viewer: Viewer }) {
  return (
    <Layout title="Confirm bulk action" viewer={viewer} active="jobs">
      <BulkConfirm {...props} />
    </Layout>
  );
}
