// What the figures were measured on: CPU, cores, memory, Node, load at the start, date.
import os from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  memory_gib: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  load_at_start: number;
  date: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    load_at_start: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    date: new Date().toISOString(),
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, Node ${m.node}, ${m.os}, load ${m.load_at_start} at start, ${m.date.slice(0, 16).replace("T", " ")} UTC`;
}
