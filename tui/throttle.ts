// At most one call per interval: the first request runs at once, later ones within the interval make one run at its
// end. For reads that live events trigger far more often than the answer can change (the lanes strip).

export interface Throttle {
  request(): void;
  stop(): void;
}

export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): Throttle {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const run = () => {
    timer = null;
    last = now();
    fn();
  };
  return {
    request() {
      if (stopped || timer) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
