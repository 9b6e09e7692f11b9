// Errors a job step throws. Permanent ones fail the job at once (no retry): bad input, unknown type, validation.
// Anything else is retryable and goes through backoff and, once attempts run out, the dead-letter queue.

export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** A validation failure found while preparing a payload at creation; the API answers 422 for that field. */
export class InvalidInput extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
