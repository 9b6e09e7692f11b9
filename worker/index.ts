// The Worker's entry points: fetch (Hono app), queue (job consumer and dead-letter consumer), scheduled (sweeper),
// and the WorkspaceHub Durable Object class.
import { app } from "./app.ts";
import { engineDeps } from "./engine-deps.ts";
import { consumeBatch } from "./jobs/consumer.ts";
import { queueEnqueuer } from "./jobs/messages.ts";
import { sweep } from "./jobs/sweeper.ts";
import { PUBLISH_WINDOW_MS } from "./live/publisher.ts";

export { WorkspaceHub } from "../durable-objects/workspace-hub.ts";

export default {
  fetch: app.fetch,

  async queue(batch, env, ctx) {
    const deps = engineDeps(env, (p) => ctx.waitUntil(p), PUBLISH_WINDOW_MS);
    await consumeBatch(batch, deps, batch.queue.endsWith("-dlq"));
  },

  async scheduled(_controller, env) {
    const report = await sweep(env, queueEnqueuer(env), Date.now());
    if (report.recovered + report.requeued + report.deadLettered > 0) console.log("sweeper:", JSON.stringify(report));
  },
} satisfies ExportedHandler<Env>;
