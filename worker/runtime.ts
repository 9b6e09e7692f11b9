// Builds the engine's dependencies from a Worker invocation (bindings + waitUntil), in one place.

import { engineConfig } from "./jobs/config.ts";
import type { EngineDeps } from "./jobs/engine.ts";
import { queueEnqueuer } from "./jobs/messages.ts";
import { HubPublisher } from "./jobs/publisher.ts";

export function runtime(env: Env, waitUntil: (promise: Promise<unknown>) => void): EngineDeps {
  return {
    env,
    config: engineConfig(env),
    enqueuer: queueEnqueuer(env),
    publisher: new HubPublisher(env.HUB, waitUntil),
  };
}
