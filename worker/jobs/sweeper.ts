// The sweeper: re-enqueues running jobs whose lease expired (their consumer died or the continuation was lost) and
// admitted pending jobs whose message was lost (local queues drop in-memory messages on restart), and admits waiting
// jobs into slots nobody filled. Duplicates are harmless:
// the engine's compare-and-set claim lets exactly one message win.

import { METRICS_RETENTION_MS, MINUTE_RETENTION_MS } from "../api/metrics.ts";
import { findOverdueAlertDeliveries, pruneAlerts } from "../db/alerts.ts";
import { type Db, makeDb } from "../db/client.ts";
import { admitWaiting, workspacesWithWaiting } from "../db/jobs/admission.ts";
import {
  findExpiredExports,
  findExpiredLeases,
  findOverduePending,
  markEnqueued,
  markExportPurged,
} from "../db/jobs/maintenance.ts";
import { pruneLaneAudit } from "../db/lanes.ts";
import { pruneMetrics, sampleGauges } from "../db/metrics.ts";
import { pruneScheduleRuns } from "../db/schedules.ts";
import { findOverdueCallbacks, pruneWebhookHistory } from "../db/webhooks.ts";
import { evaluateAlerts } from "./alerts/evaluate.ts";
import { admittedMessage } from "./announce.ts";
import { pruneRound } from "./archive/prune.ts";
import type { Enqueuer } from "./messages.ts";

/** A pending job is only considered lost once it has waited this long past its due time. */
export const LOST_MESSAGE_GRACE_MS = 20_000;
const BATCH = 200;

export interface SweepReport {
  recovered: number;
  deadLettered: number;
  requeued: number;
  exportsPurged: number;
  callbacksRequeued: number;
  /** Waiting jobs admitted because slots were free (a change that should have admitted them was lost or is new). */
  admitted: number;
  alertsOpened: number;
  alertsResolved: number;
  /** Jobs past retention archived and removed from D1 (by the global sweep). */
  archived: number;
}

/** Delivery logs are kept this long; webhook-id receipts for the 5-minute tolerance plus a day, with margin. */
const DELIVERY_LOG_MS = 14 * 24 * 3_600_000;
const RECEIPTS_MS = 2 * 24 * 3_600_000;
/** Who paused a lane or set the limit is kept for 90 days. */
const LANE_AUDIT_MS = 90 * 24 * 3_600_000;
/** Resolved incidents are kept 90 days, alert deliveries 30 (pruned in bounded batches). */
const RESOLVED_INCIDENTS_MS = 90 * 24 * 3_600_000;
const ALERT_DELIVERIES_MS = 30 * 24 * 3_600_000;
const ALERTS_PRUNE_BATCH = 1_000;
/** A schedule's runs are kept 90 days (its jobs follow the jobs' own retention). */
const SCHEDULE_RUNS_MS = 90 * 24 * 3_600_000;

export async function sweep(env: Env, enqueuer: Enqueuer, now: number, workspaceId?: string): Promise<SweepReport> {
  const db = makeDb(env.DB);
  const report: SweepReport = {
    recovered: 0,
    deadLettered: 0,
    requeued: 0,
    exportsPurged: 0,
    callbacksRequeued: 0,
    admitted: 0,
    alertsOpened: 0,
    alertsResolved: 0,
    archived: 0,
  };
  for (const job of await findExpiredLeases(db, now, BATCH, workspaceId)) {
    const message = { jobId: job.id, workspaceId: job.workspaceId, run: job.run, lease: null };
    if (job.attempts >= job.maxAttempts) {
      await enqueuer.deadLetter(message);
      report.deadLettered++;
    } else {
      await enqueuer.enqueue(message);
      report.recovered++;
    }
  }
  report.admitted = await repairAdmissions(db, enqueuer, now, workspaceId);
  const overdue = await findOverduePending(db, now - LOST_MESSAGE_GRACE_MS, BATCH, workspaceId);
  for (const job of overdue) {
    await enqueuer.enqueue({ jobId: job.id, workspaceId: job.workspaceId, run: job.run, lease: null });
  }
  await markEnqueued(
    db,
    overdue.map((j) => j.id),
    now,
  );
  report.requeued = overdue.length;
  for (const job of await findExpiredExports(db, now, BATCH, workspaceId)) {
    const key = (JSON.parse(job.result ?? "{}") as { key?: string }).key;
    if (key) await env.FILES.delete(key);
    await markExportPurged(db, job, now);
    report.exportsPurged++;
  }
  for (const callback of await findOverdueCallbacks(db, now - LOST_MESSAGE_GRACE_MS, BATCH, workspaceId)) {
    await enqueuer.enqueueCallback(callback.id);
    report.callbacksRequeued++;
  }
  for (const delivery of await findOverdueAlertDeliveries(db, now - LOST_MESSAGE_GRACE_MS, BATCH, workspaceId)) {
    await enqueuer.enqueueAlert(delivery.id);
  }
  // Windows and waits need a clock: every enabled rule (of this workspace, or all) is evaluated each sweep.
  const alerts = await evaluateAlerts(env, enqueuer, now, workspaceId ? { workspaceId } : {});
  report.alertsOpened = alerts.opened;
  report.alertsResolved = alerts.resolved;
  // Pruning is global: the cron (and `npm start`) sweep does it.
  // Queue depth and running jobs per type, for the metrics' gauges (the latest sample of a minute wins).
  await sampleGauges(db, now, workspaceId);
  if (!workspaceId) {
    await pruneWebhookHistory(db, now - DELIVERY_LOG_MS, now - RECEIPTS_MS);
    await pruneLaneAudit(db, now - LANE_AUDIT_MS);
    await pruneAlerts(db, now - RESOLVED_INCIDENTS_MS, now - ALERT_DELIVERIES_MS, ALERTS_PRUNE_BATCH);
    await pruneScheduleRuns(db, now - SCHEDULE_RUNS_MS, ALERTS_PRUNE_BATCH);
    // Minute buckets after 48 hours (their hour rows were written with them), hour buckets after 14 days.
    await pruneMetrics(db, now - MINUTE_RETENTION_MS, now - METRICS_RETENTION_MS, METRICS_PRUNE_BATCH);
    // Jobs past their workspace's retention: archived to R2, then deleted, part by part within the budget.
    const pruned = await pruneRound(env, now, PRUNE_BUDGET_MS);
    report.archived = pruned.archivedJobs;
  }
  return report;
}

/**
 * How long one sweep's pruner may keep starting parts: each part is a handful of short statements, so this bounds the
 * sweep's length, not how long any page waits. At 200 jobs a part, a minute's cron archives thousands of jobs.
 */
export const PRUNE_BUDGET_MS = 10_000;

/** Metric rows one sweep deletes per resolution at most, so pruning never holds D1 for long. */
const METRICS_PRUNE_BATCH = 5_000;

/** Workspaces whose waiting jobs one sweep looks at. */
const ADMISSION_WORKSPACES = 100;

/**
 * Fills free slots that no change filled: admission normally rides in the batch that frees a slot, so this only finds
 * work after a crash mid-change, a backoff job's type resumed elsewhere, or a limit raised by hand in D1.
 */
async function repairAdmissions(db: Db, enqueuer: Enqueuer, now: number, workspaceId?: string): Promise<number> {
  const workspaces = workspaceId ? [workspaceId] : await workspacesWithWaiting(db, ADMISSION_WORKSPACES);
  let admitted = 0;
  for (const id of workspaces) {
    const rows = await admitWaiting(db, id, now);
    if (rows.length > 0) await enqueuer.enqueueMany(rows.map(admittedMessage));
    admitted += rows.length;
  }
  return admitted;
}
