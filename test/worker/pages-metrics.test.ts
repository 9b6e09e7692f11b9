// Admin → Metrics and the jobs page's strip as HTML: SVG charts with a title and description a screen reader reads,
// a table view with the same numbers, the ranges, a running job's rate and ETA on its row, and quiet handling of a
// bookmark's unknown range or type.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { counted, metricsUpsert } from "../../worker/db/metrics.ts";
import { makeWorkspace } from "../support/workerd/api.ts";
import { page, sessionCookie, slug } from "../support/workerd/pages.ts";

async function seedMinute(workspaceId: string, at: number, completed: number, failed: number) {
  const statement = metricsUpsert(makeDb(env.DB), workspaceId, at, [
    counted("data_import", "completed", completed),
    counted("data_import", "failed", failed),
    counted("data_import", "run_b2", completed),
    counted("data_import", "wait_b1", completed + failed),
  ]);
  if (statement) await makeDb(env.DB).batch([statement]);
}

describe("Admin → Metrics", () => {
  it("draws each chart as SVG with a text alternative and a table view, for every range", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    await seedMinute(ws.workspaceId, Date.now() - 5 * 60_000, 12, 3);
    const cookie = await sessionCookie(ws.admin);
    const res = await page("GET", "/admin/metrics", { cookie });
    expect(res.status).toBe(200);
    for (const id of ["chart-throughput", "chart-failure-rate", "chart-wait", "chart-run", "chart-queue"]) {
      expect(res.text).toContain(`id="${id}"`);
      expect(res.text).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
    }
    expect(res.text).toMatch(/<desc id="chart-throughput-desc">12 finished and 3 failed from/);
    expect(res.text).toContain("<summary>Table view</summary>");
    expect(res.text).toMatch(/<td>12<\/td><td>3<\/td>/);
    expect(res.text).toMatch(/<rect [^>]*>/);
    for (const range of ["24h", "7d", "14d"]) {
      const other = await page("GET", `/admin/metrics?range=${range}`, { cookie });
      expect(other.status, range).toBe(200);
      expect(other.text).toContain(`value="${range}" checked`);
    }
    // A bookmark's unknown range or type falls back quietly.
    const stale = await page("GET", "/admin/metrics?range=1y&type=mine_bitcoin", { cookie });
    expect(stale.status).toBe(200);
    expect(stale.text).toContain('value="1h" checked');
    expect((await page("GET", "/admin/metrics", { cookie: await sessionCookie(ws.member) })).status).toBe(403);
  });

  it("puts the last hour's finished and failed per minute above the jobs table", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    await seedMinute(ws.workspaceId, Date.now() - 2 * 60_000, 5, 1);
    const cookie = await sessionCookie(ws.admin);
    const jobsPage = await page("GET", "/admin/jobs", { cookie });
    expect(jobsPage.text).toContain('id="metrics-strip"');
    expect(jobsPage.text).toMatch(/5 finished and 1 failed from/);
    const strip = await page("GET", "/admin/metrics/strip", { cookie, htmx: true });
    expect(strip.text).toContain('hx-trigger="every 30s, dl:lanes from:body throttle:10s"');
  });
});
