// Webhooks on the Standard Webhooks convention: endpoint management, signed inbound imports (interoperating with the
// `standardwebhooks` package), idempotency on webhook-id, every refusal, and signed job.finished callbacks.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { webhookEndpoints } from "../../worker/db/schema.ts";
import { api, BASE, getJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

const db = () => makeDb(env.DB);
const slug = () => `ws${newId().slice(-8).toLowerCase()}`;

async function endpointFor(token: string, name = "ERP") {
  const res = await api("POST", "/api/v1/webhook-endpoints", { token, body: { name } });
  expect(res.status).toBe(201);
  return res.json as { endpoint: { id: string; url: string; name: string }; secret: string };
}

/** Signs with the reference implementation, as a customer's ERP would. */
function signed(secret: string, body: string, options: { id?: string; at?: Date } = {}) {
  const id = options.id ?? `msg_${newId()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
    "content-type": "application/json",
  };
}

async function post(endpointId: string, body: string, headers: Record<string, string>) {
  return api("POST", `/webhooks/v1/imports/${endpointId}`, { headers, raw: body });
}

async function deliveries(token: string, endpointId: string) {
  return (await api("GET", `/api/v1/webhook-endpoints/${endpointId}`, { token })).json;
}

const importBody = (rows = 3, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ rows: productRows(rows, `WH${newId().slice(-4)}`), ...extra });

describe("webhook endpoints API", () => {
  it("shows a secret once, stores it sealed, lists endpoints without it, and is for owners and admins only", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const created = await endpointFor(ws.admin.token, "Shopify store");
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(created.endpoint.url).toBe(`${BASE}/webhooks/v1/imports/${created.endpoint.id}`);
    const list = await api("GET", "/api/v1/webhook-endpoints", { token: ws.admin.token });
    expect(list.json.endpoints).toHaveLength(1);
    expect(list.text).not.toContain(created.secret);
    const row = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.endpoint.id)).get();
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));
    expect(row?.secretSealed).toMatch(/^v1\./);
    expect((await api("GET", "/api/v1/webhook-endpoints", { token: ws.member.token })).status).toBe(403);
    const other = await makeWorkspace(slug(), ["owner"]);
    expect(
      (await api("GET", `/api/v1/webhook-endpoints/${created.endpoint.id}`, { token: other.owner.token })).status,
    ).toBe(404);
    expect(
      (await api("POST", `/api/v1/webhook-endpoints/${created.endpoint.id}/rotate`, { token: other.owner.token }))
        .status,
    ).toBe(404);
  });

  it("rotates: the old secret keeps verifying during the grace period, the new one verifies at once", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret: old } = await endpointFor(ws.admin.token);
    const rotated = await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/rotate`, { token: ws.admin.token });
    expect(rotated.status).toBe(200);
    const fresh = rotated.json.secret as string;
    expect(fresh).not.toBe(old);
    expect(Date.parse(rotated.json.endpoint.previous_secret_expires_at)).toBeGreaterThan(Date.now());
    for (const secret of [old, fresh]) {
      const body = importBody();
      expect((await post(endpoint.id, body, signed(secret, body))).status).toBe(202);
    }
    // Once the grace period is over, the old secret is refused.
    await db()
      .update(webhookEndpoints)
      .set({ previousSecretExpiresAt: Date.now() - 1 })
      .where(eq(webhookEndpoints.id, endpoint.id));
    const body = importBody();
    expect((await post(endpoint.id, body, signed(old, body))).status).toBe(401);
    expect((await post(endpoint.id, body, signed(fresh, body))).status).toBe(202);
  });

  it("disables, enables and deletes endpoints", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/disable`, { token: ws.admin.token });
    const body = importBody();
    const refused = await post(endpoint.id, body, signed(secret, body));
    expect(refused.status).toBe(410);
    expect(refused.json.error.code).toBe("endpoint_disabled");
    await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/enable`, { token: ws.admin.token });
    expect((await post(endpoint.id, body, signed(secret, body))).status).toBe(202);
    expect((await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { token: ws.admin.token })).status).toBe(
      204,
    );
    expect((await post(endpoint.id, body, signed(secret, body))).status).toBe(404);
  });
});

describe("POST /webhooks/v1/imports/:endpoint_id", () => {
  it("enqueues a data_import signed by the standardwebhooks package; a redelivery returns the same job", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const body = importBody(25);
    const headers = signed(secret, body, { id: "order-batch-7" });
    const first = await post(endpoint.id, body, headers);
    expect(first.status).toBe(202);
    expect(first.json.job).toMatchObject({ type: "data_import", status: "pending", total: 25 });
    const again = await post(endpoint.id, body, signed(secret, body, { id: "order-batch-7" }));
    expect(again.status).toBe(200);
    expect(again.json.job.id).toBe(first.json.job.id);
    const other = importBody(2);
    const conflict = await post(endpoint.id, other, signed(secret, other, { id: "order-batch-7" }));
    expect(conflict.status).toBe(409);
    expect(conflict.json.error.code).toBe("webhook_id_reused");
    const done = await waitForJob(ws.admin.token, first.json.job.id, hasStatus("completed", "failed"));
    expect(done).toMatchObject({ status: "completed", processed: 25, created_by: "webhook ERP" });
    const log = await deliveries(ws.admin.token, endpoint.id);
    expect(log.deliveries.map((d: any) => [d.outcome, d.status])).toEqual([
      ["rejected", 409],
      ["replayed", 200],
      ["accepted", 202],
    ]);
    expect(log.deliveries[2].job_id).toBe(first.json.job.id);
  });

  it("cannot be captured by an API job that planted the delivery's idempotency key", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const planted = await api("POST", "/api/v1/jobs", {
      token: ws.admin.token,
      body: {
        type: "data_import",
        payload: { rows: productRows(1, "PLANT") },
        idempotency_key: `webhook:${endpoint.id}:msg_planted`,
      },
    });
    expect(planted.status).toBe(201);
    const body = importBody(4);
    const delivered = await post(endpoint.id, body, signed(secret, body, { id: "msg_planted" }));
    // The sender's delivery makes its own job with its own rows; the planted job is not returned.
    expect(delivered.status).toBe(202);
    expect(delivered.json.job.id).not.toBe(planted.json.job.id);
    expect(delivered.json.job).toMatchObject({ total: 4, created_by: "webhook ERP" });
  });

  it("accepts CSV text and hands a source_url to the streamed import", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const csv = JSON.stringify({ csv: "sku,title,origin_country,customs_value,currency\nW-1,Mug,CN,2,USD\n" });
    const a = await post(endpoint.id, csv, signed(secret, csv));
    expect(a.status).toBe(202);
    const url = JSON.stringify({ source_url: `${env.SOURCE_SERVER_URL}/catalogue.csv?rows=700&prefix=WHURL` });
    const b = await post(endpoint.id, url, signed(secret, url));
    expect(b.status).toBe(202);
    expect(await waitForJob(ws.admin.token, b.json.job.id, hasStatus("completed", "failed"))).toMatchObject({
      status: "completed",
      processed: 700,
    });
  });

  it("refuses every kind of bad request with a clear status, logs it, and creates no job", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const { secret: otherSecret } = await endpointFor(ws.admin.token, "other");
    const body = importBody();
    const good = signed(secret, body);
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    const cases: [string, string, Record<string, string>, number, string][] = [
      ["missing headers", body, { "content-type": "application/json" }, 401, "missing_headers"],
      [
        "wrong signature",
        body,
        { ...good, "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" },
        401,
        "bad_signature",
      ],
      ["another endpoint's secret", body, signed(otherSecret, body), 401, "bad_signature"],
      [
        "a v2-only signature",
        body,
        { ...good, "webhook-signature": good["webhook-signature"].replace("v1,", "v2,") },
        401,
        "no_v1_signature",
      ],
      ["6 minutes old", body, signed(secret, body, { at: minutes(-6) }), 401, "timestamp_too_old"],
      ["6 minutes ahead", body, signed(secret, body, { at: minutes(6) }), 401, "timestamp_too_new"],
      ["a body altered after signing", body.replace("WH", "XX"), good, 401, "bad_signature"],
      ["invalid JSON", "{rows:", signed(secret, "{rows:"), 400, "malformed_json"],
      ["0 rows", '{"rows":[]}', signed(secret, '{"rows":[]}'), 422, "validation_failed"],
      ["an unknown field", '{"rows":[{}],"x":1}', signed(secret, '{"rows":[{}],"x":1}'), 422, "validation_failed"],
    ];
    for (const [name, raw, headers, status, code] of cases) {
      const res = await post(endpoint.id, raw, headers);
      expect([name, res.status, res.json?.error?.code]).toEqual([name, status, code]);
    }
    const huge = `{"csv":"${"x".repeat(20 * 1024 * 1024)}"}`;
    const tooBig = await post(endpoint.id, huge, signed(secret, "x"));
    expect(tooBig.status).toBe(413);
    expect((await post(newId(), body, good)).status).toBe(404);
    expect((await post("../../api", body, good)).status).toBe(404);
    expect((await api("GET", "/api/v1/jobs", { token: ws.admin.token })).json.jobs).toEqual([]);
    const log = await deliveries(ws.admin.token, endpoint.id);
    expect(log.deliveries).toHaveLength(cases.length + 1);
    expect(log.deliveries.every((d: any) => d.outcome === "rejected" && d.reason)).toBe(true);
    expect(log.deliveries[0]).toMatchObject({ status: 413 });
  });

  it("refuses a callback_url for a workspace without a signing endpoint (API) and a private one", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const noEndpoint = await api("POST", "/api/v1/jobs", {
      token: ws.admin.token,
      body: { type: "data_import", payload: { rows: productRows(1), callback_url: "https://erp.example.com/hook" } },
    });
    expect(noEndpoint.status).toBe(422);
    expect(noEndpoint.json.error.details["payload.callback_url"][0]).toMatch(/create a webhook endpoint/);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const body = importBody(1, { callback_url: "http://192.168.1.10/hook" });
    const res = await post(endpoint.id, body, signed(secret, body));
    expect(res.status).toBe(422);
  });
});

describe("a webhook import's priority", () => {
  it("takes `priority` from the body's top level (not the payload), and refuses an unknown one with a 422", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const body = importBody(2, { priority: "high" });
    const accepted = await post(endpoint.id, body, signed(secret, body));
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.json.job.priority).toBe("high");
    const stored = await getJob(ws.admin.token, accepted.json.job.id);
    expect(stored.job.priority).toBe("high");
    expect(JSON.parse((await getJobById(db(), stored.job.id))?.payload ?? "{}")).not.toHaveProperty("priority");
    const bad = importBody(2, { priority: "asap" });
    const refused = await post(endpoint.id, bad, signed(secret, bad));
    expect(refused.status).toBe(422);
    expect(refused.json.error.details).toHaveProperty("priority");
  });
});

describe("job.finished callbacks", () => {
  it("delivers a signed callback that the standardwebhooks package verifies", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const hook = `${env.SOURCE_SERVER_URL}/hooks/${newId()}`;
    const body = importBody(5, { callback_url: hook });
    const res = await post(endpoint.id, body, signed(secret, body));
    const jobId = res.json.job.id as string;
    await waitForJob(ws.admin.token, jobId, hasStatus("completed"));
    const [delivery] = await waitForReceived(hook, 1);
    if (!delivery) throw new Error("no callback received");
    const payload = new Webhook(secret).verify(delivery.body, delivery.headers) as any;
    expect(payload).toMatchObject({
      type: "job.finished",
      data: { job: { id: jobId, status: "completed", processed: 5 } },
    });
    expect(Date.parse(payload.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(delivery.headers["webhook-id"]).toBe(`${jobId}.1`);
    const events = await eventsOf(ws.admin.token, jobId);
    expect(events).toContain("callback_delivered");
  });

  it("retries a failing receiver with backoff and delivers exactly once when it accepts", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const hook = `${env.SOURCE_SERVER_URL}/hooks/${newId()}?fail=2`;
    const body = importBody(2, { callback_url: hook });
    const jobId = (await post(endpoint.id, body, signed(secret, body))).json.job.id as string;
    await waitForJob(ws.admin.token, jobId, hasStatus("completed"));
    const received = await waitForReceived(hook, 3);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const final = await fetchReceived(hook);
    expect(final.map((r) => r.answered)).toEqual([500, 500, 204]);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const detail = await api("GET", `/api/v1/webhook-endpoints/${endpoint.id}`, { token: ws.admin.token });
    expect(detail.json.callbacks[0]).toMatchObject({
      job_id: jobId,
      status: "delivered",
      attempts: 3,
      last_status: 204,
    });
  });

  it("marks the job's callback failed after the last attempt", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret } = await endpointFor(ws.admin.token);
    const hook = `${env.SOURCE_SERVER_URL}/hooks/${newId()}?fail=99`;
    const body = importBody(1, { callback_url: hook });
    const jobId = (await post(endpoint.id, body, signed(secret, body))).json.job.id as string;
    await waitForJob(ws.admin.token, jobId, hasStatus("completed"));
    await waitUntil(async () => (await eventsOf(ws.admin.token, jobId)).includes("callback_failed"), 40_000);
    // CALLBACK_MAX_ATTEMPTS is 3 in the test configuration.
    expect((await fetchReceived(hook)).map((r) => r.answered)).toEqual([500, 500, 500]);
    const detail = await api("GET", `/api/v1/webhook-endpoints/${endpoint.id}`, { token: ws.admin.token });
    expect(detail.json.callbacks[0]).toMatchObject({ status: "failed", attempts: 3, last_status: 500 });
  });

  it("signs with both secrets during a rotation, so receivers holding either verify", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { endpoint, secret: old } = await endpointFor(ws.admin.token);
    const fresh = (await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/rotate`, { token: ws.admin.token })).json
      .secret as string;
    const hook = `${env.SOURCE_SERVER_URL}/hooks/${newId()}`;
    const body = importBody(1, { callback_url: hook });
    const jobId = (await post(endpoint.id, body, signed(old, body))).json.job.id as string;
    await waitForJob(ws.admin.token, jobId, hasStatus("completed"));
    const [delivery] = await waitForReceived(hook, 1);
    if (!delivery) throw new Error("no callback received");
    expect(String(delivery.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const secret of [old, fresh])
      expect(() => new Webhook(secret).verify(delivery.body, delivery.headers)).not.toThrow();
  });
});

async function fetchReceived(
  hook: string,
): Promise<{ headers: Record<string, string>; body: string; answered: number }[]> {
  return (await fetch(hook.split("?")[0] as string)).json();
}

async function waitUntil(check: () => Promise<boolean>, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForReceived(hook: string, count: number) {
  await waitUntil(async () => (await fetchReceived(hook)).length >= count);
  return fetchReceived(hook);
}

async function eventsOf(token: string, jobId: string) {
  return (await getJob(token, jobId)).events.map((e) => e.kind);
}
