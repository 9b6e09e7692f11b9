// Records an injected fault in the job's history (so the soak counts them from D1) and returns the error to throw.
import { makeDb } from "../db/client.ts";
import { appendJobEvent } from "../db/jobs/create.ts";
import { type FaultPoint, InjectedFault } from "./faults.ts";

export async function recordFault(
  env: Env,
  job: { id: string; workspaceId: string; run: number },
  point: FaultPoint,
): Promise<InjectedFault> {
  await appendJobEvent(makeDb(env.DB), job, {
    kind: `fault:${point}`,
    actor: "system",
    message: "injected by the soak's fault switch",
    at: Date.now(),
  });
  return new InjectedFault(point);
}
