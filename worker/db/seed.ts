// The local demo seed (idempotent): workspaces acme and globex, their users, an inbound webhook endpoint for acme,
// and a sample catalogue. Runs only through the development-only route; never part of production.
import type { SeedReport } from "../api/dev.ts";
import type { ProductInput } from "../api/payloads.ts";
import { hashPassword } from "../domain/passwords.ts";
import { deriveKey, open, SecretBoxError, seal } from "../domain/secret-box.ts";
import { generateSecret } from "../domain/standard-webhooks.ts";
import { findUserByEmail, findWorkspaceBySlug } from "./auth.ts";
import { type Db, runBatch } from "./client.ts";
import { newId } from "./ids.ts";
import { upsertProductStatements } from "./products.ts";
import { memberships, users, workspaces } from "./schema.ts";
import { findEndpointByName, insertWebhookEndpoint, updateEndpoint } from "./webhooks.ts";

export const DEMO_PASSWORD = "dutyleak-demo";

const DEMO = [
  {
    slug: "acme",
    name: "Acme Imports",
    members: [
      ["owner@acme.test", "owner"],
      ["admin@acme.test", "admin"],
      ["member@acme.test", "member"],
    ],
  },
  { slug: "globex", name: "Globex Trading", members: [["admin@globex.test", "admin"]] },
] as const;

async function ensureWorkspace(db: Db, slug: string, name: string, now: number): Promise<string> {
  await db.insert(workspaces).values({ id: newId(), slug, name, createdAt: now }).onConflictDoNothing();
  const row = await findWorkspaceBySlug(db, slug);
  if (!row) throw new Error(`workspace ${slug} missing after insert`);
  return row.id;
}

async function ensureUser(db: Db, email: string, now: number): Promise<string> {
  const existing = await findUserByEmail(db, email);
  if (existing) return existing.id;
  const id = newId();
  const name = email.split("@")[0] ?? email;
  await db
    .insert(users)
    .values({ id, email, name, passwordHash: await hashPassword(DEMO_PASSWORD), createdAt: now })
    .onConflictDoNothing();
  return (await findUserByEmail(db, email))?.id ?? id;
}

export async function seedDemo(
  db: Db,
  options: { secretsKey: string; catalogue: ProductInput[]; now: number },
): Promise<SeedReport> {
  const { now } = options;
  const logins: SeedReport["logins"] = [];
  const workspaceIds = new Map<string, string>();
  for (const ws of DEMO) {
    const workspaceId = await ensureWorkspace(db, ws.slug, ws.name, now);
    workspaceIds.set(ws.slug, workspaceId);
    for (const [email, role] of ws.members) {
      const userId = await ensureUser(db, email, now);
      await db.insert(memberships).values({ workspaceId, userId, role, createdAt: now }).onConflictDoNothing();
      logins.push({ email, workspace: ws.slug, role });
    }
  }
  const acmeId = workspaceIds.get("acme") as string;
  const webhook = await ensureDemoEndpoint(db, acmeId, options.secretsKey, now);
  await runBatch(db, upsertProductStatements(db, acmeId, "seed", options.catalogue, now));
  return {
    logins,
    password: DEMO_PASSWORD,
    webhook,
    products: options.catalogue.length,
  };
}

/** The demo endpoint and its secret; re-issued if the stored one cannot be opened (e.g. SECRETS_KEY changed). */
async function ensureDemoEndpoint(db: Db, workspaceId: string, secretsKey: string, now: number) {
  const key = await deriveKey(secretsKey);
  let endpoint = await findEndpointByName(db, workspaceId, "Demo ERP");
  if (!endpoint) {
    const id = newId();
    endpoint = await insertWebhookEndpoint(db, {
      id,
      workspaceId,
      name: "Demo ERP",
      secretSealed: await seal(key, generateSecret(), id),
      createdBy: null,
      now,
    });
  }
  let secret: string;
  try {
    secret = await open(key, endpoint.secretSealed, endpoint.id);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    secret = generateSecret();
    await updateEndpoint(db, endpoint.id, { secretSealed: await seal(key, secret, endpoint.id) }, now);
  }
  return { endpoint_id: endpoint.id, secret, url_path: `/webhooks/v1/imports/${endpoint.id}` };
}
