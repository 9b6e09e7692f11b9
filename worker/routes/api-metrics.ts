// Metrics (v1): GET /api/v1/metrics, a workspace's per-minute (or hourly) series, and GET /metrics, the same
// workspace's counters, gauges and histograms in OpenMetrics text for a Prometheus scraper. Owners and admins only.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { fieldErrors, ValidationFailed } from "../api/errors.ts";
import { makeDb } from "../db/client.ts";
import { readTotals } from "../db/metrics.ts";
import type { AppEnv } from "../env.ts";
import { metricsQuerySchema, metricsRange } from "../http/metrics-query.ts";
import { openMetricsText } from "../http/openmetrics.ts";
import { engineConfig } from "../jobs/config.ts";
import { lanesOf } from "../jobs/lanes.ts";
import { metricsSeries } from "../jobs/metrics.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";

export const metricsApiRoutes = new Hono<AppEnv>().use(requireToken, requireRole(MANAGER_ROLES, "reading metrics")).get(
  "/",
  zValidator("query", metricsQuerySchema, (result) => {
    if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
  }),
  async (c) => {
    const answer = metricsRange(c.req.valid("query"), knownJobTypes(engineConfig(c.env)), Date.now());
    if ("problems" in answer) throw new ValidationFailed(answer.problems);
    return c.json(await metricsSeries(c.env, c.var.principal.workspace.id, answer.range));
  },
);

export const openMetricsRoutes = new Hono<AppEnv>()
  .use(requireToken, requireRole(MANAGER_ROLES, "scraping metrics"))
  .get("/", async (c) => {
    const workspaceId = c.var.principal.workspace.id;
    const [totals, lanes] = await Promise.all([
      readTotals(makeDb(c.env.DB), workspaceId),
      lanesOf(c.env, engineConfig(c.env), workspaceId),
    ]);
    const text = openMetricsText({ totals, lanes: lanes.lanes });
    return c.body(text, 200, { "content-type": "application/openmetrics-text; version=1.0.0; charset=utf-8" });
  });
