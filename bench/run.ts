// `npm run bench [-- --only <name>] [-- --quick]`: starts Redis and wrangler dev itself, runs each benchmark, prints one
// table (ours, p50/p99, CPU-ms per operation, the peer measured in the same run and the ratio, the floor and the ratio
// to it, the issue's target) and writes bench/results.json (not with --quick, whose smoke counts mean nothing).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { enqueue } from "./enqueue.ts";
import { floor } from "./floor/bench.ts";
import { importBench } from "./import.ts";
import type { Bench, BenchContext } from "./lib/bench.ts";
import { attachFloors } from "./lib/floors.ts";
import { machine, machineLine } from "./lib/machine.ts";
import { type RedisServer, startRedis } from "./lib/redis.ts";
import { type BenchRecord, type ResultsFile, type Row, readResults, writeResults } from "./lib/results.ts";
import type { TreeMemory } from "./lib/rss.ts";
import { type Stack, startStack } from "./lib/stack.ts";
import { markdownTable, textTable } from "./lib/table.ts";
import { list } from "./list.ts";
import { live } from "./live.ts";
import { noisy } from "./noisy-neighbour.ts";
import { scale } from "./scale.ts";
import { throughput } from "./throughput.ts";
import { time } from "./time-and-rate.ts";
import { tui } from "./tui.ts";
import { underLoad } from "./under-load.ts";
import { webhook } from "./webhook.ts";

/**
 * In table order; they run with no server of ours first (the TUI, then the floor worker in a wrangler dev of its
 * own), then the shared stack's benches, then those that need a stack of their own.
 */
const BENCHES: Bench[] = [
  tui,
  list,
  live,
  importBench,
  webhook,
  time,
  scale,
  enqueue,
  throughput,
  underLoad,
  noisy,
  floor,
];

const RESULTS = path.join(import.meta.dirname, "results.json");

/** Every row of a set of records, benchmarks in running order and the memory figures last. */
function ordered(records: Record<string, BenchRecord>): Row[] {
  const rank = (row: Row) => (row.bench === "memory" ? BENCHES.length : BENCHES.findIndex((b) => b.name === row.bench));
  return Object.values(records)
    .flatMap((r) => r.rows)
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row) - rank(b.row) || a.i - b.i)
    .map(({ row }) => row);
}

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    quick: { type: "boolean" },
    report: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});
if (values.help) {
  console.log(`npm run bench [-- --only <name>]   run all or some of: ${BENCHES.map((b) => b.name).join(", ")}
npm run bench -- --quick           smoke counts (seconds, not minutes): checks that the benches work; saves nothing
npm run bench -- --report          print bench/results.json as the README's Markdown table`);
  process.exit(0);
}
if (values.report) {
  const results = JSON.parse(readFileSync(RESULTS, "utf8")) as ResultsFile;
  // Rows keep the floors they were saved with (the run printed those); older rows get the saved floor bench's.
  const floorRun = results.benches.floor;
  const rows = ordered(results.benches).map((row) =>
    row.floors ? row : (attachFloors([row], floorRun?.rows ?? [], floorRun?.ran_at)[0] as Row),
  );
  console.log(`${markdownTable(rows)}\n\nMachine: ${machineLine(results.machine)}`);
  process.exit(0);
}
const wanted = (values.only ?? []).flatMap((o) => o.split(",")).filter(Boolean);
const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${BENCHES.map((b) => b.name).join(", ")}`);
  process.exit(2);
}
const selected = BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name));

const quick = values.quick === true;
const log = (line: string) => console.log(`[bench] ${line}`);
const runStarted = performance.now();
const host = machine();
log(machineLine(host));
if (quick) log("--quick: smoke counts; the figures only show that each bench works, and results.json is left alone");

let redis: RedisServer | null = null;
let redisMissing: string | null = null;
const stacks: Stack[] = [];
const memories: TreeMemory[] = [];

async function cleanup(): Promise<void> {
  for (const stack of stacks.splice(0)) memories.push(await stack.stop());
  await redis?.stop();
  redis = null;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping wrangler dev and Redis`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function stopStack(stack: Stack): Promise<void> {
  stacks.splice(stacks.indexOf(stack), 1);
  memories.push(await stack.stop());
}

async function runOne(bench: Bench, stack: Stack | null): Promise<BenchRecord> {
  const notes: string[] = [];
  const started = performance.now();
  const ctx: BenchContext = {
    log: (line) => log(`${bench.name}: ${line}`),
    note: (line) => notes.push(line),
    stack: () => {
      if (!stack) throw new Error(`${bench.name} declared no wrangler dev`);
      return stack;
    },
    redis,
    redisMissing,
    quick,
  };
  log(`${bench.name} …`);
  let rows: Row[];
  try {
    rows = await bench.run(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${bench.name} failed: ${error instanceof Error ? error.stack : message}`);
    rows = [{ bench: bench.name, measure: "(failed)", unit: "", value: null, note: `failed: ${message}` }];
  }
  const duration = (performance.now() - started) / 1000;
  log(`${bench.name} done in ${duration.toFixed(0)} s`);
  return { ran_at: new Date().toISOString(), duration_s: Math.round(duration), rows, notes };
}

function memoryRow(): Row | null {
  if (memories.length === 0) return null;
  const peakTree = Math.max(...memories.map((m) => m.peakTreeMiB ?? 0));
  const biggest = memories.reduce((a, b) => ((b.peakProcessMiB ?? 0) > (a.peakProcessMiB ?? 0) ? b : a));
  return {
    bench: "memory",
    measure: "wrangler dev process tree, peak RSS",
    unit: "MiB",
    value: peakTree || null,
    note: `summed VmRSS of wrangler, workerd and esbuild, sampled every 0.5 s, highest of ${memories.length} stack(s); the largest single process (${biggest.peakProcess ?? "?"}) peaked at ${biggest.peakProcessMiB?.toFixed(0) ?? "?"} MiB (VmHWM)`,
  };
}

const records: Record<string, BenchRecord> = {};
try {
  if (selected.some((b) => b.redis)) {
    const started = await startRedis(log);
    if ("missing" in started) {
      redisMissing = started.missing;
      log(`peer columns stay empty: ${redisMissing}`);
    } else {
      redis = started;
      log(`redis-server on ${redis.host}:${redis.port} (persistence off)`);
    }
  }
  for (const bench of selected.filter((b) => b.wrangler === "none")) records[bench.name] = await runOne(bench, null);
  const shared = selected.filter((b) => b.wrangler === "shared");
  if (shared.length > 0) {
    const stack = await startStack(log);
    stacks.push(stack);
    for (const bench of shared) records[bench.name] = await runOne(bench, stack);
    await stopStack(stack);
  }
  for (const bench of selected.filter((b) => b.wrangler === "own")) {
    const stack = await startStack(log);
    stacks.push(stack);
    records[bench.name] = await runOne(bench, stack);
    await stopStack(stack);
  }
} finally {
  await cleanup();
}

const memory = memoryRow();
if (memory) {
  records.memory = { ran_at: new Date().toISOString(), duration_s: 0, rows: [memory], notes: [] };
}
// Our rows get their floors from this run's floor bench, or else from the last one saved (marked with its date).
const savedFloor = readResults(RESULTS)?.benches.floor;
const floorRecord = records.floor ?? (quick ? undefined : savedFloor);
for (const [name, record] of Object.entries(records)) {
  if (name === "floor" || !floorRecord) continue;
  record.rows = attachFloors(record.rows, floorRecord.rows, records.floor ? undefined : floorRecord.ran_at);
}
const rows = ordered(records);
console.log(`\n${textTable(rows)}\n`);
for (const row of rows) if (row.note) console.log(`- ${row.bench} · ${row.measure}: ${row.note}`);
for (const [name, record] of Object.entries(records)) for (const n of record.notes) console.log(`- ${name}: ${n}`);
if (!records.floor && !floorRecord) console.log("- floors: not measured in this run (and none saved, or --quick)");
if (!quick) writeResults(RESULTS, host, records);
console.log(`\n${machineLine(host)}`);
log(
  `${quick ? "--quick: results.json left alone" : `wrote ${path.relative(process.cwd(), RESULTS)}`}; the whole run took ${((performance.now() - runStarted) / 1000).toFixed(0)} s`,
);
