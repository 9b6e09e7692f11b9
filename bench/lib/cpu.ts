// CPU time used by a process tree (user + system, from /proc/<pid>/stat), to say what a workload costs in CPU
// independently of how busy the machine is. Linux only; elsewhere null.
import { readFileSync } from "node:fs";
import { treePids } from "./rss.ts";

/** Linux reports utime/stime in clock ticks of 1/100 s on every common configuration (CLK_TCK = 100). */
const TICK_MS = 10;

export function treeCpuMs(root: number): number | null {
  let total = 0;
  let seen = false;
  for (const pid of treePids(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state(0) ppid(1) … utime(11) stime(12).
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      seen = true;
    } catch {
      // The process ended while we looked.
    }
  }
  return seen ? total : null;
}

/** CPU used by the trees of `roots` from now on: `per(n)` is CPU-ms per operation for n operations, or null. */
export function cpuMeter(...roots: number[]): { usedMs(): number | null; per(operations: number): number | null } {
  const sum = () =>
    roots.reduce<number | null>((total, root) => {
      const ms = treeCpuMs(root);
      return total === null || ms === null ? null : total + ms;
    }, 0);
  const start = sum();
  const usedMs = () => {
    const now = sum();
    return start === null || now === null ? null : now - start;
  };
  return {
    usedMs,
    per(operations) {
      const used = usedMs();
      return used === null || operations <= 0 ? null : used / operations;
    },
  };
}
