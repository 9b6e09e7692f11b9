// The JSON API's contract: auth, roles, tenant isolation, validation and error shapes. None of it may answer 500.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { errorResponseSchema, jobListResponseSchema } from "../../worker/api/schema.ts";
import { revokeApiToken } from "../../worker/db/auth.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { seedDemo } from "../../worker/db/seed.ts";
import { api, createJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

const db = () => makeDb(env.DB);
const slug = () => `ws${newId().slice(-8).toLowerCase()}`;

function expectError(res: { status: number; json: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  const parsed = errorResponseSchema.parse(res.json);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(5);
  return parsed.error;
}

describe("POST /api/v1/tokens", () => {
  beforeAll(async () => {
    await seedDemo(db(), { secretsKey: "test-key", catalogue: [], now: Date.now() });
  });

  it("issues a token for the demo admin that works on the jobs API", async () => {
    const res = await api("POST", "/api/v1/tokens", {
      body: { email: "admin@acme.test", password: "dutyleak-demo", workspace: "acme" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ workspace: { slug: "acme" }, role: "admin" });
    expect(res.json.token).toMatch(/^dlk_[A-Za-z0-9_-]{40,}$/);
    expect((await api("GET", "/api/v1/jobs", { token: res.json.token })).status).toBe(200);
  });

  it("answers the same 401 for an unknown email, a wrong password and a workspace the user is not in", async () => {
    const attempts = [
      { email: "nobody@acme.test", password: "dutyleak-demo", workspace: "acme" },
      { email: "admin@acme.test", password: "wrong", workspace: "acme" },
      { email: "admin@acme.test", password: "dutyleak-demo", workspace: "globex" },
    ];
    const messages = [];
    for (const body of attempts)
      messages.push(expectError(await api("POST", "/api/v1/tokens", { body }), 401, "invalid_credentials").message);
    expect(new Set(messages).size).toBe(1);
  });

  it("validates the body", async () => {
    const error = expectError(
      await api("POST", "/api/v1/tokens", { body: { email: "a@b.c" } }),
      422,
      "validation_failed",
    );
    expect(Object.keys(error.details as object)).toEqual(expect.arrayContaining(["password", "workspace"]));
  });
});

describe("authentication and roles on /api/v1/jobs", () => {
  it("refuses requests without a token, with a bad token and with a revoked token", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const none = await api("GET", "/api/v1/jobs");
    expectError(none, 401, "unauthorized");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectError(await api("GET", "/api/v1/jobs", { token: "dlk_not-a-real-token" }), 401, "unauthorized");
    expectError(await api("GET", "/api/v1/jobs", { headers: { authorization: "Basic abc" } }), 401, "unauthorized");
    const row = await db().query.apiTokens.findFirst({ where: (t, { eq }) => eq(t.userId, ws.admin.userId) });
    if (!row) throw new Error("no token row");
    // Only a SHA-256 hash is stored, never the token itself.
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(ws.admin.token);
    expect((await api("GET", "/api/v1/jobs", { token: ws.admin.token })).status).toBe(200);
    await revokeApiToken(db(), row.id, Date.now());
    expectError(await api("GET", "/api/v1/jobs", { token: ws.admin.token }), 401, "unauthorized");
  });

  it("lets a member create jobs and read only its own, and refuses it every management action", async () => {
    const ws = await makeWorkspace(slug());
    const mine = await createJob(ws.member.token, "data_import", { rows: productRows(2) });
    const admins = await createJob(ws.admin.token, "data_import", { rows: productRows(2, "ADM") });
    const list = await api("GET", "/api/v1/jobs", { token: ws.member.token });
    expect(list.json.jobs.map((j: { id: string }) => j.id)).toEqual([mine.id]);
    expect(Object.values(list.json.counts).reduce((a: number, b) => a + (b as number), 0)).toBe(1);
    expect((await api("GET", `/api/v1/jobs/${mine.id}`, { token: ws.member.token })).status).toBe(200);
    expectError(await api("GET", `/api/v1/jobs/${admins.id}`, { token: ws.member.token }), 404, "not_found");
    for (const action of ["retry", "cancel", "pause", "resume"]) {
      const error = expectError(
        await api("POST", `/api/v1/jobs/${mine.id}/${action}`, { token: ws.member.token }),
        403,
        "forbidden",
      );
      expect(error.message).toMatch(/member of ws.*needs Owner or Admin/);
    }
    expectError(
      await api("POST", "/api/v1/jobs/retry", { token: ws.member.token, body: { status: "failed" } }),
      403,
      "forbidden",
    );
  });

  it("refuses viewers on the jobs API", async () => {
    const ws = await makeWorkspace(slug(), ["viewer"]);
    expectError(await api("GET", "/api/v1/jobs", { token: ws.viewer.token }), 403, "forbidden");
    expectError(
      await api("POST", "/api/v1/jobs", {
        token: ws.viewer.token,
        body: { type: "data_import", payload: { rows: productRows(1) } },
      }),
      403,
      "forbidden",
    );
  });

  it("hides another workspace's jobs: 404 on read and on every action", async () => {
    const a = await makeWorkspace(slug(), ["admin"]);
    const b = await makeWorkspace(slug(), ["owner"]);
    const job = await createJob(a.admin.token, "data_import", { rows: productRows(1) });
    expectError(await api("GET", `/api/v1/jobs/${job.id}`, { token: b.owner.token }), 404, "not_found");
    for (const action of ["retry", "cancel", "pause", "resume"]) {
      expectError(await api("POST", `/api/v1/jobs/${job.id}/${action}`, { token: b.owner.token }), 404, "not_found");
    }
    const list = await api("GET", "/api/v1/jobs", { token: b.owner.token });
    expect(list.json.jobs).toEqual([]);
  });
});

describe("bad input on /api/v1/jobs", () => {
  it("answers 400 for malformed JSON and 415 for a wrong content type", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const headers = { "content-type": "application/json" };
    expectError(
      await api("POST", "/api/v1/jobs", { token: ws.admin.token, headers, raw: '{"type":' }),
      400,
      "malformed_json",
    );
    expectError(
      await api("POST", "/api/v1/jobs", { token: ws.admin.token, headers: { "content-type": "text/csv" }, raw: "a,b" }),
      415,
      "unsupported_media_type",
    );
  });

  it("answers 422 with per-field details for an unknown type, a bad payload and unknown fields", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const token = ws.admin.token;
    const unknown = expectError(
      await api("POST", "/api/v1/jobs", { token, body: { type: "mine_bitcoin", payload: {} } }),
      422,
      "validation_failed",
    );
    expect(unknown.details).toEqual({
      type: [expect.stringMatching(/unknown job type; expected one of: data_import/)],
    });
    const bad = expectError(
      await api("POST", "/api/v1/jobs", { token, body: { type: "data_import", payload: { rows: [] } } }),
      422,
      "validation_failed",
    );
    expect(JSON.stringify(bad.details)).toMatch(/payload/);
    const extra = expectError(
      await api("POST", "/api/v1/jobs", { token, body: { type: "data_import", payload: { csv: "x" }, priority: 9 } }),
      422,
      "validation_failed",
    );
    expect(JSON.stringify(extra.details)).toMatch(/priority/);
    const missingHeader = expectError(
      await api("POST", "/api/v1/jobs", { token, body: { type: "data_import", payload: { csv: "sku,title\nA,B\n" } } }),
      422,
      "validation_failed",
    );
    expect(missingHeader.details).toEqual({
      "payload.csv": ["CSV header is missing required column(s): origin_country, customs_value, currency"],
    });
    expect((await api("GET", "/api/v1/jobs", { token })).json.jobs).toEqual([]);
  });

  it("answers 413 for a body over 10 MB before parsing it", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const raw = `{"type":"data_import","payload":{"csv":"${"x".repeat(11 * 1024 * 1024)}"}}`;
    const headers = { "content-type": "application/json" };
    expectError(await api("POST", "/api/v1/jobs", { token: ws.admin.token, headers, raw }), 413, "payload_too_large");
  });

  it("answers 409 for a transition the lifecycle does not allow, and 404 for unknown ids", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await createJob(ws.admin.token, "data_import", { rows: productRows(1) });
    await waitForJob(ws.admin.token, job.id, hasStatus("completed"));
    for (const action of ["retry", "cancel", "pause", "resume"]) {
      const error = expectError(
        await api("POST", `/api/v1/jobs/${job.id}/${action}`, { token: ws.admin.token }),
        409,
        "invalid_transition",
      );
      expect(error.message).toBe(`cannot ${action} a job that is completed`);
    }
    expectError(await api("GET", `/api/v1/jobs/${newId()}`, { token: ws.admin.token }), 404, "not_found");
    expectError(await api("GET", "/api/v1/jobs/../../etc", { token: ws.admin.token }), 404, "not_found");
    expectError(await api("POST", `/api/v1/jobs/${job.id}/explode`, { token: ws.admin.token }), 404, "not_found");
  });

  it("validates list filters and cursors", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    expectError(await api("GET", "/api/v1/jobs?status=exploded", { token: ws.admin.token }), 422, "validation_failed");
    expectError(await api("GET", "/api/v1/jobs?limit=0", { token: ws.admin.token }), 422, "validation_failed");
    expectError(
      await api("GET", "/api/v1/jobs?cursor=' OR 1=1 --", { token: ws.admin.token }),
      422,
      "validation_failed",
    );
  });
});

describe("GET /api/v1/jobs", () => {
  it("pages newest first with a keyset cursor, filters by status and type, and counts per status", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const { job } = await insertJob(db(), {
        workspaceId: ws.workspaceId,
        type: i % 3 === 0 ? "data_export" : "data_import",
        payload: {},
        maxAttempts: 3,
        createdBy: null,
        now: now + i,
      });
      ids.push(job.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api("GET", `/api/v1/jobs?limit=50${cursor ? `&cursor=${cursor}` : ""}`, {
        token: ws.admin.token,
      });
      const page = jobListResponseSchema.parse(res.json);
      seen.push(...page.jobs.map((j) => j.id));
      cursor = page.next_cursor;
      expect(page.counts.pending).toBe(120);
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const exports = await api("GET", "/api/v1/jobs?type=data_export&status=pending&limit=200", {
      token: ws.admin.token,
    });
    expect(exports.json.jobs).toHaveLength(40);
    expect(exports.json.counts).toMatchObject({ pending: 40, running: 0, completed: 0 });
    const none = await api("GET", "/api/v1/jobs?status=completed", { token: ws.admin.token });
    expect(none.json).toMatchObject({ jobs: [], next_cursor: null });
  });
});
