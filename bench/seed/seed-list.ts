// Seeds 100,000 finished jobs for `list` on both sides: D1 rows written directly with `wrangler d1 execute` (the
// API would take far too long; the job_counts triggers still keep the counts in step), and the same number of
// BullMQ jobs added in bulk and run by a throw-away worker so that they end up completed or failed.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue, Worker } from "bullmq";
import type { RedisServer } from "../lib/redis.ts";
import type { Stack } from "../lib/stack.ts";
import { sleep } from "../lib/stats.ts";
import { executeFile, query } from "./d1-execute.ts";
import { writeJobSeedFiles } from "./jobs-sql.ts";

const DAY_MS = 86_400_000;

export async function seedD1Jobs(stack: Stack, count: number): Promise<Record<string, number>> {
  const email = "admin@acme.test";
  const [user] = await query<{ id: string }>(stack.persistTo, `SELECT id FROM users WHERE email = '${email}'`);
  if (!user) throw new Error(`no user ${email} in the seeded database`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "dutyleak-bench-sql-"));
  try {
    const seeded = writeJobSeedFiles({
      dir,
      workspaceId: stack.workspaceId,
      userId: user.id,
      userEmail: email,
      count,
      rowsPerStatement: 200,
      statementsPerFile: 250,
      now: Date.now() - 60_000,
      spanMs: 30 * DAY_MS,
    });
    // One file at a time: they all write the same SQLite file.
    for (const file of seeded.files) await executeFile(stack.persistTo, file, 180_000);
    return seeded.byStatus;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Share of peer jobs that fail, like our failed + dead-letter + cancelled + paused share (20%). */
const FAILING_PER_100 = 20;

export async function seedBullJobs(redis: RedisServer, name: string, count: number, maxMs: number): Promise<Queue> {
  const connection = { host: redis.host, port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  for (let start = 0; start < count; start += 1_000) {
    const jobs = Array.from({ length: Math.min(1_000, count - start) }, (_, k) => ({
      name: "data_import",
      data: { n: start + k, fail: (start + k) % 100 < FAILING_PER_100, payload: { rows: 500 } },
    }));
    await queue.addBulk(jobs);
  }
  const worker = new Worker(
    name,
    async (job) => {
      if (job.data.fail) throw new Error("HS service unreachable (HTTP 503)");
      return { imported: 500, rejected: 0 };
    },
    { connection, concurrency: 200 },
  );
  const deadline = Date.now() + maxMs;
  try {
    while (Date.now() < deadline) {
      const counts = await queue.getJobCounts("completed", "failed");
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= count) break;
      await sleep(250);
    }
  } finally {
    await worker.close();
  }
  return queue;
}
