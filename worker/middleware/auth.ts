// Bearer-token authentication and role checks for the JSON API. Loads the principal into `c.var.principal`.

import { createMiddleware } from "hono/factory";
import { ApiError } from "../api/errors.ts";
import type { Principal } from "../api/principal.ts";
import type { Role } from "../api/schema.ts";
import { principalForToken } from "../db/auth.ts";
import { makeDb } from "../db/client.ts";
import type { AppEnv } from "../env.ts";

export const MANAGER_ROLES: readonly Role[] = ["owner", "admin"];
export const CREATOR_ROLES: readonly Role[] = ["owner", "admin", "member"];

/** The bearer token in an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

export async function principalFromRequest(env: Env, authorization: string | undefined): Promise<Principal | null> {
  const token = bearerToken(authorization);
  if (!token || token.length > 200) return null;
  return principalForToken(makeDb(env.DB), token);
}

export const requireToken = createMiddleware<AppEnv>(async (c, next) => {
  const principal = await principalFromRequest(c.env, c.req.header("authorization"));
  if (!principal) {
    c.header("WWW-Authenticate", 'Bearer realm="dutyleak"');
    throw new ApiError(401, "unauthorized", "a valid bearer token is required");
  }
  c.set("principal", principal);
  await next();
});

export function requireRole(roles: readonly Role[], purpose: string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { role, workspace, user } = c.var.principal;
    if (!roles.includes(role)) {
      throw new ApiError(
        403,
        "forbidden",
        `${user.email} is a ${role} of ${workspace.slug}; ${purpose} needs ${roles.map(label).join(" or ")}`,
      );
    }
    await next();
  });
}

const label = (role: Role) => role[0]?.toUpperCase() + role.slice(1);
