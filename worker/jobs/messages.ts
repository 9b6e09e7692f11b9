// Sending queue messages for the engine: job runs (one, many, or to the dead-letter queue), callbacks and alerts.
import type { AlertMessage, CallbackMessage, JobMessage } from "../api/queue-messages.ts";

export interface Enqueuer {
  enqueue(message: JobMessage, delaySeconds?: number): Promise<void>;
  /** Many messages at once, in sendBatch calls of at most 100 (the queue's limit). */
  enqueueMany(messages: JobMessage[]): Promise<void>;
  deadLetter(message: JobMessage): Promise<void>;
  enqueueCallback(callbackId: string, delaySeconds?: number): Promise<void>;
  enqueueAlert(deliveryId: string, delaySeconds?: number): Promise<void>;
}

const delay = (seconds: number) => (seconds > 0 ? { delaySeconds: Math.min(86_400, Math.ceil(seconds)) } : undefined);

export function queueEnqueuer(env: Env): Enqueuer {
  return {
    async enqueue(message, delaySeconds = 0) {
      await env.JOBS.send(message, delay(delaySeconds));
    },
    async enqueueMany(messages) {
      for (let i = 0; i < messages.length; i += 100) {
        await env.JOBS.sendBatch(messages.slice(i, i + 100).map((body) => ({ body })));
      }
    },
    async deadLetter(message) {
      await env.JOBS_DLQ.send(message);
    },
    async enqueueCallback(callbackId, delaySeconds = 0) {
      await env.JOBS.send({ kind: "callback", callbackId } satisfies CallbackMessage, delay(delaySeconds));
    },
    async enqueueAlert(deliveryId, delaySeconds = 0) {
      await env.JOBS.send({ kind: "alert", deliveryId } satisfies AlertMessage, delay(delaySeconds));
    },
  };
}
