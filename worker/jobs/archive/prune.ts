// The pruner (DESIGN.md "Retention and archive"), run by the global sweep: first finishes parts a crash or timeout
// left behind, then for each workspace archives and deletes, part by part, the ended jobs older than its retention.
// Bounded twice: a part holds at most PART_SIZE jobs (each statement touches a few hundred jobs' rows, so a page
// waits on D1 for milliseconds at most), and a round stops starting parts once its time budget is spent.
import { RETAINED_STATUSES, retentionDays } from "../../api/retention.ts";
import { anyClaimable, claimJobs, endedBefore, unfinishedParts } from "../../db/archive.ts";
import { type Db, makeDb } from "../../db/client.ts";
import { allRetention } from "../../db/retention.ts";
import type { ArchivePartRow } from "../../db/schema.ts";
import { newPart } from "./parts.ts";
import { rewritePart, writePart } from "./write-part.ts";

/** Jobs per part: a few hundred jobs with their events make statements of milliseconds and objects of ~100 KB. */
export const PART_SIZE = 200;
/** A `writing` part older than this was left by a pruner that died (a part takes well under a second). */
export const PART_STALE_MS = 2 * 60_000;
/** Unfinished parts one round finishes at most. */
const RESUME_LIMIT = 20;
const DAY_MS = 86_400_000;

export interface PruneReport {
  archivedJobs: number;
  parts: number;
  /** Parts a crash had left unfinished that this round finished. */
  resumed: number;
  /** Whether the budget ran out with jobs still due. */
  more: boolean;
}

export async function pruneRound(env: Env, now: number, budgetMs: number): Promise<PruneReport> {
  const db = makeDb(env.DB);
  const started = Date.now();
  const report: PruneReport = { archivedJobs: 0, parts: 0, resumed: 0, more: false };
  for (const part of await unfinishedParts(db, now - PART_STALE_MS, RESUME_LIMIT)) {
    report.archivedJobs += await finishPart(env, db, part, now);
    report.resumed++;
  }
  for (const { workspaceId, retention } of await allRetention(db)) {
    for (const status of RETAINED_STATUSES) {
      const cutoff = now - retentionDays(retention, status) * DAY_MS;
      for (;;) {
        if (Date.now() - started >= budgetMs) {
          report.more = true;
          return report;
        }
        const due = endedBefore(status, cutoff);
        if (!(await anyClaimable(db, workspaceId, due))) break;
        const part = await newPart(db, workspaceId, "retention", "system", now);
        const claimed = await claimJobs(db, part.id, workspaceId, due, PART_SIZE, "ended");
        const { archived } = await writePart(env, db, part, now);
        report.archivedJobs += archived;
        report.parts++;
        // Let the isolate's other requests run between parts (a round is otherwise one long chain of D1 calls).
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (claimed < PART_SIZE) break;
      }
    }
  }
  return report;
}

/** Redoes an unfinished part: a `writing` one whole (same claims, same object key), a `rewrite` one's filtering. */
async function finishPart(env: Env, db: Db, part: ArchivePartRow, now: number): Promise<number> {
  if (part.state === "rewrite") {
    await rewritePart(env, db, part, now);
    return 0;
  }
  return (await writePart(env, db, part, now)).archived;
}
