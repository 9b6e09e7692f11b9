// The webhooks data layer: inbound endpoints (secrets sealed, never plain), receipts for idempotency, the delivery
// log, and outbound job.finished callbacks.
import { and, count, desc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { type AttemptOutcome, attemptColumns } from "./delivery-attempts.ts";
import {
  type JobCallbackRow,
  jobCallbacks,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
  webhookDeliveries,
  webhookEndpoints,
  webhookReceipts,
} from "./schema.ts";

export async function insertWebhookEndpoint(
  db: Db,
  input: { id: string; workspaceId: string; name: string; secretSealed: string; createdBy: string | null; now: number },
): Promise<WebhookEndpointRow> {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ ...input, createdAt: input.now, updatedAt: input.now })
    .returning();
  if (!row) throw new Error("webhook endpoint insert returned nothing");
  return row;
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

/** For the inbound route, which knows only the id in the URL. */
export async function findEndpoint(db: Db, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
}

export async function findWorkspaceEndpoint(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<WebhookEndpointRow | undefined> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.workspaceId, workspaceId)))
    .get();
}

export async function listEndpoints(db: Db, workspaceId: string): Promise<WebhookEndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(webhookEndpoints.createdAt)
    .all();
}

/** The endpoint whose secret signs callbacks of jobs created through the API: the workspace's oldest active one. */
export async function defaultSigningEndpoint(db: Db, workspaceId: string): Promise<WebhookEndpointRow | undefined> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), isNull(webhookEndpoints.disabledAt)))
    .orderBy(webhookEndpoints.createdAt)
    .limit(1)
    .get();
}

export async function updateEndpoint(
  db: Db,
  id: string,
  set: Partial<
    Pick<
      WebhookEndpointRow,
      "secretSealed" | "previousSecretSealed" | "previousSecretExpiresAt" | "disabledAt" | "name"
    >
  >,
  now: number,
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...set, updatedAt: now })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  return row;
}

/** Deletes an endpoint with its receipts and delivery log; its jobs and their callbacks stay. */
export async function deleteEndpoint(db: Db, id: string): Promise<void> {
  await db.batch([
    db.delete(webhookReceipts).where(eq(webhookReceipts.endpointId, id)),
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)),
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)),
  ]);
}

export async function findReceipt(db: Db, endpointId: string, webhookId: string) {
  return db
    .select()
    .from(webhookReceipts)
    .where(and(eq(webhookReceipts.endpointId, endpointId), eq(webhookReceipts.webhookId, webhookId)))
    .get();
}

export async function recordReceipt(
  db: Db,
  input: { endpointId: string; webhookId: string; bodySha256: string; jobId: string; now: number },
): Promise<void> {
  await db
    .insert(webhookReceipts)
    .values({ ...input, receivedAt: input.now })
    .onConflictDoNothing()
    .run();
}

export async function logDelivery(db: Db, row: Omit<WebhookDeliveryRow, "id">): Promise<void> {
  await db.insert(webhookDeliveries).values(row).run();
}

export async function listDeliveries(db: Db, endpointId: string, limit: number): Promise<WebhookDeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
    .all();
}

type OutcomeCounts = Record<WebhookDeliveryRow["outcome"], number>;

/**
 * How many logged deliveries each of these endpoints has, per outcome (the log keeps 14 days). Filtering by endpoint
 * uses the log's (endpoint_id, id) index; chunks stay under D1's 100 bound parameters.
 */
export async function countDeliveries(db: Db, endpointIds: string[]): Promise<Map<string, OutcomeCounts>> {
  const counts = new Map<string, OutcomeCounts>();
  for (let i = 0; i < endpointIds.length; i += 90) {
    const rows = await db
      .select({ endpointId: webhookDeliveries.endpointId, outcome: webhookDeliveries.outcome, n: count() })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.endpointId, endpointIds.slice(i, i + 90)))
      .groupBy(webhookDeliveries.endpointId, webhookDeliveries.outcome)
      .all();
    for (const row of rows) {
      const entry = counts.get(row.endpointId) ?? { accepted: 0, replayed: 0, rejected: 0 };
      entry[row.outcome] = row.n;
      counts.set(row.endpointId, entry);
    }
  }
  return counts;
}

/** Keeps the delivery log and receipts bounded: log rows older than `logBefore`, receipts older than `receiptsBefore`. */
export async function pruneWebhookHistory(db: Db, logBefore: number, receiptsBefore: number): Promise<void> {
  await db.batch([
    db.delete(webhookDeliveries).where(lt(webhookDeliveries.receivedAt, logBefore)),
    db.delete(webhookReceipts).where(lt(webhookReceipts.receivedAt, receiptsBefore)),
  ]);
}

// ---- Outbound callbacks ----

/**
 * Claims a due callback for one delivery attempt by pushing its next attempt out by `holdMs`: a duplicate message
 * (or the sweeper) cannot deliver it a second time meanwhile.
 */
export async function claimCallback(
  db: Db,
  id: string,
  now: number,
  holdMs: number,
): Promise<JobCallbackRow | undefined> {
  const [row] = await db
    .update(jobCallbacks)
    .set({ nextAttemptAt: now + holdMs })
    .where(
      and(
        eq(jobCallbacks.id, id),
        eq(jobCallbacks.status, "pending"),
        or(isNull(jobCallbacks.nextAttemptAt), lte(jobCallbacks.nextAttemptAt, now)),
      ),
    )
    .returning();
  return row;
}

export async function recordCallbackAttempt(db: Db, id: string, outcome: AttemptOutcome): Promise<void> {
  const set = attemptColumns(outcome, sql`${jobCallbacks.attempts} + 1`);
  await db.update(jobCallbacks).set(set).where(eq(jobCallbacks.id, id)).run();
}

/** Pending callbacks whose attempt is overdue (their queue message was lost). */
export async function findOverdueCallbacks(
  db: Db,
  dueBefore: number,
  limit: number,
  workspaceId?: string,
): Promise<JobCallbackRow[]> {
  return db
    .select()
    .from(jobCallbacks)
    .where(
      and(
        eq(jobCallbacks.status, "pending"),
        lte(jobCallbacks.nextAttemptAt, dueBefore),
        workspaceId ? eq(jobCallbacks.workspaceId, workspaceId) : undefined,
      ),
    )
    .limit(limit)
    .all();
}

export async function listCallbacksForEndpoint(db: Db, endpointId: string, limit: number): Promise<JobCallbackRow[]> {
  return db
    .select()
    .from(jobCallbacks)
    .where(eq(jobCallbacks.endpointId, endpointId))
    .orderBy(desc(jobCallbacks.createdAt))
    .limit(limit)
    .all();
}
