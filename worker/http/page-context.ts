// Helpers shared by the page routes: the viewer (principal + workspaces for the switcher), engine deps for a request,
// and where a role lands after login.

import type { Context } from "hono";
import type { Viewer } from "../../views/layout/Layout.tsx";
import type { Role } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { listMemberships } from "../db/sessions.ts";
import { engineDeps } from "../engine-deps.ts";
import type { EngineDeps } from "../jobs/engine.ts";
import type { PageEnv } from "../middleware/session.ts";

export async function viewerOf<E extends PageEnv>(c: Context<E>): Promise<Viewer> {
  const principal = c.var.principal;
  return { principal, memberships: await listMemberships(makeDb(c.env.DB), principal.user.id) };
}

export function pageDeps<E extends PageEnv>(c: Context<E>): EngineDeps {
  return engineDeps(c.env, (promise) => c.executionCtx.waitUntil(promise));
}

export const homeFor = (role: Role) => (role === "owner" || role === "admin" ? "/admin/jobs" : "/products");

/** Form fields as strings (files and repeated fields are not expected where this is used). */
export function formText(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}
