// The peer's Redis: a private `redis-server` on a free loopback port with persistence off, stopped by its pid.
// If the binary is missing it tries Debian's package once (root only); if that fails the peer columns stay empty.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";
import { freePort } from "../../scripts/dev-server.ts";

export interface RedisServer {
  host: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" }).status === 0;

/** Installs redis-server from Debian when possible; returns why not otherwise. */
function ensureRedisBinary(log: (line: string) => void): string | null {
  if (has("redis-server")) return null;
  if (process.getuid?.() !== 0 || !has("apt-get")) return "redis-server is not installed and apt-get cannot run here";
  log("redis-server is missing: apt-get install -y redis-server …");
  const opts = { stdio: "ignore" as const, timeout: 300_000 };
  spawnSync("apt-get", ["update"], opts);
  spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "redis-server"], opts);
  return has("redis-server") ? null : "apt-get could not install redis-server";
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
}

/** Starts Redis, or returns the reason the peer cannot run. */
export async function startRedis(log: (line: string) => void): Promise<RedisServer | { missing: string }> {
  const missing = ensureRedisBinary(log);
  if (missing) return { missing };
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"];
  const child = spawn("redis-server", [...args, "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(child.pid, "SIGTERM");
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPort(port, child, 10_000);
  } catch (error) {
    await stop();
    return { missing: String(error) };
  }
  return { host: "127.0.0.1", port, pid: child.pid as number, stop };
}
