// The only way error text leaves the app: the typed errors of worker/api/errors.ts become the JSON error body (or an
// HTML page for pages); unknown errors are logged and answered with a generic 500, never a stack trace.

import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError, Throttled, ValidationFailed } from "../api/errors.ts";
import type { ErrorResponse } from "../api/schema.ts";

export function errorBody(code: string, message: string, details?: unknown): ErrorResponse {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Maps any thrown value to status + body; used by app.onError. */
export function describeError(error: unknown): { status: ContentfulStatusCode; body: ErrorResponse } {
  if (error instanceof ApiError) {
    return {
      status: error.status as ContentfulStatusCode,
      body: errorBody(error.code, error.message, error.details),
    };
  }
  if (error instanceof ValidationFailed) {
    return { status: 422, body: errorBody("validation_failed", "the request is invalid", error.fields) };
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? "payload_too_large" : status === 401 ? "unauthorized" : "http_error";
    return { status, body: errorBody(code, error.message || "request refused") };
  }
  console.error("unhandled error:", error);
  return { status: 500, body: errorBody("internal_error", "something went wrong on our side") };
}

export function onError(error: unknown, c: Context) {
  const { status, body } = describeError(error);
  if (error instanceof Throttled) c.header("Retry-After", String(error.retryAfterSeconds));
  return c.json(body, status);
}
