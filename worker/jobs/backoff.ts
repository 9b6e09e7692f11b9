// Capped exponential backoff with jitter: min(cap, base·2^(n-1)) ± jitter, in whole seconds for the queue.

export interface BackoffConfig {
  baseSeconds: number;
  capSeconds: number;
  /** Fraction of the delay added or removed at random, e.g. 0.2 for ±20%. */
  jitter: number;
}

/** Delay before attempt `failedAttempts + 1`, given `failedAttempts` ≥ 1 failures so far. */
export function backoffSeconds(failedAttempts: number, config: BackoffConfig, random: () => number = Math.random) {
  const exponent = Math.max(0, failedAttempts - 1);
  const raw = Math.min(config.capSeconds, config.baseSeconds * 2 ** Math.min(exponent, 30));
  const spread = raw * config.jitter * (random() * 2 - 1);
  // Queues take whole seconds; never 0 so a retry is never immediate, never above the cap.
  return Math.max(1, Math.min(config.capSeconds, Math.round(raw + spread)));
}
