// What a benchmark is to the runner: a name, which `wrangler dev` it needs, and a run that returns table rows.
import type { RedisServer } from "./redis.ts";
import type { Row } from "./results.ts";
import type { Stack } from "./stack.ts";

export interface BenchContext {
  log(line: string): void;
  /** Notes that end up under the table and in results.json. */
  note(line: string): void;
  /** Our server; throws for benches that declared `wrangler: "none"`. */
  stack(): Stack;
  /** The peer's Redis, or null when it could not be had (then `redisMissing` says why). */
  redis: RedisServer | null;
  redisMissing: string | null;
  /** `--quick`: smoke counts that only show the bench works; its figures mean nothing and are not saved. */
  quick: boolean;
}

export interface Bench {
  name: string;
  /** "shared": runs on the one stack in declaration order; "own": leaves a queue backlog, so gets a fresh stack. */
  wrangler: "none" | "shared" | "own";
  /** Whether its peer runs on Redis (started once by the runner for every bench that needs it). */
  redis: boolean;
  run(ctx: BenchContext): Promise<Row[]>;
}

/** The row's "compared with" when the peer could not run. */
export function missingPeer(ctx: BenchContext, label: string) {
  return { label: `${label} (not run: ${ctx.redisMissing ?? "no Redis"})`, value: null };
}
