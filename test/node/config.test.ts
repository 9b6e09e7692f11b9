// The queue's retry budget and the engine's attempt budget must agree, in every environment, so that the path to
// dead_letter really goes through the configured dead-letter queue.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";

const text = readFileSync(path.join(import.meta.dirname, "../../wrangler.toml"), "utf8");
const config = parse(text) as any;

describe("wrangler.toml", () => {
  for (const [name, scope] of [
    ["local", config],
    ["production", config.env.production],
  ] as const) {
    it(`${name}: max_retries + 1 equals MAX_ATTEMPTS and the job consumer dead-letters to the DLQ`, () => {
      const [jobs, dlq] = scope.queues.consumers;
      expect(jobs.queue).toBe("dutyleak-jobs");
      expect(jobs.max_retries + 1).toBe(Number(scope.vars.MAX_ATTEMPTS));
      expect(jobs.dead_letter_queue).toBe("dutyleak-jobs-dlq");
      expect(dlq.queue).toBe("dutyleak-jobs-dlq");
      for (const key of ["max_batch_size", "max_batch_timeout", "retry_delay"]) {
        expect(jobs[key]).toBeTypeOf("number");
        expect(dlq[key]).toBeTypeOf("number");
      }
    });
  }

  it("production bounds how many job consumers run at once, so the engine's share of D1 is bounded", () => {
    const [jobs] = config.env.production.queues.consumers;
    expect(jobs.max_concurrency).toBeGreaterThanOrEqual(1);
    expect(jobs.max_concurrency).toBeLessThanOrEqual(10);
    expect(jobs.max_batch_size).toBe(100);
  });

  it("never enables test job types or ships a secrets key in configuration", () => {
    expect(text).not.toMatch(/ENABLE_TEST_JOB_TYPES/);
    expect(config.vars.SECRETS_KEY).toBeUndefined();
    expect(config.env.production.vars.ENVIRONMENT).toBe("production");
  });
});
