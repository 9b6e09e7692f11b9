// Child processes for the peer servers and the TUI run: a TypeScript file forked with the tsx loader and an IPC
// channel, waited on message by message with a time limit, and stopped by its pid.
import { type ChildProcess, fork } from "node:child_process";

export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

export function forkTs(file: string, args: string[] = []): ChildProcess {
  return fork(file, args, {
    execArgv: ["--no-warnings", "--import", import.meta.resolve("tsx")],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** The next message of `type` from the child, or an error if it exits or `timeoutMs` pass first. */
export function nextMessage<T extends ChildMessage>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    const onMessage = (message: unknown) => {
      const m = message as ChildMessage;
      if (m?.type === "error") {
        cleanup();
        reject(new Error(String(m.message)));
      } else if (m?.type === type) {
        cleanup();
        resolve(m as T);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child exited with code ${code} before sending "${type}"`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no "${type}" from the child within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/** Stops the child by its pid: SIGTERM, then SIGKILL after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGKILL");
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

/** For the child side: send a message to the parent (no-op when not forked). */
export function tell(message: ChildMessage): void {
  process.send?.(message);
}

/** For the child side: run `main`, report a failure to the parent, and exit when the parent says stop or goes away. */
export function childMain(main: () => Promise<void>, cleanup: () => Promise<void> = async () => {}): void {
  const exit = async (code: number) => {
    try {
      await cleanup();
    } finally {
      process.exit(code);
    }
  };
  process.on("SIGTERM", () => void exit(0));
  process.on("disconnect", () => void exit(0));
  main().catch((error: unknown) => {
    tell({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    void exit(1);
  });
}
