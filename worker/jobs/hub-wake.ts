// Telling a workspace's hub when time next matters (a schedule's fire, a delayed job's start): its alarm drives the
// sweeper locally, where crons do not fire, and in production it makes those times exact instead of the cron's minute.
export async function wakeHubAt(env: Env, workspaceId: string, at: number): Promise<void> {
  await env.HUB.get(env.HUB.idFromName(workspaceId)).wakeAt(workspaceId, at);
}
