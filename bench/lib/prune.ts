// Retention for `scale`: the owner's retention settings (PATCH /api/v1/settings) and the pruner run round by round
// through the development route POST /__dev/prune, which runs one bounded round (archive to R2, then delete).
import type { Retention } from "../../worker/api/retention.ts";
import type { Stack } from "./stack.ts";

/** Every ended status kept `days` days. `owner` must be an owner's stack (PATCH /api/v1/settings is owner-only). */
export async function setRetention(owner: Stack, days: number): Promise<void> {
  const retention: Retention = {
    completed_days: days,
    failed_days: days,
    dead_letter_days: days,
    cancelled_days: days,
  };
  const response = await fetch(`${owner.url}/api/v1/settings`, {
    method: "PATCH",
    headers: { ...owner.auth, "content-type": "application/json" },
    body: JSON.stringify({ retention }),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`PATCH /api/v1/settings (retention) answered ${response.status}: ${text}`);
}

/** What one round of the pruner answers. */
interface PruneRound {
  archived_jobs: number;
  parts: number;
  more: boolean;
}

export interface PruneRun {
  rounds: number;
  /** The sum of the rounds' archived_jobs (the sweeper may prune some too, which this does not see). */
  archivedJobs: number;
  parts: number;
  /** From the first round sent to the last one answered. */
  wallMs: number;
  /** Per round, as the bench saw it. */
  roundMs: number[];
  /** Whether it stopped at `maxMs` with the pruner still saying `more`. */
  timedOut: boolean;
}

/** Runs rounds until the pruner says there is no more, `upTo` jobs are archived, or `maxMs` pass. */
export async function pruneUntilDone(stack: Stack, upTo: number, maxMs: number): Promise<PruneRun> {
  const started = performance.now();
  const run: PruneRun = { rounds: 0, archivedJobs: 0, parts: 0, wallMs: 0, roundMs: [], timedOut: false };
  for (;;) {
    const sent = performance.now();
    const response = await fetch(`${stack.url}/__dev/prune`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`POST /__dev/prune answered ${response.status}: ${text.slice(0, 300)}`);
    const round = JSON.parse(text) as PruneRound;
    run.roundMs.push(performance.now() - sent);
    run.rounds++;
    run.archivedJobs += round.archived_jobs;
    run.parts += round.parts;
    run.wallMs = performance.now() - started;
    if (!round.more || run.archivedJobs >= upTo) return run;
    if (run.wallMs >= maxMs) return { ...run, timedOut: true };
  }
}
