// Schedules (v1, owner/admin; DESIGN.md "Schedules"): create, list (keyset by id), read (with its latest runs),
// change, delete, run now, pause and resume. A schedule of another workspace is a 404.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { fieldErrors, notFound, ValidationFailed } from "../api/errors.ts";
import { ULID_PATTERN } from "../api/ids.ts";
import { scheduleCreateSchema, schedulePatchSchema } from "../api/schedules.ts";
import { makeDb } from "../db/client.ts";
import { deleteSchedule, findSchedule, listRuns, listSchedules } from "../db/schedules.ts";
import type { ScheduleRow } from "../db/schema.ts";
import { engineDeps } from "../engine-deps.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/json-body.ts";
import { runScheduleNow } from "../jobs/schedules/fire.ts";
import { scheduleJson, scheduleRunJson } from "../jobs/schedules/json.ts";
import { changeSchedule, createSchedule } from "../jobs/schedules/manage.ts";
import { MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";

/** Runs a schedule's answer lists. */
const RUNS_SHOWN = 20;

const pageQuerySchema = z.strictObject({
  cursor: z.string().regex(ULID_PATTERN, "must be the next_cursor of a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

async function load(env: Env, workspaceId: string, id: string): Promise<ScheduleRow> {
  const schedule = ULID_PATTERN.test(id) ? await findSchedule(makeDb(env.DB), workspaceId, id) : undefined;
  if (!schedule) throw notFound("schedule");
  return schedule;
}

export const scheduleRoutes = new Hono<AppEnv>()
  .use(requireToken, requireRole(MANAGER_ROLES, "managing schedules"))
  .post("/", async (c) => {
    const input = await readJson(c, scheduleCreateSchema);
    const { user, workspace } = c.var.principal;
    const schedule = await createSchedule(
      c.env,
      workspace.id,
      input,
      { userId: user.id, label: user.email },
      Date.now(),
    );
    return c.json({ schedule: scheduleJson(schedule) }, 201);
  })
  .get(
    "/",
    zValidator("query", pageQuerySchema, (result) => {
      if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
    }),
    async (c) => {
      const { cursor, limit = 50 } = c.req.valid("query");
      const rows = await listSchedules(makeDb(c.env.DB), c.var.principal.workspace.id, { cursor, limit });
      return c.json({
        schedules: rows.map(scheduleJson),
        next_cursor: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
      });
    },
  )
  .get("/:id", async (c) => {
    const schedule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const runs = await listRuns(makeDb(c.env.DB), schedule.id, RUNS_SHOWN);
    return c.json({ schedule: scheduleJson(schedule), runs: runs.map(scheduleRunJson) });
  })
  .patch("/:id", async (c) => {
    const schedule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const patch = await readJson(c, schedulePatchSchema);
    const changed = await changeSchedule(c.env, schedule, patch, { label: c.var.principal.user.email }, Date.now());
    if (!changed) throw notFound("schedule");
    return c.json({ schedule: scheduleJson(changed) });
  })
  .delete("/:id", async (c) => {
    const schedule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    await deleteSchedule(makeDb(c.env.DB), schedule);
    return c.body(null, 204);
  })
  .post("/:id/run", async (c) => {
    const schedule = await load(c.env, c.var.principal.workspace.id, c.req.param("id"));
    const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
    const fired = await runScheduleNow(deps, schedule, Date.now());
    const runs = await listRuns(makeDb(c.env.DB), schedule.id, 1);
    return c.json({ outcome: fired.outcome, run: runs[0] ? scheduleRunJson(runs[0]) : null }, 202);
  })
  .post("/:id/pause", async (c) => pausing(c.env, c.var.principal, c.req.param("id"), false))
  .post("/:id/resume", async (c) => pausing(c.env, c.var.principal, c.req.param("id"), true));

async function pausing(env: Env, principal: AppEnv["Variables"]["principal"], id: string, enabled: boolean) {
  const schedule = await load(env, principal.workspace.id, id);
  const changed = await changeSchedule(env, schedule, { enabled }, { label: principal.user.email }, Date.now());
  if (!changed) throw notFound("schedule");
  return Response.json({ schedule: scheduleJson(changed) });
}
