// Starts the floor worker (bench/floor/wrangler.toml) in its own `wrangler dev`, fully local like ours
// (scripts/dev-server.ts: no telemetry, no cf.json fetch, --local, a temporary --persist-to, 127.0.0.1, a free port),
// with our migrations applied to its own D1 database, and stops it by its process id.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "smol-toml";
import { freePort, offlineEnv, stopProcess } from "../../scripts/dev-server.ts";
import { sleep } from "../lib/stats.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SOURCE_CONFIG = path.join(import.meta.dirname, "wrangler.toml");
const WRANGLER = path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const DATABASE = "dutyleak-floor";

export interface FloorServer {
  url: string;
  /** The wrangler process: the root of the tree that holds the floor's workerd. */
  pid: number;
  stop(): Promise<void>;
}

async function waitForHello(url: string, exited: () => number | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const code = exited();
    if (code !== null) throw new Error(`the floor's wrangler dev exited with code ${code}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`the floor's wrangler dev did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/**
 * The config, copied into the temporary directory with absolute paths: wrangler keeps its bundles in a `.wrangler/`
 * beside the config it runs, and one under bench/ would be picked up by `biome check .` while the bench runs.
 */
function writeConfig(dir: string): string {
  const config = parse(readFileSync(SOURCE_CONFIG, "utf8")) as {
    main: string;
    d1_databases: { migrations_dir: string }[];
  };
  config.main = path.resolve(import.meta.dirname, config.main);
  for (const db of config.d1_databases) db.migrations_dir = path.resolve(import.meta.dirname, db.migrations_dir);
  const file = path.join(dir, "wrangler.toml");
  writeFileSync(file, stringify(config));
  return file;
}

export async function startFloor(log: (line: string) => void): Promise<FloorServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dutyleak-floor-"));
  const persistTo = path.join(dir, "state");
  const config = writeConfig(dir);
  const started = performance.now();
  const migrated = spawnSync(
    process.execPath,
    [WRANGLER, "d1", "migrations", "apply", DATABASE, "--local", "--persist-to", persistTo, "--config", config],
    { cwd: ROOT, env: offlineEnv(), encoding: "utf8", input: "y\n", timeout: 120_000 },
  );
  if (migrated.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`wrangler d1 migrations apply (floor) failed:\n${migrated.stdout}\n${migrated.stderr}`);
  }
  const port = await freePort();
  const args = [
    WRANGLER,
    "dev",
    "--config",
    config,
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--persist-to",
    persistTo,
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: offlineEnv(),
    stdio: ["ignore", "ignore", "ignore"],
    // Its own process group, so that stopProcess reaches workerd too.
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHello(url, () => child.exitCode, 60_000);
    const setup = await fetch(`${url}/setup`, { method: "POST" });
    if (!setup.ok) throw new Error(`POST /setup on the floor answered ${setup.status}: ${await setup.text()}`);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`floor wrangler dev on ${url} started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { url, pid: child.pid as number, stop };
}
