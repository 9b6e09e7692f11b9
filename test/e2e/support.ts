// Shared end-to-end setup: a real `wrangler dev` on a free port with throwaway state, the demo seed, and tokens.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type DevServer, startDevServer } from "../../scripts/dev-server.ts";

export interface Stack {
  server: DevServer;
  url: string;
  stop(): Promise<void>;
  token(email: string, workspace?: string): Promise<string>;
  api(method: string, route: string, token: string, body?: unknown): Promise<any>;
}

export async function startStack(vars: Record<string, string> = {}): Promise<Stack> {
  const state = mkdtempSync(path.join(os.tmpdir(), "dutyleak-e2e-"));
  const server = await startDevServer({ persistTo: state, vars: { ENABLE_TEST_JOB_TYPES: "true", ...vars } });
  const url = server.url;
  const seeded = await fetch(`${url}/__dev/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!seeded.ok) throw new Error(`seed failed: ${seeded.status} ${await seeded.text()}`);
  const api = async (method: string, route: string, token: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return response.json();
  };
  return {
    server,
    url,
    api,
    async token(email, workspace = "acme") {
      const response = await fetch(`${url}/api/v1/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "dutyleak-demo", workspace }),
      });
      const body = (await response.json()) as { token: string };
      return body.token;
    },
    async stop() {
      await server.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false), or fails with what was last seen. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    last = value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
}
