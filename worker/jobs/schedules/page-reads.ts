// What Admin → Schedules reads, a bounded keyset page and never a count: a page of schedules (one more read than
// shown, to know whether another page follows), each shown schedule's latest runs in one D1 batch, and the one run
// a Run now notice names.
import type { ScheduleJson, ScheduleRunJson } from "../../api/schedules.ts";
import { makeDb } from "../../db/client.ts";
import { findRun, latestRunsOfSchedules, listSchedules } from "../../db/schedules.ts";
import { scheduleJson, scheduleRunJson } from "./json.ts";

export const SCHEDULES_PER_PAGE = 50;
export const RUNS_PER_SCHEDULE = 10;

/** Schedules after `after`, oldest first, and the last one shown when more follow. */
export async function schedulesAfter(
  env: Env,
  workspaceId: string,
  after: string | undefined,
): Promise<{ schedules: ScheduleJson[]; nextAfter: string | null }> {
  const rows = await listSchedules(makeDb(env.DB), workspaceId, { cursor: after, limit: SCHEDULES_PER_PAGE + 1 });
  const shown = rows.slice(0, SCHEDULES_PER_PAGE);
  const nextAfter = rows.length > SCHEDULES_PER_PAGE ? (shown.at(-1)?.id ?? null) : null;
  return { schedules: shown.map(scheduleJson), nextAfter };
}

/** The latest runs of each of these schedules (of the caller's workspace, already loaded), newest first. */
export async function scheduleLogs(env: Env, scheduleIds: string[]): Promise<Map<string, ScheduleRunJson[]>> {
  const logs = await latestRunsOfSchedules(makeDb(env.DB), scheduleIds, RUNS_PER_SCHEDULE);
  return new Map([...logs].map(([id, runs]) => [id, runs.map(scheduleRunJson)]));
}

/** The run of a schedule (already loaded) due at `dueAt`, or null. */
export async function runDueAt(env: Env, scheduleId: string, dueAt: number): Promise<ScheduleRunJson | null> {
  const run = await findRun(makeDb(env.DB), scheduleId, dueAt);
  return run ? scheduleRunJson(run) : null;
}
