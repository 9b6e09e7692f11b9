// The D1 schema (drizzle). Times are epoch milliseconds; JSON columns hold serialised text.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { SUMMED_METRICS } from "../api/metrics.ts";
import { JOB_STATUSES } from "../api/schema.ts";

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** How many of the workspace's jobs may hold a slot (admitted or running) at once: its lane's width. */
  maxRunning: integer("max_running").notNull().default(4),
  /** Days an ended job stays in D1 after it ended, per status (DESIGN.md "Retention and archive"; owner sets them). */
  retentionCompletedDays: integer("retention_completed_days").notNull().default(30),
  retentionFailedDays: integer("retention_failed_days").notNull().default(90),
  retentionDeadLetterDays: integer("retention_dead_letter_days").notNull().default(180),
  retentionCancelledDays: integer("retention_cancelled_days").notNull().default(30),
  createdAt: integer("created_at").notNull(),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` so the cost can be raised later. */
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    workspaceId: text("workspace_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["owner", "admin", "member", "viewer"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user").on(t.userId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    /** SHA-256 of the token: tokens are 256-bit random, so a fast hash is enough and lookups stay indexed. */
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("api_tokens_user").on(t.userId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the session cookie value. */
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_expiry").on(t.expiresAt)],
);

export const loginAttempts = sqliteTable("login_attempts", {
  /** What is throttled, e.g. `email:owner@acme.test` or `ip:127.0.0.1`. */
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: integer("window_started_at").notNull(),
  lockedUntil: integer("locked_until"),
});

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    type: text("type").notNull(),
    status: text("status", {
      enum: JOB_STATUSES,
    }).notNull(),
    payload: text("payload").notNull(),
    /** R2 key of a large input (over ~1 MB), read chunk by chunk. */
    inputKey: text("input_key"),
    cursor: text("cursor"),
    progress: integer("progress").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    total: integer("total"),
    currentItem: text("current_item"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    error: text("error"),
    createdBy: text("created_by"),
    createdByLabel: text("created_by_label"),
    idempotencyKey: text("idempotency_key"),
    /** Bumped by Retry/Resume so that messages of an earlier run are recognised as stale. */
    run: integer("run").notNull().default(1),
    /** Changes on every transition: the compare-and-set token for status changes. */
    rev: text("rev").notNull(),
    leaseId: text("lease_id"),
    leaseUntil: integer("lease_until"),
    /** Number of committed chunks; the chunk ledger's key. */
    stepSeq: integer("step_seq").notNull().default(0),
    control: text("control", { enum: ["cancel", "pause"] }),
    runAfter: integer("run_after"),
    enqueuedAt: integer("enqueued_at"),
    result: text("result"),
    callbackUrl: text("callback_url"),
    /** The inbound endpoint whose secret signs this job's callback (the one that created it, or the workspace's). */
    webhookEndpointId: text("webhook_endpoint_id"),
    /** The error's reason (worker/domain/error-signature.ts), set with every error the data layer writes. */
    errorSignature: text("error_signature"),
    /** Admission order among a workspace's waiting jobs: 0 high, 1 normal, 2 low (worker/api/priority.ts). */
    priority: integer("priority").notNull().default(1),
    /**
     * Whether the job holds one of its workspace's slots: set by admission (worker/db/jobs/admission.ts), cleared when
     * it leaves the slot statuses. Only an admitted job is on the queue, and only an admitted job can be claimed.
     */
    admitted: integer("admitted", { mode: "boolean" }).notNull().default(false),
    /** Who paused the job (an operator's email), while it is paused. */
    pausedBy: text("paused_by"),
    /** Time spent running, summed over its chunks (worker/api/pace.ts); a running job adds the time since lastChunkAt. */
    runMs: integer("run_ms").notNull().default(0),
    /** When the current run was claimed or last committed a chunk: where the next chunk's time is measured from. */
    lastChunkAt: integer("last_chunk_at"),
    /** The share of the job done (rows of a known total, else bytes of the source), for its pace and ETA. */
    doneFraction: real("done_fraction").notNull().default(0),
    /** The pace (worker/api/pace.ts): ms per whole job, its variance, a chunk's typical share, chunks seen, items/s. */
    paceMs: real("pace_ms"),
    paceVar: real("pace_var"),
    chunkFraction: real("chunk_fraction"),
    paceChunks: integer("pace_chunks").notNull().default(0),
    itemsRate: real("items_rate"),
    /** The job's row in the `job_search` FTS5 index (written by the triggers of migration 0005, never by code). */
    searchId: integer("search_id"),
    /** When it was asked to start (DESIGN.md "Schedules"): `run_at` of its creation, or a schedule's due time. */
    runAt: integer("run_at"),
    /** The schedule that created it, or null. */
    scheduleId: text("schedule_id"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    completedAt: integer("completed_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // Error groups and a group's jobs: partial (only jobs with an error have a signature, so the transitions of jobs
    // that run well never touch it) and covering (the grouping reads no table rows).
    index("jobs_ws_signature")
      .on(t.workspaceId, t.errorSignature, t.status, t.type, t.completedAt, t.id)
      .where(sql`${t.errorSignature} IS NOT NULL`),
    // Admission: a workspace's waiting jobs in the order they are admitted, and the slots its admitted jobs hold.
    index("jobs_ws_waiting")
      .on(t.workspaceId, t.priority, t.id)
      .where(sql`${t.status} = 'pending' AND ${t.admitted} = 0`),
    index("jobs_ws_admitted").on(t.workspaceId, t.status).where(sql`${t.admitted} = 1`),
    // The time range of a list (created_from/created_to).
    index("jobs_ws_created").on(t.workspaceId, t.createdAt),
    // Keyset list scans, newest first (ids are ULIDs, so id order is creation order).
    index("jobs_ws_id").on(t.workspaceId, t.id),
    index("jobs_ws_status_id").on(t.workspaceId, t.status, t.id),
    index("jobs_ws_type_id").on(t.workspaceId, t.type, t.id),
    index("jobs_ws_status_type_id").on(t.workspaceId, t.status, t.type, t.id),
    index("jobs_ws_creator_id").on(t.workspaceId, t.createdBy, t.id),
    // The sweeper's scans: expired leases and pending jobs whose message may be lost.
    index("jobs_status_lease").on(t.status, t.leaseUntil),
    index("jobs_status_run_after").on(t.status, t.runAfter),
    // The pruner: a workspace's ended jobs of a status, oldest end first (partial: only ended jobs have an end time,
    // so jobs that are still moving never touch it).
    index("jobs_ws_status_completed")
      .on(t.workspaceId, t.status, t.completedAt)
      .where(sql`${t.completedAt} IS NOT NULL`),
    uniqueIndex("jobs_ws_idempotency").on(t.workspaceId, t.idempotencyKey),
  ],
);

/** A job type an owner or admin paused for the workspace: its pending jobs are not admitted until it resumes. */
export const lanePauses = sqliteTable(
  "lane_pauses",
  {
    workspaceId: text("workspace_id").notNull(),
    type: text("type").notNull(),
    pausedBy: text("paused_by").notNull(),
    pausedAt: integer("paused_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.type] })],
);

export type LanePauseRow = typeof lanePauses.$inferSelect;

/**
 * Who changed a workspace's lanes and when (a type paused or resumed, the running limit set): the audit of changes
 * that touch many jobs at once without an event on each. Pruned by the sweeper after AUDIT_RETENTION_MS.
 */
export const workspaceAudit = sqliteTable(
  "workspace_audit",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    detail: text("detail"),
  },
  (t) => [index("workspace_audit_ws").on(t.workspaceId, t.id), index("workspace_audit_at").on(t.at)],
);

export type WorkspaceAuditRow = typeof workspaceAudit.$inferSelect;

/** A summed metric's column: what the bucket's events added up to. */
const summedColumn = (name: string) => integer(name).notNull().default(0);

/**
 * Per-minute metrics per workspace and job type (DESIGN.md "Time and rate"), a row per bucket with a column per
 * metric (worker/api/metrics.ts SUMMED_METRICS): counters (created, started, completed, failed, dead_lettered,
 * items), wait and run-time histograms with fixed bounds (`wait_b0`…) and their sums, and the queue depth gauges the
 * sweeper samples (null until sampled). A row per bucket rather than per metric, so 14 days of hours for four types
 * are 1,344 rows to sum, not 40,000. Written by the same D1 batches as the transitions; minute rows (resolution
 * 60,000) are rolled up into hour rows (3,600,000) as they are written and pruned after 48 hours, hour rows after 14
 * days; resolution 0 holds lifetime totals for the OpenMetrics counters.
 */
export const jobMetrics = sqliteTable(
  "job_metrics",
  {
    workspaceId: text("workspace_id").notNull(),
    resolution: integer("resolution").notNull(),
    bucketStart: integer("bucket_start").notNull(),
    type: text("type").notNull(),
    ...(Object.fromEntries(SUMMED_METRICS.map((m) => [m, summedColumn(m)])) as Record<
      string,
      ReturnType<typeof summedColumn>
    >),
    gaugeQueued: integer("gauge_queued"),
    gaugeRunning: integer("gauge_running"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.resolution, t.bucketStart, t.type] }),
    // The sweeper's rollup and pruning, across workspaces.
    index("job_metrics_age").on(t.resolution, t.bucketStart),
  ],
);

/** Per (workspace, status, type) job counts, kept exact by triggers (see the counts migration). */
/**
 * The rows an import refused, one per problem (a row with two bad fields has two): what the job page pages through and
 * `GET /api/v1/jobs/:id/rejected` answers. Written with the chunk that read them, so a chunk's rows land exactly once;
 * removed with their job.
 */
export const jobRejectedRows = sqliteTable(
  "job_rejected_rows",
  {
    jobId: text("job_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    row: integer("row").notNull(),
    /** Problems of one row in order (0, 1, …), so the key is unique and the order stable. */
    seq: integer("seq").notNull(),
    sku: text("sku"),
    field: text("field"),
    code: text("code").notNull(),
    message: text("message").notNull(),
    /** The row's values as read (JSON object), or null when the record could not be read at all. */
    values: text("values"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.row, t.seq] })],
);

export type JobRejectedRow = typeof jobRejectedRows.$inferSelect;

export const jobCounts = sqliteTable(
  "job_counts",
  {
    workspaceId: text("workspace_id").notNull(),
    status: text("status").notNull(),
    type: text("type").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.status, t.type] })],
);

export const jobEvents = sqliteTable(
  "job_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobId: text("job_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    run: integer("run").notNull(),
    at: integer("at").notNull(),
    kind: text("kind").notNull(),
    /** The acting user's email, or `system`. */
    actor: text("actor").notNull(),
    message: text("message"),
  },
  (t) => [index("job_events_job").on(t.jobId, t.id)],
);

/**
 * One row per committed chunk. Its primary key makes a duplicate or concurrent commit of the same chunk abort the
 * whole D1 batch, so a chunk's data writes can never be applied twice.
 */
export const jobChunks = sqliteTable(
  "job_chunks",
  {
    jobId: text("job_id").notNull(),
    step: integer("step").notNull(),
    run: integer("run").notNull(),
    leaseId: text("lease_id").notNull(),
    items: integer("items").notNull(),
    committedAt: integer("committed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.step] })],
);

export const products = sqliteTable(
  "products",
  {
    workspaceId: text("workspace_id").notNull(),
    sku: text("sku").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    originCountry: text("origin_country").notNull(),
    customsValue: real("customs_value").notNull(),
    currency: text("currency").notNull(),
    hsCode: text("hs_code"),
    /** Who set hs_code: `person` (imported or edited by a user) or `rule` (the classifier). */
    hsSource: text("hs_source", { enum: ["person", "rule"] }),
    confidence: real("confidence"),
    matchedRule: text("matched_rule"),
    lastJobId: text("last_job_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.sku] }), index("products_ws_hs").on(t.workspaceId, t.hsCode)],
);

export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    /** AES-GCM sealed `whsec_…` secret; never stored in plain text. */
    secretSealed: text("secret_sealed").notNull(),
    previousSecretSealed: text("previous_secret_sealed"),
    previousSecretExpiresAt: integer("previous_secret_expires_at"),
    disabledAt: integer("disabled_at"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_ws").on(t.workspaceId)],
);

export type JobRow = typeof jobs.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type WorkspaceRow = typeof workspaces.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/** Per-product findings of a duty_optimization job (where another heading or origin would lower duty). */
export const dutyFindings = sqliteTable(
  "duty_findings",
  {
    jobId: text("job_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    sku: text("sku").notNull(),
    kind: text("kind", { enum: ["alternative_heading", "preferential_origin"] }).notNull(),
    destination: text("destination").notNull(),
    currency: text("currency").notNull(),
    fromRate: real("from_rate").notNull(),
    toRate: real("to_rate").notNull(),
    savingCents: integer("saving_cents").notNull(),
    detail: text("detail").notNull(),
    hsCode: text("hs_code"),
    originCountry: text("origin_country"),
    scheme: text("scheme"),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.sku, t.kind] }),
    index("duty_findings_job_saving").on(t.jobId, t.savingCents),
  ],
);

export type DutyFindingRow = typeof dutyFindings.$inferSelect;

/** What an inbound webhook id was used for: replays of the same id return the same job; another body is a 409. */
export const webhookReceipts = sqliteTable(
  "webhook_receipts",
  {
    endpointId: text("endpoint_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    bodySha256: text("body_sha256").notNull(),
    jobId: text("job_id").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.endpointId, t.webhookId] }), index("webhook_receipts_received").on(t.receivedAt)],
);

/** Every inbound request to an endpoint, accepted or not, with why (bounded retention, pruned by the sweeper). */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    endpointId: text("endpoint_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    webhookId: text("webhook_id"),
    receivedAt: integer("received_at").notNull(),
    outcome: text("outcome", { enum: ["accepted", "replayed", "rejected"] }).notNull(),
    status: integer("status").notNull(),
    reason: text("reason"),
    jobId: text("job_id"),
  },
  (t) => [index("webhook_deliveries_endpoint").on(t.endpointId, t.id)],
);

/** One signed `job.finished` callback per finished run of a job that has a callback_url. */
export const jobCallbacks = sqliteTable(
  "job_callbacks",
  {
    /** `<job id>.<run>`; also the `webhook-id` header, stable across retries as Standard Webhooks asks. */
    id: text("id").primaryKey(),
    jobId: text("job_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    endpointId: text("endpoint_id"),
    url: text("url").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    nextAttemptAt: integer("next_attempt_at"),
    createdAt: integer("created_at").notNull(),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [
    index("job_callbacks_job").on(t.jobId),
    index("job_callbacks_due").on(t.status, t.nextAttemptAt),
    index("job_callbacks_endpoint").on(t.endpointId, t.createdAt),
  ],
);

export type JobCallbackRow = typeof jobCallbacks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/**
 * Alert rules (DESIGN.md "Alerts"): a condition of one of four kinds over a workspace's jobs (optionally one type) and
 * the channel its incidents are delivered to. A webhook channel's signing secret is sealed (worker/domain/secret-box.ts,
 * bound to the rule id) and shown once at creation. Removed with their incidents and deliveries.
 */
export const alertRules = sqliteTable(
  "alert_rules",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["dead_letter", "failure_rate", "wait_time", "stalled"] }).notNull(),
    type: text("type"),
    threshold: real("threshold"),
    windowMinutes: integer("window_minutes"),
    minJobs: integer("min_jobs"),
    channelKind: text("channel_kind", { enum: ["webhook", "slack"] }).notNull(),
    channelUrl: text("channel_url").notNull(),
    secretSealed: text("secret_sealed"),
    /** The origin of the app as its creator saw it: the links in a Slack message point there. */
    linkOrigin: text("link_origin").notNull(),
    disabledAt: integer("disabled_at"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("alert_rules_ws").on(t.workspaceId, t.id)],
);
export type AlertRuleRow = typeof alertRules.$inferSelect;

/**
 * An incident: a rule's condition held from opened_at until resolved_at. At most one is firing per rule (a partial
 * unique index), so concurrent evaluations can never open two. Resolved incidents are kept 90 days.
 */
export const alertIncidents = sqliteTable(
  "alert_incidents",
  {
    id: text("id").primaryKey(),
    ruleId: text("rule_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    state: text("state", { enum: ["firing", "resolved"] }).notNull(),
    openedAt: integer("opened_at").notNull(),
    resolvedAt: integer("resolved_at"),
    summary: text("summary").notNull(),
    /** JSON array of the newest job ids the condition saw (at most 20). */
    jobIds: text("job_ids").notNull(),
    jobCount: integer("job_count").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("alert_incidents_one_firing").on(t.ruleId).where(sql`${t.state} = 'firing'`),
    index("alert_incidents_ws_state").on(t.workspaceId, t.state, t.id),
    index("alert_incidents_ws").on(t.workspaceId, t.id),
    index("alert_incidents_resolved").on(t.state, t.resolvedAt),
  ],
);
export type AlertIncidentRow = typeof alertIncidents.$inferSelect;

/**
 * One delivery of an incident's opening or resolution (or a rule's test) to the rule's channel: at most one per
 * incident and event, retried through the queue with capped backoff. Its id is the `webhook-id`, stable across
 * retries. Kept 30 days.
 */
export const alertDeliveries = sqliteTable(
  "alert_deliveries",
  {
    id: text("id").primaryKey(),
    ruleId: text("rule_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    incidentId: text("incident_id"),
    event: text("event", { enum: ["firing", "resolved", "test"] }).notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    nextAttemptAt: integer("next_attempt_at"),
    createdAt: integer("created_at").notNull(),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [
    uniqueIndex("alert_deliveries_once").on(t.incidentId, t.event),
    index("alert_deliveries_rule").on(t.ruleId, t.id),
    index("alert_deliveries_due").on(t.status, t.nextAttemptAt),
    index("alert_deliveries_created").on(t.createdAt),
  ],
);
export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect;

/**
 * Schedules (DESIGN.md "Schedules"): a job of `type` with `payload` created at each time a 5-field cron gives in an
 * IANA time zone (croner computes them, DST included). `next_run_at` is the next due time (null while paused); firing
 * moves it on with a compare-and-set, and schedule_runs' key (schedule, due time) makes each due time fire once.
 */
export const schedules = sqliteTable(
  "schedules",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    cron: text("cron").notNull(),
    timezone: text("timezone").notNull(),
    type: text("type").notNull(),
    payload: text("payload").notNull(),
    priority: integer("priority").notNull().default(1),
    overlap: text("overlap", { enum: ["skip", "allow"] }).notNull(),
    pausedAt: integer("paused_at"),
    pausedBy: text("paused_by"),
    nextRunAt: integer("next_run_at"),
    lastRunAt: integer("last_run_at"),
    lastJobId: text("last_job_id"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("schedules_ws").on(t.workspaceId, t.id), index("schedules_due").on(t.nextRunAt)],
);
export type ScheduleRow = typeof schedules.$inferSelect;

/**
 * One fire of a schedule per due time (the key), claimed before its job is created: `created` with the job, `skipped`
 * with why (overlap), `failed` with why (the payload no longer passes its type). Run-now fires are keyed by the
 * moment they were asked for. Kept 90 days.
 */
export const scheduleRuns = sqliteTable(
  "schedule_runs",
  {
    scheduleId: text("schedule_id").notNull(),
    dueAt: integer("due_at").notNull(),
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind", { enum: ["cron", "run_now"] }).notNull(),
    outcome: text("outcome", { enum: ["claimed", "created", "skipped", "failed"] }).notNull(),
    jobId: text("job_id"),
    detail: text("detail"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scheduleId, t.dueAt] }),
    index("schedule_runs_outcome").on(t.outcome, t.createdAt),
    index("schedule_runs_created").on(t.createdAt),
  ],
);
export type ScheduleRunRow = typeof scheduleRuns.$inferSelect;

/**
 * The archive (DESIGN.md "Retention and archive"): one R2 object per part, NDJSON gzip of up to a few hundred jobs
 * with their events, rejected rows and findings, under `archives/<workspace>/<day>/<part>.ndjson.gz`; a day's
 * download is its written parts in order (gzip members concatenate). A part is `writing` from the moment its jobs are
 * claimed until the batch that deletes them marks it `written`; `rewrite` when a claimed job changed after it was
 * read (it stays in D1 and its lines leave the object). Kept as long as the objects they index.
 */
export const archiveParts = sqliteTable(
  "archive_parts",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    /** The UTC day (YYYY-MM-DD) its jobs left D1. */
    day: text("day").notNull(),
    key: text("key").notNull(),
    reason: text("reason", { enum: ["retention", "discard"] }).notNull(),
    actor: text("actor").notNull(),
    state: text("state", { enum: ["writing", "rewrite", "written"] }).notNull(),
    jobs: integer("jobs").notNull().default(0),
    events: integer("events").notNull().default(0),
    rejectedRows: integer("rejected_rows").notNull().default(0),
    findings: integer("findings").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    writtenAt: integer("written_at"),
  },
  (t) => [
    index("archive_parts_ws_day").on(t.workspaceId, t.day, t.id),
    index("archive_parts_state").on(t.state, t.createdAt),
  ],
);
export type ArchivePartRow = typeof archiveParts.$inferSelect;

/**
 * Which part a job is being archived by, with the version (rev) that was read: the key makes each job belong to one
 * part at a time, so two pruners never archive it twice. Removed with the job, or (when the job changed meanwhile and
 * stays) once its lines are out of the part's object.
 */
export const archiveClaims = sqliteTable(
  "archive_claims",
  {
    jobId: text("job_id").primaryKey(),
    partId: text("part_id").notNull(),
    rev: text("rev").notNull(),
    /** Set by the deleting batch when the job had changed since its claim: it stays in D1. */
    kept: integer("kept", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("archive_claims_part").on(t.partId)],
);
