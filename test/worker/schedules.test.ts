// Schedules (DESIGN.md "Schedules"): a 5-field cron in a time zone creates exactly one job per due time however often
// it is fired (duplicate ticks, concurrent sweeps, a claim left by a crash), a time missed while stopped fires once,
// overlap skip records the skip, run now, pause and resume; run_at on a job; and the API's 4xx answers.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { JobMessage } from "../../worker/api/queue-messages.ts";
import type { ScheduleJson, ScheduleRunJson } from "../../worker/api/schedules.ts";
import { makeDb } from "../../worker/db/client.ts";
import { claimFire, findSchedule } from "../../worker/db/schedules.ts";
import { jobs } from "../../worker/db/schema.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import type { EngineDeps } from "../../worker/jobs/engine.ts";
import { fireDueSchedules } from "../../worker/jobs/schedules/fire.ts";
import { sweep } from "../../worker/jobs/sweeper.ts";
import { silentPublisher } from "../../worker/live/publisher.ts";
import { api, getJob, makeWorkspace } from "../support/workerd/api.ts";
import { slug } from "../support/workerd/pages.ts";

const MINUTE = 60_000;
const sent: JobMessage[] = [];
const deps: EngineDeps = {
  env,
  config: engineConfig(env),
  publisher: silentPublisher,
  enqueuer: {
    enqueue: async (m) => {
      sent.push(m);
    },
    enqueueMany: async (ms) => {
      sent.push(...ms);
    },
    deadLetter: async () => {},
    enqueueCallback: async () => {},
    enqueueAlert: async () => {},
  },
};

async function createSchedule(token: string, body: Record<string, unknown>): Promise<ScheduleJson> {
  const res = await api("POST", "/api/v1/schedules", {
    token,
    body: { name: "nightly", cron: "* * * * *", type: "test_flaky", payload: { items: 1 }, ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.json.schedule as ScheduleJson;
}

const jobsOf = (workspaceId: string, scheduleId: string) =>
  makeDb(env.DB)
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.scheduleId, scheduleId)))
    .all();

const runsOf = async (token: string, id: string) =>
  (await api("GET", `/api/v1/schedules/${id}`, { token })).json.runs as ScheduleRunJson[];

describe("firing schedules", () => {
  it("creates exactly one job per due time, whatever the duplicate and concurrent ticks", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const schedule = await createSchedule(ws.admin.token, { overlap: "allow" });
    const due = Date.parse(schedule.next_run_at as string);
    expect(schedule.next_runs).toHaveLength(5);
    expect(Date.parse(schedule.next_runs[1] as string) - due).toBe(MINUTE);
    // Before its time nothing fires.
    expect(await fireDueSchedules(deps, due - 1, ws.workspaceId)).toEqual({ created: 0, skipped: 0, failed: 0 });
    // Three sweeps at once and two more after: one job.
    const reports = await Promise.all([0, 1, 2].map(() => fireDueSchedules(deps, due + 500, ws.workspaceId)));
    expect(reports.reduce((n, r) => n + r.created, 0)).toBe(1);
    await fireDueSchedules(deps, due + 900, ws.workspaceId);
    await fireDueSchedules(deps, due + 900);
    expect(await jobsOf(ws.workspaceId, schedule.id)).toHaveLength(1);
    // The next minute: one more.
    await fireDueSchedules(deps, due + MINUTE + 100, ws.workspaceId);
    await fireDueSchedules(deps, due + MINUTE + 200, ws.workspaceId);
    const made = await jobsOf(ws.workspaceId, schedule.id);
    expect(made).toHaveLength(2);
    const runs = await runsOf(ws.admin.token, schedule.id);
    expect(runs.map((r) => [r.kind, r.outcome])).toEqual([
      ["cron", "created"],
      ["cron", "created"],
    ]);
    expect(new Set(runs.map((r) => r.job_id))).toEqual(new Set(made.map((j) => j.id)));
    const job = (await getJob(ws.admin.token, made[0]?.id as string)).job;
    expect(job.schedule_id).toBe(schedule.id);
  });

  it("fires a time missed while stopped once, not once per missed time, then moves on to the next time after now", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const schedule = await createSchedule(ws.admin.token, { overlap: "allow" });
    const due = Date.parse(schedule.next_run_at as string);
    const later = due + 10 * MINUTE + 5_000;
    expect(await fireDueSchedules(deps, later, ws.workspaceId)).toMatchObject({ created: 1 });
    expect(await fireDueSchedules(deps, later + 1_000, ws.workspaceId)).toMatchObject({ created: 0 });
    const row = await findSchedule(makeDb(env.DB), ws.workspaceId, schedule.id);
    expect(row?.nextRunAt).toBe(due + 11 * MINUTE);
    expect(await jobsOf(ws.workspaceId, schedule.id)).toHaveLength(1);
  });

  it("finishes a fire whose job a crash left uncreated, once", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const schedule = await createSchedule(ws.admin.token, {});
    const db = makeDb(env.DB);
    const row = await findSchedule(db, ws.workspaceId, schedule.id);
    if (!row) throw new Error("no schedule");
    const due = row.nextRunAt as number;
    // The claim committed, then the Worker died before creating the job.
    expect(await claimFire(db, row, { dueAt: due, kind: "cron", nextRunAt: due + MINUTE }, due)).toBe(true);
    expect(await claimFire(db, row, { dueAt: due, kind: "cron", nextRunAt: due + MINUTE }, due)).toBe(false);
    expect(await fireDueSchedules(deps, due + 10_000, ws.workspaceId)).toMatchObject({ created: 0 });
    await Promise.all([fireDueSchedules(deps, due + 31_000, ws.workspaceId), fireDueSchedules(deps, due + 31_000)]);
    expect(await jobsOf(ws.workspaceId, schedule.id)).toHaveLength(1);
    expect((await runsOf(ws.admin.token, schedule.id))[0]).toMatchObject({ outcome: "created" });
  });

  it("skips a fire while the previous job is active with overlap skip, and says so", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const schedule = await createSchedule(ws.admin.token, { overlap: "skip" });
    const due = Date.parse(schedule.next_run_at as string);
    await fireDueSchedules(deps, due, ws.workspaceId);
    expect(await fireDueSchedules(deps, due + MINUTE, ws.workspaceId)).toMatchObject({ created: 0, skipped: 1 });
    const [skipped, first] = await runsOf(ws.admin.token, schedule.id);
    expect(skipped).toMatchObject({ outcome: "skipped", job_id: null });
    expect(skipped?.detail).toContain(`the previous job ${first?.job_id} is still pending`);
    // Once the previous job ended, the next time fires.
    await makeDb(env.DB)
      .update(jobs)
      .set({ status: "completed" })
      .where(eq(jobs.id, first?.job_id as string))
      .run();
    expect(await fireDueSchedules(deps, due + 2 * MINUTE, ws.workspaceId)).toMatchObject({ created: 1 });
  });

  it("runs now, and a paused schedule does not fire until resumed", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const schedule = await createSchedule(ws.admin.token, { cron: "0 3 * * 1", timezone: "Europe/Berlin" });
    const ran = await api("POST", `/api/v1/schedules/${schedule.id}/run`, { token: ws.admin.token });
    expect(ran.status).toBe(202);
    expect(ran.json.run).toMatchObject({ kind: "run_now", outcome: "created", job_status: "pending" });
    const paused = await api("POST", `/api/v1/schedules/${schedule.id}/pause`, { token: ws.admin.token });
    expect(paused.json.schedule).toMatchObject({ enabled: false, next_run_at: null, next_runs: [] });
    expect(await fireDueSchedules(deps, Date.now() + 8 * 24 * 60 * MINUTE, ws.workspaceId)).toMatchObject({
      created: 0,
    });
    const resumed = await api("POST", `/api/v1/schedules/${schedule.id}/resume`, { token: ws.admin.token });
    const next = new Date(resumed.json.schedule.next_run_at);
    expect(next.getUTCDay()).toBe(1);
    // 03:00 in Berlin is 01:00 or 02:00 UTC (summer or winter time).
    expect([1, 2]).toContain(next.getUTCHours());
  });
});

describe("run_at", () => {
  it("holds a job until its time with the wait reason scheduled, then admits it", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const runAt = new Date(Date.now() + 60 * MINUTE).toISOString().replace(/\.\d+Z$/, "Z");
    const res = await api("POST", "/api/v1/jobs", {
      token: ws.admin.token,
      body: { type: "test_flaky", payload: { items: 1 }, run_at: runAt },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.job).toMatchObject({ status: "pending", run_at: new Date(runAt).toISOString() });
    expect(res.json.job.waiting).toMatchObject({ reason: "scheduled", until: new Date(runAt).toISOString() });
    const id = res.json.job.id as string;
    await sweep(env, deps.enqueuer, Date.now(), ws.workspaceId);
    expect((await getJob(ws.admin.token, id)).job.waiting?.reason).toBe("scheduled");
    await sweep(env, deps.enqueuer, Date.parse(runAt) + 1_000, ws.workspaceId);
    const [row] = await makeDb(env.DB).select().from(jobs).where(eq(jobs.id, id)).all();
    expect(row?.admitted).toBe(true);
  });

  it("starts a run_at in the past now, and refuses one over a year ahead or without an offset", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const post = (run_at: unknown) =>
      api("POST", "/api/v1/jobs", { token: ws.admin.token, body: { type: "test_flaky", payload: {}, run_at } });
    const past = await post("2020-01-01T00:00:00Z");
    expect(past.status).toBe(201);
    expect(past.json.job).toMatchObject({ run_at: null });
    expect(past.json.job.waiting?.reason).not.toBe("scheduled");
    for (const bad of [new Date(Date.now() + 400 * 24 * 60 * MINUTE).toISOString(), "2027-01-01T00:00:00", "soon", 5]) {
      const res = await post(bad);
      expect(res.status, String(bad)).toBe(422);
      expect(Object.keys(res.json.error.details)).toContain("run_at");
    }
  });
});

describe("run_at in a batch", () => {
  it("holds each item until its own time and refuses one over a year ahead", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const soon = new Date(Date.now() + 30 * MINUTE).toISOString();
    const res = await api("POST", "/api/v1/jobs/batch", {
      token: ws.admin.token,
      body: {
        jobs: [
          { type: "test_flaky", payload: { items: 1 }, run_at: soon },
          { type: "test_flaky", payload: { items: 1 } },
          { type: "test_flaky", payload: { items: 1 }, run_at: "2099-01-01T00:00:00Z" },
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    const [later, now, far] = res.json.results;
    expect(later.job).toMatchObject({ run_at: soon, waiting: { reason: "scheduled" } });
    expect(now.job.run_at).toBeNull();
    expect(far).toMatchObject({ status: 422, error: { details: { run_at: ["must be at most a year from now"] } } });
  });
});

describe("the schedules API", () => {
  it("answers bad schedules with a 422 naming each field and stores nothing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const bad: [Record<string, unknown>, string][] = [
      [{ cron: "61 * * * *" }, "cron"],
      [{ cron: "*/5 * * * * *" }, "cron"],
      [{ cron: "@daily" }, "cron"],
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ type: "nope" }, "type"],
      [{ payload: { items: "many" } }, "payload.items"],
      [{ overlap: "queue" }, "overlap"],
      [{ extra: true }, ""],
    ];
    for (const [body, field] of bad) {
      const res = await api("POST", "/api/v1/schedules", {
        token: ws.admin.token,
        body: { name: "x", cron: "* * * * *", type: "test_flaky", payload: {}, ...body },
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
      if (field) expect(Object.keys(res.json.error.details), JSON.stringify(body)).toContain(field);
    }
    expect((await api("GET", "/api/v1/schedules", { token: ws.admin.token })).json.schedules).toEqual([]);
  });

  it("pages, changes and deletes schedules, within their workspace and for managers only", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const other = await makeWorkspace(slug(), ["admin"]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createSchedule(ws.admin.token, {})).id);
    const first = await api("GET", "/api/v1/schedules?limit=2", { token: ws.admin.token });
    expect(first.json.schedules.map((s: ScheduleJson) => s.id)).toEqual(ids.slice(0, 2));
    const rest = await api("GET", `/api/v1/schedules?limit=2&cursor=${first.json.next_cursor}`, {
      token: ws.admin.token,
    });
    expect(rest.json.schedules.map((s: ScheduleJson) => s.id)).toEqual(ids.slice(2));
    const id = ids[0] as string;
    const changed = await api("PATCH", `/api/v1/schedules/${id}`, {
      token: ws.admin.token,
      body: { cron: "30 2 * * *", timezone: "America/New_York", name: "Nightly export" },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.schedule).toMatchObject({ cron: "30 2 * * *", timezone: "America/New_York" });
    expect(new Date(changed.json.schedule.next_run_at).getUTCMinutes()).toBe(30);
    const refused = await api("PATCH", `/api/v1/schedules/${id}`, { token: ws.admin.token, body: { cron: "nope" } });
    expect(refused.status).toBe(422);
    expect((await api("GET", `/api/v1/schedules/${id}`, { token: other.admin.token })).status).toBe(404);
    expect((await api("POST", `/api/v1/schedules/${id}/run`, { token: other.admin.token })).status).toBe(404);
    const member = await api("POST", "/api/v1/schedules", {
      token: ws.member.token,
      body: { name: "x", cron: "* * * * *", type: "test_flaky" },
    });
    expect(member.status).toBe(403);
    expect((await api("DELETE", `/api/v1/schedules/${id}`, { token: ws.admin.token })).status).toBe(204);
    expect((await api("GET", `/api/v1/schedules/${id}`, { token: ws.admin.token })).status).toBe(404);
  });
});
