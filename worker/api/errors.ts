// Every error class of the system, in one module: the wire errors the API answers with (and the TUI raises when it
// reads them back), and the engine's errors that decide between failing a job and retrying it. Pure: the Worker, the
// Durable Object and the TUI all import it. app.onError (worker/middleware/errors.ts) is where they become responses.
import type { z } from "zod";

/** An error with an HTTP status and a snake_case code, sent as `{"error": {code, message, details}}`. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    /** The HTTP status; 0 where the TUI never got an answer (network). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 429 with the seconds a client should wait, sent as `Retry-After`. */
export class Throttled extends ApiError {
  override name = "Throttled";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, "throttled", message);
  }
}

export const notFound = (what = "resource") => new ApiError(404, "not_found", `${what} not found`);

/** Field-level validation failures (422), keyed by the request path such as `payload.rows`. */
export class ValidationFailed extends Error {
  override name = "ValidationFailed";
  constructor(readonly fields: Record<string, string[]>) {
    super("the request is invalid");
  }
}

/**
 * Issues keyed by their path under `prefix`; `root` names the checked value itself (the body, or one item of a
 * batch). An unknown field is reported under its own name, so a client sees which field to drop.
 */
export function fieldErrors(
  error: { issues: readonly z.core.$ZodIssue[] },
  prefix = "",
  root = "(body)",
): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (segments: PropertyKey[], message: string) => {
    const path = [prefix, ...segments.map(String)].filter(Boolean).join(".") || root;
    fields[path] ??= [];
    fields[path].push(message);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], "unknown field");
    } else {
      add(issue.path, issue.message);
    }
  }
  return fields;
}

/** A validation failure found while preparing a payload at creation; the API answers 422 for that field. */
export class InvalidInput extends Error {
  override name = "InvalidInput";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by a job step: fails the job at once, without retries (bad input, unknown type, validation). Anything else
 * a step throws is retryable and goes through backoff and, once attempts run out, the dead-letter queue.
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** An outbound URL (or a redirect hop) refused by the URL policy: retrying cannot help. */
export class OutboundRefused extends PermanentJobError {
  override name = "OutboundRefused";
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
