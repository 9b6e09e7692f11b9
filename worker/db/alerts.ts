// The alerts store (DESIGN.md "Alerts"): rules, incidents and deliveries, and the reads the conditions are made of.
// Opening and resolving an incident each ride in one D1 batch with the delivery they owe, so an incident never opens
// without its delivery or twice: a partial unique index allows one firing incident per rule, and a unique
// (incident, event) index one delivery per opening and resolution.
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { DEAD_LETTER_STATUS, FAILURE_STATUSES, LEASED_STATUS, QUEUED_STATUS } from "../api/lifecycle.ts";
import { type Db, runBatch } from "./client.ts";
import { type AttemptOutcome, attemptColumns } from "./delivery-attempts.ts";
import {
  type AlertDeliveryRow,
  type AlertIncidentRow,
  type AlertRuleRow,
  alertDeliveries,
  alertIncidents,
  alertRules,
  jobs,
} from "./schema.ts";

// ——— rules ———

export type NewAlertRule = typeof alertRules.$inferInsert;

export async function insertAlertRule(db: Db, rule: NewAlertRule): Promise<AlertRuleRow> {
  const [row] = await db.insert(alertRules).values(rule).returning();
  return row as AlertRuleRow;
}

export async function findAlertRule(db: Db, workspaceId: string, id: string): Promise<AlertRuleRow | undefined> {
  return db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.workspaceId, workspaceId), eq(alertRules.id, id)))
    .get();
}

/** A workspace's rules oldest first, a page after `cursor` (a rule id). */
export async function listAlertRules(
  db: Db,
  workspaceId: string,
  page: { cursor?: string; limit: number },
): Promise<AlertRuleRow[]> {
  return db
    .select()
    .from(alertRules)
    .where(
      and(eq(alertRules.workspaceId, workspaceId), page.cursor ? sql`${alertRules.id} > ${page.cursor}` : undefined),
    )
    .orderBy(alertRules.id)
    .limit(page.limit)
    .all();
}

/** The rules an evaluation looks at: enabled, of one workspace or of all (a bounded page, oldest first). */
export async function enabledAlertRules(
  db: Db,
  scope: { workspaceId?: string; kinds?: readonly AlertRuleRow["kind"][]; limit: number },
): Promise<AlertRuleRow[]> {
  return db
    .select()
    .from(alertRules)
    .where(
      and(
        isNull(alertRules.disabledAt),
        scope.workspaceId ? eq(alertRules.workspaceId, scope.workspaceId) : undefined,
        scope.kinds ? inArray(alertRules.kind, [...scope.kinds]) : undefined,
      ),
    )
    .orderBy(alertRules.id)
    .limit(scope.limit)
    .all();
}

export async function updateAlertRule(
  db: Db,
  rule: AlertRuleRow,
  set: Partial<NewAlertRule>,
): Promise<AlertRuleRow | undefined> {
  const [row] = await db
    .update(alertRules)
    .set(set)
    .where(and(eq(alertRules.workspaceId, rule.workspaceId), eq(alertRules.id, rule.id)))
    .returning();
  return row;
}

/** Removes a rule with its incidents and deliveries (a pending delivery finds its rule gone and stops). */
export async function deleteAlertRule(db: Db, rule: AlertRuleRow): Promise<void> {
  await runBatch(db, [
    db.delete(alertDeliveries).where(eq(alertDeliveries.ruleId, rule.id)),
    db.delete(alertIncidents).where(eq(alertIncidents.ruleId, rule.id)),
    db.delete(alertRules).where(and(eq(alertRules.workspaceId, rule.workspaceId), eq(alertRules.id, rule.id))),
  ]);
}

// ——— what the conditions read ———

export interface Matching {
  /** Jobs that meet the condition, counted up to the read's cap. */
  count: number;
  /** The newest of them, newest first. */
  jobIds: string[];
}

const typeIs = (type: string | null) => (type ? eq(jobs.type, type) : undefined);

async function matching(db: Db, where: SQL | undefined, order: SQL, cap: number, shown: number): Promise<Matching> {
  const rows = await db.select({ id: jobs.id }).from(jobs).where(where).orderBy(order).limit(cap).all();
  return { count: rows.length, jobIds: rows.slice(0, shown).map((r) => r.id) };
}

/** Dead-lettered jobs that ended since `since` (by the (workspace, status, type, id) index, newest first). */
export function deadLettered(
  db: Db,
  workspaceId: string,
  type: string | null,
  since: number,
  cap: number,
  shown: number,
) {
  return matching(
    db,
    and(
      eq(jobs.workspaceId, workspaceId),
      eq(jobs.status, DEAD_LETTER_STATUS),
      typeIs(type),
      gte(jobs.completedAt, since),
    ),
    desc(jobs.id),
    cap,
    shown,
  );
}

/** Failed and dead-lettered jobs that ended since `since`, newest first: the jobs a failure-rate incident lists. */
export function recentFailures(db: Db, workspaceId: string, type: string | null, since: number, shown: number) {
  return matching(
    db,
    and(
      eq(jobs.workspaceId, workspaceId),
      inArray(jobs.status, [...FAILURE_STATUSES]),
      typeIs(type),
      gte(jobs.completedAt, since),
    ),
    desc(jobs.completedAt),
    shown,
    shown,
  );
}

/**
 * Pending jobs due before `dueBefore` (created, or backing off until then), oldest first: by the (workspace, status,
 * id) index, which stops at `cap` matches.
 */
export function waitingSince(
  db: Db,
  workspaceId: string,
  type: string | null,
  dueBefore: number,
  cap: number,
  shown: number,
) {
  return matching(
    db,
    and(
      eq(jobs.workspaceId, workspaceId),
      eq(jobs.status, QUEUED_STATUS),
      typeIs(type),
      lt(sql`coalesce(${jobs.runAfter}, ${jobs.createdAt})`, dueBefore),
    ),
    jobs.id as unknown as SQL,
    cap,
    shown,
  );
}

/** Running jobs whose last chunk (or start) is older than `before`, oldest first. */
export function stalledSince(
  db: Db,
  workspaceId: string,
  type: string | null,
  before: number,
  cap: number,
  shown: number,
) {
  return matching(
    db,
    and(
      eq(jobs.workspaceId, workspaceId),
      eq(jobs.status, LEASED_STATUS),
      typeIs(type),
      lt(sql`coalesce(${jobs.lastChunkAt}, ${jobs.startedAt}, ${jobs.updatedAt})`, before),
    ),
    jobs.id as unknown as SQL,
    cap,
    shown,
  );
}

// ——— incidents ———

/** The firing incidents of these rules. */
export async function firingIncidents(db: Db, ruleIds: readonly string[]): Promise<AlertIncidentRow[]> {
  if (ruleIds.length === 0) return [];
  return db
    .select()
    .from(alertIncidents)
    .where(and(inArray(alertIncidents.ruleId, [...ruleIds]), eq(alertIncidents.state, "firing")))
    .all();
}

export interface IncidentFacts {
  summary: string;
  jobIds: string[];
  jobCount: number;
}

function deliveryFor(db: Db, deliveryId: string, event: "firing" | "resolved", incident: SQL, now: number) {
  return db
    .insert(alertDeliveries)
    .select(
      db
        .select({
          id: sql<string>`${deliveryId}`.as("id"),
          ruleId: alertIncidents.ruleId,
          workspaceId: alertIncidents.workspaceId,
          incidentId: alertIncidents.id,
          event: sql<"firing" | "resolved">`${event}`.as("event"),
          status: sql<"pending">`'pending'`.as("status"),
          attempts: sql<number>`0`.as("attempts"),
          lastStatus: sql<null>`NULL`.as("last_status"),
          lastError: sql<null>`NULL`.as("last_error"),
          nextAttemptAt: sql<null>`NULL`.as("next_attempt_at"),
          createdAt: sql<number>`${now}`.as("created_at"),
          deliveredAt: sql<null>`NULL`.as("delivered_at"),
        })
        .from(alertIncidents)
        .where(incident),
    )
    .onConflictDoNothing()
    .returning({ id: alertDeliveries.id });
}

/**
 * Opens an incident for `rule` with its `firing` delivery, or, when one is already firing, updates what it lists.
 * Returns the delivery to send (null when the incident was already open).
 */
export async function openIncident(
  db: Db,
  rule: AlertRuleRow,
  ids: { incidentId: string; deliveryId: string },
  facts: IncidentFacts,
  now: number,
): Promise<string | null> {
  const [, delivered] = (await runBatch(db, [
    db
      .insert(alertIncidents)
      .values({
        id: ids.incidentId,
        ruleId: rule.id,
        workspaceId: rule.workspaceId,
        state: "firing",
        openedAt: now,
        summary: facts.summary,
        jobIds: JSON.stringify(facts.jobIds),
        jobCount: facts.jobCount,
        updatedAt: now,
      })
      .onConflictDoNothing(),
    deliveryFor(db, ids.deliveryId, "firing", eq(alertIncidents.id, ids.incidentId), now),
    db
      .update(alertIncidents)
      .set({ summary: facts.summary, jobIds: JSON.stringify(facts.jobIds), jobCount: facts.jobCount, updatedAt: now })
      .where(
        and(
          eq(alertIncidents.ruleId, rule.id),
          eq(alertIncidents.state, "firing"),
          sql`${alertIncidents.id} <> ${ids.incidentId}`,
        ),
      ),
  ])) as [unknown, { id: string }[], unknown];
  return delivered[0]?.id ?? null;
}

/** Resolves the rule's firing incident with its `resolved` delivery; returns the delivery (null: none was firing). */
export async function resolveIncident(
  db: Db,
  rule: AlertRuleRow,
  deliveryId: string,
  now: number,
): Promise<string | null> {
  const [resolved, delivered] = (await runBatch(db, [
    db
      .update(alertIncidents)
      .set({ state: "resolved", resolvedAt: now, updatedAt: now })
      .where(and(eq(alertIncidents.ruleId, rule.id), eq(alertIncidents.state, "firing")))
      .returning({ id: alertIncidents.id }),
    deliveryFor(
      db,
      deliveryId,
      "resolved",
      and(
        eq(alertIncidents.ruleId, rule.id),
        eq(alertIncidents.state, "resolved"),
        eq(alertIncidents.resolvedAt, now),
      ) as SQL,
      now,
    ),
  ])) as [{ id: string }[], { id: string }[]];
  return resolved.length > 0 ? (delivered[0]?.id ?? null) : null;
}

/** A workspace's incidents newest first (optionally of one state), a page before `cursor` (an incident id). */
export async function listIncidents(
  db: Db,
  workspaceId: string,
  page: { state?: "firing" | "resolved"; ruleId?: string; cursor?: string; limit: number },
): Promise<AlertIncidentRow[]> {
  return db
    .select()
    .from(alertIncidents)
    .where(
      and(
        eq(alertIncidents.workspaceId, workspaceId),
        page.state ? eq(alertIncidents.state, page.state) : undefined,
        page.ruleId ? eq(alertIncidents.ruleId, page.ruleId) : undefined,
        page.cursor ? lt(alertIncidents.id, page.cursor) : undefined,
      ),
    )
    .orderBy(desc(alertIncidents.id))
    .limit(page.limit)
    .all();
}

// ——— deliveries ———

export async function insertTestDelivery(
  db: Db,
  rule: AlertRuleRow,
  id: string,
  now: number,
): Promise<AlertDeliveryRow> {
  const [row] = await db
    .insert(alertDeliveries)
    .values({ id, ruleId: rule.id, workspaceId: rule.workspaceId, event: "test", status: "pending", createdAt: now })
    .returning();
  return row as AlertDeliveryRow;
}

/** A delivery that is due and not delivered, held for `holdMs` so a duplicate message cannot send it twice. */
export async function claimAlertDelivery(
  db: Db,
  id: string,
  now: number,
  holdMs: number,
): Promise<AlertDeliveryRow | undefined> {
  const [row] = await db
    .update(alertDeliveries)
    .set({ nextAttemptAt: now + holdMs })
    .where(
      and(
        eq(alertDeliveries.id, id),
        eq(alertDeliveries.status, "pending"),
        or(isNull(alertDeliveries.nextAttemptAt), lte(alertDeliveries.nextAttemptAt, now)),
      ),
    )
    .returning();
  return row;
}

export async function recordAlertAttempt(db: Db, id: string, outcome: AttemptOutcome): Promise<void> {
  const set = attemptColumns(outcome, sql`${alertDeliveries.attempts} + 1`);
  await db.update(alertDeliveries).set(set).where(eq(alertDeliveries.id, id)).run();
}

export async function findAlertIncident(db: Db, id: string): Promise<AlertIncidentRow | undefined> {
  return db.select().from(alertIncidents).where(eq(alertIncidents.id, id)).get();
}

export async function findAlertRuleById(db: Db, id: string): Promise<AlertRuleRow | undefined> {
  return db.select().from(alertRules).where(eq(alertRules.id, id)).get();
}

/** A rule's deliveries newest first, a page before `cursor` (a delivery id). */
export async function listAlertDeliveries(
  db: Db,
  ruleId: string,
  page: { cursor?: string; limit: number },
): Promise<AlertDeliveryRow[]> {
  return db
    .select()
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.ruleId, ruleId), page.cursor ? lt(alertDeliveries.id, page.cursor) : undefined))
    .orderBy(desc(alertDeliveries.id))
    .limit(page.limit)
    .all();
}

/** Pending deliveries whose message looks lost (due before `dueBefore`), for the sweeper to send again. */
export async function findOverdueAlertDeliveries(
  db: Db,
  dueBefore: number,
  limit: number,
  workspaceId?: string,
): Promise<AlertDeliveryRow[]> {
  return db
    .select()
    .from(alertDeliveries)
    .where(
      and(
        eq(alertDeliveries.status, "pending"),
        or(
          lt(alertDeliveries.nextAttemptAt, dueBefore),
          and(isNull(alertDeliveries.nextAttemptAt), lt(alertDeliveries.createdAt, dueBefore)),
        ),
        workspaceId ? eq(alertDeliveries.workspaceId, workspaceId) : undefined,
      ),
    )
    .limit(limit)
    .all();
}

/** Drops resolved incidents older than `resolvedBefore` and deliveries older than `deliveredBefore` (bounded). */
export async function pruneAlerts(
  db: Db,
  resolvedBefore: number,
  deliveredBefore: number,
  limit: number,
): Promise<void> {
  const oldIncidents = db
    .select({ id: alertIncidents.id })
    .from(alertIncidents)
    .where(and(eq(alertIncidents.state, "resolved"), lt(alertIncidents.resolvedAt, resolvedBefore)))
    .limit(limit);
  const oldDeliveries = db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(and(lt(alertDeliveries.createdAt, deliveredBefore), sql`${alertDeliveries.status} <> 'pending'`))
    .limit(limit);
  await runBatch(db, [
    db.delete(alertDeliveries).where(inArray(alertDeliveries.id, oldDeliveries)),
    db.delete(alertIncidents).where(inArray(alertIncidents.id, oldIncidents)),
  ]);
}

export async function rulesByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<AlertRuleRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.workspaceId, workspaceId), inArray(alertRules.id, [...ids])))
    .all();
}

/**
 * The latest `perRule` deliveries of each rule, newest first, for a page that lists many rules: one D1 batch of
 * small reads by the (rule, id) index rather than a round trip per rule.
 */
export async function latestDeliveriesOfRules(
  db: Db,
  ruleIds: readonly string[],
  perRule: number,
): Promise<Map<string, AlertDeliveryRow[]>> {
  const reads = ruleIds.map((id) =>
    db
      .select()
      .from(alertDeliveries)
      .where(eq(alertDeliveries.ruleId, id))
      .orderBy(desc(alertDeliveries.id))
      .limit(perRule),
  );
  const pages = (await runBatch(db, reads)) as AlertDeliveryRow[][];
  return new Map(ruleIds.map((id, i) => [id, pages[i] ?? []]));
}
