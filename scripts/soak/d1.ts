// Reads the local D1 database of a `wrangler dev` state directory with `wrangler d1 execute` (the soak's checks read
// D1 itself, not the runner's memory).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { offlineEnv } from "../dev-server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

export function query<T = Record<string, unknown>>(persistTo: string, sql: string): T[] {
  const result = spawnSync(
    process.execPath,
    [WRANGLER, "d1", "execute", "dutyleak-jobs", "--local", "--persist-to", persistTo, "--json", "--command", sql],
    { cwd: ROOT, env: offlineEnv(), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`d1 execute failed: ${result.stderr || result.stdout}`);
  const parsed = JSON.parse(result.stdout) as { results: T[] }[];
  return parsed.flatMap((r) => r.results);
}
