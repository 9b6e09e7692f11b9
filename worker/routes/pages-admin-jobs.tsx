// /admin/jobs for owners/admins: the list page (filters, search, time range, error group) and the fragments it
// refetches (list, counts), the detail page and its fragment, the downloads (payload, rejected rows as CSV), and the
// actions (Retry/Cancel/Pause/Resume, Edit and retry, bulk retry, Retry/Cancel selected with a confirmation). Each
// handler validates, calls the data layer or the engine, and renders; htmx requests get fragments, plain form posts
// get a redirect or a page.

import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { FlashPartial } from "../../views/components/Flash.tsx";
import { MatchingCount } from "../../views/jobs/BulkBar.tsx";
import { BULK_VERBS, BulkConfirm, BulkConfirmPage, skippedText } from "../../views/jobs/BulkConfirm.tsx";
import { BulkRetry } from "../../views/jobs/BulkRetry.tsx";
import { ConfirmCancelPage } from "../../views/jobs/ConfirmCancelPage.tsx";
import { EditRetry, type EditRetryState } from "../../views/jobs/EditRetry.tsx";
import { isNarrowed, jobsPageUrl } from "../../views/jobs/filters.ts";
import { JobDetail } from "../../views/jobs/JobDetail.tsx";
import { JobDetailPage } from "../../views/jobs/JobDetailPage.tsx";
import { JobRow } from "../../views/jobs/JobRow.tsx";
import { JobsList } from "../../views/jobs/JobsList.tsx";
import { JobsPage } from "../../views/jobs/JobsPage.tsx";
import { StatusCounts } from "../../views/jobs/StatusCounts.tsx";
import { ApiError, fieldErrors, notFound, ValidationFailed } from "../api/errors.ts";
import { retryRequestSchema } from "../api/find-and-fix.ts";
import { ULID_PATTERN } from "../api/ids.ts";
import { toJobJson } from "../api/job-json.ts";
import {
  BULK_RETRY_STATUSES,
  type BulkRetryStatus,
  type OperatorAction,
  QUEUED_STATUS,
  stopRequested,
} from "../api/lifecycle.ts";
import { prioritySchema } from "../api/priority.ts";
import type { DiscardRequest, DiscardResponse } from "../api/retention.ts";
import type { Job } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { countJobs } from "../db/jobs/read.ts";
import type { BulkSelection } from "../db/jobs/transitions.ts";
import type { JobRow as StoredJob } from "../db/schema.ts";
import { loadJobPage, loadRejectedPage, payloadDownload, rejectedDownload } from "../http/job-page-data.ts";
import { jobJson } from "../http/jobs-json.ts";
import { errorGroupChip, loadJobsPage, narrowedIds } from "../http/jobs-page-data.ts";
import { parseJobsQuery } from "../http/jobs-query.ts";
import { MAX_BODY_BYTES } from "../http/json-body.ts";
import { formText, pageDeps, viewerOf } from "../http/page-context.ts";
import {
  applyAction,
  BULK_CHOICES,
  BULK_LIMIT,
  type BulkAction,
  type BulkOutcome,
  bulkAction,
  previewBulk,
  retryAll,
} from "../jobs/actions.ts";
import { discardJobs } from "../jobs/archive/discard.ts";
import { engineConfig } from "../jobs/config.ts";
import { retryWithPayload } from "../jobs/edit-retry.ts";
import { lanesOf } from "../jobs/lanes.ts";
import { lastHourSeries } from "../jobs/metrics.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { changePriority } from "../jobs/reprioritise.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { provideJob } from "../middleware/job-provider.ts";
import { isHtmx, type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

/** The filter a form carries in its hidden fields (FilterFields), read like the list's URL. */
function filterOfForm(body: Record<string, unknown>) {
  const names = ["status", "type", "q", "created_from", "created_to", "error_signature"];
  return parseJobsQuery(Object.fromEntries(names.map((name) => [name, formText(body, name)]))).filter;
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
    action: z.enum(BULK_CHOICES, "Choose Retry selected, Cancel selected or Discard selected."),
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

/** What a discard did, in words, and where the jobs went. */
function discardedText(outcome: DiscardResponse): string {
  const jobs = (n: number) => `${n} ${n === 1 ? "job" : "jobs"}`;
  const parts = [`Discarded ${jobs(outcome.discarded)}`];
  const skipped = skippedText(outcome.skipped);
  if (skipped) parts.push(`skipped ${skipped} (only ended jobs are discarded)`);
  if (outcome.not_found > 0) parts.push(`${jobs(outcome.not_found)} no longer exist`);
  const archived = outcome.discarded > 0 ? ` They are in the ${outcome.archive_date} archive (Admin → Archives).` : "";
  return `${parts.join("; ")}.${archived}${outcome.more ? " More match: press again for the rest." : ""}`;
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith(".") ? "" : "."}`;

/** Edit and retry posts a whole payload: the API's body limit applies (an inline input is at most ~1 MB anyway). */
const editLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, "payload_too_large", "The edited payload is over 10 MB.");
  },
});

const editedNotice = (job: Job) =>
  job.status === QUEUED_STATUS
    ? `Job ${job.id} is pending again with the edited payload.`
    : `Job ${job.id} was retried with the edited payload.`;

/** An edited payload that was refused: the form again with what was typed and why (422); nothing changed. */
async function refuseEdit(
  c: Context<PageEnv & { Variables: { job: StoredJob } }>,
  row: StoredJob,
  state: EditRetryState,
) {
  const role = c.var.principal.role;
  if (isHtmx(c)) return c.html(<EditRetry job={toJobJson(row)} role={role} payload={row.payload} state={state} />, 422);
  const [viewer, data, rejected] = await Promise.all([viewerOf(c), loadJobPage(c), loadRejectedPage(c)]);
  return c.html(<JobDetailPage viewer={viewer} {...data} rejected={rejected} edit={state} />, 422);
}

export const adminJobPages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "opening the admin pages"))
  .get("/", async (c) => {
    const { filter, position, form, problems } = parseJobsQuery(c.req.query());
    const [viewer, page, group, lanes, lastHour] = await Promise.all([
      viewerOf(c),
      loadJobsPage(c, filter, position),
      errorGroupChip(c, filter.errorSignature),
      lanesOf(c.env, engineConfig(c.env), c.var.principal.workspace.id),
      lastHourSeries(c.env, c.var.principal.workspace.id),
    ]);
    // A filter part that could not be used is left out of the list and said on the page: a 422, but a whole page.
    return c.html(
      <JobsPage
        viewer={viewer}
        jobs={page.jobs}
        counts={page.counts}
        filter={filter}
        position={position}
        links={page.links}
        types={knownJobTypes(engineConfig(c.env))}
        form={form}
        problems={problems}
        group={group}
        lanes={lanes}
        lastHour={lastHour}
      />,
      problems.length > 0 ? 422 : 200,
    );
  })
  .get("/list", async (c) => {
    const { filter, position } = parseJobsQuery(c.req.query());
    const page = await loadJobsPage(c, filter, position);
    return c.html(
      <JobsList
        jobs={page.jobs}
        role={c.var.principal.role}
        filter={filter}
        counts={page.counts}
        links={page.links}
        withCounts
        keepConfirmation
      />,
    );
  })
  .get("/counts", async (c) => {
    const { filter } = parseJobsQuery(c.req.query());
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
    const filter = filterOfForm(body);
    // "All matching" is selected by status and type (the bulk update's selection); a search, time range or error
    // group is not countable, so the bar never offers it then, and a crafted form is refused rather than widened.
    const narrowedAll = form.success && form.data.all && isNarrowed(filter);
    if (!form.success || narrowedAll) {
      const message = narrowedAll
        ? "Select the jobs on this page: all matching a search, time range or error group cannot be selected at once."
        : (form.error?.issues[0]?.message ?? "This bulk action is not valid.");
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
    const done =
      action === "discard"
        ? discardedText(
            await discardJobs(
              c.env,
              principal.workspace.id,
              selection as DiscardRequest,
              principal.user.email,
              Date.now(),
            ),
          )
        : bulkOutcomeText(
            action,
            await bulkAction(pageDeps(c), principal.workspace.id, action, selection, principal.user.email),
          );
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
        <FlashPartial tone="ok">{done}</FlashPartial>
      </>,
    );
  })
  .post("/retry", async (c) => {
    const body = await c.req.parseBody();
    const filter = filterOfForm(body);
    // Retry all of the shown status, or of every retryable status when no status is chosen.
    const chosen = BULK_RETRY_STATUSES.find((status) => status === filter.status);
    const statuses: BulkRetryStatus[] = chosen ? [chosen] : filter.status ? [] : [...BULK_RETRY_STATUSES];
    const { principal } = c.var;
    const deps = pageDeps(c);
    let retried = 0;
    let more = false;
    if (isNarrowed(filter)) {
      // A bulk update selects by status and type only: under a search, time range or error group the matching jobs
      // are listed first (the search index) and retried by id, at most BULK_LIMIT per status per click.
      const matching = await narrowedIds(c, filter, statuses, BULK_LIMIT);
      more = matching.more;
      if (matching.ids.length > 0) {
        const outcome = await bulkAction(
          deps,
          principal.workspace.id,
          "retry",
          { ids: matching.ids },
          principal.user.email,
        );
        retried = outcome.applied.length;
      }
    } else {
      for (const status of statuses) {
        retried += await retryAll(deps, principal.workspace.id, { status, type: filter.type }, principal.user.email);
      }
    }
    if (!isHtmx(c)) return c.redirect(jobsPageUrl(filter), 303);
    const page = await loadJobsPage(c, filter, {});
    return c.html(
      <>
        <JobsList jobs={page.jobs} role={principal.role} filter={filter} counts={page.counts} links={page.links} />
        <StatusCounts filter={filter} counts={page.counts} oob />
        <FlashPartial tone="ok">
          {`Retried ${retried} ${retried === 1 ? "job" : "jobs"}.${more ? " More match: press again for the rest." : ""}`}
        </FlashPartial>
      </>,
    );
  })
  .get("/:id/payload", provideJob(), (c) => payloadDownload(c.var.job))
  .get("/:id/rejected.csv", provideJob(), (c) => rejectedDownload(c))
  .get("/:id", provideJob(), async (c) => {
    const [viewer, data, rejected] = await Promise.all([viewerOf(c), loadJobPage(c), loadRejectedPage(c)]);
    // After a plain-form Edit and retry: said only when this run began with that person's edited retry (the run may
    // have started or ended since, so not "the newest event").
    const retry = data.events.findLast((e) => e.kind === "retried");
    const edited =
      c.req.query("edited") === "1" &&
      retry?.actor === c.var.principal.user.email &&
      (retry.message ?? "").startsWith("restarted with an edited payload") &&
      data.events.at(-1)?.run === retry.run;
    const notice = edited ? editedNotice(data.job) : null;
    return c.html(<JobDetailPage viewer={viewer} {...data} rejected={rejected} notice={notice} />);
  })
  .get("/:id/detail", provideJob(), async (c) => {
    return c.html(<JobDetail {...(await loadJobPage(c))} role={c.var.principal.role} />);
  })
  .post("/:id/edit-retry", editLimit, provideJob(), async (c) => {
    const { principal, job: row } = c.var;
    const body = await c.req.parseBody();
    const typed: EditRetryState = {
      payload: formText(body, "payload") ?? "",
      reason: formText(body, "reason") ?? "",
      errors: null,
    };
    let payload: unknown;
    try {
      payload = JSON.parse(typed.payload);
    } catch (error) {
      return refuseEdit(c, row, { ...typed, errors: { payload: [`is not valid JSON (${(error as Error).message})`] } });
    }
    const edit = retryRequestSchema.safeParse({ payload, reason: typed.reason.trim() || undefined });
    if (!edit.success) return refuseEdit(c, row, { ...typed, errors: fieldErrors(edit.error) });
    let result: Awaited<ReturnType<typeof retryWithPayload>>;
    try {
      result = await retryWithPayload(pageDeps(c), row, edit.data, principal.user.email);
    } catch (error) {
      // The type refused the payload: nothing changed; the form comes back with the fields it named.
      if (error instanceof ValidationFailed) return refuseEdit(c, row, { ...typed, errors: error.fields });
      throw error;
    }
    if (!result.ok && result.reason === "not_found") throw notFound("job");
    if (!result.ok) throw new ApiError(409, "invalid_transition", sentence(result.message));
    if (!isHtmx(c)) return c.redirect(`/admin/jobs/${row.id}?edited=1`, 303);
    const job = await jobJson(makeDb(c.env.DB), result.job);
    return c.html(
      <>
        <EditRetry job={job} role={principal.role} payload={result.job.payload} />
        <FlashPartial tone="ok">{editedNotice(job)}</FlashPartial>
      </>,
    );
  })
  .post("/:id/priority", provideJob(), async (c) => {
    const { principal, job: row } = c.var;
    const priority = prioritySchema.safeParse(formText(await c.req.parseBody(), "priority"));
    if (!priority.success) throw new ValidationFailed({ priority: ["must be one of high, normal, low"] });
    const result = await changePriority(pageDeps(c), row, priority.data, principal.user.email);
    if (!result.ok && result.reason === "not_found") throw notFound("job");
    if (!result.ok) throw new ApiError(409, "invalid_transition", sentence(result.message));
    return c.redirect(`/admin/jobs/${row.id}`, 303);
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
    const job = await jobJson(makeDb(c.env.DB), result.job);
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
