// Lanes on the admin pages: the strip above the jobs table (running against the limit, queued, oldest wait, paused
// by whom, Pause/Resume for managers, the limit for owners), why each waiting row waits, priorities on rows and start
// forms, and the job page's priority form, each with its bad input answered by a 4xx that changes nothing.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { api, createJob, hasStatus, makeWorkspace, waitForJob } from "../support/workerd/api.ts";
import { page, rowHtml, sessionCookie, slug } from "../support/workerd/pages.ts";

const db = () => makeDb(env.DB);

async function setLimit(workspaceId: string, maxRunning: number) {
  await env.DB.prepare("UPDATE workspaces SET max_running = ? WHERE id = ?").bind(maxRunning, workspaceId).run();
}

/** Fills every slot of the workspace with jobs that stay pending (their type is paused before they can start). */
async function waitingWorkspace() {
  const ws = await makeWorkspace(slug(), ["owner", "admin", "member"]);
  await setLimit(ws.workspaceId, 1);
  // data_export is paused, so the test_flaky job below is the one admitted and the later ones wait for its slot.
  await api("POST", "/api/v1/lanes/data_export/pause", { token: ws.admin.token });
  const paused = await createJob(ws.admin.token, "data_export", { format: "csv" });
  const holder = await createJob(ws.admin.token, "test_flaky", { items: 2000, chunk: 1, delay_ms: 200 });
  const waiting = await createJob(ws.admin.token, "test_flaky", { items: 1 });
  const admin = await sessionCookie(ws.admin);
  const owner = await sessionCookie(ws.owner);
  return { ws, paused, holder, waiting, admin, owner };
}

describe("/admin/jobs lanes strip", () => {
  it("shows each type's running against the limit, queued, oldest wait and who paused it", async () => {
    const { ws, paused, holder, waiting, admin, owner } = await waitingWorkspace();
    const res = await page("GET", "/admin/jobs", { cookie: admin });
    expect(res.status).toBe(200);
    const strip = res.text.slice(
      res.text.indexOf('id="lanes"'),
      res.text.indexOf("</section>", res.text.indexOf('id="lanes"')),
    );
    expect(strip).toContain("1 of 1 slots in use");
    expect(strip).toMatch(/data-type="data_export"[\s\S]*?0\/1 running[\s\S]*?1 queued[\s\S]*?oldest waits/);
    expect(strip).toContain(`Paused by ${ws.admin.email}`);
    expect(strip).toContain('action="/admin/lanes/data_export/resume"');
    expect(strip).toContain('action="/admin/lanes/test_flaky/pause"');
    // Idle types share one line, and a manager pauses one of them from its form.
    expect(strip).toMatch(/Idle: Data import, Bulk classification, Duty optimisation/);
    expect(strip).toContain('action="/admin/lanes/pause"');
    // Only the owner sets the limit.
    expect(strip).not.toContain("/admin/lanes/limit");
    expect((await page("GET", "/admin/jobs", { cookie: owner })).text).toContain('action="/admin/lanes/limit"');

    // Every waiting row says why.
    expect(rowHtml(res.text, paused.id)).toContain(`data_export paused by ${ws.admin.email}`);
    expect(rowHtml(res.text, waiting.id)).toContain("waiting for a slot: 1 of 1 running");
    expect(rowHtml(res.text, holder.id)).not.toContain("wait-note");

    // The fragment the strip refetches is the same strip.
    const fragment = await page("GET", "/admin/lanes/strip", { cookie: admin, htmx: true });
    expect(fragment.text).toContain('id="lanes"');
    await api("POST", `/api/v1/jobs/${holder.id}/cancel`, { token: ws.admin.token });
  });

  it("pauses and resumes a type from the strip, and the owner sets the limit (1–50, else 422)", async () => {
    const { ws, holder, waiting, admin, owner } = await waitingWorkspace();
    const resumed = await page("POST", "/admin/lanes/data_export/resume", { cookie: admin, form: {} });
    expect([resumed.status, resumed.location]).toEqual([303, "/admin/jobs"]);
    const paused = await page("POST", "/admin/lanes/test_flaky/pause", { cookie: admin, form: {} });
    expect(paused.status).toBe(303);
    const after = await page("GET", "/admin/jobs", { cookie: admin });
    expect(rowHtml(after.text, waiting.id)).toContain(`test_flaky paused by ${ws.admin.email}`);
    expect((await page("POST", "/admin/lanes/nope/pause", { cookie: admin, form: {} })).status).toBe(404);
    const idle = await page("POST", "/admin/lanes/pause", { cookie: admin, form: { type: "data_import" } });
    expect(idle.status).toBe(303);
    const lanes = (await api("GET", "/api/v1/lanes", { token: ws.admin.token })).json.lanes;
    expect(lanes.find((lane: { type: string }) => lane.type === "data_import")).toMatchObject({ paused: true });
    expect((await page("POST", "/admin/lanes/pause", { cookie: admin, form: { type: "x" } })).status).toBe(422);

    for (const bad of ["0", "51", "2.5", "", "four"]) {
      const refused = await page("POST", "/admin/lanes/limit", { cookie: owner, form: { max_running: bad } });
      expect(refused.status, bad).toBe(422);
      expect(refused.text).toContain("must be a whole number from 1 to 50");
    }
    expect((await api("GET", "/api/v1/settings", { token: ws.owner.token })).json.max_running).toBe(1);
    expect((await page("POST", "/admin/lanes/limit", { cookie: admin, form: { max_running: "5" } })).status).toBe(403);
    const set = await page("POST", "/admin/lanes/limit", { cookie: owner, form: { max_running: "6" } });
    expect(set.status).toBe(303);
    expect((await api("GET", "/api/v1/settings", { token: ws.owner.token })).json.max_running).toBe(6);
    await api("POST", `/api/v1/jobs/${holder.id}/cancel`, { token: ws.admin.token });
  });
});

describe("priorities on the pages", () => {
  it("marks high and low priority rows, and the job page changes a waiting job's priority", async () => {
    const { ws, holder, waiting, admin } = await waitingWorkspace();
    const detail = await page("GET", `/admin/jobs/${waiting.id}`, { cookie: admin });
    expect(detail.text).toContain(`action="/admin/jobs/${waiting.id}/priority"`);
    expect(detail.text).toMatch(/<dt>Waiting<\/dt>\s*<dd>\s*<span[^>]*>waiting for a slot: 1 of 1 running/);
    const changed = await page("POST", `/admin/jobs/${waiting.id}/priority`, {
      cookie: admin,
      form: { priority: "high" },
    });
    expect([changed.status, changed.location]).toEqual([303, `/admin/jobs/${waiting.id}`]);
    expect((await getJobById(db(), waiting.id))?.priority).toBe(0);
    const list = await page("GET", "/admin/jobs", { cookie: admin });
    expect(rowHtml(list.text, waiting.id)).toMatch(/class="priority priority-high"[^>]*>High</);
    expect(rowHtml(list.text, holder.id)).not.toContain('class="priority');

    const bad = await page("POST", `/admin/jobs/${waiting.id}/priority`, { cookie: admin, form: { priority: "now" } });
    expect(bad.status).toBe(422);
    expect((await getJobById(db(), waiting.id))?.priority).toBe(0);
    // A running job's priority no longer matters: no form, and a post is refused.
    await waitForJob(ws.admin.token, holder.id, hasStatus("running"));
    const running = await page("GET", `/admin/jobs/${holder.id}`, { cookie: admin });
    expect(running.text).not.toContain("/priority");
    await api("POST", `/api/v1/jobs/${holder.id}/cancel`, { token: ws.admin.token });
    const late = await page("POST", `/admin/jobs/${holder.id}/priority`, { cookie: admin, form: { priority: "low" } });
    expect(late.status).toBe(409);
  });

  it("start forms send a priority, Normal by default, and refuse an unknown one", async () => {
    const ws = await makeWorkspace(slug(), ["member"]);
    const member = await sessionCookie(ws.member);
    const imports = await page("GET", "/imports", { cookie: member });
    expect(imports.text).toMatch(
      /<select id="import-priority" name="priority">[\s\S]*?<option value="normal" selected/,
    );
    const started = await page("POST", "/imports/start", {
      cookie: member,
      form: { type: "data_export", format: "csv", priority: "low" },
    });
    expect(started.status).toBe(303);
    const id = new URL(started.location ?? "", "http://x").searchParams.get("started") ?? "";
    expect((await getJobById(db(), id))?.priority).toBe(2);
    const refused = await page("POST", "/imports/start", {
      cookie: member,
      form: { type: "data_export", format: "csv", priority: "urgent" },
    });
    expect(refused.status).toBe(422);
  });
});
