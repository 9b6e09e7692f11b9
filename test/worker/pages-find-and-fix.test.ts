// Find and fix on the web pages: the search and time range of /admin/jobs (with the filters, keyset pages and every
// link keeping them; the messages for a search too short or a range inverted), the error group filter, Admin →
// Errors with Retry group (preview, then confirm), an import's rejected rows on its job page (paged, Download CSV),
// and Edit and retry (refused payloads change nothing; members cannot).
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { JobStatus } from "../../worker/api/schema.ts";
import { makeDb } from "../../worker/db/client.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById, listEvents } from "../../worker/db/jobs/read.ts";
import { changeJob } from "../../worker/db/jobs/transitions.ts";
import { jobs } from "../../worker/db/schema.ts";
import { createJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";
import { page, rowsOf, sessionCookie, slug } from "../support/workerd/pages.ts";

/** Where a retried job can be by the time a test looks: the consumer in the same workerd may have moved it on. */
const RETRIED = ["pending", "running", "completed"];

const db = () => makeDb(env.DB);
const status = async (id: string) => (await getJobById(db(), id))?.status;

interface Setup {
  type?: string;
  payload?: unknown;
  /** When the job was created (epoch ms); now by default. */
  createdAt?: number;
  /** Ends the job with this error (through the data layer, so it gets its error signature). */
  error?: string;
  status?: JobStatus;
  createdBy?: { id: string; label: string };
}

/** A job written through the data layer as the engine would leave it (nothing enqueued, so nothing runs it). */
async function job(workspaceId: string, setup: Setup = {}): Promise<string> {
  const now = setup.createdAt ?? Date.now();
  const { job: row } = await insertJob(db(), {
    workspaceId,
    type: setup.type ?? "test_flaky",
    payload: setup.payload ?? { items: 2 },
    maxAttempts: 3,
    createdBy: setup.createdBy ?? null,
    now,
  });
  const ended = setup.status ?? (setup.error ? "failed" : undefined);
  if (!ended) return row.id;
  await changeJob(db(), row, {
    set: { status: ended, error: setup.error ?? null, completedAt: now },
    event: { kind: ended, actor: "system", message: setup.error ?? null },
    now,
  });
  return row.id;
}

const signatureOf = async (id: string) => (await getJobById(db(), id))?.errorSignature as string;

/** The value of every `name="…"` hidden field in a form's markup. */
function hiddenFields(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
}

/** The markup of the element that opens with `start` (up to its matching closing tag name). */
function element(html: string, start: string, tag: string): string {
  const at = html.indexOf(start);
  if (at < 0) throw new Error(`no ${start}`);
  return html.slice(at, html.indexOf(`</${tag}>`, at) + tag.length + 3);
}

/** Links as a browser reads them: `&amp;` is `&`, and URLSearchParams writes the colons of times as `%3A`. */
const decode = (text: string) => text.replaceAll("&amp;", "&").replaceAll("%3A", ":");

describe("GET /admin/jobs with a search and a time range", () => {
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let cookie: string;
  const day = Date.UTC(2026, 0, 10);
  const ids = {} as Record<"inRange" | "early" | "otherType" | "pending" | "unrelated", string>;

  beforeAll(async () => {
    ws = await makeWorkspace(slug(), ["admin"]);
    cookie = await sessionCookie(ws.admin);
    // Inline rows, searched by their SKUs (a source_url would be fetched once "Retry all" below restarts them).
    const needle = (i: number) => ({ rows: productRows(1, `NEEDLE${i}`) });
    ids.inRange = await job(ws.workspaceId, {
      type: "data_import",
      payload: needle(1),
      createdAt: day + 9 * 3_600_000 + 30_000,
      error: "upstream answered 503",
    });
    ids.early = await job(ws.workspaceId, {
      type: "data_import",
      payload: needle(2),
      createdAt: day - 3_600_000,
      error: "upstream answered 503",
    });
    ids.otherType = await job(ws.workspaceId, {
      payload: { items: 2, note: "needle" },
      createdAt: day + 10 * 3_600_000,
      error: "needle broke",
    });
    ids.pending = await job(ws.workspaceId, {
      type: "data_import",
      payload: needle(3),
      createdAt: day + 11 * 3_600_000,
    });
    ids.unrelated = await job(ws.workspaceId, {
      type: "data_import",
      payload: { rows: productRows(1, "HAYSTACK") },
      createdAt: day + 12 * 3_600_000,
      error: "upstream answered 503",
    });
  });

  const query = "q=needle&status=failed&type=data_import&created_from=2026-01-10T00:00&created_to=2026-01-10T23:59";

  it("combines the search, the range, the status and the type, and counts per status for the type only", async () => {
    const res = await page("GET", `/admin/jobs?${query}`, { cookie });
    expect(res.status).toBe(200);
    expect(rowsOf(res.text).map((r) => r.id)).toEqual([ids.inRange]);
    // Three failed imports exist; the search never changes the counts.
    expect(res.text).toMatch(/Failed <span class="count">3<\/span>/);
    expect(res.text).toContain("The counts per status are for all jobs of this type");
    // Each part alone narrows as it should.
    const search = await page("GET", "/admin/jobs?q=needle", { cookie });
    expect(rowsOf(search.text).map((r) => r.id)).toEqual([ids.pending, ids.otherType, ids.early, ids.inRange]);
    const range = await page("GET", "/admin/jobs?created_from=2026-01-10T10:00&created_to=2026-01-10T11:00", {
      cookie,
    });
    expect(rowsOf(range.text).map((r) => r.id)).toEqual([ids.pending, ids.otherType]);
  });

  it("keeps the whole filter in every link and form: tabs, type form, refetch, counts, bulk bar and Retry all", async () => {
    const res = await page("GET", `/admin/jobs?${query}`, { cookie });
    const html = decode(res.text);
    const kept = "q=needle&created_from=2026-01-10T00:00&created_to=2026-01-10T23:59";
    expect(html).toContain(`href="/admin/jobs?status=pending&type=data_import&${kept}"`);
    expect(html).toContain(`href="/admin/jobs?type=data_import&${kept}"`); // the "All" tab
    expect(html).toContain(`hx-get="/admin/jobs/list?status=failed&type=data_import&${kept}"`);
    expect(html).toContain(`hx-get="/admin/jobs/counts?status=failed&type=data_import&${kept}"`);
    const expected = {
      status: "failed",
      type: "data_import",
      q: "needle",
      created_from: "2026-01-10T00:00",
      created_to: "2026-01-10T23:59",
    };
    expect(hiddenFields(element(html, '<form id="bulk-form"', "form"))).toMatchObject(expected);
    expect(hiddenFields(element(html, '<form id="bulk-retry"', "form"))).toMatchObject(expected);
    // The filter form: the search and the range in the header, the type select belongs to it, the status rides along.
    const form = element(html, '<form id="jobs-filter"', "form");
    expect(form).toContain('<label for="jobs-search">Search</label>');
    expect(form).toMatch(
      /<input type="search" id="jobs-search" name="q" value="needle" placeholder="id, key, SKU, URL, error…"[^>]*data-shortcut="search"/,
    );
    expect(form).toContain('name="created_from" value="2026-01-10T00:00"');
    expect(form).toContain('name="created_to" value="2026-01-10T23:59"');
    expect(form).toContain("Times are UTC");
    expect(hiddenFields(form)).toEqual({ status: "failed" });
    expect(html).toMatch(/<select id="type-select" name="type" form="jobs-filter" data-autosubmit="true">/);
    // `/` focuses the search now, not the type select; and the live list knows it is narrowed.
    expect(html.match(/data-shortcut="search"/g)).toHaveLength(1);
    expect(html).toContain('data-narrowed="true"');
    expect((await page("GET", "/admin/jobs", { cookie })).text).toContain('data-narrowed="false"');
  });

  it("pages a search with keyset cursors, the Next and Newer links keeping it", async () => {
    const many = await makeWorkspace(slug(), ["admin"]);
    const c = await sessionCookie(many.admin);
    const matching: string[] = [];
    for (let i = 0; i < 53; i++) {
      matching.push(await job(many.workspaceId, { error: `quota exceeded for batch ${i}` }));
      if (i % 10 === 0) await job(many.workspaceId, { error: "disk full" });
    }
    const newestFirst = [...matching].reverse();
    const first = await page("GET", "/admin/jobs?q=quota", { cookie: c });
    expect(rowsOf(first.text).map((r) => r.id)).toEqual(newestFirst.slice(0, 50));
    const next = decode(first.text).match(
      /href="(\/admin\/jobs\?q=quota&cursor=[0-9A-Z]{26})" rel="next"|rel="next" href="(\/admin\/jobs\?q=quota&cursor=[0-9A-Z]{26})"/,
    );
    const nextUrl = next?.[1] ?? next?.[2];
    expect(nextUrl).toBe(`/admin/jobs?q=quota&cursor=${newestFirst[49]}`);
    const second = await page("GET", nextUrl as string, { cookie: c });
    expect(rowsOf(second.text).map((r) => r.id)).toEqual(newestFirst.slice(50));
    expect(decode(second.text)).toContain(`href="/admin/jobs?q=quota&before=${newestFirst[50]}"`);
    expect(decode(second.text)).toContain('href="/admin/jobs?q=quota">Newest</a>');
    // The refetched list fragment answers the same rows for the same query.
    const fragment = await page("GET", `/admin/jobs/list?q=quota&cursor=${newestFirst[49]}`, { cookie: c, htmx: true });
    expect(rowsOf(fragment.text).map((r) => r.id)).toEqual(newestFirst.slice(50));
  });

  it("reads a time without a zone as UTC and includes the whole last minute of the range", async () => {
    const inside = await page("GET", "/admin/jobs?created_from=2026-01-10T09:00&created_to=2026-01-10T09:00", {
      cookie,
    });
    expect(rowsOf(inside.text).map((r) => r.id)).toEqual([ids.inRange]); // created at 09:00:30 UTC
    const before = await page("GET", "/admin/jobs?created_to=2026-01-10T08:59&created_from=2026-01-09T00:00", {
      cookie,
    });
    expect(rowsOf(before.text).map((r) => r.id)).toEqual([ids.early]);
    // A full ISO time with its zone works too, and is shown in UTC.
    const zoned = await page("GET", `/admin/jobs?created_from=${encodeURIComponent("2026-01-10T11:00+02:00")}`, {
      cookie,
    });
    expect(zoned.text).toContain('name="created_from" value="2026-01-10T09:00"');
    expect(rowsOf(zoned.text).map((r) => r.id)).toEqual([ids.unrelated, ids.pending, ids.otherType, ids.inRange]);
  });

  it("says why a 1–2 character search or an inverted range is left out (422), and still lists the jobs", async () => {
    const short = await page("GET", "/admin/jobs?q=ne&type=data_import", { cookie });
    expect(short.status).toBe(422);
    expect(short.text).toContain(
      '<div class="filter-problems" role="alert"><p>Search for at least 3 characters; the list is not searched.</p>',
    );
    expect(rowsOf(short.text)).toHaveLength(4); // every import: the search is left out, the type is kept
    expect(short.text).toContain('name="q" value="ne"'); // what was typed stays, to be fixed
    expect(short.text).not.toContain("q=ne"); // but no link carries it

    const inverted = await page("GET", "/admin/jobs?created_from=2026-01-11T00:00&created_to=2026-01-10T00:00", {
      cookie,
    });
    expect(inverted.status).toBe(422);
    expect(inverted.text).toContain("The time range ends before it starts, so it is left out.");
    expect(rowsOf(inverted.text)).toHaveLength(5);
    expect(inverted.text).toContain('Created: <span class="time-range-text">left out</span>');

    const garbage = await page("GET", "/admin/jobs?created_from=yesterday", { cookie });
    expect(garbage.status).toBe(422);
    expect(garbage.text).toContain("&quot;From&quot; is not a time such as 2026-12-01T09:00; it is left out.");

    const long = await page("GET", `/admin/jobs?q=${"x".repeat(10_000)}`, { cookie });
    expect(long.status).toBe(422);
    expect(long.text).toContain("Search for at most 200 characters");
  });

  it("treats search syntax as text: quotes, stars, NEAR, colons and dashes never break the page", async () => {
    for (const q of ['"needle', "needle*", "NEAR(needle", "source_url:", "-needle", "'; DROP TABLE jobs; --"]) {
      const res = await page("GET", `/admin/jobs?q=${encodeURIComponent(q)}`, { cookie });
      expect(res.status, q).toBe(200);
    }
  });

  it("retries all failed jobs matching a search, and only those", async () => {
    const res = await page("POST", "/admin/jobs/retry", { cookie, form: { q: "needle", type: "data_import" } });
    expect(res.status).toBe(303);
    expect(decode(res.location ?? "")).toBe("/admin/jobs?type=data_import&q=needle");
    // Retried: out of the failed state (the queue consumer may already be running or done with them).
    expect(RETRIED).toContain(await status(ids.inRange));
    expect(RETRIED).toContain(await status(ids.early));
    expect(await status(ids.otherType)).toBe("failed"); // another type
    expect(await status(ids.unrelated)).toBe("failed"); // not matching the search
  });

  it("offers no 'all matching' selection under a search, and refuses one that is posted anyway", async () => {
    const res = await page("GET", "/admin/jobs?q=needle", { cookie });
    expect(res.text).toMatch(/<span id="bulk-matching" data-count="0"/);
    const bulk = await page("POST", "/admin/jobs/bulk", {
      cookie,
      htmx: true,
      form: { action: "retry", all: "1", q: "needle" },
    });
    expect(bulk.status).toBe(422);
    expect(bulk.text).toContain("Select the jobs on this page");
    expect(await status(ids.unrelated)).toBe("failed");
  });
});

describe("GET /admin/jobs?error_signature=", () => {
  it("lists the jobs of one error group under a chip that names its error and removes the filter", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const a = await job(ws.workspaceId, { error: 'supplier "ACME" timed out after 30 s' });
    const b = await job(ws.workspaceId, { error: 'supplier "Globex" timed out after 45 s', status: "dead_letter" });
    await job(ws.workspaceId, { error: "disk full" });
    const signature = await signatureOf(a);
    expect(await signatureOf(b)).toBe(signature);
    const res = await page("GET", `/admin/jobs?error_signature=${signature}&status=failed`, { cookie });
    expect(rowsOf(res.text).map((r) => r.id)).toEqual([a]);
    expect(res.text).toContain("Error group: supplier &quot;ACME&quot; timed out after 30 s");
    expect(res.text).toContain('<a class="chip-remove" href="/admin/jobs?status=failed">Remove');
    expect(decode(res.text)).toContain(`href="/admin/jobs?status=dead_letter&error_signature=${signature}"`);
    const all = await page("GET", `/admin/jobs?error_signature=${signature}`, { cookie });
    expect(rowsOf(all.text).map((r) => r.id)).toEqual([b, a]);
    // A job's page links to its group's jobs.
    expect((await page("GET", `/admin/jobs/${a}`, { cookie })).text).toContain(
      `href="/admin/jobs?error_signature=${signature}">Every job with this error</a>`,
    );
    const bad = await page("GET", "/admin/jobs?error_signature=nope", { cookie });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("That error group link is not valid");
  });
});

describe("GET /admin/errors", () => {
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let cookie: string;
  const ids = {} as Record<"timeoutA" | "timeoutB" | "timeoutC" | "disk" | "importFailed", string>;
  const day = Date.UTC(2026, 1, 3);

  beforeAll(async () => {
    ws = await makeWorkspace(slug(), ["admin", "member"]);
    cookie = await sessionCookie(ws.admin);
    ids.timeoutA = await job(ws.workspaceId, { error: "timeout after 30 s", createdAt: day });
    ids.timeoutB = await job(ws.workspaceId, { error: "timeout after 45 s", createdAt: day + 3_600_000 });
    ids.timeoutC = await job(ws.workspaceId, {
      error: "timeout after 50 s",
      createdAt: day + 2 * 86_400_000,
      status: "dead_letter",
    });
    ids.disk = await job(ws.workspaceId, { error: "disk full", createdAt: day });
    ids.importFailed = await job(ws.workspaceId, {
      type: "data_import",
      payload: { source_url: "https://files.example.com/x.csv" },
      error: "source answered 404",
      createdAt: day,
    });
  });

  it("shows the groups largest first with counts, first/last seen, a sample and a link to their jobs", async () => {
    const res = await page("GET", "/admin/errors", { cookie });
    expect(res.status).toBe(200);
    expect(res.text).toContain("<h1>Errors</h1>");
    expect(res.text).toContain('<a href="/admin/errors" aria-current="page">Errors</a>');
    const groups = [
      ...res.text.matchAll(/<li class="panel error-group"[\s\S]*?<\/li>\s*(?=<li class="panel error-group"|<\/ol>)/g),
    ].map((m) => m[0]);
    expect(groups).toHaveLength(3);
    const timeouts = groups[0] as string;
    expect(timeouts).toContain('<span class="type-tag" title="test_flaky">');
    expect(timeouts).toContain("timeout after 50 s"); // the newest job's text
    expect(timeouts).toMatch(/<strong>3<\/strong><span class="muted"> · 2 failed · 1 dead letter<\/span>/);
    expect(timeouts).toMatch(
      /<dt>First seen<\/dt>\s*<dd>\s*<time datetime="2026-02-03T00:00:00.000Z" data-relative="true" title="2026-02-03 00:00:00 UTC">/,
    );
    expect(timeouts).toMatch(/<dt>Last seen<\/dt>\s*<dd>\s*<time datetime="2026-02-05T00:00:00.000Z"/);
    expect(timeouts).toContain(`href="/admin/jobs/${ids.timeoutC}"`); // the sample: the newest job
    const signature = await signatureOf(ids.timeoutA);
    expect(timeouts).toContain(`href="/admin/jobs?error_signature=${signature}">Show its 3 jobs</a>`);
    expect(timeouts).toContain("<summary>Retry group</summary>");
    expect(timeouts).toContain(`action="/admin/errors/${signature}/retry"`);
    expect(timeouts).toContain(`hx-target="#replay-${signature}"`);
  });

  it("filters by type and time range in the URL, and says why a range is left out", async () => {
    const imports = await page("GET", "/admin/errors?type=data_import", { cookie });
    expect(imports.text).toContain("source answered 404");
    expect(imports.text).not.toContain("timeout after");
    expect(imports.text).toMatch(/<option value="data_import" selected="">/);
    const range = await page("GET", "/admin/errors?created_from=2026-02-03T00:00&created_to=2026-02-03T23:59", {
      cookie,
    });
    expect(range.text).toMatch(/<strong>2<\/strong><span class="muted"> · 2 failed · 0 dead letter<\/span>/);
    // The link to a group's jobs keeps the range.
    expect(decode(range.text)).toContain(
      `href="/admin/jobs?created_from=2026-02-03T00:00&created_to=2026-02-03T23:59&error_signature=${await signatureOf(ids.timeoutA)}"`,
    );
    const inverted = await page("GET", "/admin/errors?created_from=2026-02-04T00:00&created_to=2026-02-03T00:00", {
      cookie,
    });
    expect(inverted.status).toBe(422);
    expect(inverted.text).toContain("The time range ends before it starts, so it is left out.");
    expect(inverted.text).toContain("timeout after 50 s"); // the groups still show, unfiltered
  });

  it("says so when there are no failed or dead-letter jobs in the range", async () => {
    const res = await page("GET", "/admin/errors?created_from=2030-01-01T00:00", { cookie });
    expect(res.status).toBe(200);
    expect(res.text).toContain("No failed or dead-letter jobs in this range.");
    const empty = await makeWorkspace(slug(), ["admin"]);
    const none = await page("GET", "/admin/errors", { cookie: await sessionCookie(empty.admin) });
    expect(none.text).toContain("No failed or dead-letter jobs in this range.");
  });

  it("is for owners and admins: members get the 403 page and no Errors link", async () => {
    const member = await sessionCookie(ws.member);
    const res = await page("GET", "/admin/errors", { cookie: member });
    expect(res.status).toBe(403);
    expect(res.text).toContain("needs Owner or Admin");
    expect((await page("GET", "/products", { cookie: member })).text).not.toContain('href="/admin/errors"');
    expect((await page("GET", "/products", { cookie })).text).toContain('<a href="/admin/errors">Errors</a>');
  });
});

describe("POST /admin/errors/:signature/retry", () => {
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let cookie: string;

  beforeAll(async () => {
    ws = await makeWorkspace(slug(), ["admin", "member"]);
    cookie = await sessionCookie(ws.admin);
  });

  it("previews a patched replay: how many match and would retry, the invalid ones, one before/after; nothing changes", async () => {
    const a = await job(ws.workspaceId, { error: "stalled at 30 %", payload: { items: 2 } });
    const b = await job(ws.workspaceId, { error: "stalled at 60 %", payload: { items: 3 } });
    const signature = await signatureOf(a);
    const url = `/admin/errors/${signature}/retry`;
    const preview = await page("POST", url, {
      cookie,
      htmx: true,
      form: { payload_patch: '{"delay_ms": 1}', reason: "slow" },
    });
    expect(preview.status).toBe(200);
    expect(preview.text).not.toContain("<html");
    expect(preview.text).toContain("Preview: nothing has changed yet");
    expect(preview.text).toContain("2 jobs match; 2 would be retried.");
    expect(preview.text).toContain("before and after the patch");
    expect(preview.text).toContain("&quot;delay_ms&quot;: 1"); // the after
    const confirm = element(preview.text, '<form class="confirm-actions"', "form");
    expect(hiddenFields(confirm)).toEqual({
      payload_patch: "{&quot;delay_ms&quot;: 1}",
      reason: "slow",
      confirmed: "yes",
    });
    expect(confirm).toContain("Retry 2 jobs");
    expect(await status(a)).toBe("failed");

    const broken = await page("POST", url, { cookie, htmx: true, form: { payload_patch: '{"items": "many"}' } });
    expect(broken.text).toContain("2 jobs match; 0 would be retried; 2 would be invalid with this patch.");
    expect(broken.text).toContain("Invalid with this patch (2): they stay as they are");
    expect(broken.text).toContain("<code>payload.items</code>:");
    expect(broken.text).toContain(`href="/admin/jobs/${b}"`);
    expect(broken.text).toContain("Nothing would be retried: change the patch and preview again.");
    expect(broken.text).not.toContain('name="confirmed"');
    expect(await status(b)).toBe("failed");
  });

  it("says why a patch cannot be used: not JSON, or not an object", async () => {
    const a = await job(ws.workspaceId, { error: "bad patch target" });
    const url = `/admin/errors/${await signatureOf(a)}/retry`;
    const notJson = await page("POST", url, { cookie, htmx: true, form: { payload_patch: "{items: 4" } });
    expect(notJson.status).toBe(422);
    expect(notJson.text).toContain("The patch is not valid JSON");
    expect(notJson.text).toContain("nothing changed.");
    const array = await page("POST", url, { cookie, htmx: true, form: { payload_patch: "[1, 2]", confirmed: "yes" } });
    expect(array.status).toBe(422);
    expect(array.text).toContain("The patch must be a JSON object");
    expect(await status(a)).toBe("failed");
  });

  it("retries the group with the patch once confirmed, says what happened, and records the reason", async () => {
    const a = await job(ws.workspaceId, { error: "worker lost at item 1", payload: { items: 2 } });
    const b = await job(ws.workspaceId, { error: "worker lost at item 7", payload: { items: 2 } });
    const url = `/admin/errors/${await signatureOf(a)}/retry`;
    const res = await page("POST", url, {
      cookie,
      htmx: true,
      form: { payload_patch: '{"items": 3}', reason: "smaller batches", confirmed: "yes" },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Retried 2 jobs.");
    for (const id of [a, b]) {
      const row = await getJobById(db(), id);
      // The queue consumer may already have picked it up: retried means it left the failed state.
      expect(RETRIED).toContain(row?.status);
      expect(JSON.parse(row?.payload ?? "{}")).toMatchObject({ items: 3 });
      const retried = (await listEvents(db(), id)).find((e) => e.kind === "retried");
      expect(retried?.actor).toBe(ws.admin.email);
      expect(retried?.message).toContain("reason: smaller batches");
    }
  });

  it("answers a page without scripts, and 404 for another workspace's group; members get 403", async () => {
    const a = await job(ws.workspaceId, { error: "no-script group" });
    const url = `/admin/errors/${await signatureOf(a)}/retry`;
    const preview = await page("POST", url, { cookie, form: { payload_patch: "" } });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("<title>Retry group");
    expect(preview.text).toContain("no-script group");
    expect(preview.text).toContain("1 job matches; 1 would be retried.");
    expect(preview.text).toContain(": its payload, unchanged");
    expect(preview.text).toContain("Retry 1 job");
    const other = await makeWorkspace(slug(), ["admin"]);
    const otherCookie = await sessionCookie(other.admin);
    expect((await page("POST", url, { cookie: otherCookie, form: { confirmed: "yes" } })).status).toBe(404);
    expect((await page("POST", "/admin/errors/not-a-signature/retry", { cookie, form: {} })).status).toBe(404);
    const member = await page("POST", url, { cookie: await sessionCookie(ws.member), form: { confirmed: "yes" } });
    expect(member.status).toBe(403);
    expect(await status(a)).toBe("failed");
  });
});

describe("an import's rejected rows on its job page", () => {
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let admin: string;
  let importId: string;

  beforeAll(async () => {
    ws = await makeWorkspace(slug(), ["admin", "member"]);
    admin = await sessionCookie(ws.admin);
    const bad = Array.from({ length: 54 }, (_, i) => ({
      sku: `BAD-${String(i + 1).padStart(2, "0")}`,
      title: `Bad origin ${i + 1}`,
      origin_country: "Germany",
      customs_value: 1,
      currency: "USD",
    }));
    const rows = [
      ...productRows(2),
      { sku: "=HYPERLINK(1)", title: "Formula", origin_country: "Germany", customs_value: 1, currency: "USD" },
      ...bad,
    ];
    // Created by the member, so the member's own page shows it too.
    importId = (await createJob(ws.member.token, "data_import", { rows })).id;
    await waitForJob(ws.admin.token, importId, hasStatus("completed"));
  });

  it("lists row, SKU, field, code, message and values, 50 a page, with Next and First page links", async () => {
    const res = await page("GET", `/admin/jobs/${importId}`, { cookie: admin });
    const panel = element(res.text, '<section class="panel rejected-rows"', "section");
    expect(panel).toContain('<h2 id="rejected-rows-title">Rejected rows</h2>');
    expect(panel).toContain(
      `<a class="btn btn-small" href="/admin/jobs/${importId}/rejected.csv" download="">Download CSV</a>`,
    );
    expect(panel).toContain("The import refused 55 rows");
    const heads = [...panel.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual(["Row", "SKU", "Field", "Code", "Message", "Values"]);
    const lines = [...panel.matchAll(/<td class="num" data-label="Row">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(lines).toEqual(Array.from({ length: 50 }, (_, i) => i + 3));
    expect(panel).toContain("<code>=HYPERLINK(1)</code>");
    expect(panel).toContain("<code>origin_country</code>");
    expect(panel).toContain("title: Formula · origin_country: Germany");
    const next = panel.match(/href="(\/admin\/jobs\/[0-9A-Z]{26}\?rejected_after=[0-9.]+)#rejected-rows"/)?.[1];
    expect(next).toBe(`/admin/jobs/${importId}?rejected_after=52.0`);
    expect(panel).not.toContain("First page");
    const second = element(
      (await page("GET", next as string, { cookie: admin })).text,
      '<section class="panel rejected-rows"',
      "section",
    );
    const rest = [...second.matchAll(/<td class="num" data-label="Row">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(rest).toEqual([53, 54, 55, 56, 57]);
    expect(second).toContain(`href="/admin/jobs/${importId}#rejected-rows">First page</a>`);
    expect(second).not.toContain('rel="next"');
    // A cursor that is not one starts at the first page.
    const odd = await page("GET", `/admin/jobs/${importId}?rejected_after=x`, { cookie: admin });
    expect(odd.status).toBe(200);
    expect(odd.text).toContain('<td class="num" data-label="Row">3</td>');
  });

  it("downloads every rejected row as a formula-safe CSV attachment, for admins and the member who started it", async () => {
    for (const [path, cookie] of [
      [`/admin/jobs/${importId}/rejected.csv`, admin],
      [`/imports/jobs/${importId}/rejected.csv`, await sessionCookie(ws.member)],
    ] as const) {
      const res = await page("GET", path, { cookie });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="job-${importId}-rejected.csv"`);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      const lines = res.text.trim().split("\r\n");
      expect(lines[0]).toBe("row,sku,field,code,message,values");
      expect(lines).toHaveLength(56);
      expect(res.text).toContain("'=HYPERLINK(1)");
      expect(res.text).not.toMatch(/(^|,)=HYPERLINK/m);
    }
  });

  it("shows the member their own import's rejected rows, and 404s another workspace or someone else's job", async () => {
    const member = await sessionCookie(ws.member);
    const mine = await page("GET", `/imports/jobs/${importId}`, { cookie: member });
    expect(mine.text).toContain(`href="/imports/jobs/${importId}/rejected.csv"`);
    expect(mine.text).toContain(`href="/imports/jobs/${importId}?rejected_after=52.0#rejected-rows"`);
    const other = await makeWorkspace(slug(), ["admin"]);
    const otherCookie = await sessionCookie(other.admin);
    expect((await page("GET", `/admin/jobs/${importId}/rejected.csv`, { cookie: otherCookie })).status).toBe(404);
    expect((await page("GET", `/imports/jobs/${importId}/rejected.csv`, { cookie: otherCookie })).status).toBe(404);
    const adminsJob = await job(ws.workspaceId, {
      type: "data_import",
      createdBy: { id: ws.admin.userId, label: ws.admin.email },
      payload: { rows: productRows(1) },
    });
    expect((await page("GET", `/imports/jobs/${adminsJob}/rejected.csv`, { cookie: member })).status).toBe(404);
    // A job that refused nothing has no panel.
    expect((await page("GET", `/admin/jobs/${adminsJob}`, { cookie: admin })).text).not.toContain("rejected-rows");
  });
});

describe("POST /admin/jobs/:id/edit-retry (Edit and retry)", () => {
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let cookie: string;

  beforeAll(async () => {
    ws = await makeWorkspace(slug(), ["admin", "member"]);
    cookie = await sessionCookie(ws.admin);
  });

  const importPayload = { rows: productRows(1, "OLD") };

  it("shows the form with the payload as pretty JSON on a failed or dead-letter job's page only", async () => {
    const failed = await job(ws.workspaceId, { type: "data_import", payload: importPayload, error: "bad rows" });
    const res = await page("GET", `/admin/jobs/${failed}`, { cookie });
    const section = element(res.text, '<section class="panel" id="edit-retry"', "section");
    expect(section).toContain('<h2 id="edit-retry-title">Edit and retry</h2>');
    expect(section).toContain(`action="/admin/jobs/${failed}/edit-retry"`);
    expect(section).toContain("&quot;sku&quot;: &quot;OLD-00001&quot;");
    expect(section).toMatch(/<textarea id="edit-payload" name="payload"[^>]*>\{\n {2}&quot;rows&quot;: \[/);
    expect(section).toContain('name="reason"');
    const dead = await job(ws.workspaceId, { error: "gone", status: "dead_letter" });
    expect((await page("GET", `/admin/jobs/${dead}`, { cookie })).text).toContain('id="edit-payload"');
    const done = await job(ws.workspaceId, { status: "completed" });
    expect((await page("GET", `/admin/jobs/${done}`, { cookie })).text).not.toContain("Edit and retry");
  });

  it("shows the field errors beside the form and changes nothing when the type refuses the payload", async () => {
    const id = await job(ws.workspaceId, { type: "data_import", payload: importPayload, error: "bad rows" });
    const before = await getJobById(db(), id);
    const htmx = await page("POST", `/admin/jobs/${id}/edit-retry`, {
      cookie,
      htmx: true,
      form: { payload: '{"rows": []}', reason: "empty" },
    });
    expect(htmx.status).toBe(422);
    expect(htmx.text).toMatch(/^<section class="panel" id="edit-retry"/);
    expect(htmx.text).toContain('<div class="form-errors" id="edit-retry-errors" role="alert">');
    expect(htmx.text).toContain("The payload was not accepted, so nothing changed:");
    expect(htmx.text).toMatch(/<li><code>payload[.a-z_0-9]*<\/code>: /);
    expect(htmx.text).toContain('aria-invalid="true"');
    expect(htmx.text).toContain('{"rows": []}'.replaceAll('"', "&quot;")); // what was typed stays
    const plain = await page("POST", `/admin/jobs/${id}/edit-retry`, { cookie, form: { payload: "{rows: [" } });
    expect(plain.status).toBe(422);
    expect(plain.text).toContain("<h1>Job <code>");
    expect(plain.text).toContain("<code>payload</code>: is not valid JSON");
    const after = await getJobById(db(), id);
    expect(after?.status).toBe("failed");
    expect(after?.payload).toBe(before?.payload);
    expect(after?.rev).toBe(before?.rev);
  });

  it("retries with the edited payload: pending again, said in the flash, recorded in the history", async () => {
    const id = await job(ws.workspaceId, { type: "data_import", payload: importPayload, error: "bad rows" });
    const edited = JSON.stringify({ rows: productRows(2, "NEW") });
    const res = await page("POST", `/admin/jobs/${id}/edit-retry`, {
      cookie,
      htmx: true,
      form: { payload: edited, reason: "supplier sent a corrected file" },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Job ${id} is pending again with the edited payload.`);
    expect(res.text).toContain('<div id="edit-retry" hidden="">');
    const row = await getJobById(db(), id);
    expect(RETRIED).toContain(row?.status);
    expect(JSON.parse(row?.payload ?? "{}").rows[1].sku).toBe("NEW-00002");
    const retried = (await listEvents(db(), id)).find((e) => e.kind === "retried");
    expect(retried).toMatchObject({ actor: ws.admin.email });
    expect(retried?.message).toContain("reason: supplier sent a corrected file");
    await waitForJob(ws.admin.token, id, hasStatus("completed"));
  });

  it("redirects a plain form post to the job page, which says what happened", async () => {
    const id = await job(ws.workspaceId, { payload: { items: 2 }, error: "boom" });
    const res = await page("POST", `/admin/jobs/${id}/edit-retry`, { cookie, form: { payload: '{"items": 1}' } });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/admin/jobs/${id}?edited=1`);
    const after = await page("GET", res.location as string, { cookie });
    expect(after.text).toMatch(new RegExp(`Job ${id} (is pending again|was retried) with the edited payload\\.`));
    // The notice is only said after that person's retry: a crafted link on another job says nothing.
    const other = await job(ws.workspaceId, { error: "untouched" });
    expect((await page("GET", `/admin/jobs/${other}?edited=1`, { cookie })).text).not.toContain("edited payload");
  });

  it("says a stored (R2) input cannot be edited, and is for owners and admins only", async () => {
    const id = await job(ws.workspaceId, { type: "data_import", payload: importPayload, error: "bad rows" });
    await db()
      .update(jobs)
      .set({ payload: JSON.stringify({ stored_input: { format: "csv", bytes: 2_400_000 } }) })
      .where(eq(jobs.id, id))
      .run();
    const res = await page("GET", `/admin/jobs/${id}`, { cookie });
    expect(res.text).toContain(
      "This import&#39;s input (2.4 MB) is kept as a file, not in the job, so it cannot be edited here.",
    );
    expect(res.text).not.toContain('id="edit-payload"');

    const memberJob = await job(ws.workspaceId, {
      error: "boom",
      createdBy: { id: ws.member.userId, label: ws.member.email },
    });
    const member = await sessionCookie(ws.member);
    expect((await page("GET", `/imports/jobs/${memberJob}`, { cookie: member })).text).not.toContain("Edit and retry");
    const post = await page("POST", `/admin/jobs/${memberJob}/edit-retry`, {
      cookie: member,
      form: { payload: '{"items": 1}' },
    });
    expect(post.status).toBe(403);
    expect(await status(memberJob)).toBe("failed");
  });
});
