// Admin → Metrics for owners/admins: the charts over a chosen range and type, and the jobs page's strip (finished
// and failed per minute over the last hour), refetched by the strip itself. Bad input (an unknown range or type) is
// dropped quietly for a bookmark's sake, as on Admin → Errors.
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { METRICS_RANGES, MetricsPage, type MetricsRangeKey } from "../../views/metrics/MetricsPage.tsx";
import { MetricsStrip } from "../../views/metrics/MetricsStrip.tsx";
import { HOUR_MS } from "../api/metrics.ts";
import { jobTypeParamSchema } from "../http/jobs-query.ts";
import { metricsRange } from "../http/metrics-query.ts";
import { viewerOf } from "../http/page-context.ts";
import { engineConfig } from "../jobs/config.ts";
import { lastHourSeries, metricsSeries } from "../jobs/metrics.ts";
import { knownJobTypes } from "../jobs/registry.ts";
import { MANAGER_ROLES } from "../middleware/auth.ts";
import { type PageEnv, requirePageRole, requireSession } from "../middleware/session.ts";

const RANGE_MS: Record<MetricsRangeKey, number> = {
  "1h": HOUR_MS,
  "24h": 24 * HOUR_MS,
  "7d": 7 * 24 * HOUR_MS,
  "14d": 14 * 24 * HOUR_MS,
};

const rangeKey = (text: string | undefined): MetricsRangeKey =>
  text !== undefined && Object.hasOwn(METRICS_RANGES, text) ? (text as MetricsRangeKey) : "1h";

async function seriesFor(env: Env, workspaceId: string, range: MetricsRangeKey, type: string | undefined) {
  const now = Date.now();
  const types = knownJobTypes(engineConfig(env));
  const answer = metricsRange({ from: now - RANGE_MS[range], to: now, type }, types, now);
  if ("problems" in answer) throw new Error(`the page's own range was refused: ${JSON.stringify(answer.problems)}`);
  return metricsSeries(env, workspaceId, answer.range);
}

export const adminMetricsPages = new Hono<PageEnv>()
  .use(csrf(), requireSession, requirePageRole(MANAGER_ROLES, "opening the admin pages"))
  .get("/", async (c) => {
    const range = rangeKey(c.req.query("range"));
    const types = knownJobTypes(engineConfig(c.env));
    const asked = jobTypeParamSchema.parse(c.req.query("type"));
    const type = asked && (types as string[]).includes(asked) ? asked : undefined;
    const [viewer, series] = await Promise.all([
      viewerOf(c),
      seriesFor(c.env, c.var.principal.workspace.id, range, type),
    ]);
    return c.html(<MetricsPage viewer={viewer} series={series} range={range} type={type} types={types} />);
  })
  .get("/strip", async (c) => {
    return c.html(<MetricsStrip series={await lastHourSeries(c.env, c.var.principal.workspace.id)} />);
  });
