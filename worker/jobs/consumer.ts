// The queue() entry: decides every message explicitly (ack or retry with a delay) and never throws, because a
// throwing handler makes the local broker redeliver even messages it already acked (PLATFORM.md §1).

import { callbackMessageSchema, jobMessageSchema, sweepMessageSchema } from "../api/queue-messages.ts";
import { processCallback } from "./callbacks.ts";
import { processDeadLetter } from "./dead-letter.ts";
import { type Decision, type EngineDeps, processJobMessage } from "./engine.ts";
import { sweepForHub } from "./sweep-request.ts";

/**
 * The messages of a batch are independent (each job is protected by its own compare-and-set claim), so they are
 * processed concurrently: one invocation then lasts about one run budget however many jobs its batch holds.
 */
export async function consumeBatch(batch: MessageBatch<unknown>, deps: EngineDeps, deadLetterQueue: boolean) {
  await Promise.all(batch.messages.map((message) => handle(message, deps, deadLetterQueue)));
  await deps.publisher.flush();
}

async function handle(message: Message<unknown>, deps: EngineDeps, deadLetterQueue: boolean): Promise<void> {
  const callback = callbackMessageSchema.safeParse(message.body);
  const sweepRequest = sweepMessageSchema.safeParse(message.body);
  if ((callback.success || sweepRequest.success) && deadLetterQueue) {
    // These only land here after infrastructure errors; the sweeper re-enqueues overdue callbacks, and the hub's
    // alarm asks for the next sweep.
    message.ack();
    return;
  }
  let decision: Decision;
  if (sweepRequest.success) {
    decision = await decide(deps, () => sweepForHub(deps, sweepRequest.data.workspaceId));
  } else if (callback.success) {
    decision = await decide(deps, () => processCallback(deps, callback.data.callbackId));
  } else {
    const parsed = jobMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      console.error(`dropping malformed queue message ${message.id}`);
      message.ack();
      return;
    }
    decision = await decide(deps, () =>
      deadLetterQueue ? processDeadLetter(deps, parsed.data) : processJobMessage(deps, parsed.data, message.attempts),
    );
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
