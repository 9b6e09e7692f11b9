// Local fault injection around the engine's edges (only with the soak's FAULTS switch, never in production): live
// hub RPCs that fail and queue messages that arrive twice, each recorded in the job's history.
import type { Job } from "../api/schema.ts";
import { recordFault } from "./fault-log.ts";
import { type Faults, noFaults } from "./faults.ts";
import type { Enqueuer } from "./messages.ts";

export function withFailingHub(env: Env, faults: Faults): Env["HUB"] {
  const hub = env.HUB;
  if (faults === noFaults) return hub;
  // Runtime objects reject calls whose `this` is a proxy ("Illegal invocation"), so methods are bound to the target.
  const bound = <T extends object>(target: T, property: string | symbol) => {
    const value = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  };
  return new Proxy(hub, {
    get(target, property) {
      if (property !== "get") return bound(target, property);
      return (id: DurableObjectId) => {
        const stub = target.get(id);
        return new Proxy(stub, {
          get(stubTarget, name) {
            if (name !== "publishMany") return bound(stubTarget, name);
            return async (jobs: Job[], contents?: (string | undefined)[]) => {
              const first = jobs[0];
              if (first && faults.hit("hub_rpc")) {
                // The window's first job carries the fault in its history. The Job JSON does not carry the run;
                // 0 marks "run not known".
                throw await recordFault(env, { id: first.id, workspaceId: first.workspace_id, run: 0 }, "hub_rpc");
              }
              return stubTarget.publishMany(jobs, contents);
            };
          },
        });
      };
    },
  });
}

export function withDuplicates(enqueuer: Enqueuer, env: Env, faults: Faults): Enqueuer {
  if (faults === noFaults) return enqueuer;
  return {
    ...enqueuer,
    async enqueue(message, delaySeconds) {
      await enqueuer.enqueue(message, delaySeconds);
      if (faults.hit("duplicate_delivery")) {
        await recordFault(
          env,
          { id: message.jobId, workspaceId: message.workspaceId, run: message.run },
          "duplicate_delivery",
        );
        await enqueuer.enqueue(message, delaySeconds);
      }
    },
  };
}
