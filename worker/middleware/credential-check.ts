// The one credential check behind every way of signing in (the login page, POST /api/v1/tokens, any later one):
// throttled per email and per client address, and doing the same work whether or not the email exists, so neither
// the answer nor its timing tells an attacker which accounts there are.

import type { MembershipChoice } from "../api/principal.ts";
import { findUserByEmail } from "../db/auth.ts";
import type { Db } from "../db/client.ts";
import type { UserRow } from "../db/schema.ts";
import {
  clearLoginFailures,
  deleteStaleLoginAttempts,
  listMemberships,
  loginLockedUntil,
  recordLoginFailure,
} from "../db/sessions.ts";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../domain/passwords.ts";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins allowed per email, and per client address, within LOGIN_WINDOW_MS. */
export const EMAIL_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 30;

/** Looked up instead of a missing user's memberships, so an unknown email costs the same queries as a known one. */
const NO_USER_ID = "00000000000000000000000000";

export interface CredentialAttempt {
  email: string;
  password: string;
  /** The client's address as the edge reports it (`cf-connecting-ip`); null when unknown. */
  clientAddress: string | null;
  /** Sign in to this workspace (by slug); without it, to the user's first workspace. */
  workspace?: string;
  now: number;
}

export type CredentialVerdict =
  | { kind: "ok"; user: UserRow; membership: MembershipChoice }
  | { kind: "bad" }
  | { kind: "throttled"; until: number; retryAfterSeconds: number };

export async function checkCredentials(db: Db, attempt: CredentialAttempt): Promise<CredentialVerdict> {
  const email = attempt.email.trim().toLowerCase();
  const emailKey = `email:${email}`;
  const addressKey = `ip:${attempt.clientAddress ?? "unknown"}`;
  const lockedUntil = await loginLockedUntil(db, [emailKey, addressKey], attempt.now);
  if (lockedUntil !== null) {
    return {
      kind: "throttled",
      until: lockedUntil,
      retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil - attempt.now) / 1000)),
    };
  }

  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(attempt.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  // Always the same lookups, whatever the outcome so far: only the verdict differs, not the work.
  const memberships = await listMemberships(db, user?.id ?? NO_USER_ID);
  const wanted = attempt.workspace?.trim().toLowerCase();
  const membership = wanted ? memberships.find((m) => m.workspace.slug === wanted) : memberships[0];

  if (!user || !passwordOk || !membership) {
    await recordLoginFailure(
      db,
      [
        { key: emailKey, limit: EMAIL_FAILURE_LIMIT },
        { key: addressKey, limit: IP_FAILURE_LIMIT },
      ],
      { now: attempt.now, windowMs: LOGIN_WINDOW_MS },
    );
    return { kind: "bad" };
  }
  await clearLoginFailures(db, emailKey);
  await deleteStaleLoginAttempts(db, attempt.now, LOGIN_WINDOW_MS);
  return { kind: "ok", user, membership };
}

/** The sentence both the page and the API show while sign-in is locked. */
export function throttledMessage(until: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return `Too many failed sign-in attempts. Sign-in is paused for this account or network; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
