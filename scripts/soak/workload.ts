// The soak's mixed workload: every job type, bulk creates and signed webhook imports from several clients, plus
// operators who pause, resume, cancel and retry at random (one at a time, in bulk, with a reason, or a whole error
// group), who search, and who steer the lanes (pause a type, change a priority, set the running limit). Requests that fail while the server restarts are tried
// again later; only jobs the API acknowledged (201/202, or 201 inside a bulk answer) are counted as created.
import { Webhook } from "standardwebhooks";
import { steerRetention } from "./retention.ts";

export interface Clients {
  url: string;
  tokens: string[];
  webhook: { endpointId: string; secret: string };
}

export interface WorkloadStats {
  created: Set<string>;
  createFailures: number;
  actions: Record<string, number>;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

function rows(count: number) {
  return Array.from({ length: count }, () => {
    const n = between(1, 5000);
    const bad = Math.random() < 0.05;
    return {
      sku: `SOAK-${n}`,
      title: pick(["Cotton t-shirt", "Leather boots", "Porcelain plate set", "LED desk lamp", "Plush teddy bear"]),
      origin_country: pick(["CN", "VN", "BD", "IN", "TR"]),
      customs_value: bad ? -1 : between(1, 300),
      currency: "USD",
    };
  });
}

function csv(count: number): string {
  const lines = ["sku,title,origin_country,customs_value,currency"];
  for (const r of rows(count)) lines.push(`${r.sku},"${r.title}, soak",${r.origin_country},${r.customs_value},USD`);
  return `${lines.join("\n")}\n`;
}

function randomJob(): { type: string; payload: unknown } {
  const roll = Math.random();
  if (roll < 0.25) return { type: "data_import", payload: { rows: rows(between(20, 400)) } };
  if (roll < 0.35) return { type: "data_import", payload: { csv: csv(between(20, 400)) } };
  if (roll < 0.5) return { type: "bulk_classification", payload: { reclassify: Math.random() < 0.2 } };
  if (roll < 0.6)
    return { type: "data_export", payload: Math.random() < 0.5 ? {} : { filter: { origin_country: "CN" } } };
  if (roll < 0.72) return { type: "duty_optimization", payload: { destination: pick(["US", "EU"]) } };
  return { type: "test_flaky", payload: { items: between(10, 120), chunk: between(1, 10), delay_ms: between(0, 30) } };
}

async function post(url: string, token: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Creates one job through the API or a signed webhook; returns its id, or null when the server did not accept it. */
export async function createOne(clients: Clients, stats: WorkloadStats): Promise<string | null> {
  try {
    if (Math.random() < 0.15) {
      const body = JSON.stringify({ rows: rows(between(10, 200)) });
      const id = `soak_${crypto.randomUUID()}`;
      const at = new Date();
      const response = await fetch(`${clients.url}/webhooks/v1/imports/${clients.webhook.endpointId}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": new Webhook(clients.webhook.secret).sign(id, at, body),
        },
        body,
      });
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
      const { job } = (await response.json()) as { job: { id: string } };
      stats.created.add(job.id);
      return job.id;
    }
    if (Math.random() < 0.1) {
      // Bulk create: a few jobs in one request; only those answered 201 count as created.
      const jobs = Array.from({ length: between(2, 20) }, randomJob);
      const response = await post(`${clients.url}/api/v1/jobs/batch`, pick(clients.tokens), { jobs });
      if (response.status !== 200) throw new Error(`batch create answered ${response.status}`);
      const { results } = (await response.json()) as { results: { status: number; job?: { id: string } }[] };
      const ids = results.flatMap((r) => (r.status === 201 && r.job ? [r.job.id] : []));
      for (const id of ids) stats.created.add(id);
      return ids[0] ?? null;
    }
    const response = await post(`${clients.url}/api/v1/jobs`, pick(clients.tokens), randomJob());
    if (response.status !== 201) throw new Error(`create answered ${response.status}`);
    const { job } = (await response.json()) as { job: { id: string } };
    stats.created.add(job.id);
    return job.id;
  } catch {
    stats.createFailures++;
    return null;
  }
}

/** One random operator action on a random known job; 409s (not allowed now) are part of the game. */
export async function operate(clients: Clients, stats: WorkloadStats): Promise<void> {
  const ids = [...stats.created];
  if (ids.length === 0) return;
  if (Math.random() < 0.08) return operateInBulk(clients, stats, ids);
  if (Math.random() < 0.05) return findAndFix(clients, stats, ids);
  if (Math.random() < 0.05) return steerLanes(clients, stats, ids);
  if (Math.random() < 0.03) return steerRetention(clients, stats, ids);
  const action = pick(["pause", "resume", "cancel", "retry", "resume", "retry"] as const);
  try {
    const response = await post(`${clients.url}/api/v1/jobs/${pick(ids)}/${action}`, pick(clients.tokens), undefined);
    const key = `${action} ${response.status}`;
    stats.actions[key] = (stats.actions[key] ?? 0) + 1;
  } catch {
    stats.actions[`${action} unreachable`] = (stats.actions[`${action} unreachable`] ?? 0) + 1;
  }
}

/** The job types the soak pauses now and then (each resumes a few seconds later, and all do before the drain). */
export const SOAK_LANE_TYPES = ["data_import", "bulk_classification", "data_export", "duty_optimization"] as const;

/**
 * The lanes' write paths: a job type paused for a few seconds, a waiting job's priority changed, or the running
 * limit set (by the owner, the second token) between 2 and 8, so admission is exercised as slots grow and shrink.
 */
async function steerLanes(clients: Clients, stats: WorkloadStats, ids: string[]): Promise<void> {
  const count = (key: string) => {
    stats.actions[key] = (stats.actions[key] ?? 0) + 1;
  };
  const roll = Math.random();
  try {
    if (roll < 0.3) {
      const type = pick(SOAK_LANE_TYPES);
      const response = await post(`${clients.url}/api/v1/lanes/${type}/pause`, pick(clients.tokens), undefined);
      count(`lane pause ${response.status}`);
      setTimeout(
        () => {
          post(`${clients.url}/api/v1/lanes/${type}/resume`, pick(clients.tokens), undefined)
            .then((resumed) => count(`lane resume ${resumed.status}`))
            .catch(() => count("lane resume unreachable"));
        },
        between(1000, 5000),
      );
    } else if (roll < 0.8) {
      const response = await fetch(`${clients.url}/api/v1/jobs/${pick(ids)}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${pick(clients.tokens)}`, "content-type": "application/json" },
        body: JSON.stringify({ priority: pick(["high", "normal", "low"] as const) }),
      });
      count(`priority ${response.status}`);
    } else {
      const response = await fetch(`${clients.url}/api/v1/settings`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${clients.tokens[1]}`, "content-type": "application/json" },
        body: JSON.stringify({ max_running: between(2, 8) }),
      });
      count(`max_running ${response.status}`);
    }
  } catch {
    count("lanes unreachable");
  }
}

/** A bulk retry or cancel of a few random known jobs (the "selected rows" action), as an operator does it. */
async function operateInBulk(clients: Clients, stats: WorkloadStats, ids: string[]): Promise<void> {
  const action = pick(["retry", "cancel"] as const);
  const chosen = Array.from({ length: between(2, 12) }, () => pick(ids));
  try {
    const response = await post(`${clients.url}/api/v1/jobs/${action}`, pick(clients.tokens), { ids: chosen });
    const key = `bulk ${action} ${response.status}`;
    stats.actions[key] = (stats.actions[key] ?? 0) + 1;
  } catch {
    stats.actions[`bulk ${action} unreachable`] = (stats.actions[`bulk ${action} unreachable`] ?? 0) + 1;
  }
}

/**
 * The find-and-fix write paths an operator uses: a retry with a reason (the edit-and-retry route, which restarts the
 * job from its payload), or the replay of the largest error group; plus a search read.
 */
async function findAndFix(clients: Clients, stats: WorkloadStats, ids: string[]): Promise<void> {
  const token = pick(clients.tokens);
  const count = (key: string) => {
    stats.actions[key] = (stats.actions[key] ?? 0) + 1;
  };
  try {
    const search = await fetch(`${clients.url}/api/v1/jobs?q=${encodeURIComponent(pick(ids).slice(-6))}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    count(`search ${search.status}`);
    if (Math.random() < 0.5) {
      const response = await post(`${clients.url}/api/v1/jobs/${pick(ids)}/retry`, token, {
        reason: "soak: edited retry",
      });
      count(`edit-retry ${response.status}`);
      return;
    }
    const groups = await fetch(`${clients.url}/api/v1/errors`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await groups.json()) as { groups?: { signature: string }[] };
    const group = body.groups?.[0];
    if (!group) return count("replay none");
    const response = await post(`${clients.url}/api/v1/errors/${group.signature}/retry`, token, { reason: "soak" });
    count(`replay ${response.status}`);
  } catch {
    count("find-and-fix unreachable");
  }
}
