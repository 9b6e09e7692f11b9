// The queue() entry: decides every message explicitly (ack or retry with a delay) and never throws, because a
// throwing handler makes the local broker redeliver even messages it already acked (PLATFORM.md §1). A batch runs in
// waves of MAX_JOBS_IN_FLIGHT messages whose fresh jobs are claimed in one statement, and the whole invocation wraps
// up after one run budget, so D1 is never flooded by one batch and reads get their turn.
import {
  alertMessageSchema,
  callbackMessageSchema,
  type JobMessage,
  jobMessageSchema,
  sweepMessageSchema,
} from "../api/queue-messages.ts";
import type { JobRow } from "../db/schema.ts";
import { processAlertDelivery } from "./alerts/deliver.ts";
import { processCallback } from "./callbacks.ts";
import { processDeadLetter } from "./dead-letter.ts";
import { claimFresh, type Decision, type EngineDeps, processJobMessage, runClaimed } from "./engine.ts";
import { sweepForHub } from "./sweep-request.ts";

/** Jobs of one invocation that run concurrently; the rest wait their turn (each job is its own compare-and-set). */
export const MAX_JOBS_IN_FLIGHT = 8;

export async function consumeBatch(batch: MessageBatch<unknown>, deps: EngineDeps, deadLetterQueue: boolean) {
  const now = (deps.clock ?? Date.now)();
  const invocation = { ...deps, deadline: now + deps.config.runBudgetMs };
  // In waves of MAX_JOBS_IN_FLIGHT: each wave's fresh jobs are claimed in one statement just before they run, so a
  // consumer that dies holds at most one wave of jobs (each then loses a try to the recovery), not the whole batch.
  for (let start = 0; start < batch.messages.length; start += MAX_JOBS_IN_FLIGHT) {
    const wave = batch.messages.slice(start, start + MAX_JOBS_IN_FLIGHT);
    const claimed = deadLetterQueue ? new Map<string, JobRow>() : await claimAll(invocation, wave);
    await Promise.all(wave.map((message) => handle(message, invocation, deadLetterQueue, claimed)));
  }
  await deps.publisher.flush();
}

/** The set-based claim, or nothing claimed when it fails (every message then takes the one-message path). */
async function claimAll(deps: EngineDeps, messages: readonly Message<unknown>[]): Promise<Map<string, JobRow>> {
  const jobMessages: JobMessage[] = [];
  for (const message of messages) {
    const parsed = jobMessageSchema.safeParse(message.body);
    if (parsed.success) jobMessages.push(parsed.data);
  }
  try {
    return await claimFresh(deps, jobMessages);
  } catch (error) {
    console.error("set-based claim failed; claiming one message at a time:", error);
    return new Map();
  }
}

async function handle(
  message: Message<unknown>,
  deps: EngineDeps,
  deadLetterQueue: boolean,
  claimed: Map<string, JobRow>,
): Promise<void> {
  const callback = callbackMessageSchema.safeParse(message.body);
  const alert = alertMessageSchema.safeParse(message.body);
  const sweepRequest = sweepMessageSchema.safeParse(message.body);
  if ((callback.success || alert.success || sweepRequest.success) && deadLetterQueue) {
    // These only land here after infrastructure errors; the sweeper re-enqueues overdue callbacks and alert
    // deliveries, and the hub's alarm asks for the next sweep.
    message.ack();
    return;
  }
  let decision: Decision;
  if (sweepRequest.success) {
    decision = await decide(deps, () => sweepForHub(deps, sweepRequest.data.workspaceId));
  } else if (callback.success) {
    decision = await decide(deps, () => processCallback(deps, callback.data.callbackId));
  } else if (alert.success) {
    decision = await decide(deps, () => processAlertDelivery(deps, alert.data.deliveryId));
  } else {
    const parsed = jobMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      console.error(`dropping malformed queue message ${message.id}`);
      message.ack();
      return;
    }
    const job = parsed.data;
    // A claimed job runs for one message only (a duplicate in the same batch takes the one-message path and sees
    // the job held).
    const held = claimed.get(job.jobId);
    if (held) claimed.delete(job.jobId);
    decision = await decide(deps, () => {
      if (deadLetterQueue) return processDeadLetter(deps, job);
      return held ? runClaimed(deps, held, job, message.attempts) : processJobMessage(deps, job, message.attempts);
    });
  }
  if (decision.kind === "ack") message.ack();
  else message.retry({ delaySeconds: decision.delaySeconds });
}

async function decide(deps: EngineDeps, run: () => Promise<Decision>): Promise<Decision> {
  try {
    return await run();
  } catch (error) {
    // An infrastructure error (e.g. D1 unavailable) before anything could be recorded: try again soon.
    console.error("queue message failed before it was recorded:", error);
    return { kind: "retry", delaySeconds: deps.config.backoff.baseSeconds, why: "infrastructure error" };
  }
}
