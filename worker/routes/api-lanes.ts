// The lanes API (v1): each job type's running and waiting jobs against the workspace's limit (every role reads it),
// pausing and resuming a type (owner/admin). The running limit is a setting (api-settings.ts).
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../api/errors.ts";
import { engineDeps } from "../engine-deps.ts";
import type { AppEnv } from "../env.ts";
import { engineConfig } from "../jobs/config.ts";
import { lanesOf, pauseLane, resumeLane } from "../jobs/lanes.ts";
import { handlerFor } from "../jobs/registry.ts";
import { MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";

const laneParamSchema = z.object({ type: z.string().max(64), action: z.enum(["pause", "resume"]) });

export const laneRoutes = new Hono<AppEnv>()
  .use(requireToken)
  .get("/", async (c) => c.json(await lanesOf(c.env, engineConfig(c.env), c.var.principal.workspace.id)))
  .post(
    "/:type/:action",
    requireRole(MANAGER_ROLES, "pausing job types"),
    zValidator("param", laneParamSchema, (result) => {
      if (!result.success) throw notFound("lane");
    }),
    async (c) => {
      const { principal } = c.var;
      const { type, action } = c.req.valid("param");
      const config = engineConfig(c.env);
      if (!handlerFor(type, config)) throw notFound("job type");
      const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
      const change = action === "pause" ? pauseLane : resumeLane;
      await change(deps, principal.workspace.id, type, principal.user.email);
      return c.json(await lanesOf(c.env, config, principal.workspace.id));
    },
  );
