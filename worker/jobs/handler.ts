// The contract every job type's handler implements: the stored-payload schema, an optional prepare step at creation,
// and `step()`, which processes one bounded chunk and returns its data writes with the next cursor, never committing
// itself. The type's code, label and request payload schema are declared in worker/api/job-types.ts.
import type { z } from "zod";
import { JOB_TYPE_DECLARATIONS, type JobType } from "../api/job-types.ts";
import type { BatchItem, Db } from "../db/client.ts";
import type { JobRow } from "../db/schema.ts";

export interface PrepareContext {
  env: Env;
  db: Db;
  workspaceId: string;
}

export interface Prepared {
  /** What is stored in the job row (inputs over ~1 MB go to R2 and only their key is kept). */
  stored: unknown;
  inputKey?: string | null;
  total?: number | null;
  callbackUrl?: string | null;
}

export interface StepContext<S> {
  env: Env;
  db: Db;
  job: JobRow;
  stored: S;
  /** Lives for one consumer invocation: somewhere to keep a parsed input between chunks. */
  cache: Map<string, unknown>;
  now: () => number;
}

export interface StepResult {
  /** The chunk's data writes; the engine commits them with the checkpoint in one D1 batch. */
  writes: BatchItem[];
  cursor: unknown;
  /** Items this chunk processed (added to the job's `processed`). */
  items: number;
  done: boolean;
  currentItem: string | null;
  /** Set when the step learns the total (e.g. after counting an input). */
  total?: number | null;
  /** Progress 0..1 when the item total is unknown but the share of input read is (e.g. bytes of a URL). */
  fraction?: number;
  /** The job's result: a running summary, or the final one when done. */
  result?: unknown;
  /** Fault injection (test/soak job types only): crash right after this chunk committed, before anything else. */
  crashAfterCommit?: boolean;
}

/** The validated request payload of a declared type. */
export type PayloadOf<T extends JobType> = z.output<(typeof JOB_TYPE_DECLARATIONS)[T]["payload"]>;

export interface JobHandler<T extends JobType = JobType, P = unknown, S = unknown> {
  type: T;
  /** The request payload (from the type's declaration), validated at creation (422 on failure). */
  payload: z.ZodType<P>;
  /** The payload as stored in the job row, re-validated by the consumer (a mismatch fails the job permanently). */
  stored: z.ZodType<S>;
  prepare?(ctx: PrepareContext, payload: P): Promise<Prepared>;
  step(ctx: StepContext<S>, cursor: unknown | null): Promise<StepResult>;
}

/**
 * A handler for a declared type: its request payload schema comes from the declaration, so the payload `prepare`
 * receives is typed by it. The result's parameters are erased for the registry (each handler checks its own input).
 */
export function defineHandler<T extends JobType, S>(
  type: T,
  handler: Omit<JobHandler<T, PayloadOf<T>, S>, "type" | "payload">,
): JobHandler<T> {
  const payload = JOB_TYPE_DECLARATIONS[type].payload as unknown as z.ZodType<PayloadOf<T>>;
  return { type, payload, ...handler } as unknown as JobHandler<T>;
}
