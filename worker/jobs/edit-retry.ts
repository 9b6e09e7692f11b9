// Retry with an edited payload: one job (POST /api/v1/jobs/:id/retry {payload, reason}) or every job of an error group
// with a JSON merge patch (POST /api/v1/errors/:signature/retry), with a dry run that changes nothing. The new payload
// goes through the type's own check and preparation (prepareJob, as at creation); the job restarts from the
// beginning (its checkpoint belongs to the old input), and its history records the change as a merge patch, the
// reason and the actor.
import mergePatch from "json-merge-patch";
import { ValidationFailed } from "../api/errors.ts";
import type { ReplayOutcome, ReplayPreview } from "../api/find-and-fix.ts";
import { allowedActions } from "../api/lifecycle.ts";
import type { JobStatus } from "../api/schema.ts";
import { makeDb } from "../db/client.ts";
import { listGroupJobs } from "../db/errors.ts";
import type { NewJobFields } from "../db/jobs/create.ts";
import { type Change, changeJobWithRetry } from "../db/jobs/transitions.ts";
import type { JobRow } from "../db/schema.ts";
import { type ActionDeps, afterChange, BULK_LIMIT, bulkAction, effectOf } from "./actions.ts";
import type { EngineConfig } from "./config.ts";
import { prepareJob } from "./create.ts";

export interface EditDeps extends ActionDeps {
  config: EngineConfig;
}

/** The most characters of a merge patch a history message quotes. */
const MAX_DIFF_CHARS = 600;

const parsed = (payload: string): unknown => JSON.parse(payload);

/** `payload edited: {"currency":"USD"}; reason: wrong currency` — what the history says about an edited retry. */
export function editMessage(before: unknown, after: unknown, reason: string | undefined): string {
  const patch = JSON.stringify(mergePatch.generate(before, after) ?? {});
  const diff = patch.length > MAX_DIFF_CHARS ? `${patch.slice(0, MAX_DIFF_CHARS - 1)}…` : patch;
  return `restarted with an edited payload: ${diff}${reason ? `; reason: ${reason}` : ""}`;
}

/** The change that retries `job` with its new prepared fields (or a refusal when the lifecycle says no). */
function editedRetry(job: JobRow, fields: NewJobFields, message: string, actor: string, now: number) {
  return (current: JobRow): Change | { refuse: string } => {
    const effect = effectOf(current.status, "retry", now, actor);
    if (!effect || !allowedActions(current.status, current.control).includes("retry")) {
      return { refuse: `cannot retry a job that is ${current.status}` };
    }
    return {
      set: {
        ...effect.set,
        // A new input: the old checkpoint, progress and result do not apply to it.
        cursor: null,
        processed: 0,
        progress: 0,
        currentItem: null,
        result: null,
        error: null,
        startedAt: null,
        payload: JSON.stringify(fields.payload),
        inputKey: fields.inputKey ?? null,
        total: fields.total ?? null,
        callbackUrl: fields.callbackUrl ?? null,
        webhookEndpointId: fields.webhookEndpointId ?? job.webhookEndpointId,
        run: current.run + 1,
      },
      event: { kind: "retried", actor, message },
      now,
    };
  };
}

export type EditRetryResult =
  | { ok: true; job: JobRow }
  | { ok: false; reason: "invalid_transition"; job: JobRow; message: string }
  | { ok: false; reason: "not_found" };

/**
 * Retries one job with `payload` (its own payload when absent) and a reason. ValidationFailed (422, keyed by
 * `payload.…`) when the type refuses the payload; nothing changes then.
 */
export async function retryWithPayload(
  deps: EditDeps,
  job: JobRow,
  edit: { payload?: unknown; reason?: string },
  actor: string,
): Promise<EditRetryResult> {
  const now = (deps.clock ?? Date.now)();
  const before = parsed(job.payload);
  const payload = edit.payload === undefined ? before : edit.payload;
  const fields = await prepareJob(deps, { workspaceId: job.workspaceId, type: job.type, payload });
  const message = editMessage(before, payload, edit.reason);
  const outcome = await changeJobWithRetry(makeDb(deps.env.DB), job, editedRetry(job, fields, message, actor, now));
  if ("missing" in outcome) return { ok: false, reason: "not_found" };
  if ("refused" in outcome)
    return { ok: false, reason: "invalid_transition", job: outcome.job, message: outcome.refused };
  await afterChange(deps, outcome);
  return { ok: true, job: outcome.job };
}

interface Patched {
  job: JobRow;
  before: unknown;
  after: unknown;
  fields: NewJobFields | null;
  details: Record<string, string[]> | null;
}

/** Applies the patch to each job's payload and checks the result with the job's type. */
async function patchAll(deps: EditDeps, group: JobRow[], patch: Record<string, unknown>): Promise<Patched[]> {
  const patched: Patched[] = [];
  for (const job of group) {
    const before = parsed(job.payload);
    // apply() changes its target in place: patch a copy, keep `before` for the preview.
    const after = mergePatch.apply(structuredClone(before), patch);
    try {
      const fields = await prepareJob(deps, { workspaceId: job.workspaceId, type: job.type, payload: after });
      patched.push({ job, before, after, fields, details: null });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      patched.push({ job, before, after, fields: null, details: error.fields });
    }
  }
  return patched;
}

/**
 * Replays an error group: every failed/dead-letter job of the signature (up to BULK_LIMIT per call), with the merge
 * patch applied to each payload. A dry run answers how many match, how many would retry, which would be invalid and
 * one before/after; otherwise the valid ones are retried (each audited) and the invalid ones listed, unchanged.
 * Without a patch it is a bulk retry of the group's jobs. Null when the workspace has no such group.
 */
export async function replayGroup(
  deps: EditDeps,
  workspaceId: string,
  signature: string,
  request: { patch?: Record<string, unknown>; dryRun: boolean; reason?: string },
  actor: string,
): Promise<ReplayPreview | ReplayOutcome | null> {
  const db = makeDb(deps.env.DB);
  const group = await listGroupJobs(db, workspaceId, signature, BULK_LIMIT);
  if (group.length === 0) return null;
  const patched = request.patch
    ? await patchAll(deps, group, request.patch)
    : group.map((job) => {
        const payload = parsed(job.payload);
        return { job, before: payload, after: payload, fields: null, details: null } as Patched;
      });
  const invalid = patched
    .filter((p) => p.details !== null)
    .map((p) => ({ job_id: p.job.id, details: p.details as Record<string, string[]> }));
  const valid = patched.filter((p) => p.details === null);
  if (request.dryRun) {
    const example = valid[0] ?? patched[0];
    return {
      matched: group.length,
      would_retry: valid.length,
      invalid,
      example: example ? { job_id: example.job.id, before: example.before, after: example.after } : null,
    } satisfies ReplayPreview;
  }
  if (!request.patch) {
    const ids = group.map((job) => job.id);
    const outcome = await bulkAction(deps, workspaceId, "retry", { ids }, actor, request.reason);
    return { matched: group.length, retried: outcome.applied.length, invalid, skipped: outcome.skipped };
  }
  const now = (deps.clock ?? Date.now)();
  let retried = 0;
  const skipped: Partial<Record<JobStatus, number>> = {};
  for (const p of valid) {
    const message = editMessage(p.before, p.after, request.reason);
    const fields = p.fields as NewJobFields;
    const outcome = await changeJobWithRetry(db, p.job, editedRetry(p.job, fields, message, actor, now));
    if ("job" in outcome && !("refused" in outcome)) {
      retried++;
      await afterChange(deps, outcome);
    } else if ("refused" in outcome) {
      skipped[outcome.job.status] = (skipped[outcome.job.status] ?? 0) + 1;
    }
  }
  return { matched: group.length, retried, invalid, skipped } satisfies ReplayOutcome;
}
