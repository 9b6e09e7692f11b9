// The workspace's settings (v1): its running limit (DESIGN.md "Lanes") and its retention (DESIGN.md "Retention and
// archive"). Every role reads them; only an owner changes them, and every change is audited.
import { Hono } from "hono";
import { notFound } from "../api/errors.ts";
import { type SettingsResponse, settingsPatchSchema } from "../api/lanes.ts";
import { makeDb } from "../db/client.ts";
import { maxRunningOf } from "../db/lanes.ts";
import { retentionOf, setRetention } from "../db/retention.ts";
import { engineDeps } from "../engine-deps.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/json-body.ts";
import { setLaneLimit } from "../jobs/lanes.ts";
import { requireRole, requireToken } from "../middleware/auth.ts";

const OWNER_ROLES = ["owner"] as const;

async function settingsOf(env: Env, workspaceId: string): Promise<SettingsResponse> {
  const db = makeDb(env.DB);
  const [maxRunning, retention] = await Promise.all([maxRunningOf(db, workspaceId), retentionOf(db, workspaceId)]);
  if (!retention) throw notFound("workspace");
  return { max_running: maxRunning, retention };
}

export const settingsRoutes = new Hono<AppEnv>()
  .use(requireToken)
  .get("/", async (c) => c.json(await settingsOf(c.env, c.var.principal.workspace.id)))
  .patch("/", requireRole(OWNER_ROLES, "changing workspace settings"), async (c) => {
    const { principal } = c.var;
    const body = await readJson(c, settingsPatchSchema);
    if (body.retention) {
      await setRetention(makeDb(c.env.DB), principal.workspace.id, body.retention, principal.user.email, Date.now());
    }
    if (body.max_running !== undefined) {
      const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
      await setLaneLimit(deps, principal.workspace.id, body.max_running, principal.user.email);
    }
    return c.json(await settingsOf(c.env, principal.workspace.id));
  });
