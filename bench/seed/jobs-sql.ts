// Generates INSERT statements for many finished jobs (bench-only seeding for `list` and `scale`), and optionally each
// job's history, in files that `wrangler d1 execute --file` can take. Only terminal or paused statuses, so the sweeper
// never picks them up.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { errorSignature } from "../../worker/domain/error-signature.ts";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let pool = randomBytes(0);
let used = 0;

/** A ULID for a given time: 10 time characters then 16 random ones (ulidx is ~0.1 ms per id, too slow for 100k). */
function ulidAt(ms: number): string {
  let id = "";
  for (let i = 0, t = ms; i < 10; i++, t = Math.floor(t / 32)) id = CROCKFORD[t % 32] + id;
  if (used + 16 > pool.length) {
    pool = randomBytes(64 * 1024);
    used = 0;
  }
  for (let i = 0; i < 16; i++) id += CROCKFORD[(pool[used++] as number) % 32];
  return id;
}

/** Column order of the jobs table after every migration (0000_init.sql + 0003_webhooks.sql + 0005_find_and_fix.sql). */
const COLUMNS = [
  "id",
  "workspace_id",
  "type",
  "status",
  "payload",
  "input_key",
  "cursor",
  "progress",
  "processed",
  "total",
  "current_item",
  "attempts",
  "max_attempts",
  "error",
  "created_by",
  "created_by_label",
  "idempotency_key",
  "run",
  "rev",
  "lease_id",
  "lease_until",
  "step_seq",
  "control",
  "run_after",
  "enqueued_at",
  "result",
  "callback_url",
  "created_at",
  "started_at",
  "completed_at",
  "updated_at",
  "webhook_endpoint_id",
  "error_signature",
] as const;

/** A few reasons, each with details that vary (numbers, URLs, quoted values), as real failures have. */
const ERRORS = [
  (i: number) => `HS service unreachable (HTTP 50${i % 4})`,
  (i: number) => `row ${i % 997}: currency "X${i % 89}" must be an ISO 4217 code`,
  (i: number) => `source URL https://erp.example.com/exports/${i}.csv answered 404`,
  (i: number) => `lease lost after ${30_000 + (i % 5000)} ms`,
];

/** The SKU a seeded import's inline row carries: what the search bench looks for. */
export const seededSku = (i: number) => `BENCH-SKU-${String(i).padStart(6, "0")}`;

const TYPES = ["data_import", "bulk_classification", "data_export", "duty_optimization"] as const;

/** Share of each status, out of 100 (a mature workspace: mostly completed). */
const STATUS_MIX: [string, number][] = [
  ["completed", 80],
  ["failed", 8],
  ["cancelled", 5],
  ["dead_letter", 4],
  ["paused", 3],
];

export interface SeedJobsOptions {
  dir: string;
  workspaceId: string;
  userId: string;
  userEmail: string;
  count: number;
  rowsPerStatement: number;
  statementsPerFile: number;
  /** Creation times are spread evenly over the `spanMs` before `now` (unless `createdAt` places them). */
  now: number;
  spanMs: number;
  /**
   * The index of the first job (default 0). Everything a job holds derives from its index, so a later call that
   * continues the sequence adds jobs with other SKUs and ids instead of repeating the first ones.
   */
  first?: number;
  /** When job `i` was created, instead of the even spread. */
  createdAt?: (i: number) => number;
  /** Ended statuses only (the paused share becomes completed), so that every job has a completed_at. */
  endedOnly?: boolean;
  /** Also write each job's history: created, started and its outcome (three job_events rows per job). */
  events?: boolean;
}

export interface SeededJobs {
  files: string[];
  byStatus: Record<string, number>;
  events: number;
}

const quote = (value: string | number | null) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;

function statusOf(i: number, endedOnly: boolean): string {
  let slot = (i * 37) % 100; // a fixed, well-mixed pattern rather than a random one: runs are comparable
  for (const [status, share] of STATUS_MIX) {
    if (slot < share) return status === "paused" && endedOnly ? "completed" : status;
    slot -= share;
  }
  return "completed";
}

type Job = Record<(typeof COLUMNS)[number], string | number | null>;

function jobOf(i: number, o: SeedJobsOptions): Job {
  const createdAt = o.createdAt?.(i) ?? o.now - o.spanMs + Math.floor(((i - (o.first ?? 0)) * o.spanMs) / o.count);
  const status = statusOf(i, o.endedOnly ?? false);
  const type = TYPES[i % TYPES.length] as string;
  const total = 500 + (i % 2000);
  const done = status === "completed" ? total : Math.floor(total / 3);
  const ended = status === "paused" ? null : createdAt + 2_000 + (i % 5_000);
  const error =
    status === "failed" || status === "dead_letter" ? (ERRORS[i % ERRORS.length] as (i: number) => string)(i) : null;
  // Imports carry one inline row (its SKU is searchable); the other types keep an empty payload.
  const payload = type === "data_import" ? JSON.stringify({ rows: [{ sku: seededSku(i), title: "Bench tee" }] }) : "{}";
  const result = status === "completed" ? JSON.stringify({ imported: total, rejected: 0 }) : null;
  return {
    id: ulidAt(createdAt),
    workspace_id: o.workspaceId,
    type,
    status,
    payload,
    input_key: null,
    cursor: null,
    progress: status === "completed" ? 100 : 33,
    processed: done,
    total,
    current_item: status === "completed" ? null : `SKU-${done}`,
    attempts: status === "dead_letter" ? 3 : 1,
    max_attempts: 3,
    error,
    created_by: o.userId,
    created_by_label: o.userEmail,
    idempotency_key: null,
    run: 1,
    rev: ulidAt(createdAt),
    lease_id: null,
    lease_until: null,
    step_seq: status === "completed" ? Math.ceil(total / 500) : 1,
    control: null,
    run_after: null,
    enqueued_at: createdAt,
    result,
    callback_url: null,
    created_at: createdAt,
    started_at: createdAt + 500,
    completed_at: ended,
    updated_at: ended ?? createdAt + 1_000,
    webhook_endpoint_id: null,
    error_signature: error ? errorSignature(type, error) : null,
  };
}

/** The event an ended (or paused) job's history closes with, as the engine or the operator would have written it. */
function outcomeEvent(job: Job): [kind: string, actor: string, message: string | null] {
  switch (job.status) {
    case "completed":
      return ["completed", "system", `${job.processed} items`];
    case "failed":
      return ["failed", "system", job.error as string];
    case "dead_letter":
      return ["dead_lettered", "system", job.error as string];
    default:
      // cancelled and paused: an operator's action.
      return [job.status as string, job.created_by_label as string, null];
  }
}

function eventTuples(job: Job): string[] {
  const events: [number, string, string, string | null][] = [
    [job.created_at as number, "created", job.created_by_label as string, null],
    [job.started_at as number, "started", "system", `attempt ${job.attempts} of ${job.max_attempts}`],
    [job.updated_at as number, ...outcomeEvent(job)],
  ];
  return events.map(
    ([at, kind, actor, message]) =>
      `(${[job.id, job.workspace_id, job.run, at, kind, actor, message].map(quote).join(",")})`,
  );
}

const EVENT_COLUMNS = "job_id,workspace_id,run,at,kind,actor,message";

/**
 * Writes the files and says how many jobs of each status they hold (what job_counts will say after the triggers) and
 * how many events.
 */
export function writeJobSeedFiles(o: SeedJobsOptions): SeededJobs {
  const files: string[] = [];
  const byStatus: Record<string, number> = {};
  let eventCount = 0;
  const first = o.first ?? 0;
  const end = first + o.count;
  const perFile = o.rowsPerStatement * o.statementsPerFile;
  for (let start = first, n = 0; start < end; start += perFile, n++) {
    const statements: string[] = [];
    for (let s = start; s < Math.min(end, start + perFile); s += o.rowsPerStatement) {
      const tuples: string[] = [];
      const events: string[] = [];
      for (let i = s; i < Math.min(end, s + o.rowsPerStatement, start + perFile); i++) {
        const job = jobOf(i, o);
        byStatus[job.status as string] = (byStatus[job.status as string] ?? 0) + 1;
        tuples.push(`(${COLUMNS.map((c) => quote(job[c])).join(",")})`);
        if (o.events) events.push(...eventTuples(job));
      }
      statements.push(`INSERT INTO jobs (${COLUMNS.join(",")}) VALUES\n${tuples.join(",\n")};`);
      if (events.length > 0) {
        statements.push(`INSERT INTO job_events (${EVENT_COLUMNS}) VALUES\n${events.join(",\n")};`);
        eventCount += events.length;
      }
    }
    const file = path.join(o.dir, `jobs-${String(n).padStart(3, "0")}.sql`);
    writeFileSync(file, `${statements.join("\n")}\n`);
    files.push(file);
  }
  return { files, byStatus, events: eventCount };
}
