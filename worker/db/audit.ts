// The workspace audit: who changed something that touches many jobs at once without an event on each (a lane paused,
// the running limit, retention set, jobs discarded). Pruned by the sweeper after 90 days.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "./client.ts";
import { workspaceAudit } from "./schema.ts";

export function auditInsert(db: Db, workspaceId: string, at: number, actor: string, action: string, detail: string) {
  return db.insert(workspaceAudit).values({ workspaceId, at, actor, action, detail });
}

/** The workspace's latest audit rows of some actions, newest first. */
export async function listAudit(db: Db, workspaceId: string, actions: readonly string[], limit: number) {
  return db
    .select()
    .from(workspaceAudit)
    .where(and(eq(workspaceAudit.workspaceId, workspaceId), inArray(workspaceAudit.action, [...actions])))
    .orderBy(desc(workspaceAudit.id))
    .limit(limit)
    .all();
}
