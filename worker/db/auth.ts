// The accounts data layer: users, workspaces, memberships and API tokens (stored as SHA-256 hashes only).
import { and, eq, isNull } from "drizzle-orm";
import type { Principal } from "../api/principal.ts";
import type { Role } from "../api/schema.ts";
import type { Db } from "./client.ts";
import { newId, randomToken, sha256Hex } from "./ids.ts";
import { PrincipalCache } from "./principal-cache.ts";
import { apiTokens, memberships, type UserRow, users, type WorkspaceRow, workspaces } from "./schema.ts";

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

export async function findWorkspaceBySlug(db: Db, slug: string): Promise<WorkspaceRow | undefined> {
  return db.select().from(workspaces).where(eq(workspaces.slug, slug.trim().toLowerCase())).get();
}

export async function findMembership(db: Db, workspaceId: string, userId: string): Promise<Role | undefined> {
  const row = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .get();
  return row?.role;
}

/** Issues a token for a user in a workspace; the plain token is returned once and only its hash is stored. */
export async function createApiToken(
  db: Db,
  input: { userId: string; workspaceId: string; name: string; now: number },
): Promise<string> {
  const token = `dlk_${randomToken(32)}`;
  await db.insert(apiTokens).values({
    id: newId(),
    tokenHash: await sha256Hex(token),
    userId: input.userId,
    workspaceId: input.workspaceId,
    name: input.name,
    createdAt: input.now,
  });
  return token;
}

/** The columns a credential lookup selects to build a principal (joined users, workspaces and memberships). */
export const principalColumns = {
  userId: users.id,
  email: users.email,
  userName: users.name,
  workspaceId: workspaces.id,
  slug: workspaces.slug,
  workspaceName: workspaces.name,
  role: memberships.role,
};

type PrincipalRow = { [K in keyof typeof principalColumns]: (typeof principalColumns)[K]["_"]["data"] };

export function toPrincipal(row: PrincipalRow, tokenId: string | null): Principal {
  return {
    user: { id: row.userId, email: row.email, name: row.userName },
    workspace: { id: row.workspaceId, slug: row.slug, name: row.workspaceName },
    role: row.role,
    tokenId,
  };
}

const tokenPrincipals = new PrincipalCache<Principal>();

/**
 * The principal behind a bearer token, if the token exists, is not revoked and its membership still stands. Found
 * principals are cached for PRINCIPAL_CACHE_MS (misses are not, so a new token works at once).
 */
export async function principalForToken(db: Db, token: string): Promise<Principal | null> {
  const tokenHash = await sha256Hex(token);
  const cached = tokenPrincipals.get(tokenHash);
  if (cached) return cached;
  const row = await db
    .select({ tokenId: apiTokens.id, ...principalColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId))
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaces.id)))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return null;
  const principal = toPrincipal(row, row.tokenId);
  tokenPrincipals.set(tokenHash, principal);
  return principal;
}

export async function revokeApiToken(db: Db, tokenId: string, now: number): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, tokenId)).run();
  tokenPrincipals.deleteWhere((principal) => principal.tokenId === tokenId);
}
