// Shared end-to-end setup: a real `wrangler dev` on a free port with throwaway state, the demo seed, and tokens; and a
// slow CSV source for imports that must stay running long enough to be watched.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
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

/** slowCsvSource waits its delay once per this many bytes it answers. */
const SLOW_BYTES = 40_000;

/**
 * Serves `csv` at a loopback URL (allowed as an import's source_url outside production), answering each Range request
 * after `delayMs` per 40 KB it returns. This paces an import: an uploaded file is imported locally in a few seconds
 * (60,000 rows were done before the upload's redirect), too fast to watch a page follow it.
 */
export async function slowCsvSource(csv: Buffer, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const [, from, to] = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "") ?? [];
    // Slow per byte, not per request: the importer reads ahead in large windows, so a per-request delay would let a
    // whole import finish in a couple of reads.
    const asked =
      from === undefined ? csv.length : Math.min(csv.length, Number(to || csv.length - 1) + 1) - Number(from);
    setTimeout(
      () => {
        if (from === undefined) {
          response.writeHead(200, { "content-type": "text/csv", "content-length": csv.length }).end(csv);
          return;
        }
        const start = Number(from);
        if (start >= csv.length) {
          response.writeHead(416, { "content-range": `bytes */${csv.length}` }).end();
          return;
        }
        const end = Math.min(to ? Number(to) : csv.length - 1, csv.length - 1);
        response
          .writeHead(206, { "content-type": "text/csv", "content-range": `bytes ${start}-${end}/${csv.length}` })
          .end(csv.subarray(start, end + 1));
      },
      delayMs * Math.max(1, Math.ceil(asked / SLOW_BYTES)),
    );
  });
  server.unref(); // a failed test must not keep vitest waiting on it
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/catalogue.csv`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
