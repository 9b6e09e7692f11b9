// What one delivery attempt writes, for every table of outbound deliveries (job callbacks, alert deliveries): they
// share the columns status, attempts, last_status, last_error, next_attempt_at and delivered_at.
import type { SQL } from "drizzle-orm";

export type AttemptOutcome =
  | { kind: "delivered"; status: number; now: number }
  | { kind: "retry"; status: number | null; error: string; nextAttemptAt: number }
  | { kind: "failed"; status: number | null; error: string };

/** The columns an attempt's outcome sets; `attempts` is the table's `attempts + 1`. */
export function attemptColumns(outcome: AttemptOutcome, attempts: SQL) {
  switch (outcome.kind) {
    case "delivered":
      return {
        status: "delivered" as const,
        attempts,
        lastStatus: outcome.status,
        lastError: null,
        deliveredAt: outcome.now,
        nextAttemptAt: null,
      };
    case "retry":
      return { attempts, lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt };
    case "failed":
      return {
        status: "failed" as const,
        attempts,
        lastStatus: outcome.status,
        lastError: outcome.error,
        nextAttemptAt: null,
      };
  }
}
