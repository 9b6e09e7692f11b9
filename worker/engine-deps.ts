// The engine's dependencies for one Worker invocation (bindings + waitUntil), wired in one place: config, the queue
// enqueuer and the live publisher; with the soak's fault switch on, both come wrapped (jobs/fault-wrappers.ts).
import { makeDb } from "./db/client.ts";
import { readLaneContext } from "./db/lanes.ts";
import { engineConfig } from "./jobs/config.ts";
import type { EngineDeps } from "./jobs/engine.ts";
import { withDuplicates, withFailingHub } from "./jobs/fault-wrappers.ts";
import { queueEnqueuer } from "./jobs/messages.ts";
import { HubPublisher } from "./live/publisher.ts";

/** `publishWindowMs`: the queue consumer collects live changes in windows; request handlers send each at once. */
export function engineDeps(env: Env, waitUntil: (promise: Promise<unknown>) => void, publishWindowMs = 0): EngineDeps {
  const config = engineConfig(env);
  return {
    env,
    config,
    enqueuer: withDuplicates(queueEnqueuer(env), env, config.faults),
    publisher: new HubPublisher(
      withFailingHub(env, config.faults),
      waitUntil,
      Date.now,
      publishWindowMs,
      (workspaceId) => readLaneContext(makeDb(env.DB), workspaceId),
    ),
  };
}
