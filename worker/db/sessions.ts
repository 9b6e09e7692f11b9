// The browser-session data layer: sessions (stored as SHA-256 hashes of the cookie token), a user's memberships for
// the workspace switcher, and login throttling counters per email and per client address.
import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { MembershipChoice, Principal } from "../api/principal.ts";
import { principalColumns, toPrincipal } from "./auth.ts";
import type { Db } from "./client.ts";
import { randomToken, sha256Hex } from "./ids.ts";
import { PRINCIPAL_CACHE_MS, PrincipalCache } from "./principal-cache.ts";
import { loginAttempts, memberships, sessions, users, workspaces } from "./schema.ts";

/** The workspaces a user belongs to, oldest membership first (the first one is where a login lands). */
export async function listMemberships(db: Db, userId: string): Promise<MembershipChoice[]> {
  const rows = await db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(workspaces.slug))
    .all();
  return rows.map((r) => ({ workspace: { id: r.id, slug: r.slug, name: r.name }, role: r.role }));
}

/** Starts a session; the plain token goes into the cookie once and only its hash is stored. */
export async function createSession(
  db: Db,
  input: { userId: string; workspaceId: string; now: number; ttlMs: number },
): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken(32);
  const expiresAt = input.now + input.ttlMs;
  await db.insert(sessions).values({
    idHash: await sha256Hex(token),
    userId: input.userId,
    workspaceId: input.workspaceId,
    createdAt: input.now,
    expiresAt,
  });
  return { token, expiresAt };
}

export interface SessionPrincipal {
  principal: Principal;
  idHash: string;
  expiresAt: number;
}

const sessionPrincipals = new PrincipalCache<SessionPrincipal>();

/**
 * The principal behind a session cookie token, if the session exists, has not expired and its membership still
 * stands. Found sessions are cached for PRINCIPAL_CACHE_MS (never past their expiry); ending one evicts it.
 */
export async function findSession(db: Db, token: string, now: number): Promise<SessionPrincipal | null> {
  const idHash = await sha256Hex(token);
  const cached = sessionPrincipals.get(idHash);
  if (cached && cached.expiresAt > now) return cached;
  const row = await db
    .select({ ...principalColumns, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaces.id)))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .get();
  if (!row) return null;
  const session = { idHash, expiresAt: row.expiresAt, principal: toPrincipal(row, null) };
  sessionPrincipals.set(idHash, session, Math.min(PRINCIPAL_CACHE_MS, row.expiresAt - now));
  return session;
}

/** Ends the session behind a cookie token (logout, or rotation when a new session replaces it). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  const idHash = await sha256Hex(token);
  sessionPrincipals.delete(idHash);
  await db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
}

/** Drops expired sessions (indexed on expires_at); called on login so the table does not grow without bound. */
export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
}

// ---- Login throttling ----

export interface ThrottleRule {
  /** What is counted, e.g. `email:owner@acme.test` or `ip:203.0.113.7`. */
  key: string;
  /** Failures allowed within the window; the one that reaches it locks the key until the window has passed. */
  limit: number;
}

/** The latest time until which any of the keys is locked, or null when none is. */
export async function loginLockedUntil(db: Db, keys: string[], now: number): Promise<number | null> {
  if (keys.length === 0) return null;
  const row = await db
    .select({ until: sql<number | null>`max(${loginAttempts.lockedUntil})` })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, keys), gt(loginAttempts.lockedUntil, now)))
    .get();
  return row?.until ?? null;
}

/**
 * Counts one failed login against each rule in a fixed window, atomically per key (one upsert each, so concurrent
 * failures cannot lose counts): a window that has passed starts again at 1, and reaching the limit sets the lock.
 */
export async function recordLoginFailure(
  db: Db,
  rules: ThrottleRule[],
  input: { now: number; windowMs: number },
): Promise<void> {
  const { now, windowMs } = input;
  const statements = rules.map((rule) => {
    const expired = sql`${loginAttempts.windowStartedAt} <= ${now - windowMs}`;
    return db
      .insert(loginAttempts)
      .values({
        key: rule.key,
        failures: 1,
        windowStartedAt: now,
        lockedUntil: rule.limit <= 1 ? now + windowMs : null,
      })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        // SQLite evaluates every SET expression against the row as it was before the update.
        set: {
          failures: sql`case when ${expired} then 1 else ${loginAttempts.failures} + 1 end`,
          windowStartedAt: sql`case when ${expired} then ${now} else ${loginAttempts.windowStartedAt} end`,
          lockedUntil: sql`case
            when ${expired} then (case when 1 >= ${rule.limit} then ${now + windowMs} else null end)
            when ${loginAttempts.failures} + 1 >= ${rule.limit} then ${now + windowMs}
            else ${loginAttempts.lockedUntil} end`,
        },
      });
  });
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** Forgets the failures of a key after a successful login (only the email: an address's count keeps running). */
export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key)).run();
}

/** Drops counters whose window and lock are both over, so the table holds only live throttling state. */
export async function deleteStaleLoginAttempts(db: Db, now: number, windowMs: number): Promise<void> {
  await db
    .delete(loginAttempts)
    .where(
      and(lt(loginAttempts.windowStartedAt, now - windowMs), sql`coalesce(${loginAttempts.lockedUntil}, 0) < ${now}`),
    )
    .run();
}
