// Alerts (DESIGN.md "Alerts"): rules of the four kinds open one incident while their condition holds and resolve it
// when it clears, each opening and resolution delivered once (Standard-Webhooks-signed, verified with the
// standardwebhooks package, or Slack's {"text"}) through the queue to a loopback receiver, retried with backoff; and
// the API's validation and access.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { AlertDeliveryJson, AlertJson, AlertRuleJson } from "../../worker/api/alerts.ts";
import type { JobMessage } from "../../worker/api/queue-messages.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { jobs } from "../../worker/db/schema.ts";
import { evaluateAlerts } from "../../worker/jobs/alerts/evaluate.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import { createJob as createEngineJob } from "../../worker/jobs/create.ts";
import { processDeadLetter } from "../../worker/jobs/dead-letter.ts";
import type { EngineDeps } from "../../worker/jobs/engine.ts";
import { queueEnqueuer } from "../../worker/jobs/messages.ts";
import { silentPublisher } from "../../worker/live/publisher.ts";
import { api, makeWorkspace } from "../support/workerd/api.ts";
import { jobInStatus, slug } from "../support/workerd/pages.ts";

const MINUTE = 60_000;
const deps: EngineDeps = {
  env,
  config: engineConfig(env),
  publisher: silentPublisher,
  enqueuer: queueEnqueuer(env),
};

interface Received {
  headers: Record<string, string>;
  body: string;
  answered: number;
}

const receiver = (query = "") => `${env.SOURCE_SERVER_URL}/hooks/${newId()}${query}`;
const received = async (hook: string): Promise<Received[]> => (await fetch(hook.split("?")[0] as string)).json();

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createRule(token: string, body: Record<string, unknown>) {
  const res = await api("POST", "/api/v1/alert-rules", { token, body: { name: "rule", ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as { rule: AlertRuleJson; secret: string | null };
}

const alerts = async (token: string, state?: string) =>
  (await api("GET", `/api/v1/alerts${state ? `?state=${state}` : ""}`, { token })).json.alerts as AlertJson[];

const deliveries = async (token: string, ruleId: string) =>
  (await api("GET", `/api/v1/alert-rules/${ruleId}/deliveries`, { token })).json.deliveries as AlertDeliveryJson[];

/** A job that exhausted its retries: the dead-letter consumer's path, which evaluates dead-letter rules at once. */
async function deadLetter(workspaceId: string, type = "test_flaky") {
  const { job } = await createEngineJob(deps, { workspaceId, type, payload: { items: 1 }, createdBy: null });
  const message: JobMessage = { jobId: job.id, workspaceId, run: job.run, lease: null };
  expect(await processDeadLetter(deps, message)).toMatchObject({ why: "dead-lettered" });
  return job.id;
}

/** Verifies every delivery the receiver got and answers their parsed bodies. */
function verified(secret: string, list: Received[]) {
  const hook = new Webhook(secret);
  return list.map(
    (r) => hook.verify(r.body, r.headers) as { type: string; data: { alert: AlertJson; rule: AlertRuleJson } },
  );
}

describe("dead_letter rules", () => {
  it("open one incident for 50 dead letters within a minute, delivered once, and resolve once the window passes", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hook = receiver();
    const { rule, secret } = await createRule(ws.admin.token, {
      kind: "dead_letter",
      window_minutes: 1,
      channel: { kind: "webhook", url: hook },
    });
    expect(secret).toMatch(/^whsec_/);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await deadLetter(ws.workspaceId));
    // No sweep runs here: the dead letters themselves opened the incident and queued its delivery.
    const [firing] = await waitUntil(
      () => received(hook),
      (list) => list.length >= 1,
    );
    const open = await alerts(ws.admin.token, "firing");
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ rule_id: rule.id, kind: "dead_letter", job_count: 50, state: "firing" });
    expect(open[0]?.job_ids[0]).toBe(ids.at(-1));
    const [body] = verified(secret as string, [firing as Received]);
    expect(body).toMatchObject({ type: "alert.firing", data: { rule: { id: rule.id }, alert: { rule_id: rule.id } } });
    // A sweep while it holds changes nothing on the channel.
    await evaluateAlerts(env, deps.enqueuer, Date.now(), { workspaceId: ws.workspaceId });
    // A minute after the last dead letter the condition has cleared.
    const report = await evaluateAlerts(env, deps.enqueuer, Date.now() + MINUTE + 1_000, {
      workspaceId: ws.workspaceId,
    });
    expect(report).toEqual({ opened: 0, resolved: 1 });
    const list = await waitUntil(
      () => received(hook),
      (l) => l.length >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await received(hook)).length).toBe(2);
    expect(verified(secret as string, list).map((b) => b.type)).toEqual(["alert.firing", "alert.resolved"]);
    expect(new Set(list.map((r) => r.headers["webhook-id"])).size).toBe(2);
    expect(await alerts(ws.admin.token, "firing")).toEqual([]);
    expect((await alerts(ws.admin.token, "resolved"))[0]).toMatchObject({ id: open[0]?.id, state: "resolved" });
    const log = await deliveries(ws.admin.token, rule.id);
    expect(log.map((d) => [d.event, d.status])).toEqual([
      ["resolved", "delivered"],
      ["firing", "delivered"],
    ]);
  });

  it("watch only their type", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    await createRule(ws.admin.token, {
      kind: "dead_letter",
      type: "data_export",
      channel: { kind: "webhook", url: receiver() },
    });
    await deadLetter(ws.workspaceId);
    expect(await alerts(ws.admin.token, "firing")).toEqual([]);
  });
});

describe("failure_rate, wait_time and stalled rules", () => {
  it("failure_rate opens when the share of failures reaches the threshold and resolves when the window moves on", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hook = receiver();
    const { rule } = await createRule(ws.admin.token, {
      kind: "failure_rate",
      type: "test_flaky",
      threshold: 50,
      min_jobs: 2,
      window_minutes: 5,
      channel: { kind: "slack", url: hook },
    });
    const now = Date.now();
    const scope = { workspaceId: ws.workspaceId };
    // One dead letter of one ended job: below min_jobs.
    await deadLetter(ws.workspaceId);
    expect(await evaluateAlerts(env, deps.enqueuer, now, scope)).toEqual({ opened: 0, resolved: 0 });
    await deadLetter(ws.workspaceId);
    expect(await evaluateAlerts(env, deps.enqueuer, now, scope)).toEqual({ opened: 1, resolved: 0 });
    expect(await evaluateAlerts(env, deps.enqueuer, now + 1_000, scope)).toEqual({ opened: 0, resolved: 0 });
    const [open] = await alerts(ws.admin.token, "firing");
    expect(open?.summary).toContain("100% of 2 test_flaky jobs");
    expect(await evaluateAlerts(env, deps.enqueuer, now + 7 * MINUTE, scope)).toEqual({ opened: 0, resolved: 1 });
    const slack = await waitUntil(
      () => received(hook),
      (l) => l.length >= 2,
    );
    const texts = slack.map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(texts[0]).toMatch(/^:rotating_light: Firing: \*rule\* — 100% of 2 test_flaky jobs/);
    expect(texts[0]).toContain("/admin/errors?type=test_flaky|Open in DutyLeak>");
    expect(texts[1]).toMatch(/^:white_check_mark: Resolved: \*rule\*/);
    expect(slack[0]?.headers["webhook-signature"]).toBeUndefined();
    expect((await deliveries(ws.admin.token, rule.id)).every((d) => d.status === "delivered")).toBe(true);
  });

  it("wait_time opens for a job pending over the threshold and resolves when it starts", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    await createRule(ws.admin.token, {
      kind: "wait_time",
      threshold: 10,
      channel: { kind: "webhook", url: receiver() },
    });
    const jobId = await jobInStatus(ws.workspaceId, "pending");
    const scope = { workspaceId: ws.workspaceId };
    const now = Date.now();
    expect(await evaluateAlerts(env, deps.enqueuer, now + 9 * MINUTE, scope)).toEqual({ opened: 0, resolved: 0 });
    expect(await evaluateAlerts(env, deps.enqueuer, now + 11 * MINUTE, scope)).toEqual({ opened: 1, resolved: 0 });
    expect((await alerts(ws.admin.token, "firing"))[0]).toMatchObject({ job_ids: [jobId], job_count: 1 });
    await makeDb(env.DB).update(jobs).set({ status: "running", startedAt: now }).where(eq(jobs.id, jobId)).run();
    expect(await evaluateAlerts(env, deps.enqueuer, now + 12 * MINUTE, scope)).toEqual({ opened: 0, resolved: 1 });
  });

  it("stalled opens for a running job without a chunk for the threshold and resolves when it moves", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    await createRule(ws.admin.token, { kind: "stalled", threshold: 5, channel: { kind: "webhook", url: receiver() } });
    const jobId = await jobInStatus(ws.workspaceId, "running");
    const now = Date.now();
    const db = makeDb(env.DB);
    await db.update(jobs).set({ startedAt: now, lastChunkAt: now }).where(eq(jobs.id, jobId)).run();
    const scope = { workspaceId: ws.workspaceId };
    expect(await evaluateAlerts(env, deps.enqueuer, now + 4 * MINUTE, scope)).toEqual({ opened: 0, resolved: 0 });
    expect(await evaluateAlerts(env, deps.enqueuer, now + 6 * MINUTE, scope)).toEqual({ opened: 1, resolved: 0 });
    expect(await evaluateAlerts(env, deps.enqueuer, now + 7 * MINUTE, scope)).toEqual({ opened: 0, resolved: 0 });
    await db
      .update(jobs)
      .set({ lastChunkAt: now + 7 * MINUTE })
      .where(eq(jobs.id, jobId))
      .run();
    expect(await evaluateAlerts(env, deps.enqueuer, now + 8 * MINUTE, scope)).toEqual({ opened: 0, resolved: 1 });
    expect(await alerts(ws.admin.token, "firing")).toEqual([]);
  });
});

describe("deliveries", () => {
  it("retry a receiver that answers 500 until it accepts, delivering one signed message", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hook = receiver("?fail=1");
    const { rule, secret } = await createRule(ws.admin.token, {
      kind: "dead_letter",
      channel: { kind: "webhook", url: hook },
    });
    await deadLetter(ws.workspaceId);
    const list = await waitUntil(
      () => received(hook),
      (l) => l.length >= 2,
    );
    expect(list.map((r) => r.answered)).toEqual([500, 204]);
    expect(new Set(list.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(verified(secret as string, list.slice(1))[0]?.type).toBe("alert.firing");
    const [log] = await waitUntil(
      () => deliveries(ws.admin.token, rule.id),
      (l) => l[0]?.status === "delivered",
    );
    expect(log).toMatchObject({ event: "firing", status: "delivered", attempts: 2, last_status: 204 });
  });

  it("end in a visible failed delivery when the receiver never answers", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hook = receiver("?hang=1");
    const { rule } = await createRule(ws.admin.token, { kind: "dead_letter", channel: { kind: "webhook", url: hook } });
    await deadLetter(ws.workspaceId);
    const [log] = await waitUntil(
      () => deliveries(ws.admin.token, rule.id),
      (l) => l[0]?.status === "failed",
      40_000,
    );
    // CALLBACK_MAX_ATTEMPTS is 3 in the test configuration.
    expect(log).toMatchObject({ status: "failed", attempts: 3, last_status: null });
    expect(log?.last_error).toMatch(/gave up after 3 attempts: .*no answer in time/);
    expect((await received(hook)).length).toBe(3);
  });

  it("Send test delivers an alert.test through the queue", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const hook = receiver();
    const { rule, secret } = await createRule(ws.admin.token, {
      kind: "stalled",
      threshold: 5,
      channel: { kind: "webhook", url: hook },
    });
    const res = await api("POST", `/api/v1/alert-rules/${rule.id}/test`, { token: ws.admin.token });
    expect(res.status).toBe(202);
    const list = await waitUntil(
      () => received(hook),
      (l) => l.length >= 1,
    );
    expect(verified(secret as string, list)[0]).toMatchObject({
      type: "alert.test",
      data: { alert: null, rule: { id: rule.id } },
    });
  });
});

describe("the alert-rules API", () => {
  it("answers bad rules with a 422 naming each field, and stores nothing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const url = receiver();
    const bad: [Record<string, unknown>, string][] = [
      [{ kind: "sometimes", channel: { kind: "webhook", url } }, "kind"],
      [{ kind: "failure_rate", channel: { kind: "webhook", url } }, "threshold"],
      [{ kind: "failure_rate", threshold: 140, channel: { kind: "webhook", url } }, "threshold"],
      [{ kind: "stalled", threshold: 5, window_minutes: 5, channel: { kind: "webhook", url } }, "window_minutes"],
      [{ kind: "wait_time", threshold: 5, type: "nope", channel: { kind: "webhook", url } }, "type"],
      [{ kind: "dead_letter", channel: { kind: "webhook", url: "ftp://example.com/x" } }, "channel.url"],
      [{ kind: "dead_letter", channel: { kind: "email", url } }, "channel.kind"],
      [{ kind: "dead_letter", channel: { kind: "webhook", url }, extra: 1 }, ""],
    ];
    for (const [body, field] of bad) {
      const res = await api("POST", "/api/v1/alert-rules", { token: ws.admin.token, body: { name: "x", ...body } });
      expect(res.status, JSON.stringify(body)).toBe(422);
      if (field) expect(Object.keys(res.json.error.details), JSON.stringify(body)).toContain(field);
    }
    expect((await api("GET", "/api/v1/alert-rules", { token: ws.admin.token })).json.rules).toEqual([]);
  });

  it("pages rules, changes and deletes them, and keeps them to their workspace and to managers", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const other = await makeWorkspace(slug(), ["admin"]);
    const url = receiver();
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push((await createRule(ws.admin.token, { kind: "dead_letter", channel: { kind: "slack", url } })).rule.id);
    const first = await api("GET", "/api/v1/alert-rules?limit=2", { token: ws.admin.token });
    expect(first.json.rules.map((r: AlertRuleJson) => r.id)).toEqual(made.slice(0, 2));
    const rest = await api("GET", `/api/v1/alert-rules?limit=2&cursor=${first.json.next_cursor}`, {
      token: ws.admin.token,
    });
    expect(rest.json.rules.map((r: AlertRuleJson) => r.id)).toEqual(made.slice(2));
    expect(rest.json.next_cursor).toBeNull();
    const id = made[0] as string;
    const patched = await api("PATCH", `/api/v1/alert-rules/${id}`, {
      token: ws.admin.token,
      body: { name: "Dead letters", window_minutes: 30, channel: { kind: "webhook", url }, enabled: false },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.rule).toMatchObject({
      name: "Dead letters",
      window_minutes: 30,
      enabled: false,
      channel: { kind: "webhook" },
    });
    expect(patched.json.secret).toMatch(/^whsec_/);
    const refused = await api("PATCH", `/api/v1/alert-rules/${id}`, { token: ws.admin.token, body: { threshold: 5 } });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.json.error.details)).toEqual(["threshold"]);
    expect((await api("GET", `/api/v1/alert-rules/${id}`, { token: other.admin.token })).status).toBe(404);
    expect((await api("DELETE", `/api/v1/alert-rules/${id}`, { token: other.admin.token })).status).toBe(404);
    expect((await api("GET", "/api/v1/alert-rules", { token: ws.member.token })).status).toBe(403);
    expect((await api("GET", "/api/v1/alerts", { token: ws.member.token })).status).toBe(403);
    expect((await api("DELETE", `/api/v1/alert-rules/${id}`, { token: ws.admin.token })).status).toBe(204);
    expect((await api("GET", `/api/v1/alert-rules/${id}`, { token: ws.admin.token })).status).toBe(404);
    expect((await api("GET", "/api/v1/alerts?state=open", { token: ws.admin.token })).status).toBe(422);
  });
});
