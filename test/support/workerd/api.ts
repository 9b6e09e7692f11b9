// Shared test helpers: seeding accounts, calling the app like a client, and waiting for jobs to reach a state.
import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import type { Job, JobEvent, Role } from "../../../worker/api/schema.ts";
import { createApiToken } from "../../../worker/db/auth.ts";
import { makeDb } from "../../../worker/db/client.ts";
import { newId } from "../../../worker/db/ids.ts";
import { memberships, users, workspaces } from "../../../worker/db/schema.ts";

export const BASE = "http://jobs.test";

export interface Account {
  token: string;
  workspaceId: string;
  userId: string;
  email: string;
}

/**
 * A workspace with one user of each given role (no password hashing: tests use tokens directly). `maxRunning` widens
 * its lane for tests of the engine's mechanics that start many jobs at once.
 */
export async function makeWorkspace(
  slug: string,
  roles: Role[] = ["owner", "admin", "member", "viewer"],
  options: { maxRunning?: number } = {},
) {
  const db = makeDb(env.DB);
  const now = Date.now();
  const workspaceId = newId();
  await db
    .insert(workspaces)
    .values({ id: workspaceId, slug, name: slug.toUpperCase(), createdAt: now, maxRunning: options.maxRunning ?? 4 });
  const accounts = {} as Record<Role, Account>;
  for (const role of roles) {
    const userId = newId();
    const email = `${role}@${slug}.test`;
    await db.insert(users).values({ id: userId, email, name: role, passwordHash: "x", createdAt: now });
    await db.insert(memberships).values({ workspaceId, userId, role, createdAt: now });
    const token = await createApiToken(db, { userId, workspaceId, name: "test", now });
    accounts[role] = { token, workspaceId, userId, email };
  }
  return { workspaceId, ...accounts };
}

export async function api(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.body);
  }
  const response = await exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text, headers: response.headers };
}

export async function createJob(token: string, type: string, payload: unknown, idempotencyKey?: string) {
  const res = await api("POST", "/api/v1/jobs", {
    token,
    body: { type, payload, ...(idempotencyKey ? { idempotency_key: idempotencyKey } : {}) },
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`create failed ${res.status}: ${res.text}`);
  return res.json.job as Job;
}

export async function getJob(token: string, id: string): Promise<{ job: Job; events: JobEvent[] }> {
  const res = await api("GET", `/api/v1/jobs/${id}`, { token });
  if (res.status !== 200) throw new Error(`get failed ${res.status}: ${res.text}`);
  return res.json;
}

/** Polls the API until the job satisfies `done` (the queue consumer runs in the same workerd). */
export async function waitForJob(token: string, id: string, done: (job: Job) => boolean, timeout = 20_000) {
  let last: Job | undefined;
  await vi
    .waitUntil(
      async () => {
        last = (await getJob(token, id)).job;
        return done(last);
      },
      { timeout, interval: 50 },
    )
    .catch((error) => {
      throw new Error(`job ${id} never reached the expected state; last: ${JSON.stringify(last)} (${error})`);
    });
  return last as Job;
}

export const hasStatus =
  (...statuses: Job["status"][]) =>
  (job: Job) =>
    statuses.includes(job.status);

export function productRows(count: number, prefix = "SKU") {
  return Array.from({ length: count }, (_, i) => ({
    sku: `${prefix}-${String(i + 1).padStart(5, "0")}`,
    title: `Cotton t-shirt ${i + 1}`,
    origin_country: "CN",
    customs_value: 10 + (i % 50),
    currency: "USD",
  }));
}

export function productCsv(count: number, prefix = "SKU") {
  const lines = ["sku,title,description,origin_country,customs_value,currency,hs_code"];
  for (const row of productRows(count, prefix)) {
    lines.push(`${row.sku},"${row.title}","A soft, ""classic"" tee",${row.origin_country},${row.customs_value},USD,`);
  }
  return `${lines.join("\n")}\n`;
}
