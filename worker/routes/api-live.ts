// GET /api/v1/live: authenticates the WebSocket upgrade (bearer token for the TUI and scripts → JSON events; the
// session cookie for browsers → events with the rendered row; owner/admin only) before anything reaches the
// workspace's hub, then forwards it. Registered before any header-changing middleware (PLATFORM.md §6).

import { Hono } from "hono";
import { connectionHeaders } from "../../durable-objects/protocol.ts";
import { ApiError } from "../api/errors.ts";
import type { Principal } from "../api/principal.ts";
import type { AppEnv } from "../env.ts";
import { MANAGER_ROLES, principalFromRequest } from "../middleware/auth.ts";
import { sessionFromRequest } from "../middleware/session.ts";

export const liveRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const authorization = c.req.header("authorization");
  if (authorization) {
    const principal = await principalFromRequest(c.env, authorization);
    return forwardToHub(c.env, c.req.raw, principal, "json");
  }
  const session = await sessionFromRequest(c, c.env);
  // Cookies ride along on any page's WebSocket; only our own pages may use them (cross-site WebSocket hijacking).
  if (session && c.req.header("origin") !== new URL(c.req.url).origin) {
    throw new ApiError(403, "forbidden", "a browser session may open the live stream only from this site's pages");
  }
  return forwardToHub(c.env, c.req.raw, session?.principal ?? null, "html");
});

/** Checks the principal and the upgrade, then hands the socket to the workspace's hub. */
export async function forwardToHub(
  env: Env,
  request: Request,
  principal: Principal | null,
  format: "json" | "html",
): Promise<Response> {
  if (!principal) throw new ApiError(401, "unauthorized", "a valid bearer token or session is required");
  if (principal.role !== "owner" && principal.role !== "admin") {
    throw new ApiError(
      403,
      "forbidden",
      `${principal.user.email} is a ${principal.role} of ${principal.workspace.slug}; the live job stream needs ${MANAGER_ROLES.map((r) => r[0]?.toUpperCase() + r.slice(1)).join(" or ")}`,
    );
  }
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "connect with a WebSocket upgrade");
  }
  const connection = {
    workspaceId: principal.workspace.id,
    userId: principal.user.id,
    role: principal.role,
    format,
  } as const;
  const hub = env.HUB.get(env.HUB.idFromName(principal.workspace.id));
  return hub.fetch(new Request(request.url, { headers: connectionHeaders(connection, request.headers) }));
}
