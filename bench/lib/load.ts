// A closed-loop load generator: `concurrency` senders share `total` requests, each stops at `maxMs`.
import { type Summary, summarize } from "./stats.ts";

export interface LoadOptions {
  total: number;
  concurrency: number;
  maxMs: number;
  /** Sends request `i` and returns its HTTP status. */
  send(i: number): Promise<number>;
}

export interface LoadResult {
  sent: number;
  accepted: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  /** Accepted requests per second over the whole run. */
  perSecond: number;
  latency: Summary;
  timedOut: boolean;
  firstError: string | null;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let accepted = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const deadline = start + o.maxMs;
  const sender = async () => {
    while (next < o.total && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      let status: number;
      try {
        status = await o.send(i);
      } catch (error) {
        status = 0;
        firstError ??= String(error);
      }
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) accepted++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, sender));
  const elapsedMs = performance.now() - start;
  return {
    sent: latencies.length,
    accepted,
    statuses,
    elapsedMs,
    perSecond: (accepted * 1000) / elapsedMs,
    latency: summarize(latencies),
    timedOut: latencies.length < o.total,
    firstError,
  };
}
