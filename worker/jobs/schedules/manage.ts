// Creating and changing schedules: the cron and time zone are checked by croner, the payload by its type's schema
// (nothing is stored on a 422), and next_run_at follows every change (null while paused). The workspace's hub is
// told of the next fire, so a local run fires on time with no cron to drive it.
import { fieldErrors, ValidationFailed } from "../../api/errors.ts";
import { priorityRank } from "../../api/priority.ts";
import { cronProblem, nextRun, type ScheduleCreate, type SchedulePatch } from "../../api/schedules.ts";
import { makeDb } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { insertSchedule, updateSchedule } from "../../db/schedules.ts";
import type { ScheduleRow } from "../../db/schema.ts";
import { engineConfig } from "../config.ts";
import { wakeHubAt } from "../hub-wake.ts";
import { handlerFor, knownJobTypes } from "../registry.ts";

/**
 * The payload a schedule with this cron, time zone, type and payload would store, or a 422 naming each problem (also
 * what the New schedule page asks about a form its schema refused, so one answer names every problem).
 */
export function checkSchedule(
  env: Env,
  fields: { cron: string; timezone: string; type: string; payload: unknown },
): unknown {
  const problems: Record<string, string[]> = {};
  const cron = cronProblem(fields.cron, fields.timezone);
  if (cron) problems[cron.field] = [cron.message];
  const config = engineConfig(env);
  const handler = handlerFor(fields.type, config);
  let payload: unknown = fields.payload;
  if (!handler) {
    problems.type = [`unknown job type; expected one of: ${knownJobTypes(config).join(", ")}`];
  } else {
    const parsed = handler.payload.safeParse(fields.payload ?? {});
    if (parsed.success) payload = fields.payload ?? {};
    else Object.assign(problems, fieldErrors(parsed.error, "payload"));
  }
  if (Object.keys(problems).length > 0) throw new ValidationFailed(problems);
  return payload;
}

async function announceNext(env: Env, schedule: ScheduleRow): Promise<ScheduleRow> {
  if (schedule.nextRunAt !== null) await wakeHubAt(env, schedule.workspaceId, schedule.nextRunAt);
  return schedule;
}

export async function createSchedule(
  env: Env,
  workspaceId: string,
  input: ScheduleCreate,
  actor: { userId: string; label: string },
  now: number,
): Promise<ScheduleRow> {
  const payload = checkSchedule(env, input);
  const schedule = await insertSchedule(makeDb(env.DB), {
    id: newId(),
    workspaceId,
    name: input.name,
    cron: input.cron,
    timezone: input.timezone,
    type: input.type,
    payload: JSON.stringify(payload),
    priority: priorityRank(input.priority),
    overlap: input.overlap,
    pausedAt: input.enabled ? null : now,
    pausedBy: input.enabled ? null : actor.label,
    nextRunAt: input.enabled ? nextRun(input.cron, input.timezone, now) : null,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  });
  return announceNext(env, schedule);
}

/** Applies a patch; `enabled` pauses or resumes (a resumed schedule's next fire is the next time after now). */
export async function changeSchedule(
  env: Env,
  schedule: ScheduleRow,
  patch: SchedulePatch,
  actor: { label: string },
  now: number,
): Promise<ScheduleRow | null> {
  const cron = patch.cron ?? schedule.cron;
  const timezone = patch.timezone ?? schedule.timezone;
  const payload = checkSchedule(env, {
    cron,
    timezone,
    type: schedule.type,
    payload: patch.payload === undefined ? JSON.parse(schedule.payload) : patch.payload,
  });
  const enabled = patch.enabled ?? schedule.pausedAt === null;
  const timing = cron !== schedule.cron || timezone !== schedule.timezone;
  const resumed = enabled && schedule.pausedAt !== null;
  const updated = await updateSchedule(makeDb(env.DB), schedule, {
    ...(patch.name === undefined ? {} : { name: patch.name }),
    cron,
    timezone,
    payload: JSON.stringify(payload),
    ...(patch.priority === undefined ? {} : { priority: priorityRank(patch.priority) }),
    ...(patch.overlap === undefined ? {} : { overlap: patch.overlap }),
    pausedAt: enabled ? null : (schedule.pausedAt ?? now),
    pausedBy: enabled ? null : (schedule.pausedBy ?? actor.label),
    nextRunAt: !enabled ? null : timing || resumed ? nextRun(cron, timezone, now) : schedule.nextRunAt,
    updatedAt: now,
  });
  return updated ? announceNext(env, updated) : null;
}
