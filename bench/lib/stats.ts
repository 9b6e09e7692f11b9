// Percentiles and summaries of latency samples (nearest-rank, on a sorted copy).
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Times `count` sequential calls of `fn` (bounded by `maxMs` too) and returns each duration in ms. */
export async function repeat(count: number, maxMs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  const deadline = Date.now() + maxMs;
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns a value or `maxMs` pass; null on time-out. */
export async function until<T>(check: () => Promise<T | null>, everyMs: number, maxMs: number): Promise<T | null> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() >= deadline) return null;
    await sleep(everyMs);
  }
}
