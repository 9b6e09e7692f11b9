// `throughput`: 9,000 trivial jobs (test_flaky with one item) created over the API at 50 concurrent, timed from the
// first creation until D1 says they are all completed → jobs/s; compared with one BullMQ Worker (concurrency 50)
// draining the same number of jobs added through the same kind of HTTP server. One burst stays under the local
// queue's 10,000-timer cap. Creation stops at 45 s and the whole run at 80 s; jobs/s is then what completed by
// the cap over the time taken, and the note says how many were created and how fast the consumer went alone.

import path from "node:path";
import { Queue } from "bullmq";
import { countsOf, createJob } from "./lib/api.ts";
import { type Bench, missingPeer } from "./lib/bench.ts";
import { type ChildMessage, forkTs, nextMessage, stopChild } from "./lib/child.ts";
import { treeCpuMs } from "./lib/cpu.ts";
import { type LoadResult, runLoad } from "./lib/load.ts";
import type { RedisServer } from "./lib/redis.ts";
import { type Row, ratio } from "./lib/results.ts";
import { sleep } from "./lib/stats.ts";
import { connectionArgs } from "./peer/connection.ts";
import { loadPeer, withHttpAdd } from "./peer/run-load.ts";

const JOBS = 9_000;
const CONCURRENCY = 50;
/** Creation stops here (our API creates far slower than the peer's), so that the consumer gets time on its own. */
const CREATE_MAX_MS = 45_000;
const MAX_MS = 80_000;
const TRIVIAL = { items: 1, chunk: 1 };

interface Drain {
  created: number;
  completed: number;
  /** CPU used by the serving side (workerd tree, or Redis + worker + HTTP server) per completed job. */
  cpuMsPerJob: number | null;
  elapsedMs: number;
  createdMs: number;
  completedWhenCreated: number;
  capped: boolean;
}

/** A poll that failed (e.g. the worker restarting) is asked again; only 10 failures in a row end the run. */
async function patiently(completed: () => Promise<number>): Promise<number> {
  for (let failures = 0; ; failures++) {
    try {
      return await completed();
    } catch (error) {
      if (failures >= 10) throw error;
      await sleep(1_000);
    }
  }
}

/** Runs `create` while polling `completed()`; stops when all `JOBS` completed or at the cap. */
async function measure(
  create: () => Promise<LoadResult>,
  completed: () => Promise<number>,
  pollMs: number,
  cpuMs: () => number | null,
): Promise<Drain> {
  const cpuBefore = cpuMs();
  const start = performance.now();
  let createdMs = Number.NaN;
  let created = 0;
  let completedWhenCreated = 0;
  const creating = create().then(async (load) => {
    createdMs = performance.now() - start;
    created = load.accepted;
    completedWhenCreated = await patiently(completed);
  });
  let done = 0;
  try {
    while (performance.now() - start < MAX_MS) {
      done = await patiently(completed);
      if (done >= JOBS || (Number.isFinite(createdMs) && done >= created)) break;
      await sleep(pollMs);
    }
  } catch (error) {
    await creating.catch(() => {}); // stops by itself at its cap; never leave it running behind a failure
    throw error;
  }
  const elapsedMs = performance.now() - start;
  const cpuAfter = cpuMs();
  await creating;
  const cpuMsPerJob = cpuBefore !== null && cpuAfter !== null && done > 0 ? (cpuAfter - cpuBefore) / done : null;
  return { created, completed: done, cpuMsPerJob, elapsedMs, createdMs, completedWhenCreated, capped: done < created };
}

const perSecond = (d: Drain) => (d.completed * 1000) / d.elapsedMs;

function describe(d: Drain): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const after =
    d.elapsedMs - d.createdMs > 5_000
      ? (d.completed - d.completedWhenCreated) / ((d.elapsedMs - d.createdMs) / 1000)
      : null;
  return `${n(d.created)} of ${n(JOBS)} created in ${(d.createdMs / 1000).toFixed(1)} s${d.created < JOBS ? ` (${CREATE_MAX_MS / 1000} s cap)` : ""}, ${n(d.completedWhenCreated)} completed by then; ${n(d.completed)} completed after ${(d.elapsedMs / 1000).toFixed(1)} s${d.capped ? ` (${MAX_MS / 1000} s cap)` : ""}; ${after === null ? "" : `${after.toFixed(1)} jobs/s once creation was over; `}${d.cpuMsPerJob === null ? "" : `${d.cpuMsPerJob.toFixed(2)} CPU-ms on the serving side per completed job (creating every job included)`}`;
}

async function runPeer(redis: RedisServer): Promise<Drain> {
  const name = "bench-throughput";
  const worker = forkTs(path.join(import.meta.dirname, "peer", "worker.ts"), [...connectionArgs(redis), name]);
  const queue = new Queue(name, { connection: { host: redis.host, port: redis.port, maxRetriesPerRequest: null } });
  try {
    await nextMessage<ChildMessage>(worker, "ready", 30_000);
    return await withHttpAdd(redis, name, (url, httpPid) => {
      const body = JSON.stringify({ type: "test_flaky", payload: TRIVIAL });
      const pids = [redis.pid, httpPid, worker.pid as number];
      return measure(
        () => loadPeer(url, JOBS, CONCURRENCY, CREATE_MAX_MS, body),
        async () => (await queue.getJobCounts("completed")).completed ?? 0,
        100,
        () => pids.reduce<number | null>((sum, pid) => (sum === null ? null : sum + (treeCpuMs(pid) ?? 0)), 0),
      );
    });
  } finally {
    await queue.close();
    await stopChild(worker);
  }
}

export const throughput: Bench = {
  name: "throughput",
  wrangler: "own",
  redis: true,
  async run(ctx) {
    const stack = ctx.stack();
    const label = "BullMQ, 1 worker × concurrency 50";
    const peer = ctx.redis ? await runPeer(ctx.redis) : null;
    if (peer) ctx.log(`peer: ${describe(peer)}`);
    const ours = await measure(
      () =>
        runLoad({
          total: JOBS,
          concurrency: CONCURRENCY,
          maxMs: CREATE_MAX_MS,
          send: () => createJob(stack, "test_flaky", TRIVIAL),
        }),
      async () => (await countsOf(stack, "test_flaky")).completed ?? 0,
      500,
      () => treeCpuMs(stack.pid),
    );
    ctx.log(`ours: ${describe(ours)}`);
    const r = ratio(perSecond(ours), peer ? perSecond(peer) : null);
    const row: Row = {
      bench: "throughput",
      measure: `${JOBS.toLocaleString("en-US")} trivial jobs, created → completed`,
      unit: "jobs/s",
      value: perSecond(ours),
      peer: peer ? { label, value: perSecond(peer) } : missingPeer(ctx, label),
      ratio: r,
      target: "≥ 0.25× peer",
      met: r === null ? null : r >= 0.25,
      note: `ours: ${describe(ours)}${peer ? `; peer: ${describe(peer)}` : ""}`,
    };
    return [row];
  },
};
