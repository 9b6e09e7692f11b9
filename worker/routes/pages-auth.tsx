// Signing in and out of the web pages, and switching workspace: GET/POST /login, POST /logout, POST /workspace, and
// `/` sending each visitor to their start page. Every login issues a fresh session (the old one is deleted), failed
// logins are throttled per email and per client address, and unknown emails and wrong passwords read the same.

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { z } from "zod";
import { LoginPage } from "../../views/auth/LoginPage.tsx";
import { ApiError } from "../api/errors.ts";
import { makeDb } from "../db/client.ts";
import { createSession, deleteExpiredSessions, deleteSession, listMemberships } from "../db/sessions.ts";
import { formText, homeFor } from "../http/page-context.ts";
import { checkCredentials, throttledMessage } from "../middleware/credential-check.ts";
import {
  clearSessionCookie,
  type PageEnv,
  readSessionToken,
  requireSession,
  SESSION_TTL_MS,
  safeNext,
  sessionFromRequest,
  writeSessionCookie,
} from "../middleware/session.ts";

export const BAD_LOGIN = "Email or password is not correct.";

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(1024),
  next: z.string().max(2000).optional(),
});

/** Login forms are tiny; refusing big bodies early keeps parseBody cheap. */
const smallForm = bodyLimit({
  maxSize: 16 * 1024,
  onError: () => {
    throw new ApiError(413, "payload_too_large", "The form is too large.");
  },
});

export const authPages = new Hono<PageEnv>()
  .get("/", async (c) => {
    const session = await sessionFromRequest(c, c.env);
    return c.redirect(session ? homeFor(session.principal.role) : "/login", 302);
  })
  .get("/login", async (c) => {
    const next = safeNext(c.req.query("next"));
    const session = await sessionFromRequest(c, c.env);
    if (session) return c.redirect(next ?? homeFor(session.principal.role), 302);
    const notice = c.req.query("signed_out") === "1" ? "You are signed out." : null;
    return c.html(<LoginPage next={next} notice={notice} />);
  })
  .post("/login", csrf(), smallForm, async (c) => {
    const body = await c.req.parseBody();
    const parsed = loginSchema.safeParse({
      email: formText(body, "email"),
      password: formText(body, "password"),
      next: formText(body, "next"),
    });
    const next = safeNext(formText(body, "next"));
    if (!parsed.success) {
      return c.html(<LoginPage email={formText(body, "email")} next={next} error={BAD_LOGIN} />, 400);
    }
    const { email, password } = parsed.data;
    const db = makeDb(c.env.DB);
    const now = Date.now();
    const verdict = await checkCredentials(db, {
      email,
      password,
      clientAddress: c.req.header("cf-connecting-ip") ?? null,
      now,
    });
    if (verdict.kind === "throttled") {
      c.header("Retry-After", String(verdict.retryAfterSeconds));
      return c.html(<LoginPage email={email} next={next} error={throttledMessage(verdict.until, now)} />, 429);
    }
    if (verdict.kind === "bad") return c.html(<LoginPage email={email} next={next} error={BAD_LOGIN} />, 401);

    const { user, membership: landing } = verdict;
    // Rotation: whatever session this browser had (possibly planted by someone else) ends here.
    const previous = readSessionToken(c);
    if (previous) await deleteSession(db, previous);
    await deleteExpiredSessions(db, now);
    const session = await createSession(db, {
      userId: user.id,
      workspaceId: landing.workspace.id,
      now,
      ttlMs: SESSION_TTL_MS,
    });
    writeSessionCookie(c, session.token, session.expiresAt);
    return c.redirect(next ?? homeFor(landing.role), 303);
  })
  .post("/logout", csrf(), async (c) => {
    const token = readSessionToken(c);
    if (token) await deleteSession(makeDb(c.env.DB), token);
    clearSessionCookie(c);
    return c.redirect("/login?signed_out=1", 303);
  })
  .post("/workspace", csrf(), smallForm, requireSession, async (c) => {
    const { principal, sessionToken, sessionExpiresAt } = c.var;
    const slug = formText(await c.req.parseBody(), "workspace")
      ?.trim()
      .toLowerCase();
    const db = makeDb(c.env.DB);
    const target = (await listMemberships(db, principal.user.id)).find((m) => m.workspace.slug === slug);
    if (!target) throw new ApiError(403, "forbidden", "You are not a member of that workspace.");
    // A new workspace means a new role: issue a new session rather than editing the old one in place. It ends when
    // the old one would have, so switching never extends a login.
    const now = Date.now();
    const session = await createSession(db, {
      userId: principal.user.id,
      workspaceId: target.workspace.id,
      now,
      ttlMs: Math.max(60_000, sessionExpiresAt - now),
    });
    await deleteSession(db, sessionToken);
    writeSessionCookie(c, session.token, session.expiresAt);
    return c.redirect(homeFor(target.role), 303);
  });
