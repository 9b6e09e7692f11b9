// The engine: claims a job by compare-and-set, runs its chunks for a bounded time with each chunk's writes and
// checkpoint in one D1 batch, honours cancel/pause at chunk boundaries, and decides what the queue does next.
import { errorMessage, PermanentJobError } from "../api/errors.ts";
import { canApply, LEASED_STATUS, statusAfter } from "../api/lifecycle.ts";
import { nextPace, paceColumns, paceFrom } from "../api/pace.ts";
import type { JobMessage } from "../api/queue-messages.ts";
import type { Db } from "../db/client.ts";
import { makeDb } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import { getJobById } from "../db/jobs/read.ts";
import {
  type ChunkTiming,
  changeJob,
  claimPending,
  commitChunk,
  isChunkNotOwned,
  takeLease,
} from "../db/jobs/transitions.ts";
import type { JobRow } from "../db/schema.ts";
import type { Publisher } from "../live/publisher.ts";
import { announce } from "./announce.ts";
import { backoffSeconds } from "./backoff.ts";
import type { EngineConfig } from "./config.ts";
import { recordFault } from "./fault-log.ts";
import type { JobHandler, StepContext } from "./handler.ts";
import type { Enqueuer } from "./messages.ts";
import { handlerFor } from "./registry.ts";

export interface EngineDeps {
  env: Env;
  config: EngineConfig;
  publisher: Publisher;
  enqueuer: Enqueuer;
  clock?: () => number;
  /** When the whole consumer invocation should wrap up: a job started late checkpoints after its first chunk. */
  deadline?: number;
}

/** What the consumer does with the message: acknowledge it, or have the queue redeliver it after a delay. */
export type Decision = { kind: "ack"; why: string } | { kind: "retry"; delaySeconds: number; why: string };

const ack = (why: string): Decision => ({ kind: "ack", why });

/** How long an exhausted job waits for its dead-letter message before the sweeper dead-letters it itself. */
const DEAD_LETTER_GRACE_MS = 60_000;

/**
 * Claims, in one statement, every job a batch's fresh messages (no lease: first runs, retries, resumes) can start;
 * the returned rows (by job id) are held by this invocation and announced. Messages whose job is not among them take
 * the one-message path (processJobMessage), which reads the job to decide.
 */
export async function claimFresh(deps: EngineDeps, messages: JobMessage[]): Promise<Map<string, JobRow>> {
  const fresh = messages.filter((m) => !m.lease);
  if (fresh.length === 0) return new Map();
  const now = (deps.clock ?? Date.now)();
  const claimed = await claimPending(
    makeDb(deps.env.DB),
    fresh.map((m) => ({ id: m.jobId, run: m.run, workspaceId: m.workspaceId })),
    { leaseId: newId(), leaseUntil: now + deps.config.leaseMs },
    now,
  );
  const byId = new Map<string, JobRow>();
  for (const row of claimed) {
    deps.publisher.transition(row);
    byId.set(row.id, row);
  }
  return byId;
}

/** Runs a job claimFresh claimed for this message. */
export function runClaimed(deps: EngineDeps, held: JobRow, message: JobMessage, delivery: number): Promise<Decision> {
  return runHeld(deps, held, message, delivery);
}

export async function processJobMessage(deps: EngineDeps, message: JobMessage, delivery: number): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const job = await getJobById(db, message.jobId);
  if (!job || job.workspaceId !== message.workspaceId) return ack("job not found");
  if (job.run !== message.run) return ack("message of an earlier run");

  const leaseId = newId();
  const leaseUntil = now + deps.config.leaseMs;
  let held: JobRow | null = null;
  if (canApply(job.status, "claim")) {
    // A duplicate that arrives before the backoff is over: the delayed message (or the sweeper) will claim it.
    if (job.runAfter !== null && job.runAfter > now + 1000) return ack("not due yet");
    // A claim continues the job's current try (the first, or the one a failure scheduled); only a failure or a
    // recovery moves to the next try, so pausing and resuming never use one up.
    const attempt = Math.max(job.attempts, 1);
    if (!job.admitted) return ack("not admitted: the job waits for a slot");
    held = await changeJobRow(db, job, {
      set: {
        status: statusAfter(job.status, "claim"),
        attempts: attempt,
        leaseId,
        leaseUntil,
        startedAt: job.startedAt ?? now,
        runAfter: null,
        lastChunkAt: now,
      },
      event: { kind: "started", actor: "system", message: `attempt ${attempt} of ${job.maxAttempts}` },
      now,
    });
    if (held) deps.publisher.transition(held);
  } else if (job.status === LEASED_STATUS) {
    if (message.lease && message.lease === job.leaseId) {
      held = await takeLease(db, job, leaseId, leaseUntil, now);
    } else if (job.leaseUntil !== null && job.leaseUntil < now) {
      // An exhausted job whose holder died belongs to the dead-letter path (the sweeper sends it there).
      if (job.attempts >= job.maxAttempts) return ack("attempts exhausted; left to the dead-letter path");
      // The holder died (or its continuation was lost): recovering counts as a new attempt.
      held = await changeJobRow(db, job, {
        set: { attempts: job.attempts + 1, leaseId, leaseUntil, lastChunkAt: now },
        event: { kind: "recovered", actor: "system", message: `lease expired; attempt ${job.attempts + 1}` },
        now,
      });
    } else {
      return ack("job is held by another consumer");
    }
  } else {
    return ack(`job is ${job.status}`);
  }
  if (!held) return ack("lost the claim to a concurrent consumer");
  return runHeld(deps, held, message, delivery);
}

async function runHeld(deps: EngineDeps, held: JobRow, message: JobMessage, delivery: number): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const clock = deps.clock ?? Date.now;
  const deadline = Math.min(clock() + deps.config.runBudgetMs, deps.deadline ?? Number.POSITIVE_INFINITY);
  const handler = handlerFor(held.type, deps.config);
  let row = held;
  try {
    if (!handler) throw new PermanentJobError(`unknown job type "${held.type}"`);
    const stored = parseStored(handler, row.payload);
    const cache = new Map<string, unknown>();
    let cursor: unknown = row.cursor === null ? null : JSON.parse(row.cursor);
    for (;;) {
      if (row.control === "cancel" || row.control === "pause") return await stopAtBoundary(deps, row);
      const ctx: StepContext<unknown> = { env: deps.env, db, job: row, stored, cache, now: clock };
      if (deps.config.faults.hit("step_retryable")) throw await recordFault(deps.env, row, "step_retryable");
      if (deps.config.faults.hit("step_permanent")) {
        await recordFault(deps.env, row, "step_permanent");
        throw new PermanentJobError("injected fault: step_permanent");
      }
      const result = await handler.step(ctx, cursor);
      const total = result.total !== undefined ? result.total : row.total;
      // The last chunk ends the job in its own batch, unless a fault test wants a crash between the two.
      const crashRequested = result.crashAfterCommit === true || deps.config.faults.hit("crash_after_commit");
      const finishing = result.done && !crashRequested;
      const committedAt = clock();
      const processed = row.processed + result.items;
      const committed = await commitChunk(db, {
        jobId: row.id,
        workspaceId: row.workspaceId,
        type: row.type,
        leaseId: row.leaseId as string,
        run: row.run,
        step: row.stepSeq + 1,
        writes: result.writes,
        cursor: result.cursor,
        processed,
        total,
        currentItem: result.currentItem ?? row.currentItem,
        items: result.items,
        result: result.result,
        ...(result.fraction === undefined ? {} : { fraction: result.fraction }),
        leaseUntil: committedAt + deps.config.leaseMs,
        now: committedAt,
        timing: chunkTiming(row, {
          now: committedAt,
          processed,
          total,
          items: result.items,
          fraction: result.fraction,
        }),
        ...(finishing
          ? {
              completion: {
                status: statusAfter(row.status, "complete"),
                event: { kind: "completed", actor: "system", message: `${row.processed + result.items} items` },
              },
            }
          : {}),
      });
      row = committed.job;
      if (finishing) {
        await announce(deps, committed);
        return ack("completed");
      }
      deps.publisher.progress(row);
      if (result.crashAfterCommit) throw new Error("injected crash after a chunk commit");
      if (crashRequested) throw await recordFault(deps.env, row, "crash_after_commit");
      cursor = result.cursor;
      // Let other requests of this isolate (and their D1 reads) in between two chunks.
      await yieldToOthers();
      if (clock() >= deadline) {
        await deps.enqueuer.enqueue({ ...message, lease: row.leaseId });
        return ack("checkpointed; continuation enqueued");
      }
    }
  } catch (error) {
    if (isChunkNotOwned(error)) return ack("another consumer owns this chunk");
    if (error instanceof PermanentJobError) return await fail(deps, row, error);
    return await retryOrDeadLetter(deps, row, message, delivery, error);
  }
}

function parseStored(handler: JobHandler, payload: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new PermanentJobError("the stored payload is not JSON");
  }
  const parsed = handler.stored.safeParse(json);
  if (!parsed.success) throw new PermanentJobError(`the stored payload is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * What a chunk adds to the job's time and pace: its duration (from the claim or the previous chunk), the share of the
 * job done after it (rows of a known total, else the handler's fraction, e.g. bytes of a source URL), and the pace.
 */
function chunkTiming(
  row: JobRow,
  chunk: { now: number; processed: number; total: number | null; items: number; fraction?: number },
): ChunkTiming {
  const ms = Math.max(0, chunk.now - (row.lastChunkAt ?? chunk.now));
  const done =
    chunk.total !== null && chunk.total > 0
      ? Math.min(1, chunk.processed / chunk.total)
      : (chunk.fraction ?? row.doneFraction);
  const pace = nextPace(paceFrom(row), { ms, fromFraction: row.doneFraction, toFraction: done, items: chunk.items });
  return { runMs: row.runMs + ms, lastChunkAt: chunk.now, doneFraction: done, ...paceColumns(pace) };
}

/** A change that moves no slot (a claim, a recovery, exhausted attempts): just the row, or null when it lost. */
async function changeJobRow(db: Db, job: JobRow, change: Parameters<typeof changeJob>[2]): Promise<JobRow | null> {
  return (await changeJob(db, job, change))?.job ?? null;
}

const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const finished = (now: number) => ({ leaseId: null, leaseUntil: null, control: null, completedAt: now });

async function stopAtBoundary(deps: EngineDeps, row: JobRow): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const cancelling = row.control === "cancel";
  const status = statusAfter(row.status, cancelling ? "cancel" : "pause");
  const updated = await changeJob(db, row, {
    set: cancelling ? { status, ...finished(now) } : { status, leaseId: null, leaseUntil: null, control: null },
    event: { kind: cancelling ? "cancelled" : "paused", actor: "system", message: "stopped at a chunk boundary" },
    now,
  });
  if (updated) await announce(deps, updated);
  return ack(cancelling ? "cancelled at a chunk boundary" : "paused at a chunk boundary");
}

async function fail(deps: EngineDeps, row: JobRow, error: unknown): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const current = await getJobById(db, row.id);
  if (current?.status !== LEASED_STATUS || current.leaseId !== row.leaseId) return ack("no longer ours");
  const updated = await changeJob(db, current, {
    set: { status: statusAfter(current.status, "permanent_error"), ...finished(now), error: errorMessage(error) },
    event: { kind: "failed", actor: "system", message: errorMessage(error) },
    now,
  });
  if (updated) await announce(deps, updated);
  return ack("failed permanently");
}

async function retryOrDeadLetter(
  deps: EngineDeps,
  row: JobRow,
  message: JobMessage,
  delivery: number,
  error: unknown,
): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const now = (deps.clock ?? Date.now)();
  const current = await getJobById(db, row.id);
  if (current?.status !== LEASED_STATUS || current.leaseId !== row.leaseId) return ack("no longer ours");
  const text = errorMessage(error);
  if (current.attempts < current.maxAttempts) {
    const delaySeconds = backoffSeconds(current.attempts, deps.config.backoff);
    const updated = await changeJob(db, current, {
      set: {
        status: statusAfter(current.status, "retryable_error"),
        // The failed try is used up: the job waits for the next one.
        attempts: current.attempts + 1,
        error: text,
        leaseId: null,
        leaseUntil: null,
        runAfter: now + delaySeconds * 1000,
        enqueuedAt: now,
      },
      event: {
        kind: "retry_scheduled",
        actor: "system",
        message: `${text.replace(/[.\s]+$/, "")}; next attempt in ${delaySeconds}s`,
      },
      now,
    });
    if (!updated) return ack("no longer ours");
    await announce(deps, updated);
    return { kind: "retry", delaySeconds, why: "retryable error" };
  }
  // Attempts are exhausted: the job waits (still running, lease pushed forward) for the dead-letter consumer.
  const updated = await changeJobRow(db, current, {
    set: { error: text, leaseUntil: now + DEAD_LETTER_GRACE_MS },
    event: { kind: "attempts_exhausted", actor: "system", message: text },
    now,
  });
  if (!updated) return ack("no longer ours");
  deps.publisher.transition(updated);
  if (delivery >= deps.config.maxAttempts) {
    // This message used up max_retries itself, so retrying it makes the queue move it to the dead-letter queue.
    return { kind: "retry", delaySeconds: 0, why: "attempts exhausted; the queue dead-letters the message" };
  }
  // The message is younger than the job's attempts (a continuation or a sweeper re-enqueue): send it there.
  await deps.enqueuer.deadLetter({ ...message, lease: null });
  return ack("attempts exhausted; sent to the dead-letter queue");
}
