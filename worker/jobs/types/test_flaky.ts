// `test_flaky`: a test/bench-only job type (registered only when ENABLE_TEST_JOB_TYPES is on, never in production)
// whose chunks do no real work but can fail on purpose, to drive the engine through every lifecycle edge.

import type { z } from "zod";
import { PermanentJobError } from "../../api/errors.ts";
import { testFlakyPayloadSchema } from "../../api/payloads.ts";
import { defineHandler } from "../handler.ts";

type Payload = z.infer<typeof testFlakyPayloadSchema>;

export const testFlaky = defineHandler<"test_flaky", Payload>("test_flaky", {
  stored: testFlakyPayloadSchema,
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
