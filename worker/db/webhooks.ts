// The webhook-endpoints data layer. Secrets are sealed (AES-GCM) before they reach D1 and opened only to sign/verify.
import { and, eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { type WebhookEndpointRow, webhookEndpoints } from "./schema.ts";

export async function insertWebhookEndpoint(
  db: Db,
  input: { id: string; workspaceId: string; name: string; secretSealed: string; createdBy: string | null; now: number },
): Promise<void> {
  await db.insert(webhookEndpoints).values({ ...input, createdAt: input.now, updatedAt: input.now });
}

export async function findEndpointByName(
  db: Db,
  workspaceId: string,
  name: string,
): Promise<WebhookEndpointRow | undefined> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.name, name)))
    .get();
}
