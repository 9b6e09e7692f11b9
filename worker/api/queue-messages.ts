// The queue's messages, which carry only ids: a job run to work on (with the lease for a continuation), a callback or
// an alert to deliver, or a workspace to sweep (sent by its hub's alarm). Wire layer: the Worker and the hub both send them.
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

export const alertMessageSchema = z.object({ kind: z.literal("alert"), deliveryId: z.string().min(1) });
export type AlertMessage = z.infer<typeof alertMessageSchema>;

/** Sent by a WorkspaceHub's alarm: the consumer sweeps that workspace (the hub holds sockets, not storage). */
export const sweepMessageSchema = z.object({ kind: z.literal("sweep"), workspaceId: z.string().min(1) });
export type SweepMessage = z.infer<typeof sweepMessageSchema>;
