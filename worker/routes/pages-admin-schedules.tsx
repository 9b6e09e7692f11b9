// /admin/schedules for owners/admins: the page (schedules with their next five times and last run, New schedule,
// each schedule's last runs) and the schedule actions: create, Run now (back with what it did: the job it created,
// or why none), Pause/Resume, and Delete (confirmed on a page first). Same semantics as /api/v1/schedules: the same
// create schema and checks, the same fire, change and delete through the same data layer.

import type { Context } from "hono";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { ConfirmDeletePage } from "../../views/schedules/ConfirmDeletePage.tsx";
import { SCHEDULE_NOTICES, type ScheduleNotice } from "../../views/schedules/notices.ts";
import { SchedulesPage } from "../../views/schedules/SchedulesPage.tsx";
import {
  EMPTY_SCHEDULE_FORM,
  type ScheduleFormErrors,
  type ScheduleFormValues,
} from "../../views/schedules/schedule-form.ts";
import { notFound, ValidationFailed } from "../api/errors.ts";
import { ulidSchema } from "../api/ids.ts";
import { makeDb } from "../db/client.ts";
import { deleteSchedule, findSchedule } from "../db/schedules.ts";
import type { ScheduleRow } from "../db/schema.ts";
import { formText, pageDeps, viewerOf } from "../http/page-context.ts";
import { allScheduleProblems, parseScheduleForm } from "../http/schedule-form.ts";
import { engineConfig } from "../jobs/config.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { runScheduleNow } from "../jobs/schedules/fire.ts";
import { scheduleJson } from "../jobs/schedules/json.ts";
import { changeSchedule, createSchedule } from "../jobs/schedules/manage.ts";
import { RUNS_PER_SCHEDULE, runDueAt, scheduleLogs, schedulesAfter } from "../jobs/schedules/page-reads.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

/** A bad cursor or notice in the address is dropped (the page shows its start), not refused. */
const pageQuerySchema = z.object({
  after: ulidSchema.optional().catch(undefined),
  done: z.enum(SCHEDULE_NOTICES).optional().catch(undefined),
  schedule: ulidSchema.optional().catch(undefined),
  /** The due time (epoch ms) of the run a Run now notice names. */
  run: z.coerce.number().int().min(0).optional().catch(undefined),
});

type Ctx = Context<PageEnv>;

/** The schedule `:id` of the session's workspace, or a 404 (also for another workspace's id, or one that is no ULID). */
async function loadSchedule(c: Ctx): Promise<ScheduleRow> {
  const id = ulidSchema.safeParse(c.req.param("id"));
  const schedule = id.success ? await findSchedule(makeDb(c.env.DB), c.var.principal.workspace.id, id.data) : undefined;
  if (!schedule) throw notFound("schedule");
  return schedule;
}

interface PageState {
  form?: { values: ScheduleFormValues; errors: ScheduleFormErrors };
  notice?: { done: ScheduleNotice; scheduleId: string | undefined; run: number | undefined };
}

async function noticeOf(c: Ctx, notice: NonNullable<PageState["notice"]>) {
  const row = notice.scheduleId
    ? await findSchedule(makeDb(c.env.DB), c.var.principal.workspace.id, notice.scheduleId)
    : undefined;
  const run =
    row && notice.done === "ran" && notice.run !== undefined ? await runDueAt(c.env, row.id, notice.run) : null;
  return { done: notice.done, schedule: row ? scheduleJson(row) : null, run };
}

async function schedulesPage(c: Ctx, state: PageState = {}) {
  const { after } = pageQuerySchema.parse(c.req.query());
  const [viewer, page, notice] = await Promise.all([
    viewerOf(c),
    schedulesAfter(c.env, c.var.principal.workspace.id, after),
    state.notice ? noticeOf(c, state.notice) : null,
  ]);
  const runs = await scheduleLogs(
    c.env,
    page.schedules.map((s) => s.id),
  );
  return (
    <SchedulesPage
      viewer={viewer}
      now={Date.now()}
      after={after}
      schedules={page}
      runs={runs}
      runsPerSchedule={RUNS_PER_SCHEDULE}
      types={knownJobTypes(engineConfig(c.env))}
      form={state.form ?? { values: EMPTY_SCHEDULE_FORM, errors: {} }}
      notice={notice}
    />
  );
}

/** Back to the page after an action, saying what was done (the page looks the schedule up; no text rides in the URL). */
function done(c: Ctx, notice: ScheduleNotice, schedule: { id: string } | null, hash: string, run?: number) {
  const query = new URLSearchParams({ done: notice });
  if (schedule) query.set("schedule", schedule.id);
  if (run !== undefined) query.set("run", String(run));
  return c.redirect(`/admin/schedules?${query}#${hash}`, 303);
}

async function setEnabled(c: Ctx, enabled: boolean) {
  const schedule = await loadSchedule(c);
  const changed = await changeSchedule(c.env, schedule, { enabled }, { label: c.var.principal.user.email }, Date.now());
  if (!changed) throw notFound("schedule");
  return done(c, enabled ? "resumed" : "paused", schedule, `schedule-${schedule.id}`);
}

export const adminSchedulePages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "managing schedules"))
  .get("/", async (c) => {
    const { done: notice, schedule, run } = pageQuerySchema.parse(c.req.query());
    return c.html(await schedulesPage(c, notice ? { notice: { done: notice, scheduleId: schedule, run } } : {}));
  })
  .post("/", async (c) => {
    const form = parseScheduleForm(await c.req.parseBody());
    const refuse = (errors: ScheduleFormErrors) => schedulesPage(c, { form: { values: form.values, errors } });
    if ("errors" in form) return c.html(await refuse(allScheduleProblems(c.env, form)), 422);
    const { principal } = c.var;
    let created: ScheduleRow;
    try {
      created = await createSchedule(
        c.env,
        principal.workspace.id,
        form.input,
        { userId: principal.user.id, label: principal.user.email },
        Date.now(),
      );
    } catch (error) {
      if (error instanceof ValidationFailed) return c.html(await refuse(error.fields), 422);
      throw error;
    }
    return done(c, "created", created, `schedule-${created.id}`);
  })
  .post("/:id/run", async (c) => {
    const schedule = await loadSchedule(c);
    // Run now is keyed by the moment it was asked for: the notice finds its run by that due time.
    const now = Date.now();
    await runScheduleNow(pageDeps(c), schedule, now);
    return done(c, "ran", schedule, `schedule-${schedule.id}`, now);
  })
  .post("/:id/pause", (c) => setEnabled(c, false))
  .post("/:id/resume", (c) => setEnabled(c, true))
  .post("/:id/delete", async (c) => {
    const schedule = await loadSchedule(c);
    if (formText(await c.req.parseBody(), "confirmed") !== "yes") {
      return c.html(<ConfirmDeletePage viewer={await viewerOf(c)} schedule={scheduleJson(schedule)} />);
    }
    await deleteSchedule(makeDb(c.env.DB), schedule);
    return done(c, "deleted", null, "schedules");
  });
