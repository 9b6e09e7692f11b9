// `throughput`: 9,000 trivial jobs, their creation and their drain measured apart (locally one workerd isolate serves
// both the POSTs and the consumer, so a mixed figure says little about either). Creation: POST /api/v1/jobs at 50
// concurrent of test_flaky jobs whose first run fails permanently, which the consumer does meanwhile. Drain: once all
// have failed, bulk retries (POST /api/v1/jobs/retry, 500 jobs a call) make them ready at once, and their second run
// completes; timed from the first retry until D1 says all completed → jobs/s and CPU-ms per job. Compared with one
// BullMQ Worker (concurrency 50) draining as many jobs added through the same kind of HTTP server to a paused queue,
// then resumed; and with the set-based job SQL and ack-only floor consumers (bench/floor/). Our workspace's running
// limit is set to the peer's concurrency (50) for the run. One burst stays under the local queue's 10,000-timer cap;
// every phase is capped in time.

import path from "node:path";
import { Queue } from "bullmq";
import { countsOf, createJob, retryFailed } from "./lib/api.ts";
import { type Bench, missingPeer } from "./lib/bench.ts";
import { type ChildMessage, forkTs, nextMessage, stopChild } from "./lib/child.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { withMaxRunning } from "./lib/lanes.ts";
import { type LoadResult, runLoad } from "./lib/load.ts";
import type { RedisServer } from "./lib/redis.ts";
import { type Row, ratio } from "./lib/results.ts";
import type { Stack } from "./lib/stack.ts";
import { sleep, until } from "./lib/stats.ts";
import { connectionArgs } from "./peer/connection.ts";
import { loadPeer, withHttpAdd } from "./peer/run-load.ts";

const FULL = { jobs: 9_000 };
const QUICK = { jobs: 300 };
const CONCURRENCY = 50;
const CREATE_MAX_MS = 90_000;
/** After the last POST, how long the consumer gets to fail the rest of the first runs. */
const FAIL_MAX_MS = 60_000;
const DRAIN_MAX_MS = 120_000;
/** Our jobs: one item; the first run fails permanently, a retried run completes. The peer's jobs do nothing. */
const FAIL_FIRST_RUN = { items: 1, chunk: 1, permanent: true };
const TRIVIAL = { items: 1, chunk: 1 };

const n = (x: number) => x.toLocaleString("en-US");

interface Creation {
  load: LoadResult;
  /** Ours: until every created job's first run had failed; the peer: the POSTs alone (its queue is paused). */
  endedMs: number;
  cpuMsPerJob: number | null;
}

interface Drain {
  expected: number;
  completed: number;
  elapsedMs: number;
  cpuMsPerJob: number | null;
  /** Ours: how long the bulk retries took, and how many calls. */
  releaseMs: number | null;
  releaseCalls: number;
}

const perSecond = (d: Drain) => (d.completed * 1000) / d.elapsedMs;

/** A poll that failed (e.g. the worker restarting) is asked again; only 10 failures in a row end the run. */
async function patiently<T>(read: () => Promise<T>): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await read();
    } catch (error) {
      if (failures >= 10) throw error;
      await sleep(1_000);
    }
  }
}

/** Polls `completed()` until it reaches `expected`, the cap, or `abort()`; returns the last count. */
async function drained(
  expected: number,
  completed: () => Promise<number>,
  pollMs: number,
  started: number,
  abort: () => boolean = () => false,
) {
  let done = 0;
  while (performance.now() - started < DRAIN_MAX_MS && !abort()) {
    done = await patiently(completed);
    if (done >= expected) break;
    await sleep(pollMs);
  }
  return done;
}

async function createOurs(stack: Stack, jobs: number): Promise<Creation> {
  const cpu = cpuMeter(stack.pid);
  const started = performance.now();
  const load = await runLoad({
    total: jobs,
    concurrency: CONCURRENCY,
    maxMs: CREATE_MAX_MS,
    send: () => createJob(stack, "test_flaky", FAIL_FIRST_RUN),
  });
  const failed = await until(
    async () => (((await patiently(() => countsOf(stack, "test_flaky"))).failed ?? 0) >= load.accepted ? true : null),
    500,
    FAIL_MAX_MS,
  );
  if (!failed)
    throw new Error(`the consumer did not fail the ${load.accepted} first runs within ${FAIL_MAX_MS / 1000} s`);
  return { load, endedMs: performance.now() - started, cpuMsPerJob: cpu.per(load.accepted) };
}

async function drainOurs(stack: Stack, expected: number): Promise<Drain> {
  const completedBefore = (await countsOf(stack, "test_flaky")).completed ?? 0;
  const cpu = cpuMeter(stack.pid);
  const started = performance.now();
  let released = 0;
  let releaseCalls = 0;
  let releaseMs: number | null = null;
  let releaseError: unknown = null;
  // Bounded by its call count; it runs beside the polling, since the drain starts with the first call.
  const releasing = (async () => {
    // Each call moves at most 500; an empty answer means none are left.
    while (released < expected && releaseCalls < Math.ceil(expected / 500) + 5) {
      releaseCalls++;
      const moved = await retryFailed(stack, "test_flaky");
      released += moved;
      if (moved === 0) break;
    }
    releaseMs = performance.now() - started;
  })().catch((error: unknown) => {
    releaseError = error;
  });
  let done: number;
  try {
    done = await drained(
      expected,
      async () => ((await countsOf(stack, "test_flaky")).completed ?? 0) - completedBefore,
      500,
      started,
      () => releaseError !== null,
    );
  } finally {
    await releasing;
  }
  if (releaseError) throw releaseError;
  const elapsedMs = performance.now() - started;
  return { expected, completed: done, elapsedMs, cpuMsPerJob: cpu.per(done), releaseMs, releaseCalls };
}

async function runPeer(redis: RedisServer, jobs: number): Promise<{ creation: Creation; drain: Drain }> {
  const name = "bench-throughput";
  const worker = forkTs(path.join(import.meta.dirname, "peer", "worker.ts"), [...connectionArgs(redis), name]);
  const queue = new Queue(name, { connection: { host: redis.host, port: redis.port, maxRetriesPerRequest: null } });
  try {
    await nextMessage<ChildMessage>(worker, "ready", 30_000);
    await queue.pause();
    return await withHttpAdd(redis, name, async (url, httpPid) => {
      const body = JSON.stringify({ type: "test_flaky", payload: TRIVIAL });
      const createCpu = cpuMeter(redis.pid, httpPid);
      const started = performance.now();
      const load = await loadPeer(url, jobs, CONCURRENCY, CREATE_MAX_MS, body);
      const creation = { load, endedMs: performance.now() - started, cpuMsPerJob: createCpu.per(load.accepted) };
      const cpu = cpuMeter(redis.pid, worker.pid as number);
      const drainStarted = performance.now();
      await queue.resume();
      const done = await drained(
        load.accepted,
        async () => (await queue.getJobCounts("completed")).completed ?? 0,
        50,
        drainStarted,
      );
      const drain: Drain = {
        expected: load.accepted,
        completed: done,
        elapsedMs: performance.now() - drainStarted,
        cpuMsPerJob: cpu.per(done),
        releaseMs: null,
        releaseCalls: 1,
      };
      return { creation, drain };
    });
  } finally {
    await queue.close();
    await stopChild(worker);
  }
}

function describeDrain(d: Drain): string {
  const release =
    d.releaseMs === null
      ? ""
      : ` (made ready by ${d.releaseCalls} bulk-retry call${d.releaseCalls === 1 ? "" : "s"} in ${(d.releaseMs / 1000).toFixed(1)} s)`;
  const cpu = d.cpuMsPerJob === null ? "" : `, ${d.cpuMsPerJob.toFixed(2)} CPU-ms per job`;
  return `${n(d.completed)} of ${n(d.expected)} completed in ${(d.elapsedMs / 1000).toFixed(1)} s${release}${d.completed < d.expected ? ` (${DRAIN_MAX_MS / 1000} s cap)` : ""}${cpu}`;
}

function describeCreation(c: Creation, what: string): string {
  const cpu = c.cpuMsPerJob === null ? "" : `, ${c.cpuMsPerJob.toFixed(2)} CPU-ms per job`;
  return `${n(c.load.accepted)} created in ${(c.load.elapsedMs / 1000).toFixed(1)} s${c.load.timedOut ? ` (${CREATE_MAX_MS / 1000} s cap)` : ""}, ${what} after ${(c.endedMs / 1000).toFixed(1)} s${cpu}`;
}

export const throughput: Bench = {
  name: "throughput",
  wrangler: "own",
  redis: true,
  async run(ctx) {
    const stack = ctx.stack();
    const { jobs } = ctx.quick ? QUICK : FULL;
    const label = "BullMQ, 1 worker × concurrency 50";
    const peer = ctx.redis ? await runPeer(ctx.redis, jobs) : null;
    if (peer) ctx.log(`peer: ${describeCreation(peer.creation, "all added")}; ${describeDrain(peer.drain)}`);
    // The workspace's lane as wide as the peer's concurrency, so both drain with up to 50 jobs at once.
    const { creation, drain } = await withMaxRunning(stack, CONCURRENCY, async () => {
      const creation = await createOurs(stack, jobs);
      ctx.log(`ours, creation: ${describeCreation(creation, "every first run failed")}`);
      const drain = await drainOurs(stack, creation.load.accepted);
      ctx.log(`ours, drain: ${describeDrain(drain)}`);
      return { creation, drain };
    });

    const drainRatio = ratio(perSecond(drain), peer ? perSecond(peer.drain) : null);
    const createRate = (creation.load.accepted * 1000) / creation.load.elapsedMs;
    const peerCreateRate = peer ? (peer.creation.load.accepted * 1000) / peer.creation.load.elapsedMs : null;
    const createRatio = ratio(createRate, peerCreateRate);
    return [
      {
        bench: "throughput",
        measure: "drain: the created trivial jobs made ready at once → completed",
        unit: "jobs/s",
        value: perSecond(drain),
        cpu_ms: drain.cpuMsPerJob,
        peer: peer ? { label: `${label}, queue resumed`, value: perSecond(peer.drain) } : missingPeer(ctx, label),
        ratio: drainRatio,
        target: "≥ 0.25× peer",
        met: drainRatio === null ? null : drainRatio >= 0.25,
        floor_of: ["drain-sql", "drain-ack"],
        note: `ours: ${describeDrain(drain)}; the jobs were created (and their first runs failed) before, so no POST competes with the drain; the bulk retries' own cost (per call of up to 500 jobs: one D1 batch, their hub publishes and queue sends) is in the figure${peer ? `; peer: ${describeDrain(peer.drain)}, CPU of Redis + the worker` : ""}`,
      },
      {
        bench: "throughput",
        measure: `creation: ${n(jobs)} POST /api/v1/jobs at ${CONCURRENCY} concurrent (${CREATE_MAX_MS / 1000} s cap)`,
        unit: "jobs/s",
        value: createRate,
        p50: creation.load.latency.p50,
        p99: creation.load.latency.p99,
        cpu_ms: creation.cpuMsPerJob,
        peer: peer
          ? {
              label: "BullMQ add behind node:http, queue paused",
              value: peerCreateRate,
              p50: peer.creation.load.latency.p50,
              p99: peer.creation.load.latency.p99,
            }
          : missingPeer(ctx, "BullMQ add behind node:http"),
        ratio: createRatio,
        floor_of: ["post-shape"],
        note: `ours: ${describeCreation(creation, "every first run failed")}; the consumer fails each first run meanwhile in the same workerd, and CPU-ms per job counts both until the last has failed${peer ? `; peer: ${describeCreation(peer.creation, "all added")}, CPU of Redis + the HTTP server` : ""}`,
      },
    ] satisfies Row[];
  },
};
