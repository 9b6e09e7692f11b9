// Idempotency keys are stored inside a namespace the server picks, never as a client sent them: a person's keys are
// theirs alone (so a repeated key can only return a job its sender created) and no API client can plant the key of a
// signed webhook delivery. This is the only place that knows the stored form.

export type IdempotencyScope =
  /** A person through the JSON API. */
  | { kind: "api"; userId: string }
  /** A person through a page form (the form's one-time key). */
  | { kind: "web"; userId: string }
  /** A signed delivery to an inbound endpoint; the key is its `webhook-id`. */
  | { kind: "webhook"; endpointId: string }
  /** A schedule's fire; the key is its due time, so a due time makes one job however often it is fired. */
  | { kind: "schedule"; scheduleId: string };

export interface IdempotencyKey {
  scope: IdempotencyScope;
  key: string;
}

export function storedIdempotencyKey({ scope, key }: IdempotencyKey): string {
  const owner =
    scope.kind === "webhook" ? scope.endpointId : scope.kind === "schedule" ? scope.scheduleId : scope.userId;
  return `${scope.kind}:${owner}:${key}`;
}
