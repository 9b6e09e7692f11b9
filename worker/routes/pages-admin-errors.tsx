// Admin → Errors for owners/admins: the error groups page (filtered by type and created_at range) and Retry group,
// a JSON merge patch for every job of a group, previewed as a dry run and then confirmed. Each handler validates,
// calls the data layer or the engine (worker/jobs/edit-retry.ts), and renders; htmx gets the answer as a fragment for
// the group's answer area, a plain form post gets a page.
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { ErrorGroupsPage } from "../../views/error-groups/ErrorGroupsPage.tsx";
import { type ErrorsFilter, errorsPageUrl } from "../../views/error-groups/error-filters.ts";
import { ReplayOutcomeView, ReplayPreviewView, ReplayProblem } from "../../views/error-groups/ReplayAnswer.tsx";
import type { ReplayFields } from "../../views/error-groups/ReplayForm.tsx";
import { ReplayPage } from "../../views/error-groups/ReplayPage.tsx";
import { ApiError, fieldErrors, notFound } from "../api/errors.ts";
import { replayRequestSchema, SIGNATURE_PATTERN } from "../api/find-and-fix.ts";
import { makeDb } from "../db/client.ts";
import { listErrorGroups, listGroupJobs, MAX_ERROR_GROUPS } from "../db/errors.ts";
import { jobTypeParamSchema } from "../http/jobs-query.ts";
import { MAX_BODY_BYTES } from "../http/json-body.ts";
import { formText, pageDeps, viewerOf } from "../http/page-context.ts";
import { parseBound, parseTimeRange } from "../http/time-range.ts";
import { BULK_LIMIT } from "../jobs/actions.ts";
import { engineConfig } from "../jobs/config.ts";
import { replayGroup } from "../jobs/edit-retry.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { isHtmx, type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

/** The page's query: an unknown type is dropped quietly (a stale bookmark); a range it cannot use, with a sentence. */
function parseErrorsQuery(query: Record<string, string | undefined>) {
  const range = parseTimeRange(query.created_from, query.created_to);
  const filter: ErrorsFilter = {
    type: jobTypeParamSchema.parse(query.type),
    createdFrom: range.from?.text,
    createdTo: range.to?.text,
  };
  const applied = range.problems.length === 0;
  return {
    filter,
    range: {
      from: applied ? (filter.createdFrom ?? "") : (query.created_from ?? ""),
      to: applied ? (filter.createdTo ?? "") : (query.created_to ?? ""),
      applied,
    },
    problems: range.problems,
  };
}

type ReplayRequest = { patch?: Record<string, unknown>; reason?: string };

/** The form's patch (JSON text, empty for none) and reason, checked as the API checks its body. */
function readReplayForm(fields: ReplayFields): { ok: true; request: ReplayRequest } | { ok: false; message: string } {
  let patch: unknown;
  if (fields.patch.trim() !== "") {
    try {
      patch = JSON.parse(fields.patch);
    } catch (error) {
      return { ok: false, message: `The patch is not valid JSON (${(error as Error).message}); nothing changed.` };
    }
    // A merge patch that is not an object would replace each payload whole: never what "fix a field" means.
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
      return { ok: false, message: 'The patch must be a JSON object, such as {"currency": "USD"}; nothing changed.' };
    }
  }
  const parsed = replayRequestSchema.safeParse({ payload_patch: patch, reason: fields.reason.trim() || undefined });
  if (!parsed.success) {
    const details = Object.entries(fieldErrors(parsed.error)).map(([field, messages]) => `${field}: ${messages[0]}`);
    return { ok: false, message: `The form is not valid (${details.join("; ")}); nothing changed.` };
  }
  return { ok: true, request: { patch: parsed.data.payload_patch, reason: parsed.data.reason } };
}

const replayLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, "payload_too_large", "The patch is over 10 MB.");
  },
});

/** Rendered markup, as c.html takes it. */
type Html = Parameters<Context["html"]>[0];

/** The answer in the group's answer area for htmx (announced there: it is aria-live), or the Retry group page. */
async function answer(c: Context<PageEnv>, signature: string, fields: ReplayFields, body: Html, status: 200 | 422) {
  if (isHtmx(c)) return c.html(body, status);
  const [viewer, [sample]] = await Promise.all([
    viewerOf(c),
    listGroupJobs(makeDb(c.env.DB), c.var.principal.workspace.id, signature, 1),
  ]);
  return c.html(
    <ReplayPage viewer={viewer} signature={signature} message={sample?.error ?? null} fields={fields} answer={body} />,
    status,
  );
}

export const adminErrorPages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "opening the admin pages"))
  .get("/", async (c) => {
    const { filter, range, problems } = parseErrorsQuery(c.req.query());
    const [viewer, groups] = await Promise.all([
      viewerOf(c),
      listErrorGroups(makeDb(c.env.DB), c.var.principal.workspace.id, {
        type: filter.type,
        createdFrom: filter.createdFrom ? parseBound(filter.createdFrom, false)?.ms : undefined,
        createdTo: filter.createdTo ? parseBound(filter.createdTo, true)?.ms : undefined,
      }),
    ]);
    return c.html(
      <ErrorGroupsPage
        viewer={viewer}
        groups={groups}
        filter={filter}
        range={range}
        problems={problems}
        types={knownJobTypes(engineConfig(c.env))}
        limit={MAX_ERROR_GROUPS}
        now={Date.now()}
      />,
      problems.length > 0 ? 422 : 200,
    );
  })
  .post("/:signature/retry", replayLimit, async (c) => {
    const signature = c.req.param("signature");
    if (!SIGNATURE_PATTERN.test(signature)) throw notFound("error group");
    const body = await c.req.parseBody();
    const fields: ReplayFields = {
      patch: formText(body, "payload_patch") ?? "",
      reason: formText(body, "reason") ?? "",
    };
    const form = readReplayForm(fields);
    if (!form.ok) return answer(c, signature, fields, <ReplayProblem message={form.message} />, 422);
    const { principal } = c.var;
    const confirmed = formText(body, "confirmed") === "yes";
    const result = await replayGroup(
      pageDeps(c),
      principal.workspace.id,
      signature,
      { ...form.request, dryRun: !confirmed },
      principal.user.email,
    );
    // Another workspace's signature, or a group whose jobs all moved on, reads as not found (the tenant rule).
    if (!result) throw notFound("error group");
    if ("would_retry" in result) {
      return answer(
        c,
        signature,
        fields,
        <ReplayPreviewView signature={signature} preview={result} fields={fields} limit={BULK_LIMIT} />,
        200,
      );
    }
    return answer(c, signature, fields, <ReplayOutcomeView outcome={result} listUrl={errorsPageUrl({})} />, 200);
  });
