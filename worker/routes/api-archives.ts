// Archives (v1, owner/admin; DESIGN.md "Retention and archive"): the days whose jobs left D1 (by retention or
// discard), newest first in keyset pages, and a day's NDJSON gzip download.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { fieldErrors, notFound, ValidationFailed } from "../api/errors.ts";
import { type ArchivesResponse, archiveDaySchema, archivesQuerySchema } from "../api/retention.ts";
import { listArchiveDays } from "../db/archive.ts";
import { makeDb } from "../db/client.ts";
import type { AppEnv } from "../env.ts";
import { archiveDayJson } from "../jobs/archive/archive-json.ts";
import { archiveDownload } from "../jobs/archive/download.ts";
import { MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";

const invalid = (result: { success: boolean; error?: { issues: readonly z.core.$ZodIssue[] } }) => {
  if (!result.success && result.error) throw new ValidationFailed(fieldErrors(result.error));
};

export const archiveRoutes = new Hono<AppEnv>()
  .use(requireToken, requireRole(MANAGER_ROLES, "reading archives"))
  .get("/", zValidator("query", archivesQuerySchema, invalid), async (c) => {
    const { cursor, limit } = c.req.valid("query");
    const page = await listArchiveDays(makeDb(c.env.DB), c.var.principal.workspace.id, { cursor, limit });
    return c.json({ archives: page.days.map(archiveDayJson), next_cursor: page.nextCursor } satisfies ArchivesResponse);
  })
  .get("/:date", zValidator("param", z.object({ date: archiveDaySchema }), invalid), async (c) => {
    const { workspace } = c.var.principal;
    const response = await archiveDownload(c.env, workspace.id, workspace.slug, c.req.valid("param").date);
    if (!response) throw notFound("archive");
    return response;
  });
