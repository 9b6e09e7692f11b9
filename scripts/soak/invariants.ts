// The soak's verdict, read from D1 and the API at the end: nothing lost, nothing applied twice, nothing stuck, and
// the live stream agreeing with the API.
import type { Job } from "../../worker/api/schema.ts";
import { query } from "./d1.ts";

export interface Verdict {
  rows: [string, string | number, string][];
  failed: boolean;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

export function verdict(
  persistTo: string,
  created: Set<string>,
  apiJobs: Map<string, Job>,
  liveJobs: Map<string, Job>,
  latenciesMs: number[],
  /** Jobs that left D1 by discard or retention, found in the archive. */
  archived: Map<string, number>,
): Verdict {
  const inD1 = new Set(query<{ id: string }>(persistTo, "SELECT id FROM jobs").map((r) => r.id));
  const lost = [...created].filter((id) => !inD1.has(id) && !archived.has(id));
  const byStatus = query<{ status: string; n: number }>(
    persistTo,
    "SELECT status, count(*) AS n FROM jobs GROUP BY status",
  );
  const stuck =
    query<{ n: number }>(persistTo, "SELECT count(*) AS n FROM jobs WHERE status IN ('pending','running','paused')")[0]
      ?.n ?? 0;
  // A job gives its slot back when it stops (DESIGN.md "Lanes"): none may end still holding one.
  const staleSlots =
    query<{ n: number }>(
      persistTo,
      "SELECT count(*) AS n FROM jobs WHERE admitted = 1 AND status NOT IN ('pending','running')",
    )[0]?.n ?? 0;
  // Every committed chunk has exactly one ledger row and the job's step count matches its ledger.
  const ledgerMismatch =
    query<{ n: number }>(
      persistTo,
      "SELECT count(*) AS n FROM jobs j WHERE j.step_seq <> (SELECT count(*) FROM job_chunks c WHERE c.job_id = j.id)",
    )[0]?.n ?? 0;
  const duplicateChunks =
    query<{ n: number }>(
      persistTo,
      "SELECT count(*) AS n FROM (SELECT job_id, step FROM job_chunks GROUP BY job_id, step HAVING count(*) > 1)",
    )[0]?.n ?? 0;
  const duplicateProducts =
    query<{ n: number }>(
      persistTo,
      "SELECT count(*) AS n FROM (SELECT workspace_id, sku FROM products GROUP BY workspace_id, sku HAVING count(*) > 1)",
    )[0]?.n ?? 0;
  // A completed import accounts for every row exactly once: imported + rejected = processed.
  const importMismatch =
    query<{ n: number }>(
      persistTo,
      `SELECT count(*) AS n FROM jobs WHERE type = 'data_import' AND status = 'completed'
         AND json_extract(result, '$.imported') + json_extract(result, '$.rejected') <> processed`,
    )[0]?.n ?? 0;
  const faults = query<{ kind: string; n: number }>(
    persistTo,
    "SELECT kind, count(*) AS n FROM job_events WHERE kind LIKE 'fault:%' GROUP BY kind ORDER BY kind",
  );
  const disagreements = [...apiJobs.values()].filter((job) => {
    const live = liveJobs.get(job.id);
    return !live || live.status !== job.status || live.processed !== job.processed;
  });

  const zero = (n: number) => (n === 0 ? "ok" : "FAIL");
  const rows: Verdict["rows"] = [
    ["jobs created (acknowledged by the API)", created.size, ""],
    ...byStatus.map((r): [string, number, string] => [`  ${r.status}`, r.n, ""]),
    ["jobs lost", lost.length, zero(lost.length)],
    ["chunks applied twice", duplicateChunks + ledgerMismatch, zero(duplicateChunks + ledgerMismatch)],
    ["products duplicated", duplicateProducts, zero(duplicateProducts)],
    ["completed imports not adding up", importMismatch, zero(importMismatch)],
    ["jobs stuck non-terminal at the end", stuck, zero(stuck)],
    ["ended jobs still holding a slot", staleSlots, zero(staleSlots)],
    ["live final states disagreeing with the API", disagreements.length, zero(disagreements.length)],
    ["state change → live event p50 (ms)", Math.round(percentile(latenciesMs, 50)), ""],
    ["state change → live event p99 (ms)", Math.round(percentile(latenciesMs, 99)), ""],
    ...faults.map((f): [string, number, string] => [`faults injected: ${f.kind.slice(6)}`, f.n, ""]),
  ];
  const failed =
    lost.length +
      duplicateChunks +
      ledgerMismatch +
      duplicateProducts +
      importMismatch +
      stuck +
      staleSlots +
      disagreements.length >
    0;
  return { rows, failed };
}
