// `enqueue`: 5,000 job creations over the API at 50 concurrent → accepted/s and latency; compared with BullMQ `add`
// behind a plain node:http server on the same machine, driven by the same load generator.
import { createJob } from "./lib/api.ts";
import { type Bench, missingPeer } from "./lib/bench.ts";
import { type LoadResult, runLoad } from "./lib/load.ts";
import { type Row, ratio } from "./lib/results.ts";
import { loadPeer, withHttpAdd } from "./peer/run-load.ts";

const TOTAL = 5_000;
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
    const label = "BullMQ add behind node:http";
    let peer: LoadResult | null = null;
    // The peer goes first: our run leaves thousands of jobs that the consumer works through in the same workerd.
    if (ctx.redis) {
      const body = JSON.stringify({ type: "test_flaky", payload: TRIVIAL });
      peer = await withHttpAdd(ctx.redis, "bench-enqueue", async (url) => {
        await loadPeer(url, WARM_UP, 10, 10_000, body);
        return loadPeer(url, TOTAL, CONCURRENCY, MAX_MS, body);
      });
      ctx.log(`peer: ${describe(peer)}`);
    }
    // What the same requests cost without any write, measured first while the consumer is idle: the token lookup and
    // validation answer 422 for an unknown type.
    const floor = await runLoad({
      total: 1_000,
      concurrency: CONCURRENCY,
      maxMs: 30_000,
      send: async (i) => ((await createJob(stack, `no_such_type_${i % 10}`, {})) === 422 ? 200 : 500),
    });
    await runLoad({
      total: WARM_UP,
      concurrency: 10,
      maxMs: 20_000,
      send: () => createJob(stack, "test_flaky", TRIVIAL),
    });
    const ours = await runLoad({
      total: TOTAL,
      concurrency: CONCURRENCY,
      maxMs: MAX_MS,
      send: () => createJob(stack, "test_flaky", TRIVIAL),
    });
    ctx.log(`ours: ${describe(ours)}`);
    const r = ratio(ours.perSecond, peer?.perSecond);
    const row: Row = {
      bench: "enqueue",
      measure: `POST /api/v1/jobs, ${TOTAL.toLocaleString("en-US")} at ${CONCURRENCY} concurrent`,
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
      note: `ours: ${describe(ours)}${peer ? `; peer: ${describe(peer)}` : ""}`,
    };
    const floorRow: Row = {
      bench: "enqueue",
      measure: `POST /api/v1/jobs refused with 422 (auth + validation, no writes), 1,000 at ${CONCURRENCY}`,
      unit: "req/s",
      value: floor.perSecond,
      p50: floor.latency.p50,
      p99: floor.latency.p99,
      note: "measured before any job existed (consumer idle): what a request costs without the job's writes, publish and queue send",
    };
    return [row, floorRow];
  },
};
