// Seeds `scale`'s jobs into D1 with `wrangler d1 execute` (like seed-list.ts, and the job_counts and search triggers
// run per row as they would for real jobs), each with its three events. Half of every call's jobs ended more than
// RETENTION_DAYS ago and half within the last RETENTION_DAYS, a day clear of the line both ways, so that a retention
// of RETENTION_DAYS prunes exactly the old half however many calls seeded the database.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Stack } from "../lib/stack.ts";
import { executeFile, query } from "./d1-execute.ts";
import { writeJobSeedFiles } from "./jobs-sql.ts";

export const RETENTION_DAYS = 10;
const DAY_MS = 86_400_000;
/**
 * Old jobs were created 28 to 11 days ago, recent ones 9 days to 10 minutes ago: inside the shipped retention (30 days
 * and more), so nothing is pruned before the bench lowers it.
 */
const OLD = { fromDaysAgo: 28, toDaysAgo: RETENTION_DAYS + 1 };
const RECENT = { fromDaysAgo: RETENTION_DAYS - 1, toDaysAgo: 10 / (24 * 60) };
const GROUP = 10;
const ROWS_PER_STATEMENT = 200;
const JOBS_PER_FILE = 50_000;

/**
 * Of every GROUP consecutive jobs the first half is old and the second recent: a pattern that, unlike odd and even,
 * leaves each half with every job type (types repeat every 4) and the usual status mix.
 */
export const isOld = (i: number) => i % GROUP < GROUP / 2;

export interface SeededScale {
  byStatus: Record<string, number>;
  jobs: number;
  events: number;
  /** Of `jobs`, those that ended more than RETENTION_DAYS ago. */
  old: number;
  seconds: number;
}

/** When job `i` (of the call's `first`…`first + count`) was created: evenly spread over its half's window. */
function placement(now: number, first: number, count: number): (i: number) => number {
  const half = count / 2;
  return (i) => {
    const k = i - first;
    const rank = Math.floor(k / GROUP) * (GROUP / 2) + (k % (GROUP / 2));
    const window = isOld(i) ? OLD : RECENT;
    const start = now - window.fromDaysAgo * DAY_MS;
    const span = (window.fromDaysAgo - window.toDaysAgo) * DAY_MS;
    return start + Math.floor((rank * span) / half);
  };
}

/**
 * Seeds jobs `first`…`first + count − 1` (count a multiple of GROUP, so that exactly half are old); `progress` hears
 * after every file how many are in.
 */
export async function seedScaleJobs(
  stack: Stack,
  first: number,
  count: number,
  progress: (seeded: number, seconds: number) => void = () => {},
): Promise<SeededScale> {
  if (first % GROUP !== 0 || count % GROUP !== 0) throw new Error(`seed jobs in multiples of ${GROUP}`);
  const email = "admin@acme.test";
  const [user] = await query<{ id: string }>(stack.persistTo, `SELECT id FROM users WHERE email = '${email}'`);
  if (!user) throw new Error(`no user ${email} in the seeded database`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "dutyleak-bench-scale-"));
  const started = performance.now();
  const byStatus: Record<string, number> = {};
  let events = 0;
  try {
    const now = Date.now();
    const createdAt = placement(now, first, count);
    // A file at a time, written just before it runs and removed after: 1,000,000 jobs are ~1 GB of SQL.
    for (let start = first; start < first + count; start += JOBS_PER_FILE) {
      const seeded = writeJobSeedFiles({
        dir,
        workspaceId: stack.workspaceId,
        userId: user.id,
        userEmail: email,
        count: Math.min(JOBS_PER_FILE, first + count - start),
        first: start,
        rowsPerStatement: ROWS_PER_STATEMENT,
        statementsPerFile: JOBS_PER_FILE / ROWS_PER_STATEMENT,
        now,
        spanMs: 0,
        createdAt,
        endedOnly: true,
        events: true,
      });
      for (const [status, n] of Object.entries(seeded.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
      events += seeded.events;
      for (const file of seeded.files) {
        await executeFile(stack.persistTo, file, 600_000);
        rmSync(file);
      }
      progress(Math.min(count, start + JOBS_PER_FILE - first), (performance.now() - started) / 1000);
    }
    return { byStatus, jobs: count, events, old: count / 2, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
