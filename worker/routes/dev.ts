// Development-only routes used by `npm start`, the test setup, the soak and the benchmarks: seed the demo, run the
// sweeper once, run one round of the pruner.
// They answer 404 unless ENVIRONMENT is "development" (production config sets "production").

import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../api/errors.ts";
import { productSchema } from "../api/payloads.ts";
import { makeDb } from "../db/client.ts";
import { seedDemo } from "../db/seed.ts";
import { engineDeps } from "../engine-deps.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/json-body.ts";
import { pruneRound } from "../jobs/archive/prune.ts";
import { secretsKey } from "../jobs/config.ts";
import { queueEnqueuer } from "../jobs/messages.ts";
import { fireDueSchedules } from "../jobs/schedules/fire.ts";
import { PRUNE_BUDGET_MS, sweep } from "../jobs/sweeper.ts";

const seedRequestSchema = z.object({ catalogue: z.array(productSchema).max(5000).default([]) });

export const devRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (c.env.ENVIRONMENT !== "development") throw notFound("route");
    await next();
  })
  .post("/seed", async (c) => {
    const body = await readJson(c, seedRequestSchema);
    const report = await seedDemo(makeDb(c.env.DB), {
      secretsKey: secretsKey(c.env),
      catalogue: body.catalogue,
      now: Date.now(),
    });
    return c.json(report);
  })
  // One round of the pruner with the sweeper's budget (the benchmark and the soak drive it faster than the cron).
  .post("/prune", async (c) => {
    const report = await pruneRound(c.env, Date.now(), PRUNE_BUDGET_MS);
    return c.json({
      archived_jobs: report.archivedJobs,
      parts: report.parts,
      resumed: report.resumed,
      more: report.more,
    });
  })
  .post("/sweep", async (c) => {
    const now = Date.now();
    const report = await sweep(c.env, queueEnqueuer(c.env), now);
    const schedules = await fireDueSchedules(
      engineDeps(c.env, (p) => c.executionCtx.waitUntil(p)),
      now,
    );
    return c.json({ ...report, schedules });
  });
