// GET /exports/:job_id/download: streams a finished export from R2 to an authorised user of the same workspace
// (owners/admins any export, members their own). Expired exports answer 410.

import { Hono } from "hono";
import { z } from "zod";
import { ApiError, notFound } from "../api/errors.ts";
import { SUCCEEDED_STATUS } from "../api/lifecycle.ts";
import type { AppEnv } from "../env.ts";
import { CREATOR_ROLES, requireRole } from "../middleware/auth.ts";
import { provideJob } from "../middleware/job-provider.ts";
import { requireTokenOrSession } from "../middleware/session.ts";

const exportResultSchema = z.object({ key: z.string(), expires_at: z.string(), rows: z.number() });

export const exportRoutes = new Hono<AppEnv>().get(
  "/:jobId/download",
  // The detail page links here, so a browser's session cookie works as well as a bearer token.
  requireTokenOrSession,
  requireRole(CREATOR_ROLES, "downloading exports"),
  provideJob("jobId", "export"),
  async (c) => {
    const { principal, job } = c.var;
    if (job.type !== "data_export") throw notFound("export");
    if (job.status !== SUCCEEDED_STATUS) throw new ApiError(409, "export_not_ready", `the export is ${job.status}`);
    const result = exportResultSchema.safeParse(JSON.parse(job.result ?? "null"));
    if (!result.success) throw notFound("export");
    if (Date.parse(result.data.expires_at) < Date.now()) {
      throw new ApiError(410, "export_expired", `this export expired at ${result.data.expires_at}; run it again`);
    }
    const object = await c.env.FILES.get(result.data.key);
    if (!object) throw new ApiError(410, "export_expired", "this export is no longer stored; run it again");
    const filename = `dutyleak-export-${principal.workspace.slug}-${job.id}.csv`;
    return new Response(object.body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-length": String(object.size),
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
