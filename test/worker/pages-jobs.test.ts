// /admin/jobs and /admin/jobs/:id as HTML: the fixed header texts, `tr id/data-status`, buttons only where the
// lifecycle allows them, filters with counts, keyset pages, the actions (with their 409s and the Cancel
// confirmation), the bulk retry, and the detail page's payload, result, error and history.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { JobRow } from "../../views/jobs/JobRow.tsx";
import { toJobJson } from "../../worker/api/job-json.ts";
import type { Job, JobStatus } from "../../worker/api/schema.ts";
import { makeDb } from "../../worker/db/client.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { jobs } from "../../worker/db/schema.ts";
import { makeWorkspace } from "../support/workerd/api.ts";
import {
  actionsOf,
  headersOf,
  jobInStatus,
  page,
  rowHtml,
  rowsOf,
  sessionCookie,
  slug,
} from "../support/workerd/pages.ts";

const db = () => makeDb(env.DB);
const status = async (id: string) => (await getJobById(db(), id))?.status;
const runOf = async (id: string) => (await getJobById(db(), id))?.run;

async function jobJson(id: string): Promise<Job> {
  const row = await getJobById(db(), id);
  if (!row) throw new Error(`job ${id} missing`);
  return toJobJson(row);
}

describe("JobRow", () => {
  let workspaceId: string;
  beforeAll(async () => {
    workspaceId = (await makeWorkspace(slug(), ["admin"])).workspaceId;
  });

  const expected: [JobStatus, "cancel" | "pause" | null, string[]][] = [
    ["pending", null, ["cancel", "pause"]],
    ["running", null, ["cancel", "pause"]],
    ["running", "cancel", []],
    ["running", "pause", []],
    ["paused", null, ["cancel", "resume"]],
    ["failed", null, ["retry"]],
    ["dead_letter", null, ["retry"]],
    ["cancelled", null, ["retry"]],
    ["completed", null, []],
  ];

  it.each(expected)(
    "offers owners/admins exactly the allowed buttons for %s (control %s)",
    async (s, control, actions) => {
      const job = await jobJson(await jobInStatus(workspaceId, s, { control }));
      const html = String(JobRow({ job, role: "admin" }));
      expect(html.startsWith(`<tr id="job-${job.id}" data-status="${s}"`)).toBe(true);
      expect(actionsOf(html)).toEqual(actions);
      if (control === "cancel") expect(html).toContain("Cancelling…");
      if (control === "pause") expect(html).toContain("Pausing…");
      if (!control) expect(html).not.toMatch(/Cancelling…|Pausing…/);
      // Members see the same row without any button.
      expect(actionsOf(String(JobRow({ job, role: "member" })))).toEqual([]);
    },
  );

  it("shows progress as a bar, the percentage and the current item, and the status label as text", async () => {
    const id = await jobInStatus(workspaceId, "running");
    await db()
      .update(jobs)
      .set({ progress: 42, processed: 420, total: 1000, currentItem: "SKU-420 · Tee" })
      .where(eq(jobs.id, id))
      .run();
    const html = String(JobRow({ job: await jobJson(id), role: "admin" }));
    expect(html).toContain('<progress value="42" max="100"');
    expect(html).toContain('<span class="progress-percent">42%</span>');
    expect(html).toContain("420 / 1,000");
    expect(html).toContain("SKU-420 · Tee");
    expect(html).toContain('<span class="badge badge-running">Running</span>');
    const dead = String(JobRow({ job: await jobJson(await jobInStatus(workspaceId, "dead_letter")), role: "admin" }));
    expect(dead).toContain('<span class="badge badge-dead-letter">Dead Letter</span>');
  });

  it("shows times relative to now with the exact UTC on hover, and escapes what jobs carry", async () => {
    const id = await jobInStatus(workspaceId, "failed", { error: '<script>alert("x")</script>' });
    const job = await jobJson(id);
    const html = String(JobRow({ job, role: "admin", now: Date.parse(job.created_at) + 3 * 60_000 + 5_000 }));
    expect(html).toMatch(
      /<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z" data-relative="true" title="\d{4}-\d\d-\d\d [\d:]+ UTC">3 min ago<\/time>/,
    );
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("is one line of facts: short id with the full id on hover and a copy button, the type's label, how long it ran", async () => {
    const id = await jobInStatus(workspaceId, "completed", { type: "data_import" });
    const started = Date.now() - 65_000;
    await db()
      .update(jobs)
      .set({ startedAt: started, completedAt: started + 4_200, currentItem: "SKU-9 · Last" })
      .where(eq(jobs.id, id))
      .run();
    const html = String(JobRow({ job: await jobJson(id), role: "admin" }));
    expect(html).toContain(
      `<a href="/admin/jobs/${id}" title="${id}"><code>${id.slice(-8)}</code><span class="visually-hidden">, job ${id}</span></a>`,
    );
    expect(html).toContain(`data-copy="${id}"`);
    expect(html).toContain('<span title="data_import">Data import</span>');
    expect(html).toContain(" · ran 4.2 s");
    // An ended job's last item is not progress any more.
    expect(html).not.toContain("SKU-9 · Last");
    expect(html).toContain(`<input type="checkbox" class="row-select" name="ids" value="${id}" form="bulk-form"`);
    expect(String(JobRow({ job: await jobJson(id), role: "member" }))).not.toContain("row-select");
  });

  it('flags a completed import with refused rows: "Completed · N rejected"', async () => {
    const clean = await jobInStatus(workspaceId, "completed", {
      type: "data_import",
      result: { imported: 9, rejected: 0 },
    });
    const refused = await jobInStatus(workspaceId, "completed", {
      type: "data_import",
      result: { imported: 9, rejected: 8, bad_rows: [] },
    });
    const refusedJob = await jobJson(refused);
    expect(refusedJob.rejected).toBe(8);
    expect(String(JobRow({ job: refusedJob, role: "admin" }))).toMatch(
      /Completed<\/span><span class="status-note status-note-danger">· 8 rejected<\/span>/,
    );
    expect(String(JobRow({ job: await jobJson(clean), role: "admin" }))).not.toContain("rejected");
  });

  it("shows a streamed import's bytes read of its size when the row count is unknown", async () => {
    const id = await jobInStatus(workspaceId, "running", {
      type: "data_import",
      result: { imported: 30_000, rejected: 0, bytes_read: 4_200_000, bytes_total: 12_000_000 },
    });
    await db().update(jobs).set({ total: null, processed: 30_000 }).where(eq(jobs.id, id)).run();
    expect(String(JobRow({ job: await jobJson(id), role: "admin" }))).toContain("30,000 items · 4.2 MB of 12 MB");
  });
});

describe("GET /admin/jobs", () => {
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let cookie: string;
  beforeAll(async () => {
    ws = await makeWorkspace(slug(), ["admin"]);
    cookie = await sessionCookie(ws.admin);
  });

  it("renders the table with the fixed header texts, newest first, with live wiring and counts per status", async () => {
    const older = await jobInStatus(ws.workspaceId, "failed", { error: "boom" });
    const newer = await jobInStatus(ws.workspaceId, "completed", { type: "data_import" });
    const res = await page("GET", "/admin/jobs", { cookie });
    expect(res.status).toBe(200);
    expect(headersOf(res.text)).toEqual([
      "Job ID",
      "Type",
      "Status",
      "Progress",
      "Created At",
      "Started At",
      "Completed At",
      "Error",
    ]);
    expect(rowsOf(res.text).slice(0, 2)).toEqual([
      { id: newer, status: "completed" },
      { id: older, status: "failed" },
    ]);
    expect(res.text).toContain('hx-ws:connect="/api/v1/live"');
    expect(res.text).toContain('hx-trigger="htmx:ws:after:connection from:body, dl:refresh from:body throttle:1s"');
    expect(res.text).toContain('href="/admin/jobs?status=failed"');
    expect(res.text).toMatch(/Failed <span class="count">1<\/span>/);
    expect(res.text).toMatch(/Completed <span class="count">1<\/span>/);
    expect(res.text).toContain("Retry all failed/dead-letter jobs");
    // Owners/admins also get the selection column (select the page) and the actions column around those eight.
    expect(res.text).toContain(
      '<input type="checkbox" id="select-page" class="select-page" aria-label="Select every job on this page"',
    );
    expect(res.text).toMatch(/<th scope="col" class="col-actions">Actions<\/th>/);
  });

  it("says what to do next when there are no jobs, and how to widen a filter that matches none", async () => {
    const empty = await makeWorkspace(slug(), ["admin"]);
    const c = await sessionCookie(empty.admin);
    const none = await page("GET", "/admin/jobs", { cookie: c });
    expect(none.text).toContain('No jobs yet. <a href="/imports">Start an import or export</a>');
    expect(none.text).toContain('<a href="/admin/webhooks">webhook endpoint</a>');
    const filtered = await page("GET", "/admin/jobs?status=failed", { cookie: c });
    expect(filtered.text).toContain('No jobs match this filter. <a href="/admin/jobs">Show all jobs</a>');
  });

  it("refreshes Retry all and the selection's match count with the status counts", async () => {
    await jobInStatus(ws.workspaceId, "dead_letter");
    const res = await page("GET", "/admin/jobs/counts", { cookie, htmx: true });
    expect(res.text).toMatch(/<form id="bulk-retry" hx-swap-oob="outerMorph"/);
    expect(res.text).toMatch(/<span id="bulk-matching" data-count="\d+" hx-swap-oob="outerMorph"/);
  });

  it("filters by status and type, counting per status within the type", async () => {
    const other = await makeWorkspace(slug(), ["admin"]);
    const c = await sessionCookie(other.admin);
    const imp = await jobInStatus(other.workspaceId, "failed", { type: "data_import" });
    const flaky = await jobInStatus(other.workspaceId, "failed");
    const done = await jobInStatus(other.workspaceId, "completed", { type: "data_import" });
    const failed = await page("GET", "/admin/jobs?status=failed", { cookie: c });
    expect(rowsOf(failed.text).map((r) => r.id)).toEqual([flaky, imp]);
    const imports = await page("GET", "/admin/jobs?type=data_import", { cookie: c });
    expect(rowsOf(imports.text).map((r) => r.id)).toEqual([done, imp]);
    expect(imports.text).toMatch(/Failed <span class="count">1<\/span>/);
    const both = await page("GET", "/admin/jobs?status=failed&type=data_import", { cookie: c });
    expect(rowsOf(both.text).map((r) => r.id)).toEqual([imp]);
    // A stale or unknown filter value is ignored, not an error.
    expect((await page("GET", "/admin/jobs?status=exploded", { cookie: c })).status).toBe(200);
    const empty = await page("GET", "/admin/jobs?status=paused", { cookie: c });
    expect(empty.text).toContain("No jobs match this filter.");
  });

  it("pages with keyset cursors: Next to older jobs, Newer back", async () => {
    const other = await makeWorkspace(slug(), ["admin"]);
    const c = await sessionCookie(other.admin);
    const ids: string[] = [];
    for (let i = 0; i < 53; i++) ids.push(await jobInStatus(other.workspaceId, "completed"));
    const newestFirst = [...ids].reverse();
    const first = await page("GET", "/admin/jobs", { cookie: c });
    expect(rowsOf(first.text).map((r) => r.id)).toEqual(newestFirst.slice(0, 50));
    const next = first.text.match(/href="(\/admin\/jobs\?cursor=[0-9A-Z]{26})"/)?.[1];
    expect(next).toBe(`/admin/jobs?cursor=${newestFirst[49]}`);
    expect(first.text).not.toContain("Newer");
    const second = await page("GET", next as string, { cookie: c });
    expect(rowsOf(second.text).map((r) => r.id)).toEqual(newestFirst.slice(50));
    expect(second.text).not.toContain('rel="next"');
    const newer = second.text.match(/href="(\/admin\/jobs\?before=[0-9A-Z]{26})"/)?.[1];
    expect(newer).toBeDefined();
    const back = await page("GET", newer as string, { cookie: c });
    expect(rowsOf(back.text).map((r) => r.id)).toEqual(newestFirst.slice(0, 50));
    // The list fragment the page refetches carries the same rows plus the counts out-of-band.
    const fragment = await page("GET", "/admin/jobs/list", { cookie: c, htmx: true });
    expect(fragment.text).not.toContain("<html");
    expect(rowsOf(fragment.text)).toHaveLength(50);
    expect(fragment.text).toContain('<nav id="status-counts"');
    expect(fragment.text).toContain('hx-swap-oob="outerMorph"');
  });
});

describe("POST /admin/jobs/:id/:action", () => {
  let ws: Awaited<ReturnType<typeof makeWorkspace>>;
  let cookie: string;
  beforeAll(async () => {
    ws = await makeWorkspace(slug(), ["admin"]);
    cookie = await sessionCookie(ws.admin);
  });

  it("pauses a pending job for htmx: the fresh row out-of-band and a message for #flash", async () => {
    const id = await jobInStatus(ws.workspaceId, "pending");
    const res = await page("POST", `/admin/jobs/${id}/pause`, { cookie, htmx: true, form: {} });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(new RegExp(`^<tr id="job-${id}" data-status="paused"[^>]*hx-swap-oob="outerMorph"`));
    expect(actionsOf(rowHtml(res.text, id))).toEqual(["cancel", "resume"]);
    expect(res.text).toContain('<hx-partial hx-target="#flash" hx-swap="innerHTML">');
    expect(res.text).toContain(`Job ${id} is paused.`);
    expect(await status(id)).toBe("paused");
    const events = await page("GET", `/admin/jobs/${id}`, { cookie });
    expect(events.text).toMatch(
      /<span class="event-kind">Paused by operator<\/span><span class="event-actor"><span class="visually-hidden">by <\/span><strong>admin@/,
    );
  });

  it("answers 409 with the current row and the reason when the transition is not allowed", async () => {
    const id = await jobInStatus(ws.workspaceId, "completed");
    for (const action of ["retry", "cancel", "pause", "resume"]) {
      const res = await page("POST", `/admin/jobs/${id}/${action}`, { cookie, htmx: true, form: {} });
      expect(res.status, action).toBe(409);
      expect(res.text).toContain(`data-status="completed"`);
      expect(res.text).toContain(`Cannot ${action} a job that is completed.`);
      expect(res.text).toContain("flash-error");
    }
    const plain = await page("POST", `/admin/jobs/${id}/retry`, { cookie, form: {} });
    expect(plain.status).toBe(409);
    expect(plain.text).toContain("Not possible right now");
    const running = await jobInStatus(ws.workspaceId, "running", { control: "cancel" });
    const again = await page("POST", `/admin/jobs/${running}/pause`, { cookie, htmx: true, form: {} });
    expect(again.status).toBe(409);
    expect(again.text).toContain("(a cancel is already requested)");
  });

  it("asks before Cancel when the form was posted without htmx, and cancels once confirmed", async () => {
    const id = await jobInStatus(ws.workspaceId, "pending");
    const ask = await page("POST", `/admin/jobs/${id}/cancel`, { cookie, form: {} });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain(`Cancel job ${id}?`);
    expect(ask.text).toContain('<input type="hidden" name="confirmed" value="yes"/>');
    expect(await status(id)).toBe("pending");
    const done = await page("POST", `/admin/jobs/${id}/cancel`, { cookie, form: { confirmed: "yes" } });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/admin/jobs/${id}`);
    expect(await status(id)).toBe("cancelled");
  });

  it("puts hx-confirm on every Cancel button (htmx asks with window.confirm, which needs no eval under the CSP)", async () => {
    const id = await jobInStatus(ws.workspaceId, "running");
    const res = await page("GET", `/admin/jobs/${id}`, { cookie });
    const row = rowHtml(res.text, id);
    expect(row).toMatch(
      /action="[^"]+\/cancel"[^>]*hx-confirm="Cancel job [0-9A-Z]{26}\? It stops at its next chunk boundary\."/,
    );
    expect(row).not.toMatch(/\/pause"[^>]*hx-confirm/);
  });

  it("refuses a state-changing form without Origin or Sec-Fetch-Site (CSRF) with 403, and changes nothing", async () => {
    const id = await jobInStatus(ws.workspaceId, "pending");
    const res = await page("POST", `/admin/jobs/${id}/pause`, { cookie, form: {}, origin: null });
    expect(res.status).toBe(403);
    expect(res.text).toContain("cross-site request protection");
    expect(
      (await page("POST", `/admin/jobs/${id}/pause`, { cookie, form: {}, origin: "https://evil.example" })).status,
    ).toBe(403);
    expect(await status(id)).toBe("pending");
  });
});

describe("POST /admin/jobs/retry (bulk)", () => {
  it("retries every failed and dead-lettered job matching the filter, and only those", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const failedImport = await jobInStatus(ws.workspaceId, "failed", { type: "data_import" });
    const deadImport = await jobInStatus(ws.workspaceId, "dead_letter", { type: "data_import" });
    const failedOther = await jobInStatus(ws.workspaceId, "failed");
    const completed = await jobInStatus(ws.workspaceId, "completed", { type: "data_import" });
    const res = await page("POST", "/admin/jobs/retry", { cookie, htmx: true, form: { type: "data_import" } });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Retried 2 jobs.");
    // A retry starts a new run; the queue may already be running it (and these payloads fail again), so the run
    // number, not the status, says which jobs were retried.
    expect(await runOf(failedImport)).toBe(2);
    expect(await runOf(deadImport)).toBe(2);
    expect([await status(failedOther), await runOf(failedOther)]).toEqual(["failed", 1]);
    expect([await status(completed), await runOf(completed)]).toEqual(["completed", 1]);
    const plain = await page("POST", "/admin/jobs/retry", { cookie, form: { status: "failed" } });
    expect(plain.status).toBe(303);
    expect(plain.location).toBe("/admin/jobs?status=failed");
    expect(await runOf(failedOther)).toBe(2);
  });
});

describe("POST /admin/jobs/bulk (Retry/Cancel selected)", () => {
  it("first answers a confirmation saying how many move and which statuses are skipped, changing nothing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const failed = await jobInStatus(ws.workspaceId, "failed");
    const running = await jobInStatus(ws.workspaceId, "running");
    const completed = await jobInStatus(ws.workspaceId, "completed");
    const res = await page("POST", "/admin/jobs/bulk", {
      cookie,
      htmx: true,
      form: { action: "retry", ids: [failed, running, completed] },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Retry 1 job?");
    expect(res.text).toContain("3 jobs selected; skipped: 1 Running, 1 Completed");
    for (const id of [failed, running, completed]) expect(res.text).toContain(`name="ids" value="${id}"`);
    expect(await status(failed)).toBe("failed");
    // Without scripts the same confirmation is a page.
    const plain = await page("POST", "/admin/jobs/bulk", { cookie, form: { action: "retry", ids: failed } });
    expect(plain.text).toContain("<title>Confirm bulk action · DutyLeak</title>");
  });

  it("applies the confirmed action, answers the refreshed list marked done and says what happened", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const pending = await jobInStatus(ws.workspaceId, "pending");
    const running = await jobInStatus(ws.workspaceId, "running");
    const failed = await jobInStatus(ws.workspaceId, "failed");
    const res = await page("POST", "/admin/jobs/bulk", {
      cookie,
      htmx: true,
      form: { action: "cancel", ids: [pending, running, failed], confirmed: "yes" },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Cancelled 1 job; 1 job stop at their next chunk boundary; skipped 1 Failed.");
    expect(res.text).toContain('data-bulk-done="true"');
    expect(await status(pending)).toBe("cancelled");
    expect((await getJobById(db(), running))?.control).toBe("cancel");
    const plain = await page("POST", "/admin/jobs/bulk", {
      cookie,
      form: { action: "retry", ids: failed, confirmed: "yes" },
    });
    expect(plain.status).toBe(303);
    expect(await status(failed)).toBe("pending");
  });

  it("with all matching the filter, previews from the counts and acts on every match", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const a = await jobInStatus(ws.workspaceId, "pending");
    const b = await jobInStatus(ws.workspaceId, "paused");
    await jobInStatus(ws.workspaceId, "completed");
    const preview = await page("POST", "/admin/jobs/bulk", {
      cookie,
      htmx: true,
      form: { action: "cancel", all: "1" },
    });
    expect(preview.text).toContain("Cancel 2 jobs matching this filter?");
    expect(preview.text).toContain("skipped: 1 Completed");
    await page("POST", "/admin/jobs/bulk", {
      cookie,
      htmx: true,
      form: { action: "cancel", all: "1", confirmed: "yes" },
    });
    expect([await status(a), await status(b)]).toEqual(["cancelled", "cancelled"]);
  });

  it("discards the selected ended jobs after a confirmation that says they are archived first", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const failed = await jobInStatus(ws.workspaceId, "failed");
    const running = await jobInStatus(ws.workspaceId, "running");
    const preview = await page("POST", "/admin/jobs/bulk", {
      cookie,
      htmx: true,
      form: { action: "discard", ids: [failed, running] },
    });
    expect(preview.text).toContain("Discard 1 job?");
    expect(preview.text).toContain("2 jobs selected; skipped: 1 Running (discard does not apply to them)");
    expect(preview.text).toContain("each is written to today&#39;s archive first");
    expect(await status(failed)).toBe("failed");
    const done = await page("POST", "/admin/jobs/bulk", {
      cookie,
      htmx: true,
      form: { action: "discard", ids: [failed, running], confirmed: "yes" },
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain("Discarded 1 job; skipped 1 Running (only ended jobs are discarded).");
    expect(rowsOf(done.text).map((r) => r.id)).toEqual([running]);
    expect(await getJobById(db(), failed)).toBeUndefined();
  });

  it("refuses an empty selection, an unknown action and bad ids with a clear message", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const cases: [Record<string, string | string[]>, string][] = [
      [{ action: "retry" }, "Select at least one job first."],
      [
        { action: "explode", ids: "01JAAAAAAAAAAAAAAAAAAAAAAA" },
        "Choose Retry selected, Cancel selected or Discard selected.",
      ],
      [{ action: "retry", ids: "nope" }, "A selected job id is not valid."],
    ];
    for (const [form, message] of cases) {
      const res = await page("POST", "/admin/jobs/bulk", { cookie, htmx: true, form });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
    }
  });
});

describe("GET /admin/jobs/:id", () => {
  it("shows the payload, the result's bad rows, the full error and the history with actors", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const id = await jobInStatus(ws.workspaceId, "completed", {
      type: "data_import",
      error: "row 7: currency must be an ISO 4217 code",
      result: { imported: 9, rejected: 1, bad_rows: [{ row: 7, reason: "currency: must be an ISO 4217 code" }] },
      createdBy: { id: ws.admin.userId, label: ws.admin.email },
    });
    const res = await page("GET", `/admin/jobs/${id}`, { cookie });
    expect(res.status).toBe(200);
    expect(rowsOf(res.text)).toEqual([{ id, status: "completed" }]);
    expect(res.text).toContain("&quot;items&quot;: 3");
    expect(res.text).toMatch(/<strong>9<\/strong> products imported,\s*<strong>1<\/strong> row rejected\./);
    expect(res.text).toContain('<td class="num">7</td><td>currency: must be an ISO 4217 code</td>');
    expect(res.text).toContain(
      '<pre class="error-detail" tabindex="0" role="region" aria-label="Error message">row 7: currency must be an ISO 4217 code</pre>',
    );
    expect(res.text).toContain(
      `<span class="event-kind">Created</span><span class="event-actor"><span class="visually-hidden">by </span><strong>${ws.admin.email}`,
    );
    expect(res.text).toContain(`hx-get="/admin/jobs/${id}/detail"`);
    const fragment = await page("GET", `/admin/jobs/${id}/detail`, { cookie, htmx: true });
    expect(fragment.text.startsWith('<div class="detail">')).toBe(true);
  });
});
