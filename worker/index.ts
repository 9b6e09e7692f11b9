// The Worker's entry points: fetch (Hono app), queue (job consumer and dead-letter consumer), scheduled (sweeper),
// and the WorkspaceHub Durable Object class.
import { app } from "./app.ts";
import { engineDeps } from "./engine-deps.ts";
import { consumeBatch } from "./jobs/consumer.ts";
import { queueEnqueuer } from "./jobs/messages.ts";
import { fireDueSchedules } from "./jobs/schedules/fire.ts";
import { sweep } from "./jobs/sweeper.ts";
import { PUBLISH_WINDOW_MS } from "./live/publisher.ts";

export { WorkspaceHub } from "../durable-objects/workspace-hub.ts";

export default {
  fetch: app.fetch,

  async queue(batch, env, ctx) {
    const deps = engineDeps(env, (p) => ctx.waitUntil(p), PUBLISH_WINDOW_MS);
    await consumeBatch(batch, deps, batch.queue.endsWith("-dlq"));
  },

  async scheduled(_controller, env, ctx) {
    const now = Date.now();
    const report = await sweep(env, queueEnqueuer(env), now);
    if (report.recovered + report.requeued + report.deadLettered > 0) console.log("sweeper:", JSON.stringify(report));
    // Every workspace's due schedules (the hubs' alarms make the times exact; this is the backstop).
    await fireDueSchedules(
      engineDeps(env, (p) => ctx.waitUntil(p)),
      now,
    );
  },
} satisfies ExportedHandler<Env>;
