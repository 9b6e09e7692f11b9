// The queue() entry: decides every message explicitly (ack or retry with a delay) and never throws, because a
// throwing handler makes the local broker redeliver even messages it already acked (PLATFORM.md §1).
import { processDeadLetter } from "./dead-letter.ts";
import { type Decision, type EngineDeps, processJobMessage } from "./engine.ts";
import { jobMessageSchema } from "./messages.ts";

export async function consumeBatch(batch: MessageBatch<unknown>, deps: EngineDeps, deadLetterQueue: boolean) {
  for (const message of batch.messages) {
    const parsed = jobMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      console.error(`dropping malformed queue message ${message.id}`);
      message.ack();
      continue;
    }
    let decision: Decision;
    try {
      decision = deadLetterQueue
        ? await processDeadLetter(deps, parsed.data)
        : await processJobMessage(deps, parsed.data, message.attempts);
    } catch (error) {
      // An infrastructure error (e.g. D1 unavailable) before the engine could record anything: try again soon.
      console.error(`job message ${message.id} failed before it was recorded:`, error);
      decision = { kind: "retry", delaySeconds: deps.config.backoff.baseSeconds, why: "infrastructure error" };
    }
    if (decision.kind === "ack") message.ack();
    else message.retry({ delaySeconds: decision.delaySeconds });
  }
  await deps.publisher.flush();
}
