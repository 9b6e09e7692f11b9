// A workspace's retention settings (DESIGN.md "Retention and archive"): days per ended status, read by the settings
// API and the pruner, set by an owner with an audit row.
import { eq } from "drizzle-orm";
import type { Retention } from "../api/retention.ts";
import { auditInsert } from "./audit.ts";
import { type Db, runBatch } from "./client.ts";
import { workspaces } from "./schema.ts";

const columns = {
  completed_days: workspaces.retentionCompletedDays,
  failed_days: workspaces.retentionFailedDays,
  dead_letter_days: workspaces.retentionDeadLetterDays,
  cancelled_days: workspaces.retentionCancelledDays,
};

const fields = {
  completed_days: "retentionCompletedDays",
  failed_days: "retentionFailedDays",
  dead_letter_days: "retentionDeadLetterDays",
  cancelled_days: "retentionCancelledDays",
} as const;

export interface WorkspaceRetention {
  workspaceId: string;
  retention: Retention;
}

/** Every workspace with its retention, for the pruner (a workspace is a row; there are few). */
export async function allRetention(db: Db): Promise<WorkspaceRetention[]> {
  const rows = await db
    .select({ id: workspaces.id, ...columns })
    .from(workspaces)
    .orderBy(workspaces.id)
    .all();
  return rows.map(({ id, ...retention }) => ({ workspaceId: id, retention }));
}

export async function retentionOf(db: Db, workspaceId: string): Promise<Retention | undefined> {
  return db.select(columns).from(workspaces).where(eq(workspaces.id, workspaceId)).get();
}

/** Applies the changed settings and records who changed what (nothing is written when nothing changes). */
export async function setRetention(
  db: Db,
  workspaceId: string,
  patch: Partial<Retention>,
  actor: string,
  now: number,
): Promise<void> {
  const before = await retentionOf(db, workspaceId);
  if (!before) return;
  const changed = (Object.keys(patch) as (keyof Retention)[]).filter(
    (key) => patch[key] !== undefined && patch[key] !== before[key],
  );
  if (changed.length === 0) return;
  const set = Object.fromEntries(changed.map((key) => [fields[key], patch[key]]));
  const detail = changed.map((key) => `${key} ${before[key]} → ${patch[key]}`).join(", ");
  await runBatch(db, [
    db.update(workspaces).set(set).where(eq(workspaces.id, workspaceId)),
    auditInsert(db, workspaceId, now, actor, "retention_set", detail),
  ]);
}
