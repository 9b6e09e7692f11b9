// The job page (/admin/jobs/:id and the member's /imports/jobs/:id) as HTML: large payloads collapsed with a download
// (and the download route's headers and access rule), results as tables per job type, a duty optimisation's findings,
// end labels and "no result" texts by status, focusable <pre>s, no stale current item, times and the history columns.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { formatBytes } from "../../views/format.ts";
import { endLabel, noResult } from "../../views/jobs/job-ending.ts";
import { outlinePayload } from "../../views/jobs/payload-outline.ts";
import { eventLabel } from "../../worker/api/event-names.ts";
import { isTerminal } from "../../worker/api/lifecycle.ts";
import { JOB_STATUSES, type JobStatus } from "../../worker/api/schema.ts";
import { makeDb, runBatch } from "../../worker/db/client.ts";
import { findingStatements, type NewFinding } from "../../worker/db/findings.ts";
import { appendJobEvent, insertJob } from "../../worker/db/jobs/create.ts";
import { jobs } from "../../worker/db/schema.ts";
import { makeWorkspace } from "../support/workerd/api.ts";
import { page, rowHtml, sessionCookie, slug } from "../support/workerd/pages.ts";

const db = () => makeDb(env.DB);
const MINUTE = 60_000;

interface JobSetup {
  type?: string;
  status?: JobStatus;
  payload?: unknown;
  total?: number | null;
  result?: unknown;
  error?: string;
  currentItem?: string;
  createdBy?: { id: string; label: string };
  /** Offsets from now, in ms (negative: in the past). */
  createdAt?: number;
  startedAt?: number;
  completedAt?: number;
}

/** A job inserted straight into the state a test needs (no queue message, so nothing runs it). */
async function makeJob(workspaceId: string, setup: JobSetup = {}): Promise<string> {
  const now = Date.now();
  const { job } = await insertJob(db(), {
    workspaceId,
    type: setup.type ?? "test_flaky",
    payload: setup.payload ?? { items: 3 },
    total: setup.total === undefined ? 3 : setup.total,
    maxAttempts: 3,
    createdBy: setup.createdBy ?? null,
    now: now + (setup.createdAt ?? 0),
  });
  await db()
    .update(jobs)
    .set({
      status: setup.status ?? "completed",
      error: setup.error ?? null,
      result: setup.result === undefined ? null : JSON.stringify(setup.result),
      currentItem: setup.currentItem ?? null,
      startedAt: setup.startedAt === undefined ? null : now + setup.startedAt,
      completedAt: setup.completedAt === undefined ? null : now + setup.completedAt,
    })
    .where(eq(jobs.id, job.id))
    .run();
  return job.id;
}

/** The inner markup of the panel whose heading is `heading` (Summary, Result, Findings, Error, History, Payload). */
function panel(html: string, heading: string): string {
  const start = html.indexOf(`<h2>${heading}</h2>`);
  if (start < 0) throw new Error(`no ${heading} panel`);
  return html.slice(start, html.indexOf("</section>", start));
}

/** The fact's <dd> markup for a <dt> label in the Summary, or null when the Summary does not list it. */
function fact(html: string, label: string): string | null {
  const summary = panel(html, "Summary");
  const at = summary.indexOf(`<dt>${label}</dt>`);
  if (at < 0) return null;
  return summary.slice(at, summary.indexOf("</dd>", at));
}

const product = (i: number) => ({
  sku: `SKU-${i}`,
  title: `Product ${i}`,
  origin_country: "CN",
  customs_value: 10 + i,
  currency: "USD",
});

let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let other: Awaited<ReturnType<typeof makeWorkspace>>;
let admin: string;
let member: string;
let otherAdmin: string;

beforeAll(async () => {
  ws = await makeWorkspace(slug(), ["admin", "member"]);
  other = await makeWorkspace(slug(), ["admin"]);
  admin = await sessionCookie(ws.admin);
  member = await sessionCookie(ws.member);
  otherAdmin = await sessionCookie(other.admin);
});

const adminPage = async (id: string) => {
  const res = await page("GET", `/admin/jobs/${id}`, { cookie: admin });
  expect(res.status).toBe(200);
  return res.text;
};

describe("the job page's payload", () => {
  it("collapses a payload of more than 20 rows behind a one-line summary, with a download link", async () => {
    const payload = { rows: Array.from({ length: 30 }, (_, i) => product(i)) };
    const id = await makeJob(ws.workspaceId, { type: "data_import", payload, total: 30 });
    const html = panel(await adminPage(id), "Payload");
    const bytes = new TextEncoder().encode(JSON.stringify(payload)).length;
    expect(html).toContain(
      `<details class="payload-details"><summary>data_import payload · 30 rows · ${formatBytes(bytes)}</summary>`,
    );
    expect(html).toContain(`<a class="payload-download" href="/admin/jobs/${id}/payload" download="">`);
    // The preview inside is still focusable and named.
    expect(html).toContain('<pre class="json" tabindex="0" role="region" aria-label="Payload (JSON)">');
  });

  it("collapses a payload over 4 KB of pretty JSON even with few rows, counting an inline CSV by the job's total", async () => {
    const csv = `sku,title,description,origin_country,customs_value,currency\n${Array.from(
      { length: 5 },
      (_, i) => `S-${i},Mug,${"long description ".repeat(60)},CN,3,USD`,
    ).join("\n")}\n`;
    const id = await makeJob(ws.workspaceId, { type: "data_import", payload: { csv }, total: 5 });
    expect(panel(await adminPage(id), "Payload")).toMatch(
      /<summary>data_import payload · 5 CSV rows · 5\.\d KB<\/summary>/,
    );
  });

  it("shows a small payload in full, with no collapsing", async () => {
    const id = await makeJob(ws.workspaceId, { payload: { items: 3 } });
    const html = panel(await adminPage(id), "Payload");
    expect(html).not.toContain("<details");
    expect(html).toContain('<pre class="json" tabindex="0" role="region" aria-label="Payload (JSON)">');
    expect(html).toContain("&quot;items&quot;: 3");
  });

  it("renders the payload outside the refetched detail, so refetches neither carry it nor close its <details>", async () => {
    const id = await makeJob(ws.workspaceId, { payload: { items: 3, marker: "payload-marker" } });
    const fragment = await page("GET", `/admin/jobs/${id}/detail`, { cookie: admin, htmx: true });
    expect(fragment.status).toBe(200);
    expect(fragment.text).not.toContain("payload-marker");
    expect(fragment.text).not.toContain("<h2>Payload</h2>");
    const membersJob = await makeJob(ws.workspaceId, {
      status: "running",
      payload: { items: 3, marker: "payload-marker" },
      createdBy: { id: ws.member.userId, label: ws.member.email },
    });
    const polled = await page("GET", `/imports/jobs/${membersJob}/detail`, { cookie: member });
    expect(polled.text).toContain(`id="job-detail"`);
    expect(polled.text).not.toContain("payload-marker");
    const full = await adminPage(id);
    expect(full.indexOf('<section class="panel job-payload">')).toBeGreaterThan(full.indexOf('id="job-detail"'));
    expect(panel(full, "Payload")).toContain("payload-marker");
  });

  it("draws the line at 20 rows and 4 KB", () => {
    const rows = (n: number) => JSON.stringify({ rows: Array.from({ length: n }, () => ({})) });
    expect(outlinePayload("data_import", rows(20), null).large).toBe(false);
    expect(outlinePayload("data_import", rows(21), null).large).toBe(true);
    // A value that makes the pretty JSON exactly `chars` long.
    const around = JSON.stringify({ source_url: "" }, null, 2).length;
    const text = (chars: number) => JSON.stringify({ source_url: "x".repeat(chars - around) });
    expect(outlinePayload("data_import", text(4096), null).large).toBe(false);
    expect(outlinePayload("data_import", text(4097), null).large).toBe(true);
  });
});

describe("GET /admin/jobs/:id/payload and /imports/jobs/:id/payload", () => {
  it("answers the stored payload as a JSON attachment named after the job", async () => {
    const payload = { rows: Array.from({ length: 25 }, (_, i) => product(i)) };
    const id = await makeJob(ws.workspaceId, { type: "data_import", payload });
    const res = await page("GET", `/admin/jobs/${id}/payload`, { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="job-${id}-payload.json"`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(JSON.parse(res.text)).toEqual(payload);
  });

  it("follows the page's access rule: 404 for another workspace's job and for a member's view of others' jobs", async () => {
    const adminsJob = await makeJob(ws.workspaceId, { createdBy: { id: ws.admin.userId, label: ws.admin.email } });
    const membersJob = await makeJob(ws.workspaceId, { createdBy: { id: ws.member.userId, label: ws.member.email } });
    expect((await page("GET", `/admin/jobs/${adminsJob}/payload`, { cookie: otherAdmin })).status).toBe(404);
    expect((await page("GET", `/imports/jobs/${adminsJob}/payload`, { cookie: otherAdmin })).status).toBe(404);
    expect((await page("GET", `/imports/jobs/${adminsJob}/payload`, { cookie: member })).status).toBe(404);
    expect((await page("GET", `/admin/jobs/${membersJob}/payload`, { cookie: member })).status).toBe(403);
    const own = await page("GET", `/imports/jobs/${membersJob}/payload`, { cookie: member });
    expect(own.status).toBe(200);
    expect(own.headers.get("content-disposition")).toBe(`attachment; filename="job-${membersJob}-payload.json"`);
    expect((await page("GET", `/admin/jobs/${membersJob}/payload`)).status).toBe(302);
  });

  it("links the member's job page to the member's own download route", async () => {
    const id = await makeJob(ws.workspaceId, {
      type: "data_import",
      payload: { rows: Array.from({ length: 21 }, (_, i) => product(i)) },
      createdBy: { id: ws.member.userId, label: ws.member.email },
    });
    const res = await page("GET", `/imports/jobs/${id}`, { cookie: member });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="/imports/jobs/${id}/payload"`);
    expect(res.text).not.toContain(`/admin/jobs/${id}/payload`);
  });
});

describe("the job page's result", () => {
  it("shows a bulk classification's counts, codes per heading and SKUs as tables, not JSON", async () => {
    const id = await makeJob(ws.workspaceId, {
      type: "bulk_classification",
      result: {
        classified: 12,
        unclassifiable: 3,
        unclassifiable_skus: ["U-1", "U-2"],
        missing_skus: ["M-9"],
        skipped_already_classified: 4,
        by_heading: { "6912": 2, "9403": 10 },
      },
    });
    const result = panel(await adminPage(id), "Result");
    expect(result).toContain('<th scope="row">Classified</th><td class="num">12</td>');
    expect(result).toContain('<th scope="row">Could not be classified</th><td class="num">3</td>');
    expect(result).toContain('<th scope="row">Skipped (already had a code)</th><td class="num">4</td>');
    // Largest heading first.
    expect(result).toMatch(
      /<code>9403<\/code><\/td><td class="num">10<\/td>.*<code>6912<\/code><\/td><td class="num">2<\/td>/s,
    );
    expect(result).toContain("<code>U-1</code>, <code>U-2</code>");
    expect(result).toContain("and 1 more");
    expect(result).toContain("<code>M-9</code>");
    expect(result).not.toContain("&quot;classified&quot;");
  });

  it("shows a duty optimisation's totals per currency, a link to its findings and the findings largest first", async () => {
    const id = await makeJob(ws.workspaceId, {
      type: "duty_optimization",
      result: {
        destination: "US",
        products: 40,
        rated: 38,
        assumed_codes: 5,
        unknown_heading: 2,
        unknown_examples: [{ sku: "X-1", heading: "9999" }],
        totals: [
          { currency: "EUR", total_duty: 80, potential_savings: 12.5, products_with_savings: 1 },
          { currency: "USD", total_duty: 1234.5, potential_savings: 99.25, products_with_savings: 2 },
        ],
        top_findings: [],
        missing_skus: 0,
      },
    });
    const finding = (sku: string, savingCents: number, kind: NewFinding["kind"], currency = "USD"): NewFinding => ({
      sku,
      kind,
      destination: "US",
      currency,
      fromRate: 6.5,
      toRate: kind === "preferential_origin" ? 0 : 3.2,
      savingCents,
      detail: `why ${sku}`,
      hsCode: kind === "alternative_heading" ? "940360" : null,
      originCountry: kind === "preferential_origin" ? "MX" : null,
      scheme: kind === "preferential_origin" ? "USMCA" : null,
    });
    await runBatch(
      db(),
      findingStatements(db(), id, ws.workspaceId, [
        finding("A-1", 1500, "alternative_heading"),
        finding("B-2", 8425, "preferential_origin"),
        finding("C-3", 1250, "alternative_heading", "EUR"),
      ]),
    );
    const html = await adminPage(id);
    const result = panel(html, "Result");
    expect(result).toContain(
      '<td>USD</td><td class="num">$1,234.50</td><td class="num">$99.25</td><td class="num">2</td>',
    );
    expect(result).toContain('<td>EUR</td><td class="num">€80.00</td>');
    expect(result).toContain('<th scope="row">Priced at a proposed code (had none)</th><td class="num">5</td>');
    expect(result).toContain('<a href="#findings">See the findings for 3 products</a>');
    expect(result).toContain("<code>X-1</code>");
    expect(result).not.toContain("&quot;destination&quot;");

    expect(html).toContain('<section class="panel" id="findings">');
    const findings = panel(html, "Findings");
    expect(findings).toContain("3 findings, largest saving first.");
    const skus = [...findings.matchAll(/<tr data-kind="[a-z_]+"><td><code>([A-Z]-\d)<\/code>/g)].map((m) => m[1]);
    expect(skus).toEqual(["B-2", "A-1", "C-3"]);
    expect(findings).toContain(
      '<td>Preferential origin</td><td>MX (USMCA)</td><td class="num">6.5% → 0%</td><td class="num">$84.25</td>',
    );
    expect(findings).toContain("<td>Another heading</td><td>HS 940360</td>");
  });

  it("shows at most 100 findings and says how many products have one, from the result's own count", async () => {
    const id = await makeJob(ws.workspaceId, {
      type: "duty_optimization",
      result: {
        destination: "EU",
        products: 130,
        rated: 130,
        assumed_codes: 0,
        unknown_heading: 0,
        unknown_examples: [],
        totals: [{ currency: "USD", total_duty: 500, potential_savings: 200, products_with_savings: 120 }],
        top_findings: [],
      },
    });
    const many: NewFinding[] = Array.from({ length: 120 }, (_, i) => ({
      sku: `P-${String(i).padStart(3, "0")}`,
      kind: "alternative_heading",
      destination: "EU",
      currency: "USD",
      fromRate: 5,
      toRate: 2,
      savingCents: 1000 + i,
      detail: "d",
      hsCode: "940360",
      originCountry: null,
      scheme: null,
    }));
    await runBatch(db(), findingStatements(db(), id, ws.workspaceId, many));
    const findings = panel(await adminPage(id), "Findings");
    expect([...findings.matchAll(/<tr data-kind=/g)].length).toBe(100);
    expect(findings).toContain("The 100 largest findings of those for 120 products with a saving");
    // Largest first: P-119 has the largest saving, P-020 is the 100th.
    expect(findings.indexOf("P-119")).toBeLessThan(findings.indexOf("P-118"));
    expect(findings).toContain("P-020");
    expect(findings).not.toContain("P-019");
  });

  it("shows an import's counts, how much of a streamed file it read and that the rejected rows listed are the first", async () => {
    const id = await makeJob(ws.workspaceId, {
      type: "data_import",
      status: "running",
      startedAt: -MINUTE,
      result: {
        imported: 1200,
        rejected: 140,
        bad_rows: [{ row: 3, reason: "currency: must be an ISO 4217 code" }],
        bad_rows_truncated: true,
        bytes_read: 1_200_000,
        bytes_total: 2_100_000,
      },
    });
    const result = panel(await adminPage(id), "Result");
    expect(result).toMatch(/<strong>1,200<\/strong> products imported,\s*<strong>140<\/strong> rows rejected\./);
    expect(result).toContain(`Read ${formatBytes(1_200_000)} of ${formatBytes(2_100_000)} of the file.`);
    expect(result).toContain('<td class="num">3</td><td>currency: must be an ISO 4217 code</td>');
    expect(result).toContain("Only the first 1 of 140 rejected rows are listed.");
  });

  it("shows a completed export's file, rows, size and download link, and no link once the file expired", async () => {
    const result = (expiresIn: number) => ({
      key: "exports/ws/X.csv",
      rows: 2500,
      bytes: 312_000,
      download_url: "/exports/X/download",
      expires_at: new Date(Date.now() + expiresIn).toISOString(),
    });
    const kept = await makeJob(ws.workspaceId, { type: "data_export", result: result(60 * MINUTE) });
    const keptHtml = panel(await adminPage(kept), "Result");
    expect(keptHtml).toContain(`<a class="btn" href="/exports/${kept}/download">Download the export</a>`);
    expect(keptHtml).toContain('<th scope="row">File</th><td><code>X.csv</code></td>');
    expect(keptHtml).toContain('<th scope="row">Rows</th><td class="num">2,500</td>');
    expect(keptHtml).toContain(`<th scope="row">Size</th><td class="num">${formatBytes(312_000)}</td>`);
    expect(keptHtml).toMatch(
      /<th scope="row">Kept until<\/th><td><time [^>]*>[^<]*<\/time> <span class="time-ago"><time [^>]*>in 5\d min<\/time><\/span>/,
    );

    const expired = await makeJob(ws.workspaceId, { type: "data_export", result: result(-MINUTE) });
    const expiredHtml = panel(await adminPage(expired), "Result");
    expect(expiredHtml).not.toContain("Download the export");
    expect(expiredHtml).toContain("The file is no longer kept; run the export again.");

    // While it runs there is no file yet: rows and bytes so far, no link.
    const running = await makeJob(ws.workspaceId, {
      type: "data_export",
      status: "running",
      result: { rows: 1000, bytes: 120_000 },
    });
    const runningHtml = panel(await adminPage(running), "Result");
    expect(runningHtml).toContain("<caption>Written so far</caption>");
    expect(runningHtml).not.toContain("Download the export");
  });

  it("falls back to focusable, named JSON for a type without a table (or a result of another shape)", async () => {
    const id = await makeJob(ws.workspaceId, { result: { items: 3 } });
    expect(panel(await adminPage(id), "Result")).toContain(
      '<pre class="json" tabindex="0" role="region" aria-label="Result (JSON)">',
    );
    const odd = await makeJob(ws.workspaceId, { type: "bulk_classification", result: { something: "else" } });
    expect(panel(await adminPage(odd), "Result")).toContain("&quot;something&quot;: &quot;else&quot;");
  });
});

describe("how the job page says a job ended", () => {
  const ends: [JobStatus, string][] = [
    ["completed", "Completed At"],
    ["failed", "Failed At"],
    ["dead_letter", "Dead-lettered At"],
    ["cancelled", "Cancelled At"],
  ];
  const labels = ends.map(([, label]) => label);

  it.each(ends)("labels a %s job's end time %s, and only that", async (status, label) => {
    const id = await makeJob(ws.workspaceId, { status, startedAt: -2 * MINUTE, completedAt: -MINUTE });
    const html = await adminPage(id);
    expect(fact(html, label)).toMatch(/<time datetime="[^"]+"/);
    for (const otherLabel of labels.filter((l) => l !== label)) expect(fact(html, otherLabel)).toBeNull();
  });

  it.each(["pending", "running", "paused"] as const)("shows no end time for a %s job", async (status) => {
    const html = await adminPage(await makeJob(ws.workspaceId, { status }));
    for (const label of labels) expect(fact(html, label)).toBeNull();
  });

  it("labels ends from the lifecycle: every terminal status has an end label, no active one has", () => {
    for (const status of JOB_STATUSES) expect(endLabel(status) !== null, status).toBe(isTerminal(status));
    for (const status of JOB_STATUSES) {
      expect(noResult(status).text.startsWith("No result yet"), status).toBe(!isTerminal(status));
    }
  });

  it("never says 'No result yet.' of an ended job: it says why there is none", async () => {
    const failed = await adminPage(await makeJob(ws.workspaceId, { status: "failed", error: "boom" }));
    expect(panel(failed, "Result")).toContain(
      'No result: the job ended with an error (see <a href="#job-error">Error</a>).',
    );
    expect(failed).toContain('<section class="panel panel-error" id="job-error">');
    const dead = await adminPage(await makeJob(ws.workspaceId, { status: "dead_letter", error: "gave up" }));
    expect(panel(dead, "Result")).toContain("No result: the job ended with an error");
    const cancelled = await adminPage(await makeJob(ws.workspaceId, { status: "cancelled" }));
    expect(panel(cancelled, "Result")).toContain("No result: cancelled before it finished.");
    for (const html of [failed, dead, cancelled]) expect(html).not.toContain("No result yet");
    const running = await adminPage(await makeJob(ws.workspaceId, { status: "running" }));
    expect(panel(running, "Result")).toContain("No result yet.");
  });
});

describe("the job page's details", () => {
  it("makes every <pre> focusable and named (axe: scrollable-region-focusable)", async () => {
    const id = await makeJob(ws.workspaceId, { status: "failed", error: "row 7: bad", result: { items: 1 } });
    const html = await adminPage(id);
    const pres = [...html.matchAll(/<pre[^>]*>/g)].map((m) => m[0]);
    expect(pres.length).toBe(3);
    for (const pre of pres) expect(pre).toMatch(/ tabindex="0" role="region" aria-label="[^"]+"/);
    expect(html).toContain(
      '<pre class="error-detail" tabindex="0" role="region" aria-label="Error message">row 7: bad</pre>',
    );
  });

  it("shows the current item of an active job, and none on an ended one (not in the Summary, not in its row)", async () => {
    const running = await makeJob(ws.workspaceId, { status: "running", currentItem: "SKU-77 · Teapot" });
    const runningHtml = await adminPage(running);
    expect(fact(runningHtml, "Current item")).toContain("SKU-77 · Teapot");
    expect(rowHtml(runningHtml, running)).toContain("SKU-77 · Teapot");
    const ended = await makeJob(ws.workspaceId, { status: "completed", currentItem: "SKU-78 · Kettle" });
    const endedHtml = await adminPage(ended);
    expect(fact(endedHtml, "Current item")).toBeNull();
    expect(endedHtml).not.toContain("SKU-78");
  });

  it("shows each time exactly and how long ago, with how long the job waited and ran", async () => {
    const id = await makeJob(ws.workspaceId, {
      createdAt: -10 * MINUTE,
      startedAt: -8 * MINUTE,
      completedAt: -3 * MINUTE,
    });
    const html = await adminPage(id);
    // The exact time first, then the shared relative time (its own <time>, the exact time in its title).
    const ago = (label: string) =>
      fact(html, label)?.match(
        /<dd><time datetime="[^"]+"[^>]*>[^<]+<\/time> <span class="time-ago"><time datetime="[^"]+" data-relative="true" title="([^"]+)">([^<]+)<\/time><\/span>/,
      );
    expect(ago("Created At")?.[2]).toBe("10 min ago");
    expect(ago("Created At")?.[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(ago("Started At")?.[2]).toBe("8 min ago");
    expect(ago("Completed At")?.[2]).toBe("3 min ago");
    expect(fact(html, "Waited")).toContain("2 min 00 s");
    expect(fact(html, "Ran")).toContain("5 min 00 s");
  });

  it("measures a running job's run until now, and a pending job's wait so far", async () => {
    const running = await adminPage(
      await makeJob(ws.workspaceId, { status: "running", createdAt: -5 * MINUTE, startedAt: -4 * MINUTE }),
    );
    expect(fact(running, "Ran")).toMatch(/4 min 0\d s so far/);
    const pending = await adminPage(await makeJob(ws.workspaceId, { status: "pending", createdAt: -2 * MINUTE }));
    expect(fact(pending, "Waited")).toMatch(/2 min 0\d s so far/);
    expect(fact(pending, "Ran")).toBeNull();
  });

  it("lists the history in columns with readable event names, the actor and the message", async () => {
    const id = await makeJob(ws.workspaceId, {
      status: "pending",
      createdBy: { id: ws.admin.userId, label: ws.admin.email },
    });
    const job = { id, workspaceId: ws.workspaceId, run: 1 };
    const at = Date.now();
    await appendJobEvent(db(), job, {
      kind: "cancel_requested",
      actor: ws.admin.email,
      message: "the job stops at its next chunk boundary",
      at,
    });
    await appendJobEvent(db(), { ...job, run: 2 }, { kind: "retried", actor: ws.admin.email, message: null, at });
    const history = panel(await adminPage(id), "History");
    expect(history).toContain(
      '<li class="timeline-head" aria-hidden="true"><span>Time</span><span>Run</span><span>Event</span><span>By</span><span>Message</span></li>',
    );
    expect(history).toContain(
      `<span class="event-kind">Cancel requested</span><span class="event-actor"><span class="visually-hidden">by </span><strong>${ws.admin.email}</strong></span><span class="event-message">the job stops at its next chunk boundary</span>`,
    );
    expect(history).toContain(
      '<span class="event-run"><span class="visually-hidden">run </span>2</span><span class="event-kind">Retried</span>',
    );
    expect([...history.matchAll(/<span class="event-kind">([^<]+)<\/span>/g)].map((m) => m[1])).toEqual([
      "Created",
      "Cancel requested",
      "Retried",
    ]);
  });

  it("names every event kind the engine writes in words", () => {
    expect(eventLabel("dead_lettered", "system")).toBe("Dead-lettered");
    expect(eventLabel("recovered", "system")).toBe("Recovered (lease lost)");
    expect(eventLabel("cancel_requested", "system")).toBe("Cancel requested");
    expect(eventLabel("something_new", "system")).toBe("Something new");
  });
});
