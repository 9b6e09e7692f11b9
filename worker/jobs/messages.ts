// Queue messages carry only ids: the job, its workspace, the run they belong to, and for a continuation the lease.
import { z } from "zod";

export const jobMessageSchema = z.object({
  jobId: z.string().min(1),
  workspaceId: z.string().min(1),
  run: z.number().int().min(1),
  /** Set on continuation messages: only the holder of this lease may continue the job. */
  lease: z.string().nullable().optional(),
});
export type JobMessage = z.infer<typeof jobMessageSchema>;

export interface Enqueuer {
  enqueue(message: JobMessage, delaySeconds?: number): Promise<void>;
  deadLetter(message: JobMessage): Promise<void>;
}

export function queueEnqueuer(env: Env): Enqueuer {
  return {
    async enqueue(message, delaySeconds = 0) {
      await env.JOBS.send(message, delaySeconds > 0 ? { delaySeconds: Math.min(86_400, delaySeconds) } : undefined);
    },
    async deadLetter(message) {
      await env.JOBS_DLQ.send(message);
    },
  };
}
