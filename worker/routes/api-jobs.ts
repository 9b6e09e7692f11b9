// The jobs API (v1): list with filters, keyset cursor and counts; detail with events; create (idempotent), one or a
// batch; retry/cancel/pause/resume; bulk retry and cancel (by filter or listed ids). Each handler validates, calls the engine/data layer, and returns JSON.

import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { ApiError, fieldErrors, notFound, ValidationFailed } from "../api/errors.ts";
import { isoInstantSchema, retryRequestSchema, SIGNATURE_PATTERN, searchTextSchema } from "../api/find-and-fix.ts";
import { toFindingJson } from "../api/finding-json.ts";
import { ULID_PATTERN } from "../api/ids.ts";
import { type JobJsonContext, toJobJson } from "../api/job-json.ts";
import { jobPatchRequestSchema } from "../api/lanes.ts";
import type { OperatorAction } from "../api/lifecycle.ts";
import { discardRequestSchema } from "../api/retention.ts";
import {
  type BatchCreateResult,
  type BulkCancelResponse,
  type BulkRetryResponse,
  batchCreateRequestSchema,
  bulkCancelRequestSchema,
  bulkRetryRequestSchema,
  createJobRequestSchema,
  jobStatusSchema,
} from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { listFindings } from "../db/findings.ts";
import { countJobs, listEvents, listJobs } from "../db/jobs/read.ts";
import { listRejectedRows, REJECTED_CURSOR_PATTERN } from "../db/rejected-rows.ts";
import { engineDeps } from "../engine-deps.ts";
import type { AppEnv } from "../env.ts";
import { jobJson, jobJsonContext, jobsJson } from "../http/jobs-json.ts";
import { readJson } from "../http/json-body.ts";
import { rejectedRowsCsv } from "../http/rejected-csv.ts";
import { applyAction, bulkAction } from "../jobs/actions.ts";
import { discardJobs } from "../jobs/archive/discard.ts";
import { createJob } from "../jobs/create.ts";
import { type BatchItemOutcome, createJobBatch } from "../jobs/create-batch.ts";
import { retryWithPayload } from "../jobs/edit-retry.ts";
import { changePriority } from "../jobs/reprioritise.ts";
import { CREATOR_ROLES, MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";
import { errorBody } from "../middleware/errors.ts";
import { provideJob, visibleJobs } from "../middleware/job-provider.ts";

const listQuerySchema = z
  .object({
    status: jobStatusSchema.optional(),
    type: z
      .string()
      .regex(/^[a-z_]{1,64}$/, "must be a job type such as data_import")
      .optional(),
    q: searchTextSchema.optional(),
    created_from: isoInstantSchema.optional(),
    created_to: isoInstantSchema.optional(),
    error_signature: z
      .string()
      .regex(SIGNATURE_PATTERN, "must be an error signature from GET /api/v1/errors")
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().regex(ULID_PATTERN, "must be a next_cursor value from a previous page").optional(),
  })
  .refine((q) => q.created_from === undefined || q.created_to === undefined || q.created_from <= q.created_to, {
    message: "created_from must not be after created_to",
    path: ["created_to"],
  });

const rejectedQuerySchema = z.object({
  format: z.enum(["json", "csv"]).default("json"),
  cursor: z.string().regex(REJECTED_CURSOR_PATTERN, "must be a next_cursor value from a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const findingsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** One item's answer; an invalid item carries the API's 422 error body for that item alone. */
const batchResultJson = (outcome: BatchItemOutcome, context: JobJsonContext): BatchCreateResult =>
  outcome.status === 422
    ? { index: outcome.index, status: 422, ...errorBody("validation_failed", "this job is invalid", outcome.fields) }
    : { index: outcome.index, status: outcome.status, job: toJobJson(outcome.job, context) };

/** A request with a body to read (a bare POST, as the action routes always took, has none). */
const hasBody = (c: { req: { header(name: string): string | undefined } }) =>
  Number(c.req.header("content-length") ?? 0) > 0 || c.req.header("transfer-encoding") !== undefined;

const idParamSchema = z.object({ id: z.string().regex(ULID_PATTERN, "must be a job id") });
const actionParamSchema = idParamSchema.extend({ action: z.enum(["retry", "cancel", "pause", "resume"]) });

/** zod-validator hook: invalid query/params become our 422 (or 404 for ids that cannot exist). */
function invalid(target: "query" | "param") {
  return (result: { success: boolean; error?: { issues: readonly z.core.$ZodIssue[] } }) => {
    if (result.success || !result.error) return;
    if (target === "param") throw notFound("job");
    throw new ValidationFailed(fieldErrors(result.error));
  };
}

const readerRoles = CREATOR_ROLES;

export const jobRoutes = new Hono<AppEnv>()
  .use(requireToken)
  .get(
    "/",
    requireRole(readerRoles, "reading jobs"),
    zValidator("query", listQuerySchema, invalid("query")),
    async (c) => {
      const { principal } = c.var;
      const query = c.req.valid("query");
      const db = makeDb(c.env.DB);
      const visible = visibleJobs(principal);
      const filter = {
        status: query.status,
        type: query.type,
        q: query.q,
        createdFrom: query.created_from,
        createdTo: query.created_to,
        errorSignature: query.error_signature,
        ...visible,
      };
      const [page, counts] = await Promise.all([
        listJobs(db, principal.workspace.id, { ...filter, cursor: query.cursor, limit: query.limit }),
        countJobs(db, principal.workspace.id, { type: query.type, ...visible }),
      ]);
      return c.json({ jobs: await jobsJson(db, page.rows), next_cursor: page.nextCursor, counts });
    },
  )
  .post("/", requireRole(CREATOR_ROLES, "creating jobs"), async (c) => {
    const { principal } = c.var;
    const body = await readJson(c, createJobRequestSchema);
    const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
    const { job, created } = await createJob(deps, {
      workspaceId: principal.workspace.id,
      type: body.type,
      payload: body.payload,
      idempotency: body.idempotency_key
        ? { scope: { kind: "api", userId: principal.user.id }, key: body.idempotency_key }
        : undefined,
      createdBy: { id: principal.user.id, label: principal.user.email },
      priority: body.priority,
      runAt: body.run_at,
    });
    return c.json({ job: await jobJson(makeDb(c.env.DB), job) }, created ? 201 : 200);
  })
  .post("/batch", requireRole(CREATOR_ROLES, "creating jobs"), async (c) => {
    const { principal } = c.var;
    const body = await readJson(c, batchCreateRequestSchema);
    const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
    const outcomes = await createJobBatch(deps, {
      workspaceId: principal.workspace.id,
      items: body.jobs,
      createdBy: { id: principal.user.id, label: principal.user.email },
      // The scope of POST /api/v1/jobs: a key means the same job whichever of the two routes used it first.
      idempotencyScope: { kind: "api", userId: principal.user.id },
    });
    const context = await jobJsonContext(
      makeDb(c.env.DB),
      outcomes.flatMap((outcome) => (outcome.status === 422 ? [] : [outcome.job])),
    );
    return c.json({ results: outcomes.map((outcome) => batchResultJson(outcome, context)) });
  })
  .post("/retry", requireRole(MANAGER_ROLES, "managing jobs"), async (c) => {
    const { principal } = c.var;
    const body = await readJson(c, bulkRetryRequestSchema);
    const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
    const outcome = await bulkAction(deps, principal.workspace.id, "retry", body, principal.user.email);
    return c.json({
      retried: outcome.applied.length,
      skipped: outcome.skipped,
      not_found: outcome.notFound,
    } satisfies BulkRetryResponse);
  })
  .post("/cancel", requireRole(MANAGER_ROLES, "managing jobs"), async (c) => {
    const { principal } = c.var;
    const body = await readJson(c, bulkCancelRequestSchema);
    const selection = "ids" in body ? body : { status: body.status, type: body.type };
    const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
    const outcome = await bulkAction(deps, principal.workspace.id, "cancel", selection, principal.user.email);
    return c.json({
      cancelled: outcome.applied.length,
      stopping: outcome.stopping.length,
      skipped: outcome.skipped,
      not_found: outcome.notFound,
    } satisfies BulkCancelResponse);
  })
  .post("/discard", requireRole(MANAGER_ROLES, "discarding jobs"), async (c) => {
    const { principal } = c.var;
    const body = await readJson(c, discardRequestSchema);
    return c.json(await discardJobs(c.env, principal.workspace.id, body, principal.user.email, Date.now()));
  })
  .get("/:id", requireRole(readerRoles, "reading jobs"), provideJob(), async (c) => {
    const { job } = c.var;
    const db = makeDb(c.env.DB);
    const [json, events] = await Promise.all([jobJson(db, job), listEvents(db, job.id)]);
    return c.json({ job: json, events });
  })
  .get(
    "/:id/rejected",
    requireRole(readerRoles, "reading jobs"),
    provideJob(),
    zValidator("query", rejectedQuerySchema, invalid("query")),
    async (c) => {
      const { principal, job } = c.var;
      const query = c.req.valid("query");
      const db = makeDb(c.env.DB);
      if (query.format === "csv") return rejectedRowsCsv(db, principal.workspace.id, job.id);
      const page = await listRejectedRows(db, principal.workspace.id, job.id, {
        cursor: query.cursor,
        limit: query.limit,
      });
      return c.json({ rows: page.rows, next_cursor: page.nextCursor });
    },
  )
  .get(
    "/:id/findings",
    requireRole(readerRoles, "reading jobs"),
    provideJob(),
    zValidator("query", findingsQuerySchema, invalid("query")),
    async (c) => {
      const { principal, job } = c.var;
      const rows = await listFindings(makeDb(c.env.DB), principal.workspace.id, job.id, c.req.valid("query").limit);
      return c.json({ findings: rows.map(toFindingJson) });
    },
  )
  // Retry takes an optional body: an edited payload (checked by the type) and a reason for the history.
  .post(
    "/:id/retry",
    requireRole(MANAGER_ROLES, "managing jobs"),
    zValidator("param", idParamSchema, invalid("param")),
    provideJob(),
    async (c, next) => {
      if (!hasBody(c)) return next();
      const { principal, job } = c.var;
      const edit = await readJson(c, retryRequestSchema);
      const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
      const result = await retryWithPayload(deps, job, edit, principal.user.email);
      if (!result.ok && result.reason === "not_found") throw notFound("job");
      if (!result.ok) throw new ApiError(409, "invalid_transition", result.message, { status: result.job.status });
      return c.json({ job: await jobJson(makeDb(c.env.DB), result.job) });
    },
  )
  .patch(
    "/:id",
    requireRole(MANAGER_ROLES, "managing jobs"),
    zValidator("param", idParamSchema, invalid("param")),
    provideJob(),
    async (c) => {
      const { principal, job } = c.var;
      const body = await readJson(c, jobPatchRequestSchema);
      const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
      const result = await changePriority(deps, job, body.priority, principal.user.email);
      if (!result.ok && result.reason === "not_found") throw notFound("job");
      if (!result.ok) throw new ApiError(409, "invalid_transition", result.message, { status: result.job.status });
      return c.json({ job: await jobJson(makeDb(c.env.DB), result.job) });
    },
  )
  .post(
    "/:id/:action",
    requireRole(MANAGER_ROLES, "managing jobs"),
    zValidator("param", actionParamSchema, invalid("param")),
    provideJob(),
    async (c) => {
      const { principal, job } = c.var;
      const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
      const action = c.req.valid("param").action as OperatorAction;
      const result = await applyAction(deps, job, action, principal.user.email);
      if (!result.ok && result.reason === "not_found") throw notFound("job");
      if (!result.ok) throw new ApiError(409, "invalid_transition", result.message, { status: result.job.status });
      return c.json({ job: await jobJson(makeDb(c.env.DB), result.job) });
    },
  );
