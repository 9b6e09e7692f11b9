// /admin/jobs for owners/admins: the list page and the fragments it refetches (list, counts), the detail page and its
// fragment, and the actions (Retry/Cancel/Pause/Resume, bulk retry, Retry/Cancel selected with a confirmation). Each handler validates, calls the data layer or
// the engine's actions, and renders; htmx requests get fragments, plain form posts get a redirect or a page.

import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { FlashPartial } from "../../views/components/Flash.tsx";
import { MatchingCount } from "../../views/jobs/BulkBar.tsx";
import { BULK_VERBS, BulkConfirm, BulkConfirmPage, skippedText } from "../../views/jobs/BulkConfirm.tsx";
import { BulkRetry } from "../../views/jobs/BulkRetry.tsx";
import { ConfirmCancelPage } from "../../views/jobs/ConfirmCancelPage.tsx";
import { type JobsFilter, type JobsPosition, jobsPageUrl } from "../../views/jobs/filters.ts";
import { JobDetail } from "../../views/jobs/JobDetail.tsx";
import { JobDetailPage } from "../../views/jobs/JobDetailPage.tsx";
import { JobRow } from "../../views/jobs/JobRow.tsx";
import { JobsList } from "../../views/jobs/JobsList.tsx";
import { JobsPage } from "../../views/jobs/JobsPage.tsx";
import { StatusCounts } from "../../views/jobs/StatusCounts.tsx";
import { ApiError, notFound } from "../api/errors.ts";
import { ULID_PATTERN, ulidSchema } from "../api/ids.ts";
import { toJobJson } from "../api/job-json.ts";
import { BULK_RETRY_STATUSES, type BulkRetryStatus, type OperatorAction, stopRequested } from "../api/lifecycle.ts";
import { type Job, jobStatusSchema } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { countJobs } from "../db/jobs/read.ts";
import type { BulkSelection } from "../db/jobs/transitions.ts";
import { loadJobPage, payloadDownload } from "../http/job-page-data.ts";
import { loadJobsPage } from "../http/jobs-page-data.ts";
import { formText, pageDeps, viewerOf } from "../http/page-context.ts";
import {
  applyAction,
  BULK_ACTIONS,
  BULK_LIMIT,
  type BulkAction,
  type BulkOutcome,
  bulkAction,
  previewBulk,
  retryAll,
} from "../jobs/actions.ts";
import { engineConfig } from "../jobs/config.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { provideJob } from "../middleware/job-provider.ts";
import { isHtmx, type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

/** Unknown or stale filter values are dropped rather than refused: a bookmarked URL should still open. */
const listQuerySchema = z.object({
  status: jobStatusSchema.optional().catch(undefined),
  type: z
    .string()
    .regex(/^[a-z_]{1,64}$/)
    .optional()
    .catch(undefined),
  cursor: ulidSchema.optional().catch(undefined),
  before: ulidSchema.optional().catch(undefined),
});

function parseList(query: Record<string, string>): { filter: JobsFilter; position: JobsPosition } {
  const q = listQuerySchema.parse(query);
  return { filter: { status: q.status, type: q.type }, position: { cursor: q.cursor, before: q.before } };
}

const actionSchema = z.enum(["retry", "cancel", "pause", "resume"]);

/** What an accepted action did, in words: running jobs stop only at their next chunk boundary. */
function outcome(action: OperatorAction, job: Job): string {
  const deferred = stopRequested(job) !== null;
  switch (action) {
    case "retry":
      return `Job ${job.id} is pending again.`;
    case "cancel":
      return deferred
        ? `Job ${job.id} stops at its next chunk boundary, then is cancelled.`
        : `Job ${job.id} is cancelled.`;
    case "pause":
      return deferred ? `Job ${job.id} pauses at its next chunk boundary.` : `Job ${job.id} is paused.`;
    case "resume":
      return `Job ${job.id} is pending again and continues from its checkpoint.`;
  }
}

const bulkFormSchema = z
  .object({
    action: z.enum(BULK_ACTIONS, "Choose Retry selected or Cancel selected."),
    ids: z
      .array(z.string().regex(ULID_PATTERN, "A selected job id is not valid."))
      .max(BULK_LIMIT, `Select at most ${BULK_LIMIT} jobs at once.`),
    all: z.boolean(),
    confirmed: z.boolean(),
  })
  .refine((form) => form.all || form.ids.length > 0, "Select at least one job first.");

/** A form field sent once is a string, sent many times an array (parseBody with `all`). */
const idsOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** What a bulk action did, in words. */
function bulkOutcomeText(action: BulkAction, outcome: BulkOutcome): string {
  const jobs = (n: number) => `${n} ${n === 1 ? "job" : "jobs"}`;
  const parts = [`${BULK_VERBS[action].past} ${jobs(outcome.applied.length)}`];
  if (outcome.stopping.length > 0) parts.push(`${jobs(outcome.stopping.length)} stop at their next chunk boundary`);
  const skipped = skippedText(outcome.skipped);
  if (skipped) parts.push(`skipped ${skipped}`);
  if (outcome.notFound > 0) parts.push(`${jobs(outcome.notFound)} no longer exist`);
  return `${parts.join("; ")}.`;
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith(".") ? "" : "."}`;

export const adminJobPages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "opening the admin pages"))
  .get("/", async (c) => {
    const { filter, position } = parseList(c.req.query());
    const [viewer, page] = await Promise.all([viewerOf(c), loadJobsPage(c, filter, position)]);
    return c.html(
      <JobsPage
        viewer={viewer}
        jobs={page.jobs}
        counts={page.counts}
        filter={filter}
        position={position}
        links={page.links}
        types={knownJobTypes(engineConfig(c.env))}
      />,
    );
  })
  .get("/list", async (c) => {
    const { filter, position } = parseList(c.req.query());
    const page = await loadJobsPage(c, filter, position);
    return c.html(
      <JobsList
        jobs={page.jobs}
        role={c.var.principal.role}
        filter={filter}
        counts={page.counts}
        links={page.links}
        withCounts
      />,
    );
  })
  .get("/counts", async (c) => {
    const { filter } = parseList(c.req.query());
    const counts = await countJobs(makeDb(c.env.DB), c.var.principal.workspace.id, { type: filter.type });
    // Everything on the page that is a count moves with the counts: the tabs, Retry all, the selection's "all N".
    return c.html(
      <>
        <StatusCounts filter={filter} counts={counts} />
        <BulkRetry filter={filter} counts={counts} oob />
        <MatchingCount filter={filter} counts={counts} oob />
      </>,
    );
  })
  .post("/bulk", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const form = bulkFormSchema.safeParse({
      action: formText(body, "action"),
      ids: idsOf(body.ids),
      all: formText(body, "all") === "1",
      confirmed: formText(body, "confirmed") === "yes",
    });
    const { filter } = parseList({ status: formText(body, "status") ?? "", type: formText(body, "type") ?? "" });
    if (!form.success) {
      const message = form.error.issues[0]?.message ?? "This bulk action is not valid.";
      if (!isHtmx(c)) throw new ApiError(422, "validation_failed", message);
      return c.html(<FlashPartial tone="error">{message}</FlashPartial>, 422);
    }
    const { action, ids, all, confirmed } = form.data;
    const { principal } = c.var;
    const selection: BulkSelection = all ? { status: filter.status, type: filter.type } : { ids };
    if (!confirmed) {
      const preview = await previewBulk(c.env, principal.workspace.id, action, selection);
      const props = { action, preview, ids: all ? null : ids, filter, limit: BULK_LIMIT };
      if (!isHtmx(c)) return c.html(<BulkConfirmPage viewer={await viewerOf(c)} {...props} />);
      return c.html(<BulkConfirm {...props} />);
    }
    const outcome = await bulkAction(pageDeps(c), principal.workspace.id, action, selection, principal.user.email);
    if (!isHtmx(c)) return c.redirect(jobsPageUrl(filter), 303);
    const page = await loadJobsPage(c, filter, {});
    return c.html(
      <>
        <JobsList
          jobs={page.jobs}
          role={principal.role}
          filter={filter}
          counts={page.counts}
          links={page.links}
          bulkDone
        />
        <StatusCounts filter={filter} counts={page.counts} oob />
        <FlashPartial tone="ok">{bulkOutcomeText(action, outcome)}</FlashPartial>
      </>,
    );
  })
  .post("/retry", async (c) => {
    const body = await c.req.parseBody();
    const { filter } = parseList({ status: formText(body, "status") ?? "", type: formText(body, "type") ?? "" });
    // Retry all of the shown status, or of every retryable status when no status is chosen.
    const chosen = BULK_RETRY_STATUSES.find((status) => status === filter.status);
    const statuses: BulkRetryStatus[] = chosen ? [chosen] : filter.status ? [] : [...BULK_RETRY_STATUSES];
    const { principal } = c.var;
    const deps = pageDeps(c);
    let retried = 0;
    for (const status of statuses) {
      retried += await retryAll(deps, principal.workspace.id, { status, type: filter.type }, principal.user.email);
    }
    if (!isHtmx(c)) return c.redirect(jobsPageUrl(filter), 303);
    const page = await loadJobsPage(c, filter, {});
    return c.html(
      <>
        <JobsList jobs={page.jobs} role={principal.role} filter={filter} counts={page.counts} links={page.links} />
        <StatusCounts filter={filter} counts={page.counts} oob />
        <FlashPartial tone="ok">{`Retried ${retried} ${retried === 1 ? "job" : "jobs"}.`}</FlashPartial>
      </>,
    );
  })
  .get("/:id/payload", provideJob(), (c) => payloadDownload(c.var.job))
  .get("/:id", provideJob(), async (c) => {
    const [viewer, data] = await Promise.all([viewerOf(c), loadJobPage(c)]);
    return c.html(<JobDetailPage viewer={viewer} {...data} />);
  })
  .get("/:id/detail", provideJob(), async (c) => {
    return c.html(<JobDetail {...(await loadJobPage(c))} role={c.var.principal.role} />);
  })
  .post("/:id/:action", provideJob(), async (c) => {
    const parsedAction = actionSchema.safeParse(c.req.param("action"));
    if (!parsedAction.success) throw notFound("action");
    const action = parsedAction.data;
    const { principal, job: row } = c.var;
    const id = row.id;

    // htmx asked with hx-confirm already; a plain form post gets a confirmation page first.
    if (action === "cancel" && !isHtmx(c) && formText(await c.req.parseBody(), "confirmed") !== "yes") {
      return c.html(<ConfirmCancelPage viewer={await viewerOf(c)} job={toJobJson(row)} />);
    }

    const result = await applyAction(pageDeps(c), row, action, principal.user.email);
    if (!result.ok && result.reason === "not_found") throw notFound("job");
    const job = toJobJson(result.ok ? result.job : result.job);
    if (!isHtmx(c)) {
      if (!result.ok) throw new ApiError(409, "invalid_transition", sentence(result.message));
      return c.redirect(`/admin/jobs/${id}`, 303);
    }
    // The fresh row replaces the old one out-of-band (the page drops it if a live update already brought a newer
    // version); the flash says what happened, or why it could not.
    const flash = result.ok ? (
      <FlashPartial tone="ok">{outcome(action, job)}</FlashPartial>
    ) : (
      <FlashPartial tone="error">{sentence(result.message)}</FlashPartial>
    );
    return c.html(
      <>
        <JobRow job={job} role={principal.role} oob />
        {flash}
      </>,
      result.ok ? 200 : 409,
    );
  });
