// Firing schedules: each due schedule claims its due time (worker/db/schedules.ts claimFire) and moves on to its next
// time after now, so times missed while the app was down fire once, not once per missed time; the claim's winner
// creates the job (idempotent on schedule + due time) or records why not (overlap skip, a payload its type no longer
// accepts). Run now is a fire keyed by the moment it was asked for. Driven by the sweeper: the cron in production,
// the hub's alarm locally, armed for the next due time.
import { ValidationFailed } from "../../api/errors.ts";
import { isActive } from "../../api/lifecycle.ts";
import { priorityOf } from "../../api/priority.ts";
import { nextRun } from "../../api/schedules.ts";
import { makeDb } from "../../db/client.ts";
import { getJobById } from "../../db/jobs/read.ts";
import { claimFire, dueSchedules, findScheduleById, recordRun, staleClaims } from "../../db/schedules.ts";
import type { ScheduleRow } from "../../db/schema.ts";
import { type CreateDeps, createJob } from "../create.ts";

/** Schedules one sweep fires at most. */
const FIRES_PER_SWEEP = 100;
/** A claim this old without an outcome lost its job's creation to a crash: the sweeper finishes it. */
const CLAIM_GRACE_MS = 30_000;

export interface FireReport {
  created: number;
  skipped: number;
  failed: number;
}

export async function fireDueSchedules(deps: CreateDeps, now: number, workspaceId?: string): Promise<FireReport> {
  const db = makeDb(deps.env.DB);
  const report: FireReport = { created: 0, skipped: 0, failed: 0 };
  for (const schedule of await dueSchedules(db, now, FIRES_PER_SWEEP, workspaceId)) {
    const dueAt = schedule.nextRunAt as number;
    const next = nextRun(schedule.cron, schedule.timezone, Math.max(now, dueAt));
    if (!(await claimFire(db, schedule, { dueAt, kind: "cron", nextRunAt: next }, now))) continue;
    report[await fire(deps, schedule, dueAt, now)]++;
  }
  for (const run of await staleClaims(db, now - CLAIM_GRACE_MS, FIRES_PER_SWEEP, workspaceId)) {
    const schedule = await findScheduleById(db, run.scheduleId);
    if (schedule) report[await fire(deps, schedule, run.dueAt, now)]++;
  }
  return report;
}

/** Run now: a fire of its own, whatever the cron says (overlap still applies). */
export async function runScheduleNow(deps: CreateDeps, schedule: ScheduleRow, now: number) {
  const db = makeDb(deps.env.DB);
  if (!(await claimFire(db, schedule, { dueAt: now, kind: "run_now", nextRunAt: null }, now))) {
    return { outcome: "skipped" as const };
  }
  return { outcome: await fire(deps, schedule, now, now) };
}

async function fire(
  deps: CreateDeps,
  schedule: ScheduleRow,
  dueAt: number,
  now: number,
): Promise<"created" | "skipped" | "failed"> {
  const db = makeDb(deps.env.DB);
  if (schedule.overlap === "skip" && schedule.lastJobId) {
    const previous = await getJobById(db, schedule.lastJobId);
    if (previous && isActive(previous.status)) {
      const detail = `skipped: the previous job ${previous.id} is still ${previous.status}`;
      await recordRun(db, schedule, dueAt, { outcome: "skipped", detail }, now);
      return "skipped";
    }
  }
  try {
    const { job } = await createJob(deps, {
      workspaceId: schedule.workspaceId,
      type: schedule.type,
      payload: JSON.parse(schedule.payload),
      idempotency: { scope: { kind: "schedule", scheduleId: schedule.id }, key: String(dueAt) },
      createdBy: schedule.createdBy ? { id: schedule.createdBy, label: `schedule “${schedule.name}”` } : null,
      priority: priorityOf(schedule.priority),
      scheduleId: schedule.id,
    });
    await recordRun(db, schedule, dueAt, { outcome: "created", jobId: job.id }, now);
    return "created";
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    const detail = `the payload no longer passes ${schedule.type}: ${Object.entries(error.fields)
      .map(([field, problems]) => `${field} ${problems.join(", ")}`)
      .join("; ")}`;
    await recordRun(db, schedule, dueAt, { outcome: "failed", detail }, now);
    return "failed";
  }
}
