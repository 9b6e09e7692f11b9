// A line logger that writes to a file: the terminal belongs to the dashboard, so nothing may print to it.
import { appendFileSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export type Logger = (line: string) => void;

export function defaultLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(state, "dutyleak", "tui.log");
}

export function fileLogger(path: string): Logger {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  return (line) => {
    try {
      // Synchronous on purpose: the last lines before a crash are the ones worth having.
      appendFileSync(path, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
    } catch {
      // A full disk must not take the dashboard down; there is nowhere else to report it.
    }
  };
}

export const nullLogger: Logger = () => {};
