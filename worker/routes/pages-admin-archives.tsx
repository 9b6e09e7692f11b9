// /admin/archives for owners/admins: the retention settings (owners change them with a plain form post, audited like
// PATCH /api/v1/settings), the archive days in keyset pages with each day's download (the same file as
// GET /api/v1/archives/:date), and the recent retention changes and discards.
import type { Context } from "hono";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { ArchivesPage } from "../../views/archives/ArchivesPage.tsx";
import {
  ARCHIVES_PATH,
  RETENTION_FIELDS,
  type RetentionFormErrors,
  type RetentionFormValues,
} from "../../views/archives/retention-fields.ts";
import { fieldErrors, notFound } from "../api/errors.ts";
import { archiveDaySchema, type Retention, retentionSchema } from "../api/retention.ts";
import { listArchiveDays } from "../db/archive.ts";
import { ARCHIVE_AUDIT_ACTIONS, listAudit } from "../db/audit.ts";
import { makeDb } from "../db/client.ts";
import { retentionOf, setRetention } from "../db/retention.ts";
import { formText, viewerOf } from "../http/page-context.ts";
import { archiveDayJson } from "../jobs/archive/archive-json.ts";
import { archiveDownload } from "../jobs/archive/download.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

const ARCHIVE_DAYS_PER_PAGE = 30;
const RECENT_CHANGES = 20;

/** A bad cursor or notice in the address is dropped (the page shows its start), not refused. */
const pageQuerySchema = z.object({
  cursor: archiveDaySchema.optional().catch(undefined),
  done: z.literal("retention").optional().catch(undefined),
});

type Ctx = Context<PageEnv>;

interface PageState {
  form?: { values: RetentionFormValues; errors: RetentionFormErrors };
  saved?: boolean;
}

async function archivesPage(c: Ctx, state: PageState = {}) {
  const { cursor } = pageQuerySchema.parse(c.req.query());
  const db = makeDb(c.env.DB);
  const workspaceId = c.var.principal.workspace.id;
  const [viewer, retention, page, audit] = await Promise.all([
    viewerOf(c),
    retentionOf(db, workspaceId),
    listArchiveDays(db, workspaceId, { cursor, limit: ARCHIVE_DAYS_PER_PAGE }),
    listAudit(db, workspaceId, ARCHIVE_AUDIT_ACTIONS, RECENT_CHANGES),
  ]);
  if (!retention) throw notFound("workspace");
  return (
    <ArchivesPage
      viewer={viewer}
      retention={retention}
      form={state.form}
      saved={state.saved ?? false}
      archives={{ days: page.days.map(archiveDayJson), cursor, nextCursor: page.nextCursor }}
      audit={audit}
    />
  );
}

/**
 * The four settings as typed, and as numbers when all are whole days in range. Only decimal text counts as a
 * number: `Number()` alone would take "", "0x10" and "1e2" too.
 */
type RetentionForm =
  | { values: RetentionFormValues; retention: Retention }
  | { values: RetentionFormValues; errors: RetentionFormErrors };

function parseRetentionForm(body: Record<string, unknown>): RetentionForm {
  const values = Object.fromEntries(
    RETENTION_FIELDS.map(({ key }) => [key, (formText(body, key) ?? "").trim()]),
  ) as RetentionFormValues;
  const numbers = Object.fromEntries(
    Object.entries(values).map(([key, text]) => [key, /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN]),
  );
  const parsed = retentionSchema.safeParse(numbers);
  if (parsed.success) return { values, retention: parsed.data };
  return { values, errors: fieldErrors(parsed.error) as RetentionFormErrors };
}

export const adminArchivePages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "reading archives"))
  .get("/", async (c) => {
    const { done } = pageQuerySchema.parse(c.req.query());
    return c.html(await archivesPage(c, { saved: done === "retention" }));
  })
  .post("/retention", requirePageRole(["owner"], "changing retention"), async (c) => {
    const form = parseRetentionForm(await c.req.parseBody());
    if ("errors" in form) return c.html(await archivesPage(c, { form }), 422);
    const { principal } = c.var;
    await setRetention(makeDb(c.env.DB), principal.workspace.id, form.retention, principal.user.email, Date.now());
    return c.redirect(`${ARCHIVES_PATH}?done=retention`, 303);
  })
  // A date that is no calendar day names no archive: 404, like a day without one.
  .get("/:date/download", async (c) => {
    const day = archiveDaySchema.safeParse(c.req.param("date"));
    const { workspace } = c.var.principal;
    const response = day.success ? await archiveDownload(c.env, workspace.id, workspace.slug, day.data) : null;
    if (!response) throw notFound("archive");
    return response;
  });
