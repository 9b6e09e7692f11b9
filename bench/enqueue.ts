// `enqueue`: 5,000 job creations over the API at 50 concurrent → accepted/s and latency; compared with BullMQ `add`
// behind a plain node:http server on the same machine, driven by the same load generator, and with the POST-shape
// floor worker (bench/floor/); CPU-ms per request of the wrangler tree.
import { createJob } from "./lib/api.ts";
import { type Bench, missingPeer } from "./lib/bench.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { type LoadResult, runLoad } from "./lib/load.ts";
import { type Row, ratio } from "./lib/results.ts";
import { loadPeer, withHttpAdd } from "./peer/run-load.ts";

const FULL = { total: 5_000, refused: 1_000 };
const QUICK = { total: 200, refused: 100 };
const CONCURRENCY = 50;
const MAX_MS = 60_000;
const WARM_UP = 50;
const TRIVIAL = { items: 1, chunk: 1 };

function describe(r: LoadResult): string {
  const statuses = Object.entries(r.statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(" ");
  return `${r.sent} sent in ${(r.elapsedMs / 1000).toFixed(1)} s (${statuses})${r.timedOut ? `, stopped at the ${MAX_MS / 1000} s cap` : ""}${r.firstError ? `; first error: ${r.firstError}` : ""}`;
}

export const enqueue: Bench = {
  name: "enqueue",
  wrangler: "own",
  redis: true,
  async run(ctx) {
    const stack = ctx.stack();
    const { total, refused } = ctx.quick ? QUICK : FULL;
    const label = "BullMQ add behind node:http";
    let peer: LoadResult | null = null;
    // The peer goes first: our run leaves thousands of jobs that the consumer works through in the same workerd.
    if (ctx.redis) {
      const body = JSON.stringify({ type: "test_flaky", payload: TRIVIAL });
      peer = await withHttpAdd(ctx.redis, "bench-enqueue", async (url) => {
        await loadPeer(url, WARM_UP, 10, 10_000, body);
        return loadPeer(url, total, CONCURRENCY, MAX_MS, body);
      });
      ctx.log(`peer: ${describe(peer)}`);
    }
    // What the same requests cost without any write, measured first while the consumer is idle: the token lookup and
    // validation answer 422 for an unknown type.
    const refusedCpu = cpuMeter(stack.pid);
    const refusedRun = await runLoad({
      total: refused,
      concurrency: CONCURRENCY,
      maxMs: 30_000,
      send: async (i) => ((await createJob(stack, `no_such_type_${i % 10}`, {})) === 422 ? 200 : 500),
    });
    const refusedCpuMs = refusedCpu.per(refusedRun.accepted);
    await runLoad({
      total: WARM_UP,
      concurrency: 10,
      maxMs: 20_000,
      send: () => createJob(stack, "test_flaky", TRIVIAL),
    });
    const cpu = cpuMeter(stack.pid);
    const ours = await runLoad({
      total,
      concurrency: CONCURRENCY,
      maxMs: MAX_MS,
      send: () => createJob(stack, "test_flaky", TRIVIAL),
    });
    const cpuMs = cpu.per(ours.accepted);
    ctx.log(`ours: ${describe(ours)}`);
    const r = ratio(ours.perSecond, peer?.perSecond);
    const row: Row = {
      bench: "enqueue",
      measure: `POST /api/v1/jobs, ${total.toLocaleString("en-US")} at ${CONCURRENCY} concurrent`,
      unit: "req/s",
      value: ours.perSecond,
      p50: ours.latency.p50,
      p99: ours.latency.p99,
      peer: peer
        ? { label, value: peer.perSecond, p50: peer.latency.p50, p99: peer.latency.p99 }
        : missingPeer(ctx, label),
      ratio: r,
      target: "≥ 1.0× peer",
      met: r === null ? null : r >= 1,
      cpu_ms: cpuMs,
      floor_of: ["post-shape"],
      note: `ours: ${describe(ours)}${peer ? `; peer: ${describe(peer)}` : ""}; the consumer works through the jobs these requests create in the same workerd meanwhile (locally one isolate serves both), and CPU-ms per request includes that work: the throughput bench measures creation and drain apart`,
    };
    const refusedRow: Row = {
      bench: "enqueue",
      measure: `POST /api/v1/jobs refused with 422 (auth + validation, no writes), ${refused.toLocaleString("en-US")} at ${CONCURRENCY}`,
      unit: "req/s",
      value: refusedRun.perSecond,
      p50: refusedRun.latency.p50,
      p99: refusedRun.latency.p99,
      cpu_ms: refusedCpuMs,
      floor_of: ["hello"],
      note: "measured before any job existed (consumer idle): what a request costs without the job's writes, publish and queue send",
    };
    return [row, refusedRow];
  },
};
