// A running job's pace, kept on its row (DESIGN.md "Time and rate"): after each chunk the engine folds the chunk's
// duration and the share of the job it did into exponentially weighted estimates, so every reader (the API, the live
// events, the pages, the TUI) can say the rate and an ETA band from the row alone. The unit of progress is the
// fraction done: rows of a known total, or bytes of a source whose row count is unknown. Pure (wire layer).

/** What the row keeps about its pace. */
export interface Pace {
  /** Milliseconds of running per whole job (pace per unit of fraction), weighted towards recent chunks. */
  meanMsPerJob: number | null;
  /** The variance of that pace between chunks. */
  varMsPerJob: number | null;
  /** A chunk's typical share of the job. */
  chunkFraction: number | null;
  /** Chunks observed in this run (the estimate's sample). */
  chunks: number;
  /** Items per second over the recent chunks. */
  itemsPerSecond: number | null;
}

/** How much each new chunk weighs: about the last 5–6 chunks matter. */
const WEIGHT = 0.3;

export const NO_PACE: Pace = {
  meanMsPerJob: null,
  varMsPerJob: null,
  chunkFraction: null,
  chunks: 0,
  itemsPerSecond: null,
};

/**
 * The pace after one more chunk that took `ms` and moved the job from `fromFraction` to `toFraction` with `items`
 * items. A chunk that moved nothing (a fraction it cannot tell) leaves the pace as it was, except the item rate.
 */
export function nextPace(pace: Pace, chunk: { ms: number; fromFraction: number; toFraction: number; items: number }) {
  const ms = Math.max(0, chunk.ms);
  const share = chunk.toFraction - chunk.fromFraction;
  const rate = ms > 0 ? (chunk.items * 1000) / ms : null;
  const itemsPerSecond =
    rate === null ? pace.itemsPerSecond : pace.itemsPerSecond === null ? rate : ewma(pace.itemsPerSecond, rate);
  if (!(share > 0) || ms <= 0) return { ...pace, itemsPerSecond };
  const sample = ms / share;
  if (pace.meanMsPerJob === null || pace.chunks === 0) {
    return { meanMsPerJob: sample, varMsPerJob: 0, chunkFraction: share, chunks: 1, itemsPerSecond };
  }
  const delta = sample - pace.meanMsPerJob;
  const mean = pace.meanMsPerJob + WEIGHT * delta;
  // The exponentially weighted variance (West 1979), so a change of pace widens the band before the mean catches up.
  const variance = (1 - WEIGHT) * ((pace.varMsPerJob ?? 0) + WEIGHT * delta * delta);
  return {
    meanMsPerJob: mean,
    varMsPerJob: variance,
    chunkFraction: ewma(pace.chunkFraction ?? share, share),
    chunks: pace.chunks + 1,
    itemsPerSecond,
  };
}

const ewma = (mean: number, sample: number) => mean + WEIGHT * (sample - mean);

/** The z of a two-sided 90% band: the band aims to hold the finish nine times in ten. */
const Z_90 = 1.645;

/** The least uncertainty of the remaining time, as a share of it: with 8 imports running, jobs sped up as the others
 * ended and finished up to ~45% before the recent pace said (npm run bench -- --only time). */
const MODEL_SHARE = 0.45;

export interface Eta {
  at: number;
  low: number;
  high: number;
}

/**
 * When a running job should finish: the remaining share at the recent pace, from `since` (its last chunk), with a
 * band from the pace's variance: the spread of the remaining chunks (which shrinks as fewer remain) and the
 * uncertainty of the mean itself (which shrinks as more chunks are seen). Null without two chunks of evidence.
 */
export function etaOf(pace: Pace, doneFraction: number, since: number): Eta | null {
  if (pace.meanMsPerJob === null || pace.chunks < 2 || pace.chunkFraction === null) return null;
  const remaining = Math.max(0, 1 - doneFraction);
  const expected = remaining * pace.meanMsPerJob;
  const variance = Math.max(0, pace.varMsPerJob ?? 0);
  const spread = remaining * pace.chunkFraction * variance + (remaining * remaining * variance) / pace.chunks;
  // The pace's own variance understates what moves a finish (a job speeds up as caches warm, slows down as others
  // start), so the band is never narrower than a share of the remaining time plus one chunk's jitter.
  const floor = MODEL_SHARE * expected + pace.chunkFraction * pace.meanMsPerJob;
  const margin = Math.max(Z_90 * Math.sqrt(spread), floor);
  return {
    at: Math.round(since + expected),
    low: Math.round(since + Math.max(0, expected - margin)),
    high: Math.round(since + expected + margin),
  };
}

/** The pace as a row keeps it (structurally: the jobs row's columns). */
export interface PaceColumns {
  paceMs: number | null;
  paceVar: number | null;
  chunkFraction: number | null;
  paceChunks: number;
  itemsRate: number | null;
}

export const paceFrom = (row: PaceColumns): Pace => ({
  meanMsPerJob: row.paceMs,
  varMsPerJob: row.paceVar,
  chunkFraction: row.chunkFraction,
  chunks: row.paceChunks,
  itemsPerSecond: row.itemsRate,
});

export const paceColumns = (pace: Pace): PaceColumns => ({
  paceMs: pace.meanMsPerJob,
  paceVar: pace.varMsPerJob,
  chunkFraction: pace.chunkFraction,
  paceChunks: pace.chunks,
  itemsRate: pace.itemsPerSecond,
});
