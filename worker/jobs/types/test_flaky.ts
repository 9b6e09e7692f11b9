// `test_flaky`: a test/bench-only job type (registered only when ENABLE_TEST_JOB_TYPES is on, never in production)
// whose chunks do no real work but can fail on purpose, to drive the engine through every lifecycle edge.

import { z } from "zod";
import { PermanentJobError } from "../../api/errors.ts";
import { defineHandler } from "../handler.ts";

const payloadSchema = z.strictObject({
  items: z.number().int().min(0).max(1_000_000).default(10),
  chunk: z.number().int().min(1).max(10_000).default(5),
  /** Fail with a retryable error while the job's attempt number is at most this. */
  fail_attempts: z.number().int().min(0).default(0),
  /** Failures happen only in runs up to this one, so an operator's Retry (a new run) can succeed. */
  fail_runs: z.number().int().min(1).default(1),
  /** Fail permanently instead. */
  permanent: z.boolean().default(false),
  /** Only fail once this many items are done (so failures happen mid-job, after some chunks committed). */
  fail_after_items: z.number().int().min(0).default(0),
  /** Crash right after committing the chunk with this step number (1-based), on the first attempt only. */
  crash_after_step: z.number().int().min(1).optional(),
  /** Milliseconds each chunk takes, to make jobs long enough to pause or cancel. */
  delay_ms: z.number().int().min(0).max(10_000).default(0),
});
type Payload = z.infer<typeof payloadSchema>;

export const testFlaky = defineHandler<Payload, Payload>({
  type: "test_flaky",
  payload: payloadSchema,
  stored: payloadSchema,
  async prepare(_ctx, payload) {
    return { stored: payload, total: payload.items };
  },
  async step(ctx, cursor) {
    const p = ctx.stored;
    const done = typeof cursor === "number" ? cursor : 0;
    if (p.delay_ms > 0) await new Promise((resolve) => setTimeout(resolve, p.delay_ms));
    const failing = ctx.job.run <= p.fail_runs && (ctx.job.attempts <= p.fail_attempts || p.permanent);
    if (failing && done >= p.fail_after_items) {
      if (p.permanent) throw new PermanentJobError("test_flaky: permanent failure requested");
      throw new Error(`test_flaky: transient failure on attempt ${ctx.job.attempts}`);
    }
    const items = Math.min(p.chunk, p.items - done);
    const next = done + items;
    return {
      writes: [],
      cursor: next,
      items,
      done: next >= p.items,
      currentItem: `item ${next} of ${p.items}`,
      result: { items: next },
      crashAfterCommit: p.crash_after_step === ctx.job.stepSeq + 1 && ctx.job.attempts === 1,
    };
  },
});
