// The workspace audit: who changed something that touches many jobs at once without an event on each (a lane paused,
// the running limit, retention set, jobs discarded). Pruned by the sweeper after 90 days.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "./client.ts";
import { workspaceAudit } from "./schema.ts";

/** The audited actions of the lanes (the lanes strip's history). */
export const LANE_AUDIT_ACTIONS = ["type_paused", "type_resumed", "max_running_set"] as const;
/** The audited actions of retention and discard (Admin → Archives, Recent changes). */
export const ARCHIVE_AUDIT_ACTIONS = ["retention_set", "jobs_discarded"] as const;
export type ArchiveAuditAction = (typeof ARCHIVE_AUDIT_ACTIONS)[number];
export type AuditAction = (typeof LANE_AUDIT_ACTIONS)[number] | ArchiveAuditAction;

export function auditInsert(
  db: Db,
  workspaceId: string,
  at: number,
  actor: string,
  action: AuditAction,
  detail: string,
) {
  return db.insert(workspaceAudit).values({ workspaceId, at, actor, action, detail });
}

/** The workspace's latest audit rows of some actions, newest first. */
export async function listAudit(db: Db, workspaceId: string, actions: readonly AuditAction[], limit: number) {
  return db
    .select()
    .from(workspaceAudit)
    .where(and(eq(workspaceAudit.workspaceId, workspaceId), inArray(workspaceAudit.action, [...actions])))
    .orderBy(desc(workspaceAudit.id))
    .limit(limit)
    .all();
}
