// Fault injection for the soak test, behind one local-only switch: the FAULTS var (JSON rates per fault point). It is
// ignored when ENVIRONMENT is "production" and absent from every committed configuration; only the soak sets it.
import { z } from "zod";

const rate = z.number().min(0).max(1).default(0);

export const faultRatesSchema = z.strictObject({
  /** A step throws a retryable error before doing anything. */
  step_retryable: rate,
  /** A step throws a permanent error. */
  step_permanent: rate,
  /** The consumer dies right after a chunk committed (its writes and checkpoint are in, the rest never happens). */
  crash_after_commit: rate,
  /** The live-event RPC to the workspace hub fails. */
  hub_rpc: rate,
  /** A job message is delivered twice. */
  duplicate_delivery: rate,
});
export type FaultRates = z.infer<typeof faultRatesSchema>;
export type FaultPoint = keyof FaultRates;

export class InjectedFault extends Error {
  override name = "InjectedFault";
  constructor(readonly point: FaultPoint) {
    super(`injected fault: ${point}`);
  }
}

export interface Faults {
  /** True when this fault should happen now (decided at random with the configured rate). */
  hit(point: FaultPoint): boolean;
}

export const noFaults: Faults = { hit: () => false };

/** Reads the switch; a malformed FAULTS value is an error at start-up of the code path, never silently ignored. */
export function faultsFromVars(vars: Record<string, string | undefined>, random: () => number = Math.random): Faults {
  if (!vars.FAULTS || vars.ENVIRONMENT === "production") return noFaults;
  const rates = faultRatesSchema.parse(JSON.parse(vars.FAULTS));
  return { hit: (point) => rates[point] > 0 && random() < rates[point] };
}
