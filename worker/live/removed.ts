// Tells the workspace's open pages and TUIs that jobs left D1 (retention or discard), so their rows go at once instead
// of at the next refetch. Best effort, like every live event: a hub that fails is logged, the jobs are archived and
// deleted all the same, and a client that missed the event still drops the rows at its next refetch.
import type { WorkspaceHub } from "../../durable-objects/workspace-hub.ts";

export async function announceRemoved(
  hub: DurableObjectNamespace<WorkspaceHub>,
  workspaceId: string,
  jobIds: string[],
  archiveDate: string,
): Promise<void> {
  if (jobIds.length === 0) return;
  try {
    await hub.get(hub.idFromName(workspaceId)).removeMany(workspaceId, jobIds, archiveDate);
  } catch (error) {
    console.warn(`live "removed" event for ${jobIds.length} job(s) in workspace ${workspaceId} failed:`, error);
  }
}
