// `floor`: the tiny floor worker (bench/floor/worker.ts) in its own `wrangler dev`, measured the way our rows are:
// the HTTP floors at 50 concurrent (req/s, p50/p99), hello one request at a time, the queue floors by N messages
// (msgs/s with our batch size), the json_each upsert by 500-row chunks; each with CPU-ms per operation of the floor's
// process tree. The runner then shows each of our rows as a ratio to the floors it names (bench/lib/floors.ts).
import type { Bench, BenchContext } from "../lib/bench.ts";
import { cpuMeter } from "../lib/cpu.ts";
import { FLOORS, type FloorKey } from "../lib/floors.ts";
import { runLoad } from "../lib/load.ts";
import type { Row } from "../lib/results.ts";
import { repeat, sleep, summarize } from "../lib/stats.ts";
import { type FloorServer, startFloor } from "./server.ts";

const CONCURRENCY = 50;
const HTTP_MAX_MS = 60_000;
const DRAIN_MAX_MS = 120_000;
const UPSERT_MAX_MS = 120_000;
const CHUNK_ROWS = 500;
const FULL = { hello: 3_000, writes: 2_000, serial: 200, drain: 3_000, upsertRows: 100_000 };
const QUICK = { hello: 200, writes: 200, serial: 30, drain: 300, upsertRows: 5_000 };

const n = (x: number) => x.toLocaleString("en-US");

async function status(response: Promise<Response>): Promise<number> {
  const r = await response;
  await r.arrayBuffer();
  return r.status;
}

function floorRow(key: FloorKey, measure: string, unit: string, figures: Partial<Row>): Row {
  return { bench: "floor", floor_key: key, measure: `${FLOORS[key]}: ${measure}`, unit, value: null, ...figures };
}

async function http(
  floor: FloorServer,
  key: FloorKey,
  total: number,
  what: string,
  send: (i: number) => Promise<number>,
) {
  await runLoad({ total: 50, concurrency: 10, maxMs: 20_000, send }); // warm-up
  const cpu = cpuMeter(floor.pid);
  const load = await runLoad({ total, concurrency: CONCURRENCY, maxMs: HTTP_MAX_MS, send });
  const statuses = Object.entries(load.statuses)
    .map(([s, c]) => `${s}×${c}`)
    .join(" ");
  return floorRow(key, `${n(total)} requests${what}`, "req/s", {
    value: load.perSecond,
    p50: load.latency.p50,
    p99: load.latency.p99,
    cpu_ms: cpu.per(load.accepted),
    note: `${load.sent} sent in ${(load.elapsedMs / 1000).toFixed(1)} s (${statuses})${load.timedOut ? `, stopped at the ${HTTP_MAX_MS / 1000} s cap` : ""}${load.firstError ? `; first error: ${load.firstError}` : ""}`,
  });
}

interface DrainStats {
  messages: number;
  completed: number;
  batches: number;
  errors: number;
  firstAt: number | null;
  lastAt: number | null;
  lastError: string | null;
}

/** Queues `count` messages for one floor consumer and waits until it has been through all of them. */
async function drain(ctx: BenchContext, floor: FloorServer, key: FloorKey, kind: string, count: number) {
  const cpu = cpuMeter(floor.pid);
  const started = performance.now();
  const filled = await fetch(`${floor.url}/fill/${kind}?n=${count}`, { method: "POST" });
  if (!filled.ok) throw new Error(`POST /fill/${kind} answered ${filled.status}: ${await filled.text()}`);
  await filled.arrayBuffer();
  let stats: DrainStats | null = null;
  while (performance.now() - started < DRAIN_MAX_MS) {
    stats = (await (await fetch(`${floor.url}/stats/${kind}`)).json()) as DrainStats;
    if (stats.messages + stats.errors >= count) break;
    await sleep(100);
  }
  const seenMs = performance.now() - started;
  if (!stats) throw new Error(`no figures from the ${kind} consumer`);
  // Worker-side: from the first batch's start to the last batch's end, so the bench's polling does not count.
  const spanMs = stats.firstAt !== null && stats.lastAt !== null ? Math.max(1, stats.lastAt - stats.firstAt) : seenMs;
  ctx.log(`${kind}: ${stats.messages} messages in ${stats.batches} batches, ${spanMs} ms`);
  if (kind === "sql" && stats.completed !== stats.messages) {
    throw new Error(`the set-based consumer completed ${stats.completed} jobs for ${stats.messages} messages`);
  }
  return floorRow(key, `${n(count)} messages, batch size 10`, "msgs/s", {
    value: stats.messages > 0 ? (stats.messages * 1000) / spanMs : null,
    cpu_ms: cpu.per(stats.messages),
    note: `${n(stats.messages)} of ${n(count)} done in ${stats.batches} batches, ${(spanMs / 1000).toFixed(2)} s from the first batch's start to the last one's end (${(seenMs / 1000).toFixed(1)} s as the bench saw it, filling the queue included${seenMs >= DRAIN_MAX_MS ? `, stopped at the ${DRAIN_MAX_MS / 1000} s cap` : ""})${stats.errors ? `; ${stats.errors} failed, last: ${stats.lastError}` : ""}; CPU includes filling the queue`,
  });
}

/** Product rows like bench/lib/csv-server.ts's CSV, as the JSON the upsert takes. */
function productChunk(from: number, count: number): string {
  return JSON.stringify(
    Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return {
        sku: `FLOOR-${i}`,
        title: `Stoneware mug ${i}`,
        description: 'Glazed, "dishwasher safe"\nmug',
        origin_country: "CN",
        customs_value: (i % 90) + 1.5,
        currency: "USD",
      };
    }),
  );
}

async function upsert(floor: FloorServer, rows: number): Promise<Row> {
  const chunks = Array.from({ length: Math.ceil(rows / CHUNK_ROWS) }, (_, c) =>
    productChunk(c * CHUNK_ROWS + 1, Math.min(CHUNK_ROWS, rows - c * CHUNK_ROWS)),
  );
  const cpu = cpuMeter(floor.pid);
  const started = performance.now();
  const latencies: number[] = [];
  let upserted = 0;
  for (const body of chunks) {
    if (performance.now() - started > UPSERT_MAX_MS) break;
    const t0 = performance.now();
    const response = await fetch(`${floor.url}/upsert`, { method: "POST", body });
    if (!response.ok) throw new Error(`POST /upsert answered ${response.status}: ${await response.text()}`);
    upserted += ((await response.json()) as { upserted: number }).upserted;
    latencies.push(performance.now() - t0);
  }
  const elapsedMs = performance.now() - started;
  const perChunk = summarize(latencies);
  return floorRow("upsert", `${n(rows)} rows, one statement per chunk, one chunk after another`, "rows/s", {
    value: (upserted * 1000) / elapsedMs,
    p50: perChunk.p50,
    p99: perChunk.p99,
    cpu_ms: cpu.per(upserted),
    note: `${n(upserted)} rows in ${(elapsedMs / 1000).toFixed(1)} s; p50/p99 are per ${CHUNK_ROWS}-row POST; the rows arrive as JSON (ours fetches and parses a CSV), and the statement is the only one per chunk (ours adds the chunk ledger and checkpoint)`,
  });
}

export const floor: Bench = {
  name: "floor",
  wrangler: "none",
  redis: false,
  async run(ctx) {
    const counts = ctx.quick ? QUICK : FULL;
    const server = await startFloor(ctx.log);
    try {
      const rows: Row[] = [];
      const url = server.url;
      rows.push(await http(server, "hello", counts.hello, "", () => status(fetch(`${url}/hello`))));
      const serial = await repeat(counts.serial, HTTP_MAX_MS, () => status(fetch(`${url}/hello`)));
      const s = summarize(serial);
      rows.push(
        floorRow("hello-serial", `${n(s.n)} GETs one after another`, "ms", {
          value: s.p50,
          p50: s.p50,
          p99: s.p99,
          note: "the floor for our serial GET latencies (list rows): figure is p50",
        }),
      );
      rows.push(
        await http(server, "insert", counts.writes, "", (i) =>
          status(fetch(`${url}/insert`, { method: "POST", body: JSON.stringify({ i }) })),
        ),
      );
      const job = JSON.stringify({ type: "test_flaky", payload: { items: 1, chunk: 1 } });
      rows.push(
        await http(
          server,
          "post-shape",
          counts.writes,
          " (D1 batch of 2, a DO RPC with a storage put, a queue send)",
          () =>
            status(
              fetch(`${url}/post-shape`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: job,
              }),
            ),
        ),
      );
      rows.push(await drain(ctx, server, "drain-ack", "ack", counts.drain));
      rows.push(await drain(ctx, server, "drain-sql", "sql", counts.drain));
      rows.push(await drain(ctx, server, "drain-rpc", "rpc", counts.drain));
      rows.push(await upsert(server, counts.upsertRows));
      ctx.note(
        "floor rows: the floor worker (bench/floor/) in its own wrangler dev with our migrations, run before or after ours, never at the same time",
      );
      return rows;
    } finally {
      await server.stop();
    }
  },
};
