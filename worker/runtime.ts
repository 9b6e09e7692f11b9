// Builds the engine's dependencies from a Worker invocation (bindings + waitUntil), in one place. With the soak's
// fault switch on, the hub and the queue are wrapped so that live RPCs fail and messages arrive twice at random.
import type { Job } from "./api/schema.ts";
import { engineConfig } from "./jobs/config.ts";
import type { EngineDeps } from "./jobs/engine.ts";
import { recordFault } from "./jobs/fault-log.ts";
import { type Faults, noFaults } from "./jobs/faults.ts";
import { type Enqueuer, queueEnqueuer } from "./jobs/messages.ts";
import { HubPublisher } from "./jobs/publisher.ts";

export function runtime(env: Env, waitUntil: (promise: Promise<unknown>) => void): EngineDeps {
  const config = engineConfig(env);
  return {
    env,
    config,
    enqueuer: withDuplicates(queueEnqueuer(env), env, config.faults),
    publisher: new HubPublisher(withFailingHub(env, config.faults), waitUntil),
  };
}

function withFailingHub(env: Env, faults: Faults): Env["HUB"] {
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
            if (name !== "publish") return bound(stubTarget, name);
            return async (job: Job, content?: string) => {
              if (faults.hit("hub_rpc")) {
                // The Job JSON does not carry the run; 0 marks "run not known" in the history.
                throw await recordFault(env, { id: job.id, workspaceId: job.workspace_id, run: 0 }, "hub_rpc");
              }
              return stubTarget.publish(job, content);
            };
          },
        });
      };
    },
  });
}

function withDuplicates(enqueuer: Enqueuer, env: Env, faults: Faults): Enqueuer {
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
