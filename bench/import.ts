// `import`: a 100,000-row product CSV imported by a data_import job from a source_url on loopback, timed from the
// API call until the job is completed → rows/s; compared with raw SQLite batched upserts of the same rows.

import type { Job } from "../worker/api/schema.ts";
import { createJobJson } from "./lib/api.ts";
import type { Bench } from "./lib/bench.ts";
import { treeCpuMs } from "./lib/cpu.ts";
import { serveCsv } from "./lib/csv-server.ts";
import { type Row, ratio } from "./lib/results.ts";
import { until } from "./lib/stats.ts";
import { sqliteImport } from "./sqlite-baseline.ts";

const ROWS = 100_000;
const MAX_MS = 240_000;

export const importBench: Bench = {
  name: "import",
  wrangler: "shared",
  redis: false,
  async run(ctx) {
    const stack = ctx.stack();
    const csv = await serveCsv(ROWS, "BENCH");
    try {
      const raw = sqliteImport(csv.body);
      ctx.log(`node:sqlite: ${raw.rows} rows in ${(raw.elapsedMs / 1000).toFixed(2)} s`);
      const cpuBefore = treeCpuMs(stack.pid);
      const started = performance.now();
      const { id } = await createJobJson(stack, "data_import", { source_url: csv.url });
      const job = await until(
        async () => {
          const response = await fetch(`${stack.url}/api/v1/jobs/${id}`, { headers: stack.auth });
          const body = (await response.json()) as { job: Job };
          return ["completed", "failed", "dead_letter", "cancelled"].includes(body.job.status) ? body.job : null;
        },
        250,
        MAX_MS,
      );
      const elapsedMs = performance.now() - started;
      const cpuAfter = treeCpuMs(stack.pid);
      const cpu =
        cpuBefore !== null && cpuAfter !== null ? `; ${(cpuAfter - cpuBefore) / 1000} CPU-s in the wrangler tree` : "";
      if (!job) throw new Error(`the import did not finish within ${MAX_MS / 1000} s`);
      const result = job.result as { imported?: number; rejected?: number } | null;
      if (job.status !== "completed" || result?.imported !== ROWS) {
        throw new Error(`the import ended ${job.status} with ${JSON.stringify(result)?.slice(0, 200)}`);
      }
      const perSecond = (ROWS * 1000) / elapsedMs;
      const r = ratio(perSecond, raw.perSecond);
      const mb = (csv.bytes / 1e6).toFixed(1);
      const row: Row = {
        bench: "import",
        measure: `${ROWS.toLocaleString("en-US")}-row CSV (${mb} MB) by source_url`,
        unit: "rows/s",
        value: perSecond,
        peer: { label: "node:sqlite upserts, WAL, 500/txn", value: raw.perSecond },
        ratio: r,
        target: "≥ 0.25× raw SQLite",
        met: r === null ? null : r >= 0.25,
        note: `ours: ${(elapsedMs / 1000).toFixed(1)} s from POST to completed (500-row chunks, each one D1 batch); raw SQLite: ${(raw.elapsedMs / 1000).toFixed(2)} s including the CSV parse${cpu}`,
      };
      return [row];
    } finally {
      await csv.close();
    }
  },
};
