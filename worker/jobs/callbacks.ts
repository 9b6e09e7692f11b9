// Delivering a job's signed `job.finished` callback (Standard Webhooks): one attempt per queue message, claimed so
// that duplicates cannot deliver twice, retried with capped backoff by a new delayed message, and recorded in the
// job's history when it is delivered or finally given up.
import { errorMessage } from "../api/errors.ts";
import { toJobJson } from "../api/job-json.ts";
import { makeDb } from "../db/client.ts";
import { appendJobEvent } from "../db/jobs/create.ts";
import { getJobById } from "../db/jobs/read.ts";
import { claimCallback, findEndpoint, recordCallbackAttempt } from "../db/webhooks.ts";
import { signatureHeaders } from "../domain/standard-webhooks.ts";
import { activeSecrets } from "../webhooks/endpoint-secrets.ts";
import { backoffSeconds } from "./backoff.ts";
import type { Decision, EngineDeps } from "./engine.ts";
import { describeUrlText, outboundFetch } from "./outbound.ts";

/** Long enough for one attempt (fetch timeout included) before a duplicate could claim it again. */
const ATTEMPT_HOLD_MS = 30_000;
const FETCH_TIMEOUT_MS = 10_000;

export async function processCallback(deps: EngineDeps, id: string): Promise<Decision> {
  const db = makeDb(deps.env.DB);
  const clock = deps.clock ?? Date.now;
  const callback = await claimCallback(db, id, clock(), ATTEMPT_HOLD_MS);
  if (!callback) return { kind: "ack", why: "callback not due, delivered or claimed elsewhere" };
  const job = await getJobById(db, callback.jobId);
  if (!job) {
    await recordCallbackAttempt(db, id, { kind: "failed", status: null, error: "the job no longer exists" });
    return { kind: "ack", why: "job gone" };
  }
  let status: number | null = null;
  let error: string;
  try {
    const outcome = await deliver(
      deps.env,
      deps.config.production,
      callback.url,
      callback.endpointId,
      id,
      job,
      clock(),
    );
    status = outcome.status;
    if (outcome.ok) {
      await recordCallbackAttempt(db, id, { kind: "delivered", status: outcome.status, now: clock() });
      await appendJobEvent(db, job, {
        kind: "callback_delivered",
        actor: "system",
        message: `${describeUrlText(callback.url)} answered ${outcome.status} (attempt ${callback.attempts + 1})`,
        at: clock(),
      });
      return { kind: "ack", why: "callback delivered" };
    }
    error = `answered ${outcome.status}`;
  } catch (caught) {
    error = errorMessage(caught);
  }
  const attempts = callback.attempts + 1;
  if (attempts >= deps.config.callbackMaxAttempts) {
    await recordCallbackAttempt(db, id, { kind: "failed", status, error });
    await appendJobEvent(db, job, {
      kind: "callback_failed",
      actor: "system",
      message: `gave up on ${describeUrlText(callback.url)} after ${attempts} attempts: ${error}`,
      at: clock(),
    });
    return { kind: "ack", why: "callback failed for good" };
  }
  const delaySeconds = backoffSeconds(attempts, deps.config.backoff);
  await recordCallbackAttempt(db, id, { kind: "retry", status, error, nextAttemptAt: clock() + delaySeconds * 1000 });
  // A new message per attempt, so callback retries never count against the job queue's dead-letter budget.
  await deps.enqueuer.enqueueCallback(id, delaySeconds);
  return { kind: "ack", why: `callback attempt ${attempts} failed; retrying in ${delaySeconds}s` };
}

async function deliver(
  env: Env,
  production: boolean,
  url: string,
  endpointId: string | null,
  webhookId: string,
  job: Parameters<typeof toJobJson>[0],
  now: number,
): Promise<{ ok: boolean; status: number }> {
  const endpoint = endpointId ? await findEndpoint(makeDb(env.DB), endpointId) : undefined;
  if (!endpoint) throw new Error("the webhook endpoint that signs this callback was deleted");
  const body = JSON.stringify({
    type: "job.finished",
    timestamp: new Date(now).toISOString(),
    data: { job: toJobJson(job) },
  });
  // During a rotation both secrets sign, so receivers holding either one verify.
  const headers = await signatureHeaders(
    await activeSecrets(env, endpoint, now),
    webhookId,
    Math.floor(now / 1000),
    body,
  );
  const response = await outboundFetch(
    url,
    {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "user-agent": "DutyLeak-Webhooks/1" },
      body,
    },
    // A redirect could point anywhere, including private addresses: it is an answer (a failed delivery), not a hop.
    { production, label: "callback URL", redirects: "refuse", timeoutMs: FETCH_TIMEOUT_MS },
  );
  await response.body?.cancel();
  return { ok: response.status >= 200 && response.status < 300, status: response.status };
}
