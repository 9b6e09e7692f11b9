// Runs SQL against the local D1 database of a persist dir with `wrangler d1 execute --local`, the way the dev server
// sees it (same --persist-to), bounded in time.
import { spawn } from "node:child_process";
import path from "node:path";
import { offlineEnv } from "../../scripts/dev-server.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");

function execute(persistTo: string, what: string[], timeoutMs: number): Promise<string> {
  const args = ["d1", "execute", "dutyleak-jobs", "--local", "--persist-to", persistTo, "--yes", ...what];
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER, args, { cwd: ROOT, env: offlineEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler d1 execute ${what.join(" ")} failed (${code ?? "killed"}):\n${out}\n${err}`));
    });
  });
}

export function executeFile(persistTo: string, file: string, timeoutMs = 120_000): Promise<string> {
  return execute(persistTo, ["--file", file], timeoutMs);
}

/** Runs one query and returns its rows. */
export async function query<T>(persistTo: string, sql: string, timeoutMs = 60_000): Promise<T[]> {
  const out = await execute(persistTo, ["--command", sql, "--json"], timeoutMs);
  const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[];
  return parsed[0]?.results ?? [];
}
