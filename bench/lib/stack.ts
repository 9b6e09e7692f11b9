// Our side of every benchmark: a real `wrangler dev` on a fresh temporary state (test job types on), the demo seed,
// an admin API token and, when the admin pages exist, a session cookie; stopped by pid with its memory figures.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDevServer } from "../../scripts/dev-server.ts";
import type { SeedReport } from "../../worker/api/dev.ts";
import { type TreeMemory, TreeSampler } from "./rss.ts";

export interface Stack {
  url: string;
  /** The wrangler process: the root of the tree that holds workerd. */
  pid: number;
  persistTo: string;
  token: string;
  /** Authorization header for the admin's token. */
  auth: Record<string, string>;
  workspaceId: string;
  seed: SeedReport;
  /** `dl_session=…` for the admin pages, or null with the reason in `cookieNote`. */
  cookie: string | null;
  cookieNote: string | null;
  startedInMs: number;
  stop(): Promise<TreeMemory>;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

async function login(
  url: string,
  email: string,
  password: string,
): Promise<{ cookie: string | null; note: string | null }> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    // hono's csrf() refuses a form post that has neither Origin nor Sec-Fetch-Site (PLATFORM.md §6).
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
    body: new URLSearchParams({ email, password }).toString(),
    redirect: "manual",
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("dl_session="));
  if (cookie) return { cookie, note: null };
  return { cookie: null, note: `POST /login answered ${response.status} without a session cookie` };
}

export async function startStack(log: (line: string) => void): Promise<Stack> {
  const persistTo = mkdtempSync(path.join(os.tmpdir(), "dutyleak-bench-"));
  const started = performance.now();
  const server = await startDevServer({ persistTo, vars: { ENABLE_TEST_JOB_TYPES: "true" }, output: "ignore" }).catch(
    (error: unknown) => {
      rmSync(persistTo, { recursive: true, force: true });
      throw error;
    },
  );
  const startedInMs = performance.now() - started;
  const sampler = new TreeSampler(server.process.pid as number);
  log(`wrangler dev on ${server.url} (state ${persistTo}) started in ${(startedInMs / 1000).toFixed(1)} s`);
  const stop = async () => {
    const memory = sampler.finish();
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
    return memory;
  };
  try {
    const seeded = await postJson(`${server.url}/__dev/seed`, {});
    if (seeded.status !== 200) throw new Error(`POST /__dev/seed answered ${seeded.status}`);
    const seed = seeded.json as SeedReport;
    const email = "admin@acme.test";
    const tokens = await postJson(`${server.url}/api/v1/tokens`, { email, password: seed.password, workspace: "acme" });
    if (tokens.status !== 201) throw new Error(`POST /api/v1/tokens answered ${tokens.status}`);
    const { token, workspace } = tokens.json as { token: string; workspace: { id: string } };
    const session = await login(server.url, email, seed.password);
    return {
      url: server.url,
      pid: server.process.pid as number,
      persistTo,
      token,
      auth: { authorization: `Bearer ${token}` },
      workspaceId: workspace.id,
      seed,
      cookie: session.cookie,
      cookieNote: session.note,
      startedInMs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
