// Discard (DESIGN.md "Retention and archive"): ended jobs removed now, at an owner's or admin's request — the listed
// ones or those matching a status, type and/or search — archived first exactly as retention archives them, and
// recorded in the workspace audit. Up to DISCARD_LIMIT per request; `more` says when the filter matches more.
import { type DiscardRequest, type DiscardResponse, isoDay } from "../../api/retention.ts";
import { anyClaimable, claimJobs } from "../../db/archive.ts";
import { auditInsert } from "../../db/audit.ts";
import { makeDb } from "../../db/client.ts";
import { jobConditions, jobIdIn } from "../../db/jobs/filter.ts";
import { statusesOf } from "../../db/jobs/read.ts";
import { newPart } from "./parts.ts";
import { PART_SIZE } from "./prune.ts";
import { writePart } from "./write-part.ts";

/** As many as a bulk retry or cancel changes per request. */
export const DISCARD_LIMIT = 500;

export async function discardJobs(
  env: Env,
  workspaceId: string,
  request: DiscardRequest,
  actor: string,
  now: number,
): Promise<DiscardResponse> {
  const db = makeDb(env.DB);
  const listed = "ids" in request ? [...new Set(request.ids)] : null;
  const where =
    "ids" in request
      ? [jobIdIn(listed ?? [])]
      : jobConditions(workspaceId, { status: request.status, type: request.type, q: request.q });
  const found = listed ? await statusesOf(db, workspaceId, listed) : [];
  let discarded = 0;
  for (;;) {
    const want = Math.min(PART_SIZE, DISCARD_LIMIT - discarded);
    // Checked first, so a request that matches nothing opens no part.
    if (want === 0 || !(await anyClaimable(db, workspaceId, where))) break;
    const part = await newPart(db, workspaceId, "discard", actor, now);
    const claimed = await claimJobs(db, part.id, workspaceId, where, want, "id");
    discarded += (await writePart(env, db, part, now)).archived;
    if (claimed < want) break;
  }
  const skipped: Record<string, number> = {};
  if (listed) {
    const left = await statusesOf(db, workspaceId, listed);
    for (const job of left) skipped[job.status] = (skipped[job.status] ?? 0) + 1;
  }
  if (discarded > 0) {
    await auditInsert(db, workspaceId, now, actor, "jobs_discarded", describe(request, discarded)).run();
  }
  return {
    discarded,
    skipped,
    not_found: listed ? listed.length - found.length : 0,
    more: listed ? false : discarded >= DISCARD_LIMIT && (await anyClaimable(db, workspaceId, where)),
    archive_date: isoDay(now),
  };
}

/** The audit's words for what was discarded. */
function describe(request: DiscardRequest, discarded: number): string {
  const jobsText = `${discarded} ${discarded === 1 ? "job" : "jobs"}`;
  if ("ids" in request) return `${jobsText} selected`;
  const filter = [
    request.status && `status ${request.status}`,
    request.type && `type ${request.type}`,
    request.q && `search "${request.q}"`,
  ].filter(Boolean);
  return `${jobsText} matching ${filter.join(", ")}`;
}
