// The DutyLeak pages: /products (the catalogue, for every role) and /imports ("Imports & Exports", for owners, admins
// and members): the CSV upload or source URL that starts a data_import, start forms for the other job types, the
// person's own jobs (polled while active), and a member's view of one of its jobs (with an import's rejected rows and
// their CSV download).

import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { JobDetailContainer, JobDetailPage } from "../../views/jobs/JobDetailPage.tsx";
import { ImportsPage } from "../../views/products/ImportsPage.tsx";
import { MY_JOBS_LIMIT, MyJobs } from "../../views/products/MyJobs.tsx";
import { ProductsPage } from "../../views/products/ProductsPage.tsx";
import { ApiError, ValidationFailed } from "../api/errors.ts";
import { ulidSchema } from "../api/ids.ts";
import { toJobJson } from "../api/job-json.ts";
import { JOB_TYPE_DECLARATIONS, startFormPayload } from "../api/job-types.ts";
import { type Priority, prioritySchema } from "../api/priority.ts";
import { makeDb } from "../db/client.ts";
import { randomToken } from "../db/ids.ts";
import { getJob, listJobs } from "../db/jobs/read.ts";
import { countProducts, listProducts } from "../db/products.ts";
import type { JobRow } from "../db/schema.ts";
import { loadJobPage, loadRejectedPage, payloadDownload, rejectedDownload } from "../http/job-page-data.ts";
import { jobsJson } from "../http/jobs-json.ts";
import { MAX_BODY_BYTES } from "../http/json-body.ts";
import { formText, pageDeps, viewerOf } from "../http/page-context.ts";
import { uploadPayload } from "../http/upload-form.ts";
import { engineConfig } from "../jobs/config.ts";
import { createJob } from "../jobs/create.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { CREATOR_ROLES } from "../middleware/auth.ts";
import { provideJob } from "../middleware/job-provider.ts";
import { type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

const PRODUCTS_PAGE_SIZE = 50;

const uploadLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(
      413,
      "payload_too_large",
      "The upload is over 10 MB. Import larger catalogues from a source URL.",
    );
  },
});

export const productPages = new Hono<PageEnv>().use(requireSession).get("/", async (c) => {
  const after = z.string().min(1).max(64).optional().catch(undefined).parse(c.req.query("after"));
  const db = makeDb(c.env.DB);
  const workspaceId = c.var.principal.workspace.id;
  const [viewer, rows, total] = await Promise.all([
    viewerOf(c),
    listProducts(db, workspaceId, { afterSku: after, limit: PRODUCTS_PAGE_SIZE + 1 }),
    countProducts(db, workspaceId),
  ]);
  const products = rows.slice(0, PRODUCTS_PAGE_SIZE);
  const nextAfter = rows.length > PRODUCTS_PAGE_SIZE ? (products.at(-1)?.sku ?? null) : null;
  return c.html(
    <ProductsPage viewer={viewer} products={products} total={total} nextAfter={nextAfter} isFirstPage={!after} />,
  );
});

/** The person's own latest jobs: on these pages everyone, admins included, follows what they started. */
async function myJobs(c: Context<PageEnv>) {
  const { principal } = c.var;
  const db = makeDb(c.env.DB);
  const page = await listJobs(db, principal.workspace.id, { createdBy: principal.user.id, limit: MY_JOBS_LIMIT });
  return jobsJson(db, page.rows);
}

/** Registered types whose declaration has a start card (data_import has the upload form instead). */
const startableTypes = (env: Env) =>
  knownJobTypes(engineConfig(env)).filter((type) => JOB_TYPE_DECLARATIONS[type].startForm.kind === "fields");

async function renderImports(c: Context<PageEnv>, extra: { started?: JobRow | null; error?: string | null }) {
  const [viewer, jobs] = await Promise.all([viewerOf(c), myJobs(c)]);
  return (
    <ImportsPage
      viewer={viewer}
      types={startableTypes(c.env)}
      myJobs={jobs}
      started={extra.started ? toJobJson(extra.started) : null}
      error={extra.error}
      formKey={randomToken(16)}
    />
  );
}

function validationMessage(error: ValidationFailed): string {
  const parts = Object.entries(error.fields).map(([field, messages]) => `${field}: ${messages.join(", ")}`);
  return `The job was not started. ${parts.join("; ")}`;
}

/** Creates a job for the signed-in person; a validation failure re-renders the page with the reason (422). */
async function start(
  c: Context<PageEnv>,
  type: string,
  payload: unknown,
  form: { formKey: string | undefined; priority: Priority },
) {
  const { principal } = c.var;
  const { formKey, priority } = form;
  try {
    const { job } = await createJob(pageDeps(c), {
      workspaceId: principal.workspace.id,
      type,
      payload,
      // The form's one-time key makes a double submit or a refresh return the job the first submit created.
      idempotency: formKey ? { scope: { kind: "web", userId: principal.user.id }, key: formKey } : undefined,
      createdBy: { id: principal.user.id, label: principal.user.email },
      priority,
    });
    return c.redirect(`/imports?started=${job.id}`, 303);
  } catch (error) {
    if (error instanceof ValidationFailed)
      return c.html(await renderImports(c, { error: validationMessage(error) }), 422);
    throw error;
  }
}

const formKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .optional()
  .catch(undefined);

/** The form key and priority every start form sends; an unknown priority is refused like any bad field. */
function startOptions(body: Record<string, unknown>) {
  const priority = prioritySchema.default("normal").safeParse(formText(body, "priority"));
  if (!priority.success) throw new ValidationFailed({ priority: ["must be one of high, normal, low"] });
  return { formKey: formKeySchema.parse(formText(body, "form_key")), priority: priority.data };
}

export const importPages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(CREATOR_ROLES, "starting and following jobs"))
  .get("/", async (c) => {
    const startedId = ulidSchema.optional().catch(undefined).parse(c.req.query("started"));
    const started = startedId ? await getJob(makeDb(c.env.DB), c.var.principal.workspace.id, startedId) : undefined;
    // Only a job this person started is announced; someone else's id in the URL is ignored.
    const mine = started && started.createdBy === c.var.principal.user.id ? started : null;
    return c.html(await renderImports(c, { started: mine }));
  })
  .get("/jobs", async (c) => c.html(<MyJobs jobs={await myJobs(c)} role={c.var.principal.role} />))
  .post("/", uploadLimit, async (c) => {
    const body = await c.req.parseBody();
    const payload = await uploadPayload(body);
    if ("error" in payload) return c.html(await renderImports(c, { error: payload.error }), payload.status);
    return start(c, "data_import", payload.payload, startOptions(body));
  })
  .post("/start", async (c) => {
    const body = await c.req.parseBody();
    const type = formText(body, "type") ?? "";
    const startable = startableTypes(c.env).find((known) => known === type);
    if (!startable) {
      throw new ApiError(422, "validation_failed", `"${type}" is not a job type that can be started here.`);
    }
    return start(c, startable, startFormPayload(startable, body), startOptions(body));
  })
  .get("/jobs/:id/payload", provideJob(), (c) => payloadDownload(c.var.job))
  .get("/jobs/:id/rejected.csv", provideJob(), (c) => rejectedDownload(c))
  .get("/jobs/:id", provideJob(), async (c) => {
    const [viewer, data, rejected] = await Promise.all([viewerOf(c), loadJobPage(c), loadRejectedPage(c)]);
    return c.html(<JobDetailPage viewer={viewer} {...data} rejected={rejected} />);
  })
  .get("/jobs/:id/detail", provideJob(), async (c) => {
    return c.html(<JobDetailContainer {...(await loadJobPage(c))} role={c.var.principal.role} />);
  });
