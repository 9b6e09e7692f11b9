// GET /api/v1/live: authenticates the WebSocket upgrade (bearer token; owner/admin only) before anything reaches the
// workspace's hub, then forwards it. Registered before any header-changing middleware (PLATFORM.md §6).
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { MANAGER_ROLES, principalFromRequest } from "../middleware/auth.ts";
import { ApiError } from "../middleware/errors.ts";

export const liveRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const principal = await principalFromRequest(c.env, c.req.header("authorization"));
  if (!principal) throw new ApiError(401, "unauthorized", "a valid bearer token is required");
  if (!MANAGER_ROLES.includes(principal.role)) {
    throw new ApiError(403, "forbidden", `the live job stream needs Owner or Admin; this is a ${principal.role} token`);
  }
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "connect with a WebSocket upgrade");
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set("x-hub-workspace", principal.workspace.id);
  headers.set("x-hub-user", principal.user.id);
  headers.set("x-hub-role", principal.role);
  headers.set("x-hub-format", "json");
  const hub = c.env.HUB.get(c.env.HUB.idFromName(principal.workspace.id));
  return hub.fetch(new Request(c.req.url, { headers }));
});
