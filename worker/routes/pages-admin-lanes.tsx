// The lanes strip's routes for the admin pages: its fragment (refetched when jobs move), Pause and Resume of a job
// type (owners/admins) and the running limit (owners). Plain form posts that come back to the jobs page, so they work
// without script; a bad limit is answered like any bad form input (422 with the reason).
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { LanesStrip } from "../../views/jobs/LanesStrip.tsx";
import { notFound, ValidationFailed } from "../api/errors.ts";
import { settingsPatchSchema } from "../api/lanes.ts";
import { formText, pageDeps } from "../http/page-context.ts";
import { engineConfig } from "../jobs/config.ts";
import { lanesOf, pauseLane, resumeLane, setLaneLimit } from "../jobs/lanes.ts";
import { handlerFor } from "../jobs/registry.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

const laneActionSchema = z.enum(["pause", "resume"]);

export const adminLanePages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "opening the admin pages"))
  .get("/strip", async (c) => {
    const { principal } = c.var;
    const lanes = await lanesOf(c.env, engineConfig(c.env), principal.workspace.id);
    return c.html(<LanesStrip lanes={lanes} role={principal.role} />);
  })
  .post("/limit", requirePageRole(["owner"], "changing the running limit"), async (c) => {
    const text = formText(await c.req.parseBody(), "max_running") ?? "";
    const parsed = settingsPatchSchema.safeParse({ max_running: text.trim() === "" ? Number.NaN : Number(text) });
    if (!parsed.success || parsed.data.max_running === undefined) {
      throw new ValidationFailed({ max_running: ["must be a whole number from 1 to 50"] });
    }
    const { principal } = c.var;
    await setLaneLimit(pageDeps(c), principal.workspace.id, parsed.data.max_running, principal.user.email);
    return c.redirect("/admin/jobs", 303);
  })
  // The idle types' form names its type in the body.
  .post("/pause", async (c) => {
    const type = formText(await c.req.parseBody(), "type") ?? "";
    if (!handlerFor(type, engineConfig(c.env))) throw new ValidationFailed({ type: ["must be a job type"] });
    const { principal } = c.var;
    await pauseLane(pageDeps(c), principal.workspace.id, type, principal.user.email);
    return c.redirect("/admin/jobs", 303);
  })
  .post("/:type/:action", async (c) => {
    const action = laneActionSchema.safeParse(c.req.param("action"));
    const type = c.req.param("type");
    if (!action.success || !handlerFor(type, engineConfig(c.env))) throw notFound("lane");
    const { principal } = c.var;
    const change = action.data === "pause" ? pauseLane : resumeLane;
    await change(pageDeps(c), principal.workspace.id, type, principal.user.email);
    return c.redirect("/admin/jobs", 303);
  });
