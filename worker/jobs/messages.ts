// Queue messages carry only ids: a job run to work on (with the lease for a continuation), or a callback to deliver.
import { z } from "zod";

export const jobMessageSchema = z.object({
  jobId: z.string().min(1),
  workspaceId: z.string().min(1),
  run: z.number().int().min(1),
  /** Set on continuation messages: only the holder of this lease may continue the job. */
  lease: z.string().nullable().optional(),
});
export type JobMessage = z.infer<typeof jobMessageSchema>;

export const callbackMessageSchema = z.object({ kind: z.literal("callback"), callbackId: z.string().min(1) });
export type CallbackMessage = z.infer<typeof callbackMessageSchema>;

export interface Enqueuer {
  enqueue(message: JobMessage, delaySeconds?: number): Promise<void>;
  /** Many messages at once, in sendBatch calls of at most 100 (the queue's limit). */
  enqueueMany(messages: JobMessage[]): Promise<void>;
  deadLetter(message: JobMessage): Promise<void>;
  enqueueCallback(callbackId: string, delaySeconds?: number): Promise<void>;
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
  };
}
