// The soak's retention paths: operators discard a few random jobs now and then (only the ended ones go, archived
// first, across the restarts that may kill a discard between its archive and its delete), the owner changes the
// retention settings, and the pruner runs a round. The verdict downloads every archive day and checks that each job
// that left D1 is in the archive exactly once and that none is in both.
import { gunzipSync } from "node:zlib";
import type { Clients, WorkloadStats } from "./workload.ts";

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

export async function steerRetention(clients: Clients, stats: WorkloadStats, ids: string[]): Promise<void> {
  const count = (key: string) => {
    stats.actions[key] = (stats.actions[key] ?? 0) + 1;
  };
  const json = (token: string, method: string, body: unknown) => ({
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const roll = Math.random();
  try {
    if (roll < 0.7) {
      const chosen = Array.from({ length: between(1, 6) }, () => pick(ids));
      const response = await fetch(
        `${clients.url}/api/v1/jobs/discard`,
        json(pick(clients.tokens), "POST", { ids: chosen }),
      );
      count(`discard ${response.status}`);
    } else if (roll < 0.85) {
      // The owner (the second token); the days stay far above the soak's job ages, so the pruner finds nothing due.
      const response = await fetch(
        `${clients.url}/api/v1/settings`,
        json(clients.tokens[1] as string, "PATCH", {
          retention: { completed_days: between(2, 60), failed_days: between(2, 90) },
        }),
      );
      count(`retention ${response.status}`);
    } else {
      const response = await fetch(`${clients.url}/__dev/prune`, json("", "POST", {}));
      count(`prune ${response.status}`);
    }
  } catch {
    count("retention unreachable");
  }
}

/** How many times each job id appears in the workspace's archive (every day, every page). */
export async function archivedJobIds(url: string, token: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const auth = { authorization: `Bearer ${token}` };
  let cursor: string | null = null;
  do {
    const list = (await (
      await fetch(`${url}/api/v1/archives${cursor ? `?cursor=${cursor}` : ""}`, { headers: auth })
    ).json()) as {
      archives: { date: string }[];
      next_cursor: string | null;
    };
    for (const { date } of list.archives) {
      const body = new Uint8Array(
        await (await fetch(`${url}/api/v1/archives/${date}`, { headers: auth })).arrayBuffer(),
      );
      for (const line of gunzipSync(body).toString("utf8").split("\n")) {
        if (line === "") continue;
        const record = JSON.parse(line) as { record: string; id?: string };
        if (record.record === "job" && record.id) seen.set(record.id, (seen.get(record.id) ?? 0) + 1);
      }
    }
    cursor = list.next_cursor;
  } while (cursor);
  return seen;
}

/**
 * The verdict's archive rows: jobs in the archive twice, jobs both archived and still in D1, and jobs the live watcher
 * was told left D1 (`announced`, from `removed` events) that did not: each must be archived and gone from D1. Not
 * every archived job is announced (the watcher misses events while wrangler dev restarts).
 */
export function archiveVerdict(
  archived: Map<string, number>,
  inD1: Set<string>,
  announced: Set<string>,
): [string, number, string][] {
  const twice = [...archived.values()].filter((n) => n > 1).length;
  const both = [...archived.keys()].filter((id) => inD1.has(id)).length;
  const wrong = [...announced].filter((id) => inD1.has(id) || !archived.has(id)).length;
  const zero = (n: number) => (n === 0 ? "ok" : "FAIL");
  return [
    ["jobs discarded (each in the archive)", archived.size, ""],
    ["jobs in the archive twice", twice, zero(twice)],
    ["jobs both archived and still in D1", both, zero(both)],
    ["jobs announced removed on the live socket", announced.size, ""],
    ["  of them still in D1 or not archived", wrong, zero(wrong)],
  ];
}
