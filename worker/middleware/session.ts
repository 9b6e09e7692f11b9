// Session-cookie authentication for the web pages: reads the cookie, loads the principal into `c.var.principal`,
// sends anonymous visitors to /login, and gates pages by role (403 page). The cookie holds a random token whose
// SHA-256 is the session's key; it is HttpOnly, SameSite=Lax, and Secure (with the __Host- prefix) on https.

import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../api/errors.ts";
import type { Principal } from "../api/principal.ts";
import type { Role } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { findSession, type SessionPrincipal } from "../db/sessions.ts";
import type { AppEnv } from "../env.ts";
import { principalFromRequest } from "./auth.ts";

export const SESSION_COOKIE = "dl_session";
/** Absolute lifetime: a session ends this long after login, however active it is. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type PageEnv = {
  Bindings: Env;
  Variables: { principal: Principal; sessionToken: string; sessionExpiresAt: number };
};

const isHttps = (c: Context) => new URL(c.req.url).protocol === "https:";

/** `__Host-` pins the cookie to this exact origin over https; plain http (local dev) cannot use the prefix. */
const prefix = (c: Context) => (isHttps(c) ? ("host" as const) : undefined);

export function readSessionToken(c: Context): string | undefined {
  const token = getCookie(c, SESSION_COOKIE, prefix(c));
  // Tokens are 43 base64url characters; anything else cannot be ours and is not worth a database lookup.
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined;
}

export function writeSessionCookie(c: Context, token: string, expiresAt: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    prefix: prefix(c),
    maxAge: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c), prefix: prefix(c) });
}

/** The session behind the request's cookie, or null (no cookie, unknown, expired, or membership gone). */
export async function sessionFromRequest(c: Context, env: Env): Promise<SessionPrincipal | null> {
  const token = readSessionToken(c);
  if (!token) return null;
  return findSession(makeDb(env.DB), token, Date.now());
}

export const isHtmx = (c: Context) => c.req.header("hx-request") === "true";

/**
 * A same-site path to come back to after login; anything else falls back to home. Browsers drop tabs and newlines
 * inside URLs and read `\` as `/`, so `/\tevil.example` or `/\evil.example` would leave the site: refuse them all.
 */
export function safeNext(next: string | undefined | null): string | null {
  if (!next?.startsWith("/") || next.length > 2000 || next[1] === "/" || next.includes("\\")) return null;
  for (const char of next) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f) return null;
  }
  return next;
}

function loginUrl(c: Context): string {
  // An htmx request's own URL is a fragment; come back to the page it was made from.
  const current = isHtmx(c) ? c.req.header("hx-current-url") : c.req.url;
  let next: string | null = null;
  try {
    const url = new URL(current ?? c.req.url);
    next = safeNext(url.pathname + url.search);
  } catch {
    next = null;
  }
  return next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login";
}

/** Pages need a session: anonymous visitors are redirected to /login (htmx requests via HX-Redirect). */
export const requireSession = createMiddleware<PageEnv>(async (c, next) => {
  const token = readSessionToken(c);
  const session = token ? await findSession(makeDb(c.env.DB), token, Date.now()) : null;
  if (!session || !token) {
    if (token) clearSessionCookie(c);
    if (isHtmx(c)) {
      c.header("HX-Redirect", loginUrl(c));
      return c.body(null, 401);
    }
    return c.redirect(loginUrl(c), 302);
  }
  c.set("principal", session.principal);
  c.set("sessionToken", token);
  c.set("sessionExpiresAt", session.expiresAt);
  await next();
});

const roleLabel = (role: Role) => role[0]?.toUpperCase() + role.slice(1);

/** Role gate for pages: the error handler renders the 403 page (or a flash message for htmx requests). */
export function requirePageRole(roles: readonly Role[], purpose: string) {
  return createMiddleware<PageEnv>(async (c, next) => {
    const { role, workspace } = c.var.principal;
    if (!roles.includes(role)) {
      throw new ApiError(
        403,
        "forbidden",
        `You are a ${roleLabel(role)} of ${workspace.name}; ${purpose} needs ${roles.map(roleLabel).join(" or ")}.`,
      );
    }
    await next();
  });
}

/**
 * For routes that scripts and browsers both use (export downloads): a bearer token if one is sent, else the session
 * cookie. Only safe methods should use it: cookie-authenticated state changes belong behind hono/csrf.
 */
export const requireTokenOrSession = createMiddleware<AppEnv>(async (c, next) => {
  const authorization = c.req.header("authorization");
  const principal = authorization
    ? await principalFromRequest(c.env, authorization)
    : ((await sessionFromRequest(c, c.env))?.principal ?? null);
  if (!principal) {
    c.header("WWW-Authenticate", 'Bearer realm="dutyleak"');
    throw new ApiError(401, "unauthorized", "a valid bearer token or session is required");
  }
  c.set("principal", principal);
  await next();
});
