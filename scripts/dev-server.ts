// Starts `wrangler dev` fully locally (no telemetry, no remote bindings, no cf.json fetch) on a given port with its
// own persisted state, applies the D1 migrations first, waits until it answers, and stops it by its process id.
// Used by `npm start`, the end-to-end tests, the benchmarks and the soak.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
// Run wrangler's script with the Node running us (the pinned Node 22), whatever `node` the PATH would find.
const WRANGLER = [process.execPath, path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js")] as const;

export const offlineEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // Tools wrangler starts must also find the pinned Node 22 first.
  PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}`,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_LOG_PATH: path.join(ROOT, ".wrangler-logs"),
  // Wrangler's local trace store writes more to disk than D1 does under load (measured by the benchmarks); nothing
  // here reads it.
  X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
  // blessed/wrangler must not think they run inside tmux or a fancy terminal.
  NO_UPDATE_NOTIFIER: "1",
});

export interface DevServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  port?: number;
  persistTo: string;
  vars?: Record<string, string>;
  /** Where wrangler's own output goes; defaults to inheriting (npm start) or being dropped. */
  output?: "inherit" | "ignore" | "pipe";
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export function applyMigrations(persistTo: string): void {
  mkdirSync(persistTo, { recursive: true });
  const result = spawnSync(
    WRANGLER[0],
    [WRANGLER[1], "d1", "migrations", "apply", "dutyleak-jobs", "--local", "--persist-to", persistTo],
    { cwd: ROOT, env: offlineEnv(), encoding: "utf8", input: "y\n" },
  );
  if (result.status !== 0) {
    throw new Error(`wrangler d1 migrations apply failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  applyMigrations(options.persistTo);
  const args = [
    WRANGLER[1],
    "dev",
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--persist-to",
    options.persistTo,
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  ];
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push("--var", `${name}:${value}`);
  const child = spawn(WRANGLER[0], args, {
    cwd: ROOT,
    env: offlineEnv(),
    stdio: ["ignore", options.output ?? "ignore", options.output ?? "ignore"],
    detached: process.platform !== "win32",
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child);
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, stop };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs / 1000}s`);
}

/** Stops wrangler and its workerd children (its own process group), by process id. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      child.kill(sig);
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
