// Loads the job a route acts on, with the tenant and role rule, and 404s before the handler runs (bull-board's
// jobProvider): another workspace's job, a member's view of someone else's job and an id that cannot exist all read
// as "not found". The one place that knows which jobs a principal may see.
import { createMiddleware } from "hono/factory";
import { notFound } from "../api/errors.ts";
import { ULID_PATTERN } from "../api/ids.ts";
import type { Principal } from "../api/principal.ts";
import { makeDb } from "../db/client.ts";
import type { JobFilter } from "../db/jobs/filter.ts";
import { getJob } from "../db/jobs/read.ts";
import type { JobRow } from "../db/schema.ts";

/** Members follow only the jobs they created; owners and admins see the whole workspace. */
export function mayReadJob(principal: Principal, job: Pick<JobRow, "createdBy">): boolean {
  return principal.role !== "member" || job.createdBy === principal.user.id;
}

/** The list filter that shows a principal exactly the jobs mayReadJob allows. */
export function visibleJobs(principal: Principal): Pick<JobFilter, "createdBy"> {
  return principal.role === "member" ? { createdBy: principal.user.id } : {};
}

type ProviderEnv = { Bindings: Env; Variables: { principal: Principal; job: JobRow } };

/** Sets `c.var.job` from the path parameter `param`; `what` names it in the 404 ("job", "export"). */
export function provideJob(param = "id", what = "job") {
  return createMiddleware<ProviderEnv>(async (c, next) => {
    const id = c.req.param(param);
    if (!id || !ULID_PATTERN.test(id)) throw notFound(what);
    const job = await getJob(makeDb(c.env.DB), c.var.principal.workspace.id, id);
    if (!job || !mayReadJob(c.var.principal, job)) throw notFound(what);
    c.set("job", job);
    await next();
  });
}
