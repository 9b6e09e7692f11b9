// /admin/jobs for owners/admins: the list page and the fragments it refetches (list, counts), the detail page and its
// fragment, and the actions (Retry/Cancel/Pause/Resume, bulk retry). Each handler validates, calls the data layer or
// the engine's actions, and renders; htmx requests get fragments, plain form posts get a redirect or a page.

import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { FlashPartial } from "../../views/components/Flash.tsx";
import { ConfirmCancelPage } from "../../views/jobs/ConfirmCancelPage.tsx";
import { type JobsFilter, type JobsPosition, jobsPageUrl } from "../../views/jobs/filters.ts";
import { JobDetail } from "../../views/jobs/JobDetail.tsx";
import { JobDetailPage } from "../../views/jobs/JobDetailPage.tsx";
import { JobRow } from "../../views/jobs/JobRow.tsx";
import { JobsList } from "../../views/jobs/JobsList.tsx";
import { JobsPage } from "../../views/jobs/JobsPage.tsx";
import { StatusCounts } from "../../views/jobs/StatusCounts.tsx";
import { ApiError, notFound } from "../api/errors.ts";
import { toJobJson } from "../api/job-json.ts";
import type { OperatorAction } from "../api/lifecycle.ts";
import { type Job, jobStatusSchema } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { countJobs, getJob, listEvents } from "../db/jobs/read.ts";
import { applyAction, retryAll } from "../jobs/actions.ts";
import { engineConfig } from "../jobs/config.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { isHtmx, type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";
import { formText, jobIdParam, pageDeps, ulidSchema, viewerOf } from "./pages-common.ts";
import { loadJobsPage } from "./pages-jobs-data.ts";

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
  const deferred = job.control !== null && job.status === "running";
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
    return c.html(<StatusCounts filter={filter} counts={counts} />);
  })
  .post("/retry", async (c) => {
    const body = await c.req.parseBody();
    const { filter } = parseList({ status: formText(body, "status") ?? "", type: formText(body, "type") ?? "" });
    const statuses = filter.status === "failed" || filter.status === "dead_letter" ? [filter.status] : [];
    if (!filter.status) statuses.push("failed", "dead_letter");
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
  .get("/:id", async (c) => {
    const id = jobIdParam(c);
    const db = makeDb(c.env.DB);
    const row = await getJob(db, c.var.principal.workspace.id, id);
    if (!row) throw notFound("job");
    const [viewer, events] = await Promise.all([viewerOf(c), listEvents(db, row.id)]);
    return c.html(<JobDetailPage viewer={viewer} job={toJobJson(row)} events={events} payload={row.payload} />);
  })
  .get("/:id/detail", async (c) => {
    const id = jobIdParam(c);
    const db = makeDb(c.env.DB);
    const row = await getJob(db, c.var.principal.workspace.id, id);
    if (!row) throw notFound("job");
    const events = await listEvents(db, row.id);
    return c.html(<JobDetail job={toJobJson(row)} events={events} payload={row.payload} role={c.var.principal.role} />);
  })
  .post("/:id/:action", async (c) => {
    const id = jobIdParam(c);
    const parsedAction = actionSchema.safeParse(c.req.param("action"));
    if (!parsedAction.success) throw notFound("action");
    const action = parsedAction.data;
    const { principal } = c.var;
    const db = makeDb(c.env.DB);

    // htmx asked with hx-confirm already; a plain form post gets a confirmation page first.
    if (action === "cancel" && !isHtmx(c) && formText(await c.req.parseBody(), "confirmed") !== "yes") {
      const row = await getJob(db, principal.workspace.id, id);
      if (!row) throw notFound("job");
      return c.html(<ConfirmCancelPage viewer={await viewerOf(c)} job={toJobJson(row)} />);
    }

    const result = await applyAction(pageDeps(c), principal.workspace.id, id, action, principal.user.email);
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
