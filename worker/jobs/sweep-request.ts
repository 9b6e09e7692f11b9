// A workspace hub's alarm asks for a sweep through the queue (the hub holds sockets, not storage): the consumer sweeps
// that workspace and fires its due schedules, then tells the hub when to sweep next: soon while the workspace has
// active jobs, and no later than its next schedule fire or delayed job's start.
import { makeDb } from "../db/client.ts";
import { hasActiveJobs } from "../db/jobs/maintenance.ts";
import { nextDueAt } from "../db/schedules.ts";
import type { Decision, EngineDeps } from "./engine.ts";
import { fireDueSchedules } from "./schedules/fire.ts";
import { sweep } from "./sweeper.ts";

export async function sweepForHub(deps: EngineDeps, workspaceId: string): Promise<Decision> {
  const now = (deps.clock ?? Date.now)();
  const report = await sweep(deps.env, deps.enqueuer, now, workspaceId);
  if (report.recovered + report.requeued + report.deadLettered > 0) {
    console.log(`sweep of workspace ${workspaceId}:`, JSON.stringify(report));
  }
  await fireDueSchedules(deps, now, workspaceId);
  const db = makeDb(deps.env.DB);
  const [active, dueAt] = await Promise.all([hasActiveJobs(db, workspaceId), nextDueAt(db, workspaceId, now)]);
  if (active || dueAt !== null) await deps.env.HUB.get(deps.env.HUB.idFromName(workspaceId)).armSweeper(dueAt, active);
  return { kind: "ack", why: "workspace swept" };
}
