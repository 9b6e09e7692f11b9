// `import`: a 100,000-row product CSV imported by a data_import job from a source_url on loopback, timed from the
// API call until the job is completed → rows/s and CPU-ms per row; compared with raw SQLite batched upserts of the
// same rows, and with the floor worker's json_each upsert (one statement per 500-row chunk).

import { createJobJson, waitForJob } from "./lib/api.ts";
import type { Bench } from "./lib/bench.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { serveCsv } from "./lib/csv-server.ts";
import { type Row, ratio } from "./lib/results.ts";
import { sqliteImport } from "./sqlite-baseline.ts";

const FULL = { rows: 100_000 };
const QUICK = { rows: 5_000 };
const MAX_MS = 240_000;

export const importBench: Bench = {
  name: "import",
  wrangler: "shared",
  redis: false,
  async run(ctx) {
    const stack = ctx.stack();
    const { rows } = ctx.quick ? QUICK : FULL;
    const csv = await serveCsv(rows, "BENCH");
    try {
      const raw = sqliteImport(csv.body);
      ctx.log(`node:sqlite: ${raw.rows} rows in ${(raw.elapsedMs / 1000).toFixed(2)} s`);
      const cpu = cpuMeter(stack.pid);
      const started = performance.now();
      const { id } = await createJobJson(stack, "data_import", { source_url: csv.url });
      const job = await waitForJob(stack, id, 250, MAX_MS);
      const elapsedMs = performance.now() - started;
      const cpuMs = cpu.usedMs();
      if (!job) throw new Error(`the import did not finish within ${MAX_MS / 1000} s`);
      const result = job.result as { imported?: number; rejected?: number } | null;
      if (job.status !== "completed" || result?.imported !== rows) {
        throw new Error(
          `the import ended ${job.status} with ${JSON.stringify(result)?.slice(0, 200)}${job.error ? `: ${job.error}` : ""}`,
        );
      }
      const perSecond = (rows * 1000) / elapsedMs;
      const r = ratio(perSecond, raw.perSecond);
      const mb = (csv.bytes / 1e6).toFixed(1);
      const row: Row = {
        bench: "import",
        measure: `${rows.toLocaleString("en-US")}-row CSV (${mb} MB) by source_url`,
        unit: "rows/s",
        value: perSecond,
        cpu_ms: cpuMs === null ? null : cpuMs / rows,
        peer: { label: "node:sqlite upserts, WAL, 500/txn", value: raw.perSecond },
        ratio: r,
        target: "≥ 0.25× raw SQLite",
        met: r === null ? null : r >= 0.25,
        floor_of: ["upsert"],
        note: `ours: ${(elapsedMs / 1000).toFixed(1)} s from POST to completed (500-row chunks, each one D1 batch); raw SQLite: ${(raw.elapsedMs / 1000).toFixed(2)} s including the CSV parse${cpuMs === null ? "" : `; ${(cpuMs / 1000).toFixed(1)} CPU-s in the wrangler tree`}`,
      };
      return [row];
    } finally {
      await csv.close();
    }
  },
};
