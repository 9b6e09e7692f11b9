// Memory of a process tree from /proc: samples the tree's summed RSS while it runs and reads each process's
// high-water mark (VmHWM) at the end. Linux only; elsewhere the figures stay null.
import { readdirSync, readFileSync } from "node:fs";

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return byParent;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces: the parent pid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = byParent.get(ppid) ?? [];
      list.push(Number(entry));
      byParent.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  return byParent;
}

export function treePids(root: number): number[] {
  const byParent = children();
  const pids: number[] = [];
  const queue = [root];
  while (queue.length > 0 && pids.length < 1000) {
    const pid = queue.shift() as number;
    pids.push(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return pids;
}

/** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM), or null. */
export function statusMiB(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
}

export interface TreeMemory {
  /** Largest summed RSS of the whole tree seen by the sampler. */
  peakTreeMiB: number | null;
  /** The biggest single high-water mark, and whose it is. */
  peakProcessMiB: number | null;
  peakProcess: string | null;
}

export class TreeSampler {
  #peakTree = 0;
  #peakProcess = 0;
  #peakName: string | null = null;
  #timer: ReturnType<typeof setInterval>;
  readonly root: number;

  constructor(root: number, everyMs = 500) {
    this.root = root;
    this.#timer = setInterval(() => this.sample(), everyMs);
    this.#timer.unref();
  }

  sample(): void {
    let sum = 0;
    for (const pid of treePids(this.root)) {
      sum += statusMiB(pid, "VmRSS") ?? 0;
      const hwm = statusMiB(pid, "VmHWM") ?? 0;
      if (hwm > this.#peakProcess) {
        this.#peakProcess = hwm;
        this.#peakName = commandOf(pid);
      }
    }
    this.#peakTree = Math.max(this.#peakTree, sum);
  }

  /** Takes a last sample (call it before the tree is stopped) and stops sampling. */
  finish(): TreeMemory {
    this.sample();
    clearInterval(this.#timer);
    return {
      peakTreeMiB: this.#peakTree || null,
      peakProcessMiB: this.#peakProcess || null,
      peakProcess: this.#peakName,
    };
  }
}
