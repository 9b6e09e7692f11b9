// DutyLeak's job types end to end through the real queue: bulk classification, CSV export to R2 with download,
// duty optimisation with findings in D1, and imports streamed from a source_url.
import { env } from "cloudflare:workers";
import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { countFindings, listFindings } from "../../worker/db/findings.ts";
import { newId } from "../../worker/db/ids.ts";
import { jobs, products } from "../../worker/db/schema.ts";
import { HELD_OUT_PRODUCTS, LABELLED_PRODUCTS } from "../fixtures/labelled-products.ts";
import { api, createJob, getJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

const db = () => makeDb(env.DB);
const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const finished = hasStatus("completed", "failed", "dead_letter", "cancelled");
const sample = [...LABELLED_PRODUCTS, ...HELD_OUT_PRODUCTS];

/** `count` products cycling through the labelled sample, without codes; returns sku → expected heading. */
async function importLabelled(token: string, count: number) {
  const rows = Array.from({ length: count }, (_, i) => {
    const p = sample[i % sample.length] as (typeof sample)[number];
    return {
      sku: `LB-${String(i).padStart(5, "0")}`,
      title: p.title,
      ...(p.description ? { description: p.description } : {}),
      origin_country: "CN",
      customs_value: 10 + (i % 40),
      currency: "USD",
    };
  });
  const job = await createJob(token, "data_import", { rows });
  await waitForJob(token, job.id, finished, 60_000);
  return new Map(rows.map((r, i) => [r.sku, sample[i % sample.length]?.heading]));
}

async function codes(workspaceId: string) {
  const rows = await db().select().from(products).where(eq(products.workspaceId, workspaceId)).all();
  return new Map(rows.map((r) => [r.sku, r.hsCode]));
}

describe("bulk_classification", () => {
  it("classifies every unclassified product with confidence and rule, leaves people's codes alone", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const labels = await importLabelled(ws.admin.token, 2000);
    const manual = await createJob(ws.admin.token, "data_import", {
      rows: [
        {
          sku: "LB-00000",
          title: "Men's Crew Neck Cotton T-Shirt",
          origin_country: "CN",
          customs_value: 3,
          currency: "USD",
          hs_code: "999999",
        },
      ],
    });
    await waitForJob(ws.admin.token, manual.id, finished);
    const job = await createJob(ws.admin.token, "bulk_classification", {});
    expect(job.total).toBeNull();
    const done = await waitForJob(ws.admin.token, job.id, finished, 60_000);
    expect(done).toMatchObject({ status: "completed", total: 1999, processed: 1999 });
    const result = done.result as { classified: number; unclassifiable: number };
    expect(result.classified + result.unclassifiable).toBe(1999);
    const rows = await db().select().from(products).where(eq(products.workspaceId, ws.workspaceId)).all();
    expect(rows.find((r) => r.sku === "LB-00000")).toMatchObject({ hsCode: "999999", hsSource: "person" });
    const ruled = rows.filter((r) => r.hsSource === "rule");
    expect(ruled).toHaveLength(result.classified);
    for (const r of ruled) {
      expect(r.hsCode).toMatch(/^\d{6}$/);
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.matchedRule).toMatch(/^\d{4} /);
    }
    const right = ruled.filter((r) => r.hsCode?.slice(0, 4) === labels.get(r.sku)).length;
    console.log(
      `bulk_classification heading accuracy on ${ruled.length} products: ${((right / 1999) * 100).toFixed(1)}%`,
    );
    expect(right / 1999).toBeGreaterThan(0.8);
  });

  it("reclassifies named SKUs, including a person's code, only when asked to", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const imported = await createJob(ws.admin.token, "data_import", {
      rows: [
        {
          sku: "A",
          title: "Leather ankle boots",
          origin_country: "PT",
          customs_value: 30,
          currency: "EUR",
          hs_code: "111111",
        },
        { sku: "B", title: "Plush teddy bear", origin_country: "CN", customs_value: 3, currency: "USD" },
      ],
    });
    await waitForJob(ws.admin.token, imported.id, finished);
    const polite = await createJob(ws.admin.token, "bulk_classification", { product_skus: ["A", "B", "ZZZ"] });
    const politeDone = await waitForJob(ws.admin.token, polite.id, finished);
    expect(politeDone.result).toMatchObject({ classified: 1, skipped_already_classified: 1, missing_skus: ["ZZZ"] });
    expect((await codes(ws.workspaceId)).get("A")).toBe("111111");
    const forced = await createJob(ws.admin.token, "bulk_classification", { product_skus: ["A"], reclassify: true });
    await waitForJob(ws.admin.token, forced.id, finished);
    expect((await codes(ws.workspaceId)).get("A")?.slice(0, 4)).toBe("6403");
  });

  it("gives the same codes when paused and resumed mid-way as in one uninterrupted run", async () => {
    const straight = await makeWorkspace(slug(), ["admin"]);
    const interrupted = await makeWorkspace(slug(), ["admin"]);
    await importLabelled(straight.admin.token, 1500);
    await importLabelled(interrupted.admin.token, 1500);
    const a = await createJob(straight.admin.token, "bulk_classification", {});
    await waitForJob(straight.admin.token, a.id, finished, 60_000);
    const b = await createJob(interrupted.admin.token, "bulk_classification", {});
    await api("POST", `/api/v1/jobs/${b.id}/pause`, { token: interrupted.admin.token });
    const paused = await waitForJob(interrupted.admin.token, b.id, hasStatus("paused", "completed"));
    expect(paused.status).toBe("paused");
    expect(paused.processed).toBeLessThan(1500);
    await api("POST", `/api/v1/jobs/${b.id}/resume`, { token: interrupted.admin.token });
    await waitForJob(interrupted.admin.token, b.id, finished, 60_000);
    expect(await codes(interrupted.workspaceId)).toEqual(await codes(straight.workspaceId));
  });
});

describe("data_export", () => {
  it("streams a filtered catalogue to R2 in multipart parts and serves it to its workspace only", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const other = await makeWorkspace(slug(), ["owner"]);
    const long = "y".repeat(480);
    const rows = productRows(12_000, "EX").map((r, i) => ({
      ...r,
      description: long,
      origin_country: i % 4 === 0 ? "VN" : "CN",
      title: i === 7 ? '=HYPERLINK("http://evil")' : r.title,
    }));
    await waitForJob(ws.admin.token, (await createJob(ws.admin.token, "data_import", { rows })).id, finished, 90_000);
    const job = await createJob(ws.admin.token, "data_export", {});
    const done = await waitForJob(ws.admin.token, job.id, finished, 60_000);
    expect(done).toMatchObject({ status: "completed", total: 12_000, processed: 12_000 });
    const result = done.result as {
      key: string;
      rows: number;
      bytes: number;
      download_url: string;
      expires_at: string;
    };
    expect(result.rows).toBe(12_000);
    expect(result.bytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(Date.parse(result.expires_at)).toBeGreaterThan(Date.now());
    const download = await api("GET", result.download_url, { token: ws.admin.token });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/attachment; filename="dutyleak-export-/);
    const lines = download.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "sku,title,description,origin_country,customs_value,currency,hs_code,hs_source,confidence,matched_rule",
    );
    expect(lines).toHaveLength(12_001);
    expect(download.text.length).toBe(result.bytes);
    // A formula in a title is neutralised for spreadsheets.
    expect(lines.find((l) => l.startsWith("EX-00008,"))).toContain(`"'=HYPERLINK(""http://evil"")"`);
    // No staging objects are left behind.
    expect((await env.FILES.list({ prefix: `${result.key}.staging/` })).objects).toHaveLength(0);

    expect((await api("GET", result.download_url, { token: other.owner.token })).status).toBe(404);
    expect((await api("GET", result.download_url, { token: ws.member.token })).status).toBe(404);
    expect((await api("GET", result.download_url)).status).toBe(401);

    const filtered = await createJob(ws.admin.token, "data_export", { filter: { origin_country: "vn" } });
    const filteredDone = await waitForJob(ws.admin.token, filtered.id, finished, 60_000);
    expect(filteredDone.result).toMatchObject({ rows: 3000 });
  });

  it("answers 410 once an export has expired and the sweeper has deleted it", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    await waitForJob(
      ws.admin.token,
      (await createJob(ws.admin.token, "data_import", { rows: productRows(5) })).id,
      finished,
    );
    const job = await createJob(ws.admin.token, "data_export", {});
    const done = await waitForJob(ws.admin.token, job.id, finished);
    const result = done.result as { key: string; download_url: string };
    await db()
      .update(jobs)
      .set({ result: JSON.stringify({ ...result, expires_at: new Date(Date.now() - 1000).toISOString() }) })
      .where(eq(jobs.id, job.id));
    expect((await api("GET", result.download_url, { token: ws.admin.token })).status).toBe(410);
    const { sweep } = await import("../../worker/jobs/sweeper.ts");
    const { queueEnqueuer } = await import("../../worker/jobs/messages.ts");
    expect((await sweep(env, queueEnqueuer(env), Date.now(), ws.workspaceId)).exportsPurged).toBe(1);
    expect(await env.FILES.head(result.key)).toBeNull();
  });

  it("refuses the download of an export that is not finished, or of a job that is not an export", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const imp = await createJob(ws.admin.token, "data_import", { rows: productRows(2) });
    expect((await api("GET", `/exports/${imp.id}/download`, { token: ws.admin.token })).status).toBe(404);
    expect((await api("GET", `/exports/${newId()}/download`, { token: ws.admin.token })).status).toBe(404);
  });
});

describe("duty_optimization", () => {
  it("prices every product, stores per-product findings and summarises totals and savings", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const rows = [
      // A t-shirt from China into the EU: MFN 12%, while Bangladesh (EBA) would be duty-free.
      {
        sku: "TS-1",
        title: "Men's cotton crew-neck t-shirt",
        origin_country: "CN",
        customs_value: 1000,
        currency: "EUR",
        hs_code: "610910",
      },
      { sku: "TS-2", title: "Women's v-neck t-shirt", origin_country: "CN", customs_value: 500, currency: "EUR" },
      {
        sku: "X-1",
        title: "Mystery widget",
        origin_country: "CN",
        customs_value: 10,
        currency: "USD",
        hs_code: "999999",
      },
      ...productRows(600, "BULK"),
    ];
    await waitForJob(ws.admin.token, (await createJob(ws.admin.token, "data_import", { rows })).id, finished);
    const job = await createJob(ws.admin.token, "duty_optimization", { destination: "EU" });
    const done = await waitForJob(ws.admin.token, job.id, finished, 60_000);
    expect(done).toMatchObject({ status: "completed", total: 603, processed: 603 });
    const result = done.result as any;
    expect(result).toMatchObject({ destination: "EU", products: 603, unknown_heading: 1 });
    expect(result.assumed_codes).toBeGreaterThanOrEqual(600);
    const eur = result.totals.find((t: any) => t.currency === "EUR");
    expect(eur.total_duty).toBeCloseTo(180, 2);
    expect(eur.potential_savings).toBeCloseTo(180, 2);
    const top = result.top_findings as { saving_cents: number }[];
    expect(top.map((f) => f.saving_cents)).toEqual([...top.map((f) => f.saving_cents)].sort((a, b) => b - a));
    const findings = await listFindings(db(), ws.workspaceId, job.id, 1000);
    expect(findings.length).toBe(await countFindings(db(), job.id));
    expect(findings.find((f) => f.sku === "TS-1" && f.kind === "preferential_origin")).toMatchObject({
      fromRate: 12,
      toRate: 0,
      savingCents: 12000,
    });
    const api1 = await api("GET", `/api/v1/jobs/${job.id}/findings?limit=1`, { token: ws.admin.token });
    expect(api1.json.findings).toHaveLength(1);
    expect(api1.json.findings[0]).toMatchObject({ saving: top[0] ? top[0].saving_cents / 100 : -1 });
    const other = await makeWorkspace(slug(), ["admin"]);
    expect((await api("GET", `/api/v1/jobs/${job.id}/findings`, { token: other.admin.token })).status).toBe(404);
  });
});

describe("data_import from a source_url", () => {
  it("streams a large CSV with Range requests, across quoted newlines, with byte progress", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const source_url = `${env.SOURCE_SERVER_URL}/catalogue.csv?rows=20000&prefix=RG`;
    const job = await createJob(ws.admin.token, "data_import", { source_url });
    const done = await waitForJob(ws.admin.token, job.id, finished, 90_000);
    expect(done).toMatchObject({ status: "completed", processed: 20_000, progress: 100 });
    expect(done.result).toMatchObject({ imported: 20_000, rejected: 0 });
    const mug = await db().query.products.findFirst({
      where: (p, { and, eq }) => and(eq(p.workspaceId, ws.workspaceId), eq(p.sku, "RG-12345")),
    });
    expect(mug?.description).toBe('Glazed, "dishwasher safe"\nmug');
  });

  it("also works with a server that ignores Range", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await createJob(ws.admin.token, "data_import", {
      source_url: `${env.SOURCE_SERVER_URL}/catalogue.csv?rows=3000&prefix=NR&range=no`,
    });
    const done = await waitForJob(ws.admin.token, job.id, finished, 60_000);
    expect(done).toMatchObject({ status: "completed", processed: 3000 });
    expect(await db().$count(products, and(eq(products.workspaceId, ws.workspaceId), isNotNull(products.sku)))).toBe(
      3000,
    );
  });

  it("dead-letters a source that keeps answering 500, after the configured attempts", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await createJob(ws.admin.token, "data_import", { source_url: `${env.SOURCE_SERVER_URL}/status/500` });
    const done = await waitForJob(ws.admin.token, job.id, finished, 30_000);
    expect(done).toMatchObject({ status: "dead_letter", attempts: 3 });
    const host = new URL(env.SOURCE_SERVER_URL).host;
    expect(done.error).toBe(`source URL ${host}/status/500 answered 500 Internal Server Error`);
  });

  it("names the host and the reason when a source cannot be reached, and words the history cleanly", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await createJob(ws.admin.token, "data_import", {
      source_url: "http://127.0.0.1:9/catalogue.csv?token=s3cr3t",
    });
    const done = await waitForJob(ws.admin.token, job.id, finished, 30_000);
    expect(done.status).toBe("dead_letter");
    expect(done.error).toMatch(/^source URL 127\.0\.0\.1:9\/catalogue\.csv could not be reached: \S/);
    const { events } = await getJob(ws.admin.token, job.id);
    const scheduled = events.filter((e) => e.kind === "retry_scheduled").map((e) => e.message ?? "");
    expect(scheduled.length).toBeGreaterThan(0);
    for (const message of scheduled) {
      expect(message).toMatch(
        /^source URL 127\.0\.0\.1:9\/catalogue\.csv could not be reached: [^;]*[^.]; next attempt in \d+s$/,
      );
    }
    // The query string may carry a secret: it appears nowhere in the job.
    expect(JSON.stringify({ error: done.error, events })).not.toContain("s3cr3t");
  });

  it("applies the URL policy to every redirect hop: a redirect to a private address fails the import", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hop = encodeURIComponent("http://169.254.169.254/latest/meta-data");
    const job = await createJob(ws.admin.token, "data_import", {
      source_url: `${env.SOURCE_SERVER_URL}/redirect?to=${hop}`,
    });
    const done = await waitForJob(ws.admin.token, job.id, finished);
    expect(done).toMatchObject({ status: "failed", processed: 0 });
    expect(done.error).toContain("redirected to a refused URL");
    // A redirect to an allowed URL is followed, each hop checked.
    const allowed = encodeURIComponent(`${env.SOURCE_SERVER_URL}/catalogue.csv?rows=30&prefix=HOP`);
    const followed = await createJob(ws.admin.token, "data_import", {
      source_url: `${env.SOURCE_SERVER_URL}/redirect?to=${allowed}`,
    });
    expect(await waitForJob(ws.admin.token, followed.id, finished)).toMatchObject({
      status: "completed",
      processed: 30,
    });
  });

  it("fails at once on a 404 and on a body that is not CSV", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const missing = await createJob(ws.admin.token, "data_import", {
      source_url: `${env.SOURCE_SERVER_URL}/status/404`,
    });
    expect(await waitForJob(ws.admin.token, missing.id, finished)).toMatchObject({ status: "failed", attempts: 1 });
    const html = await createJob(ws.admin.token, "data_import", { source_url: `${env.SOURCE_SERVER_URL}/page.html` });
    const htmlDone = await waitForJob(ws.admin.token, html.id, finished);
    expect(htmlDone).toMatchObject({ status: "failed", attempts: 1 });
    expect(htmlDone.error).toMatch(/not CSV/);
  });

  it("refuses a source_url that is not http(s) or points at a private address", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    for (const source_url of ["ftp://example.com/a.csv", "http://10.0.0.5/a.csv", "http://169.254.169.254/latest"]) {
      const res = await api("POST", "/api/v1/jobs", {
        token: ws.admin.token,
        body: { type: "data_import", payload: { source_url } },
      });
      expect(res.status).toBe(422);
      expect(Object.keys(res.json.error.details)[0]).toMatch(/^payload/);
    }
  });
});
