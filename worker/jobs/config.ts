// Engine settings from [vars], so local runs and tests move in seconds while production uses minutes.
import type { BackoffConfig } from "./backoff.ts";
import { type Faults, faultsFromVars } from "./faults.ts";

export interface EngineConfig {
  maxAttempts: number;
  backoff: BackoffConfig;
  /** How long one consumer invocation works on a job before it checkpoints and enqueues a continuation. */
  runBudgetMs: number;
  /** How long a running job's claim lasts without a chunk commit before the sweeper recovers it. */
  leaseMs: number;
  /** Test/bench job types are registered only when this is on (never in production config). */
  testJobTypes: boolean;
  production: boolean;
  /** How long a finished export can be downloaded before the sweeper deletes it. */
  exportTtlMs: number;
  /** Delivery attempts of a job.finished callback (and of an alert) before it is marked failed. */
  callbackMaxAttempts: number;
  /** How long a callback or alert receiver has to answer one attempt. */
  outboundTimeoutMs: number;
  /** How long a rotated-out webhook secret still verifies and signs. */
  rotationGraceMs: number;
  /** Fault injection for the soak (local only; see faults.ts). */
  faults: Faults;
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function engineConfig(env: Env): EngineConfig {
  const vars = env as unknown as Record<string, string | undefined>;
  return {
    maxAttempts: Math.floor(positive(vars.MAX_ATTEMPTS, 3)),
    backoff: {
      baseSeconds: positive(vars.BACKOFF_BASE_SECONDS, 1),
      capSeconds: positive(vars.BACKOFF_CAP_SECONDS, 60),
      jitter: 0.2,
    },
    runBudgetMs: positive(vars.RUN_BUDGET_MS, 5000),
    leaseMs: positive(vars.LEASE_MS, 30000),
    testJobTypes: vars.ENABLE_TEST_JOB_TYPES === "true" && vars.ENVIRONMENT !== "production",
    production: vars.ENVIRONMENT === "production",
    exportTtlMs: positive(vars.EXPORT_TTL_HOURS, 24) * 3_600_000,
    callbackMaxAttempts: Math.floor(positive(vars.CALLBACK_MAX_ATTEMPTS, 8)),
    outboundTimeoutMs: positive(vars.OUTBOUND_TIMEOUT_MS, 10_000),
    rotationGraceMs: positive(vars.WEBHOOK_ROTATION_GRACE_HOURS, 24) * 3_600_000,
    faults: faultsFromVars(vars),
  };
}

/** Used only when ENVIRONMENT is "development" and no SECRETS_KEY is set, so local runs need no setup. */
const DEVELOPMENT_SECRETS_KEY = "dev-only-dutyleak-secrets-key-never-use-in-production";

/** The master key for secrets at rest; production must set it with `wrangler secret put SECRETS_KEY`. */
export function secretsKey(env: Env): string {
  const vars = env as unknown as Record<string, string | undefined>;
  if (vars.SECRETS_KEY) return vars.SECRETS_KEY;
  if (vars.ENVIRONMENT === "development") return DEVELOPMENT_SECRETS_KEY;
  throw new Error("SECRETS_KEY is not configured (wrangler secret put SECRETS_KEY --env production)");
}
