// Admin → Schedules as HTML: who may open it, the New schedule form (a refusal keeps what was typed and names each
// field beside it; empty boxes are absent; a success shows the next five times), Run now (the job it created, or a
// skip with its reason), Pause/Resume, Delete (confirmed first), another workspace's schedule, the keyset pages, and
// the cron in words.
import { describe, expect, it } from "vitest";
import { cronWords } from "../../views/schedules/cron-words.ts";
import type { ScheduleJson, ScheduleRunJson } from "../../worker/api/schedules.ts";
import { api, getJob, makeWorkspace } from "../support/workerd/api.ts";
import { markupFrom, section, unescapeHtml } from "../support/workerd/html.ts";
import { page, sessionCookie, slug } from "../support/workerd/pages.ts";

/** The `<tr>` of a schedule in the schedules table. */
const scheduleRow = (html: string, id: string) => markupFrom(html, `<tr id="schedule-${id}"`, "</tr>");

/** A schedule's disclosure in Last runs. */
const runsLog = (html: string, id: string) =>
  markupFrom(html, `<details class="schedule-log" id="runs-${id}"`, "</details>");

const scheduleForm = (name: string, extra: Record<string, string> = {}) => ({
  name,
  cron: "30 2 * * *",
  timezone: "UTC",
  type: "test_flaky",
  payload: '{"items": 1}',
  priority: "normal",
  overlap: "skip",
  ...extra,
});

const schedulesOf = async (token: string) =>
  (await api("GET", "/api/v1/schedules?limit=100", { token })).json.schedules as ScheduleJson[];

const runsOf = async (token: string, id: string) =>
  (await api("GET", `/api/v1/schedules/${id}`, { token })).json.runs as ScheduleRunJson[];

/** Creates a schedule through the form and answers its id (from the redirect). */
async function createViaForm(cookie: string, name: string, extra: Record<string, string> = {}) {
  const res = await page("POST", "/admin/schedules", { cookie, form: scheduleForm(name, extra) });
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  const id = new URL(res.location as string, "http://x").searchParams.get("schedule");
  if (!id) throw new Error(`no schedule in ${res.location}`);
  return { id, location: res.location as string };
}

/** Follows a redirect of the page (without its #hash). */
const follow = (location: string | null, cookie: string) =>
  page("GET", (location as string).split("#")[0] as string, { cookie });

describe("access to /admin/schedules", () => {
  it("redirects anonymous visitors to /login", async () => {
    const res = await page("GET", "/admin/schedules");
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/login?next=${encodeURIComponent("/admin/schedules")}`);
  });

  it("gives members the 403 page for the page and every action, and no sidebar link", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member", "viewer"]);
    const { id } = await createViaForm(await sessionCookie(ws.admin), "Members keep out");
    for (const role of ["member", "viewer"] as const) {
      const cookie = await sessionCookie(ws[role]);
      expect((await page("GET", "/admin/schedules", { cookie })).status, role).toBe(403);
      for (const path of [
        "/admin/schedules",
        ...["run", "pause", "delete"].map((x) => `/admin/schedules/${id}/${x}`),
      ]) {
        const res = await page("POST", path, { cookie, form: { ...scheduleForm("x"), confirmed: "yes" } });
        expect(res.status, `${role} ${path}`).toBe(403);
      }
      expect((await page("GET", "/products", { cookie })).text).not.toContain('href="/admin/schedules"');
    }
    const [schedule] = await schedulesOf(ws.admin.token);
    expect(schedule).toMatchObject({ id, enabled: true, last_job_id: null });
    expect(await schedulesOf(ws.admin.token)).toHaveLength(1);
  });

  it("lets owners in with the title Schedules, and lists Schedules in the Admin section after Alerts", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const res = await page("GET", "/admin/schedules", { cookie: await sessionCookie(ws.owner) });
    expect(res.status).toBe(200);
    expect(res.text).toContain("<title>Schedules · DutyLeak</title>");
    const alerts = res.text.indexOf('<a href="/admin/alerts"');
    const schedules = res.text.indexOf('<a href="/admin/schedules" aria-current="page">Schedules</a>');
    expect(alerts).toBeGreaterThan(res.text.indexOf('<p class="nav-heading">Admin</p>'));
    expect(schedules).toBeGreaterThan(alerts);
    expect(section(res.text, "schedules")).toContain("No schedules yet. Create one below.");
  });

  it("answers 404 when an admin of B acts on A's schedule, and leaves it alone", async () => {
    const a = await makeWorkspace(slug(), ["admin"]);
    const b = await makeWorkspace(slug(), ["admin"]);
    const { id } = await createViaForm(await sessionCookie(a.admin), "Only A's");
    const before = await schedulesOf(a.admin.token);
    const cookieB = await sessionCookie(b.admin);
    for (const action of ["run", "pause", "resume", "delete"]) {
      const res = await page("POST", `/admin/schedules/${id}/${action}`, {
        cookie: cookieB,
        form: { confirmed: "yes" },
      });
      expect(res.status, action).toBe(404);
      expect(res.text).toContain("Schedule not found.");
    }
    expect(await schedulesOf(a.admin.token)).toEqual(before);
    expect(await runsOf(a.admin.token, id)).toEqual([]);
    expect((await page("GET", "/admin/schedules", { cookie: cookieB })).text).not.toContain(id);
    const cookieA = await sessionCookie(a.admin);
    expect((await page("POST", "/admin/schedules/not-an-id/run", { cookie: cookieA })).status).toBe(404);
  });

  it("refuses a form posted from another site (CSRF) with 403, and creates nothing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const res = await page("POST", "/admin/schedules", {
      cookie: await sessionCookie(ws.admin),
      form: scheduleForm("csrf"),
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(await schedulesOf(ws.admin.token)).toEqual([]);
  });
});

describe("POST /admin/schedules (New schedule)", () => {
  it("answers 422 with the form as typed and each refused field named beside it, and stores nothing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const res = await page("POST", "/admin/schedules", {
      cookie,
      form: scheduleForm("", {
        cron: "61 * * * *",
        timezone: "Europe/Berlin",
        type: "",
        payload: '{"items": ',
        priority: "high",
        overlap: "allow",
        paused: "yes",
      }),
    });
    expect(res.status).toBe(422);
    const form = section(res.text, "new-schedule");
    // What was typed stays.
    expect(form).toMatch(/<input[^>]*id="schedule-cron"[^>]*value="61 \* \* \* \*"/);
    expect(form).toMatch(/<input[^>]*id="schedule-timezone"[^>]*value="Europe\/Berlin"/);
    expect(unescapeHtml(form)).toMatch(/<textarea[^>]*id="schedule-payload"[^>]*>\{"items": <\/textarea>/);
    expect(form).toContain('<option value="high" selected="">High</option>');
    expect(form).toMatch(/<input[^>]*id="schedule-overlap-allow"[^>]*checked=""/);
    expect(form).toMatch(/<input[^>]*id="schedule-paused"[^>]*checked=""/);
    // Each refused field: its message beside it, described by it, marked invalid; the summary links to it.
    for (const [id, text] of [
      ["schedule-name", "Name is required."],
      ["schedule-cron", "Cron: Invalid value for minute: 61."],
      ["schedule-type", "Job type is required: choose the type of job each run creates."],
      ["schedule-payload", "Payload is not valid JSON ("],
    ] as const) {
      expect(form, id).toMatch(new RegExp(`<(input|select|textarea)[^>]*id="${id}"[^>]*aria-invalid="true"`));
      expect(form, id).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-error"`));
      expect(unescapeHtml(form), id).toContain(`<p class="field-error" id="${id}-error">${text}`);
      expect(form, id).toContain(`<a href="#${id}">`);
    }
    // The summary lists them in the form's order, whichever check found them.
    const summary = [...form.matchAll(/<li><a href="#([a-z-]+)">/g)].map((m) => m[1]);
    expect(summary).toEqual(["schedule-name", "schedule-cron", "schedule-type", "schedule-payload"]);
    // Fields that were fine are not marked.
    expect(form).not.toMatch(/id="schedule-timezone"[^>]*aria-invalid/);
    expect(form).toContain('role="alert"');
    expect(await schedulesOf(ws.admin.token)).toEqual([]);
  });

  it("names an unknown time zone, and a payload its type refuses, beside their fields", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const zone = await page("POST", "/admin/schedules", {
      cookie,
      form: scheduleForm("Mars", { timezone: "Mars/Olympus" }),
    });
    expect(zone.status).toBe(422);
    expect(zone.text).toContain('<p class="field-error" id="schedule-timezone-error">Time zone: unknown time zone;');
    const payload = await page("POST", "/admin/schedules", {
      cookie,
      form: scheduleForm("Many", { payload: '{"items": "many"}' }),
    });
    expect(payload.status).toBe(422);
    const form = section(payload.text, "new-schedule");
    expect(form).toMatch(/<textarea[^>]*id="schedule-payload"[^>]*aria-invalid="true"/);
    expect(form).toContain('<p class="field-error" id="schedule-payload-error">Payload items: ');
    expect(form).toContain('<a href="#schedule-payload">Payload items: ');
    expect(await schedulesOf(ws.admin.token)).toEqual([]);
  });

  it("redirects with a notice and shows the new schedule's next five times, its cron in words and its zone", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id, location } = await createViaForm(cookie, "Nightly export", { timezone: "Europe/Berlin" });
    expect(location).toBe(`/admin/schedules?done=created&schedule=${id}#schedule-${id}`);
    const [schedule] = await schedulesOf(ws.admin.token);
    expect(schedule).toMatchObject({
      id,
      name: "Nightly export",
      cron: "30 2 * * *",
      timezone: "Europe/Berlin",
      type: "test_flaky",
      payload: { items: 1 },
      priority: "normal",
      overlap: "skip",
      enabled: true,
    });
    const res = await follow(location, cookie);
    expect(res.text).toContain("Schedule Nightly export created. It next runs ");
    const row = scheduleRow(res.text, id);
    expect(row).toContain("<code>30 2 * * *</code>");
    expect(row).toContain("Europe/Berlin");
    expect(row).toContain('<span class="cron-words">Every day at 02:30</span>');
    expect(row).toContain('<span class="badge badge-active">Active</span>');
    expect(row).toContain("Not run yet");
    const times = [...row.matchAll(/<li[^>]*><time datetime="([^"]+)"[^>]*data-utc="([^"]+)"/g)];
    expect(times.map((m) => m[1])).toEqual(schedule?.next_runs);
    expect(times).toHaveLength(5);
    expect(times[0]?.[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:30:00 UTC$/);
    // The first also says how far off it is.
    expect(row).toMatch(/<span class="muted next-run-relative"> <time datetime="[^"]+" data-relative="true"/);
    // The form starts empty again.
    expect(section(res.text, "new-schedule")).toMatch(/<input[^>]*id="schedule-name"[^>]*value=""/);
  });

  it("sends empty boxes as absent (UTC, {}) and starts paused when asked, naming who paused it", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id, location } = await createViaForm(cookie, "Later", {
      timezone: "",
      payload: "",
      type: "data_export",
      paused: "yes",
    });
    expect((await schedulesOf(ws.admin.token))[0]).toMatchObject({
      timezone: "UTC",
      payload: {},
      enabled: false,
      paused_by: ws.admin.email,
      next_runs: [],
    });
    const res = await follow(location, cookie);
    expect(res.text).toContain("Schedule Later created. It is paused: it runs only once resumed.");
    const row = scheduleRow(res.text, id);
    expect(row).toContain('<span class="badge badge-paused">Paused</span>');
    expect(row).toContain(`by ${ws.admin.email}`);
    expect(row).toContain("None while paused");
    expect(row).toContain(">Resume</button>");
  });
});

describe("schedule actions", () => {
  it("Run now creates a job, names it in the notice and shows it with its status as the last run", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id } = await createViaForm(cookie, "On demand");
    const res = await page("POST", `/admin/schedules/${id}/run`, { cookie });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(new RegExp(`^/admin/schedules\\?done=ran&schedule=${id}&run=\\d+#schedule-${id}$`));
    const [run] = await runsOf(ws.admin.token, id);
    expect(run).toMatchObject({ kind: "run_now", outcome: "created" });
    const jobId = run?.job_id as string;
    expect((await getJob(ws.admin.token, jobId)).job).toMatchObject({ type: "test_flaky", schedule_id: id });
    const after = await follow(res.location, cookie);
    expect(after.text).toContain(`Run now created job <a href="/admin/jobs/${jobId}"><code>${jobId}</code></a>`);
    const row = scheduleRow(after.text, id);
    expect(row).toContain('<span class="badge badge-run-created">Created</span>');
    expect(row).toContain(`href="/admin/jobs/${jobId}"`);
    expect(row).toMatch(/<span class="badge badge-(pending|running|completed)">/);
    expect(row).toContain('<span class="muted last-run-kind">Fired by Run now</span>');
    // Its log opens, with the run in it.
    const log = runsLog(after.text, id);
    expect(log).toMatch(/^<details class="schedule-log" id="runs-[0-9A-Z]+" open=""/);
    expect(log).toContain('<td data-label="Fired by">Run now</td>');
    expect(log).toContain(`href="/admin/jobs/${jobId}"`);
  });

  it("shows a run skipped while the previous job is still pending, with its reason, in the notice and the log", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    // With its type paused the first job stays pending, so overlap skip has something to skip for.
    expect((await api("POST", "/api/v1/lanes/test_flaky/pause", { token: ws.admin.token })).status).toBe(200);
    const { id } = await createViaForm(cookie, "No pile-ups");
    await page("POST", `/admin/schedules/${id}/run`, { cookie });
    const [first] = await runsOf(ws.admin.token, id);
    expect(first).toMatchObject({ outcome: "created", job_status: "pending" });
    // Another millisecond, another run-now key.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await page("POST", `/admin/schedules/${id}/run`, { cookie });
    expect(res.status).toBe(303);
    const reason = `the previous job ${first?.job_id} is still pending`;
    const after = await follow(res.location, cookie);
    expect(after.text).toContain(`<p class="flash flash-error">Run now skipped No pile-ups: ${reason}.</p>`);
    const row = scheduleRow(after.text, id);
    expect(row).toContain('<span class="badge badge-run-skipped">Skipped</span>');
    expect(row).toContain(reason);
    // The log opens by itself when the last run made no job, and says why; the earlier run keeps its job.
    const log = runsLog((await page("GET", "/admin/schedules", { cookie })).text, id);
    expect(log).toMatch(/^<details class="schedule-log" id="runs-[0-9A-Z]+" open=""/);
    expect(log).toContain('<span class="badge badge-run-skipped">1 without a job</span>');
    expect(log).toContain(`<td data-label="Detail" class="run-detail">${reason}</td>`);
    expect(log).toContain(`href="/admin/jobs/${first?.job_id}"`);
    expect(log).toContain('<span class="badge badge-pending">Pending</span>');
    const runs = await runsOf(ws.admin.token, id);
    expect(runs.map((r) => r.outcome)).toEqual(["skipped", "created"]);
  });

  it("Pause stops the schedule, with who paused it; Resume brings its next five times back", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id } = await createViaForm(cookie, "Hourly", { cron: "0 * * * *" });
    const paused = await page("POST", `/admin/schedules/${id}/pause`, { cookie });
    expect(paused.status).toBe(303);
    expect(paused.location).toBe(`/admin/schedules?done=paused&schedule=${id}#schedule-${id}`);
    expect((await schedulesOf(ws.admin.token))[0]).toMatchObject({ enabled: false, paused_by: ws.admin.email });
    const page1 = await follow(paused.location, cookie);
    expect(page1.text).toContain("Hourly is paused: it creates no jobs until resumed.");
    const row = scheduleRow(page1.text, id);
    expect(row).toContain('<span class="badge badge-paused">Paused</span>');
    expect(row).toContain("None while paused");
    expect(row).toContain(">Resume</button>");
    const resumed = await page("POST", `/admin/schedules/${id}/resume`, { cookie });
    expect(resumed.status).toBe(303);
    const [schedule] = await schedulesOf(ws.admin.token);
    expect(schedule).toMatchObject({ enabled: true, paused_by: null });
    const page2 = await follow(resumed.location, cookie);
    expect(page2.text).toContain("Hourly is active again. It next runs ");
    const row2 = scheduleRow(page2.text, id);
    expect(row2).toContain(">Pause</button>");
    expect(row2).toContain('<span class="cron-words">Every hour at :00</span>');
    expect([...row2.matchAll(/<li[^>]*><time datetime="([^"]+)"/g)].map((m) => m[1])).toEqual(schedule?.next_runs);
  });

  it("Delete asks on a page first, then deletes the schedule and keeps its jobs", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id } = await createViaForm(cookie, "Short-lived");
    await page("POST", `/admin/schedules/${id}/run`, { cookie });
    const [run] = await runsOf(ws.admin.token, id);
    const ask = await page("POST", `/admin/schedules/${id}/delete`, { cookie, form: {} });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain("<strong>Delete the schedule Short-lived?</strong>");
    expect(ask.text).toContain('name="confirmed" value="yes"');
    expect(ask.text).toContain(`href="/admin/schedules#schedule-${id}"`);
    expect((await schedulesOf(ws.admin.token)).map((s) => s.id)).toEqual([id]);
    const gone = await page("POST", `/admin/schedules/${id}/delete`, { cookie, form: { confirmed: "yes" } });
    expect(gone.status).toBe(303);
    expect(gone.location).toBe("/admin/schedules?done=deleted#schedules");
    expect(await schedulesOf(ws.admin.token)).toEqual([]);
    expect((await api("GET", `/api/v1/schedules/${id}`, { token: ws.admin.token })).status).toBe(404);
    expect((await getJob(ws.admin.token, run?.job_id as string)).job.id).toBe(run?.job_id);
    expect((await follow(gone.location, cookie)).text).toContain("The schedule was deleted; the jobs it created stay.");
  });
});

describe("the schedules list", () => {
  it("pages the schedules by ?after= 50 at a time", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const ids: string[] = [];
    for (let i = 0; i < 51; i++) {
      const res = await api("POST", "/api/v1/schedules", {
        token: ws.admin.token,
        body: { name: `Schedule ${i}`, cron: "0 3 * * *", type: "data_export", payload: {}, enabled: false },
      });
      ids.push(res.json.schedule.id);
    }
    const rows = (html: string) =>
      [...section(html, "schedules").matchAll(/<tr id="schedule-([0-9A-Z]{26})"/g)].map((m) => m[1]);
    const first = await page("GET", "/admin/schedules", { cookie });
    expect(rows(first.text)).toEqual(ids.slice(0, 50));
    expect(first.text).toContain(`href="/admin/schedules?after=${ids[49]}#schedules"`);
    const next = await page("GET", `/admin/schedules?after=${ids[49]}`, { cookie });
    expect(rows(next.text)).toEqual(ids.slice(50));
    expect(section(next.text, "schedules")).not.toContain("Next schedules");
    expect(section(next.text, "schedules")).toContain("First schedules");
    // A cursor that is no id is dropped: the page shows its start.
    expect(rows((await page("GET", "/admin/schedules?after=nonsense", { cookie })).text)).toEqual(ids.slice(0, 50));
  });
});

describe("cronWords", () => {
  it.each([
    ["* * * * *", "Every minute"],
    ["*/15 * * * *", "Every 15 minutes"],
    ["0 * * * *", "Every hour at :00"],
    ["0,30 * * * *", "Every hour at :00 and :30"],
    ["30 2 * * *", "Every day at 02:30"],
    ["0 9,17 * * *", "Every day at 09:00 and 17:00"],
    ["0 */6 * * *", "Every 6 hours at :00"],
    ["0 9 * * 1-5", "Monday to Friday at 09:00"],
    ["0 3 * * 1", "Every Monday at 03:00"],
    ["0 10 * * 6,0", "Every Saturday and Sunday at 10:00"],
    ["0 0 * * 7", "Every Sunday at 00:00"],
    ["*/5 * * * 1-5", "Every 5 minutes, Monday to Friday"],
    ["0 0 1 * *", "On the 1st of every month at 00:00"],
    ["15 8 1,15 * *", "On the 1st and 15th of every month at 08:15"],
    ["0 0 1 1 *", "On the 1st of January at 00:00"],
    ["0 12 * jan,jul *", "Every day in January and July at 12:00"],
  ])("says %s as %s", (cron, words) => {
    expect(cronWords(cron)).toBe(words);
  });

  it.each([
    ["*/7 * * * *", "a step that does not divide the hour"],
    ["0 */5 * * *", "a step that does not divide the day"],
    ["*/5 9 * * *", "a frequency within one hour"],
    ["0 3 1 * 1", "a day of the month and a weekday (croner fires on either)"],
    ["0 0 L * *", "the last day of the month"],
    ["0 0 * * 5#2", "the second Friday"],
    ["0 0,6,12,18,21 * * *", "more than four times a day"],
    ["0 0 * *", "four fields"],
  ])("leaves %s to the expression alone (%s)", (cron) => {
    expect(cronWords(cron)).toBeNull();
  });
});
