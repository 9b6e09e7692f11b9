// The lanes an operator sees and steers (DESIGN.md "Lanes"): each job type's running and waiting jobs against the
// workspace's limit, pausing and resuming a type, and setting the limit. Every change publishes the jobs whose wait
// changed and enqueues the jobs it admitted.
import type { LaneChangeJson, LanesResponse } from "../api/lanes.ts";
import { makeDb } from "../db/client.ts";
import {
  type LaneChange,
  listLaneAudit,
  listLaneStats,
  pauseType,
  readLaneContext,
  resumeType,
  setMaxRunning,
} from "../db/lanes.ts";
import type { ActionDeps } from "./actions.ts";
import { enqueueAdmitted } from "./announce.ts";
import type { EngineConfig } from "./config.ts";
import { knownJobTypes } from "./registry.ts";

/** Lane changes listed with the lanes. */
const CHANGES_SHOWN = 10;

const iso = (ms: number) => new Date(ms).toISOString();

export async function lanesOf(env: Env, config: EngineConfig, workspaceId: string, now = Date.now()) {
  const db = makeDb(env.DB);
  const [context, stats, audit] = await Promise.all([
    readLaneContext(db, workspaceId),
    listLaneStats(db, workspaceId, knownJobTypes(config)),
    listLaneAudit(db, workspaceId, CHANGES_SHOWN),
  ]);
  return {
    lanes: stats.map((lane) => ({
      type: lane.type,
      running: lane.running,
      limit: context.maxRunning,
      queued: lane.queued,
      oldest_wait_ms: lane.oldestDueAt === null ? null : Math.max(0, now - lane.oldestDueAt),
      paused: lane.pausedBy !== null,
      paused_by: lane.pausedBy,
      paused_at: lane.pausedAt === null ? null : iso(lane.pausedAt),
    })),
    max_running: context.maxRunning,
    in_use: context.inUse,
    changes: audit.map((row) => ({
      at: iso(row.at),
      actor: row.actor,
      action: row.action as LaneChangeJson["action"],
      detail: row.detail,
    })),
  } satisfies LanesResponse;
}

async function afterLaneChange(deps: ActionDeps, change: LaneChange): Promise<LaneChange> {
  // Jobs that gave their slot back now wait for the type; the admitted ones go on the queue.
  for (const job of change.unadmitted) deps.publisher.transition(job);
  await enqueueAdmitted(deps, change.admitted);
  await deps.publisher.flush();
  return change;
}

export async function pauseLane(deps: ActionDeps, workspaceId: string, type: string, actor: string) {
  const now = (deps.clock ?? Date.now)();
  return afterLaneChange(deps, await pauseType(makeDb(deps.env.DB), workspaceId, type, actor, now));
}

export async function resumeLane(deps: ActionDeps, workspaceId: string, type: string, actor: string) {
  const now = (deps.clock ?? Date.now)();
  return afterLaneChange(deps, await resumeType(makeDb(deps.env.DB), workspaceId, type, actor, now));
}

export async function setLaneLimit(deps: ActionDeps, workspaceId: string, maxRunning: number, actor: string) {
  const now = (deps.clock ?? Date.now)();
  return afterLaneChange(deps, await setMaxRunning(makeDb(deps.env.DB), workspaceId, maxRunning, actor, now));
}
