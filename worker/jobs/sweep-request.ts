// A workspace hub's alarm asks for a sweep through the queue (the hub holds sockets, not storage): the consumer sweeps
// that workspace, then tells the hub to keep its alarm armed while the workspace still has active jobs.
import { makeDb } from "../db/client.ts";
import { hasActiveJobs } from "../db/jobs/maintenance.ts";
import type { Decision, EngineDeps } from "./engine.ts";
import { sweep } from "./sweeper.ts";

export async function sweepForHub(deps: EngineDeps, workspaceId: string): Promise<Decision> {
  const now = (deps.clock ?? Date.now)();
  const report = await sweep(deps.env, deps.enqueuer, now, workspaceId);
  if (report.recovered + report.requeued + report.deadLettered > 0) {
    console.log(`sweep of workspace ${workspaceId}:`, JSON.stringify(report));
  }
  if (await hasActiveJobs(makeDb(deps.env.DB), workspaceId)) {
    await deps.env.HUB.get(deps.env.HUB.idFromName(workspaceId)).armSweeper();
  }
  return { kind: "ack", why: "workspace swept" };
}
