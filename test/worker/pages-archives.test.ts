// Admin → Archives as HTML: who may open it and change retention (owners change it, admins read it, members and
// viewers are refused), the retention form (saved and audited, or refused with 422 beside the field and nothing
// changed), an archive day listed with its download (the same gzip file as the API), and the keyset pages.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isoDay } from "../../worker/api/retention.ts";
import { claimJobs, endedBefore } from "../../worker/db/archive.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { archiveParts, jobs } from "../../worker/db/schema.ts";
import { readGzipNdjson } from "../../worker/jobs/archive/ndjson-gzip.ts";
import { newPart } from "../../worker/jobs/archive/parts.ts";
import { writePart } from "../../worker/jobs/archive/write-part.ts";
import { api, makeWorkspace } from "../support/workerd/api.ts";
import { markupFrom, section, unescapeHtml } from "../support/workerd/html.ts";
import { page, sessionCookie, slug } from "../support/workerd/pages.ts";

const db = () => makeDb(env.DB);
const DAY = 86_400_000;

const DEFAULTS = { completed_days: "30", failed_days: "90", dead_letter_days: "180", cancelled_days: "30" };

const retentionOf = async (token: string) => (await api("GET", "/api/v1/settings", { token })).json.retention;

/** A completed job that ended a minute ago, free to be claimed by an archive part. */
async function completedJob(workspaceId: string) {
  const now = Date.now();
  const { job } = await insertJob(db(), {
    workspaceId,
    type: "test_flaky",
    payload: { items: 1 },
    maxAttempts: 3,
    createdBy: null,
    now: now - 120_000,
  });
  await db()
    .update(jobs)
    .set({ status: "completed", admitted: false, rev: newId(), completedAt: now - 60_000 })
    .where(eq(jobs.id, job.id));
  return job.id;
}

/** Archives one completed job today through the real part writer (its object lands in R2). */
async function archiveToday(workspaceId: string) {
  const now = Date.now();
  const part = await newPart(db(), workspaceId, "retention", "system", now);
  await completedJob(workspaceId);
  expect(await claimJobs(db(), part.id, workspaceId, endedBefore("completed", now), 200, "ended")).toBe(1);
  await writePart(env, db(), part, now);
  return isoDay(now);
}

describe("access to /admin/archives", () => {
  it("redirects anonymous visitors to /login", async () => {
    const res = await page("GET", "/admin/archives");
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/login?next=${encodeURIComponent("/admin/archives")}`);
  });

  it("gives members and viewers the 403 page, for the page, the form and a download", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "member", "viewer"]);
    const day = await archiveToday(ws.workspaceId);
    for (const role of ["member", "viewer"] as const) {
      const cookie = await sessionCookie(ws[role]);
      expect((await page("GET", "/admin/archives", { cookie })).status, role).toBe(403);
      expect((await page("GET", `/admin/archives/${day}/download`, { cookie })).status, role).toBe(403);
      const post = await page("POST", "/admin/archives/retention", {
        cookie,
        form: { ...DEFAULTS, completed_days: "7" },
      });
      expect(post.status, role).toBe(403);
      expect((await page("GET", "/products", { cookie })).text).not.toContain('href="/admin/archives"');
    }
    expect((await retentionOf(ws.owner.token)).completed_days).toBe(30);
  });

  it("shows admins the values read-only, says only owners change them, and refuses an admin's POST with 403", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "admin"]);
    const cookie = await sessionCookie(ws.admin);
    const res = await page("GET", "/admin/archives", { cookie });
    expect(res.status).toBe(200);
    const retention = section(res.text, "retention");
    expect(retention).not.toContain("<form");
    expect(retention).toContain("Only owners change retention.");
    expect(unescapeHtml(retention)).toContain("<dt>Dead Letter</dt><dd>180 days</dd>");
    const post = await page("POST", "/admin/archives/retention", {
      cookie,
      form: { ...DEFAULTS, completed_days: "7" },
    });
    expect(post.status).toBe(403);
    expect((await retentionOf(ws.owner.token)).completed_days).toBe(30);
  });

  it("lists Archives in the Admin section after Schedules, with the title Archives", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const res = await page("GET", "/admin/archives", { cookie: await sessionCookie(ws.owner) });
    expect(res.text).toContain("<title>Archives · DutyLeak</title>");
    const schedules = res.text.indexOf('<a href="/admin/schedules"');
    const archives = res.text.indexOf('<a href="/admin/archives" aria-current="page">Archives</a>');
    expect(schedules).toBeGreaterThan(0);
    expect(archives).toBeGreaterThan(schedules);
    expect(section(res.text, "archives")).toContain("No jobs have been archived yet.");
    expect(section(res.text, "archives")).toContain("<code>zcat</code>");
  });

  it("refuses a form posted from another site (CSRF) with 403, and changes nothing", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const res = await page("POST", "/admin/archives/retention", {
      cookie: await sessionCookie(ws.owner),
      form: { ...DEFAULTS, completed_days: "7" },
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect((await retentionOf(ws.owner.token)).completed_days).toBe(30);
  });
});

describe("POST /admin/archives/retention", () => {
  it("saves the owner's retention, comes back with Retention saved. and shows the change in Recent changes", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const cookie = await sessionCookie(ws.owner);
    const form = section((await page("GET", "/admin/archives", { cookie })).text, "retention");
    for (const id of ["retention-completed", "retention-failed", "retention-dead-letter", "retention-cancelled"]) {
      expect(form).toMatch(new RegExp(`<label for="${id}">`));
      expect(markupFrom(form, `<input type="number" id="${id}"`, ">")).toContain('min="1" max="3650"');
    }
    expect(form).toContain("Save retention");
    const res = await page("POST", "/admin/archives/retention", {
      cookie,
      form: { ...DEFAULTS, completed_days: "7", dead_letter_days: "365" },
    });
    expect(res.status, res.text.slice(0, 400)).toBe(303);
    expect(res.location).toBe("/admin/archives?done=retention");
    expect(await retentionOf(ws.owner.token)).toEqual({
      completed_days: 7,
      failed_days: 90,
      dead_letter_days: 365,
      cancelled_days: 30,
    });
    const after = await page("GET", res.location as string, { cookie });
    expect(after.text).toContain("Retention saved.");
    expect(markupFrom(after.text, '<input type="number" id="retention-completed"', ">")).toContain('value="7"');
    const changes = unescapeHtml(section(after.text, "recent-changes"));
    expect(changes).toContain("Retention set");
    expect(changes).toContain(ws.owner.email);
    expect(changes).toContain("completed_days 30 → 7, dead_letter_days 180 → 365");
  });

  it.each([
    ["empty", ""],
    ["zero", "0"],
    ["over ten years", "3651"],
    ["a fraction", "1.5"],
    ["text", "soon"],
  ])("answers 422 for %s, names the field beside it, keeps what was typed and changes nothing", async (_, bad) => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const cookie = await sessionCookie(ws.owner);
    const res = await page("POST", "/admin/archives/retention", {
      cookie,
      form: { ...DEFAULTS, failed_days: bad, completed_days: "7" },
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Retention was not saved");
    const field = markupFrom(res.text, '<div class="form-field is-invalid">', "</div>");
    expect(field).toContain('id="retention-failed"');
    expect(field).toContain('aria-invalid="true"');
    expect(markupFrom(field, '<p class="field-error" id="retention-failed-error">', "</p>")).toMatch(/Failed: must be/);
    expect(markupFrom(res.text, '<input type="number" id="retention-completed"', ">")).toContain('value="7"');
    expect(await retentionOf(ws.owner.token)).toEqual({
      completed_days: 30,
      failed_days: 90,
      dead_letter_days: 180,
      cancelled_days: 30,
    });
  });
});

describe("the archive days on /admin/archives", () => {
  it("lists a day with its counts and a Download that streams the API's gzip file; 404 for a day without one", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const day = await archiveToday(ws.workspaceId);
    const cookie = await sessionCookie(ws.admin);
    const res = await page("GET", "/admin/archives", { cookie });
    const row = markupFrom(res.text, `<tr id="archive-${day}"`, "</tr>");
    expect(row).toContain(`<td data-label="Date" class="col-time">${day}</td>`);
    expect(row).toContain("1 / 0");
    expect(row).toMatch(/\d+ (B|KB)</);
    expect(row).toContain(`href="/admin/archives/${day}/download"`);
    const download = await exports.default.fetch(
      new Request(`http://jobs.test/admin/archives/${day}/download`, { headers: { cookie } }),
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/gzip");
    const fromPage = new Uint8Array(await download.arrayBuffer());
    const fromApi = await exports.default.fetch(
      new Request(`http://jobs.test/api/v1/archives/${day}`, {
        headers: { authorization: `Bearer ${ws.admin.token}` },
      }),
    );
    expect(fromPage).toEqual(new Uint8Array(await fromApi.arrayBuffer()));
    const records = await readGzipNdjson(fromPage.buffer as ArrayBuffer);
    expect(records.filter((r) => r.record === "job")).toHaveLength(1);
    expect((await page("GET", "/admin/archives/2001-01-01/download", { cookie })).status).toBe(404);
    expect((await page("GET", "/admin/archives/2026-02-30/download", { cookie })).status).toBe(404);
    // Another workspace's admin does not get it.
    const other = await makeWorkspace(slug(), ["admin"]);
    const theirs = await sessionCookie(other.admin);
    expect((await page("GET", `/admin/archives/${day}/download`, { cookie: theirs })).status).toBe(404);
    expect((await page("GET", "/admin/archives", { cookie: theirs })).text).not.toContain(`archive-${day}`);
  });

  it("shows 30 days a page, newest first, with an Older link to the next page by cursor", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const now = Date.now();
    // Written parts straight in D1: the list sums rows only, so no object is needed to page through them.
    const days = Array.from({ length: 31 }, (_, i) => isoDay(now - i * DAY));
    for (const day of days) {
      await db()
        .insert(archiveParts)
        .values({
          id: newId(),
          workspaceId: ws.workspaceId,
          day,
          key: `archives/${ws.workspaceId}/${day}/x.ndjson.gz`,
          reason: "discard",
          actor: "owner",
          createdAt: now,
          state: "written",
          jobs: 2,
          events: 5,
          rejectedRows: 0,
          findings: 0,
          bytes: 2_500,
          writtenAt: now,
        });
    }
    const cookie = await sessionCookie(ws.owner);
    const first = await page("GET", "/admin/archives", { cookie });
    const listed = (html: string) => [...html.matchAll(/<tr id="archive-(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]);
    expect(listed(first.text)).toEqual(days.slice(0, 30));
    expect(first.text).toContain("2.5 KB");
    const older = unescapeHtml(markupFrom(first.text, '<nav class="pager"', "</nav>"));
    expect(older).toContain(`href="/admin/archives?cursor=${days[29]}#archives"`);
    expect(older).toContain("Older");
    const second = await page("GET", `/admin/archives?cursor=${days[29]}`, { cookie });
    expect(listed(second.text)).toEqual([days[30]]);
    expect(second.text).not.toContain("Older");
    expect(second.text).toContain("Newest");
  });
});
