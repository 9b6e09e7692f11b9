// Find and fix through the API: search (`q` over ids, keys, creators, payloads and errors; time range; with the other
// filters and keyset pages; hostile input as text), error groups, edit-and-retry of one job, replaying a whole group
// with a merge patch (dry run first), and an import's rejected rows (JSON pages and formula-safe CSV).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { errorGroupsResponseSchema, rejectedRowsResponseSchema } from "../../worker/api/find-and-fix.ts";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { changeJob } from "../../worker/db/jobs/transitions.ts";
import { errorSignature } from "../../worker/domain/error-signature.ts";
import { api, createJob, getJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const db = () => makeDb(env.DB);

/** A job of `type` that ended with `error` in `status`, written through the data layer as the engine would. */
async function endedWith(
  workspaceId: string,
  error: string,
  options: { type?: string; payload?: unknown; status?: "failed" | "dead_letter" } = {},
) {
  const { job } = await insertJob(db(), {
    workspaceId,
    type: options.type ?? "test_flaky",
    payload: options.payload ?? { items: 1 },
    maxAttempts: 3,
    createdBy: null,
    now: Date.now(),
  });
  const now = Date.now();
  const ended = await changeJob(db(), job, {
    set: { status: options.status ?? "failed", error, completedAt: now },
    event: { kind: "failed", actor: "system", message: error },
    now,
  });
  return ended?.job ?? job;
}

const ids = (res: { json: { jobs: { id: string }[] } }) => res.json.jobs.map((j) => j.id);

describe("GET /api/v1/jobs?q=", () => {
  it("finds a job by any 3+ character fragment of its id, key, creator, payload or error, case-insensitively", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const keyed = await createJob(ws.admin.token, "data_import", { rows: productRows(2, "ZEBRA") }, "erp-batch-4711");
    // Inserted, not enqueued: the search index is written by the insert itself, and nothing tries to fetch the URL.
    const { job: url } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "data_import",
      payload: { source_url: "https://files.example.com/spring-catalogue.csv" },
      maxAttempts: 3,
      createdBy: { id: ws.admin.userId, label: ws.admin.email },
      now: Date.now(),
    });
    const failed = await endedWith(ws.workspaceId, "upstream said: quota exceeded for tenant");
    const search = async (q: string) =>
      ids(await api("GET", `/api/v1/jobs?q=${encodeURIComponent(q)}`, { token: ws.admin.token }));
    expect(await search(keyed.id.slice(9, 15).toLowerCase())).toEqual([keyed.id]);
    expect(await search("batch-47")).toEqual([keyed.id]);
    expect(await search("zebra-00002")).toEqual([keyed.id]); // a SKU of its inline rows
    expect(await search("spring-cat")).toEqual([url.id]);
    expect(await search("quota exceeded")).toEqual([failed.id]);
    expect((await search(ws.admin.email.slice(0, 8))).sort()).toEqual([keyed.id, url.id].sort());
  });

  it("finds an uploaded CSV by its file name, also once its text moved to R2", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const csv = "sku,title,origin_country,customs_value,currency\nA-1,Tee,CN,4.2,USD\n";
    const small = await createJob(ws.admin.token, "data_import", { csv, file_name: "autumn-range.csv" });
    const big = await createJob(ws.admin.token, "data_import", {
      csv: csv + "B-2,Mug,CN,1.1,USD\n".repeat(80_000),
      file_name: "winter-range.csv",
    });
    expect((await getJobById(db(), big.id))?.inputKey).not.toBeNull();
    const search = async (q: string) => ids(await api("GET", `/api/v1/jobs?q=${q}`, { token: ws.admin.token }));
    expect(await search("autumn-ra")).toEqual([small.id]);
    expect(await search("winter-ra")).toEqual([big.id]);
  });

  it("combines with the status filter and keyset pages, and never counts the search", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const matching = [];
    for (let i = 0; i < 5; i++) matching.push((await endedWith(ws.workspaceId, `needle-${i} broke`)).id);
    await endedWith(ws.workspaceId, "haystack broke");
    const first = await api("GET", "/api/v1/jobs?q=needle&status=failed&limit=3", { token: ws.admin.token });
    expect(ids(first)).toEqual(matching.slice(2).reverse());
    const second = await api("GET", `/api/v1/jobs?q=needle&status=failed&limit=3&cursor=${first.json.next_cursor}`, {
      token: ws.admin.token,
    });
    expect(ids(second)).toEqual(matching.slice(0, 2).reverse());
    expect(second.json.next_cursor).toBeNull();
    expect(first.json.counts.failed).toBe(6);
    expect(ids(await api("GET", "/api/v1/jobs?q=needle&status=pending", { token: ws.admin.token }))).toEqual([]);
  });

  it("treats FTS and SQL syntax as text, and refuses too short or too long a search", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const odd = await endedWith(ws.workspaceId, 'parse error near "*" -: NEAR(x) OR 1=1');
    for (const q of ['"*"', "NEAR(x)", "-: N", "OR 1=1", "' OR '1'='1", "a*b*c", '"""']) {
      const res = await api("GET", `/api/v1/jobs?q=${encodeURIComponent(q)}`, { token: ws.admin.token });
      expect(res.status, q).toBe(200);
    }
    expect(ids(await api("GET", `/api/v1/jobs?q=${encodeURIComponent('"*"')}`, { token: ws.admin.token }))).toEqual([
      odd.id,
    ]);
    const short = await api("GET", "/api/v1/jobs?q=ab", { token: ws.admin.token });
    expect(short.status).toBe(422);
    expect(short.json.error.details.q[0]).toMatch(/at least 3 characters/);
    expect((await api("GET", `/api/v1/jobs?q=${"x".repeat(10_000)}`, { token: ws.admin.token })).status).toBe(422);
  });

  it("filters by a created_at range and refuses an inverted one", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await createJob(ws.admin.token, "data_import", { rows: productRows(1) });
    const at = Date.parse(job.created_at);
    const range = (from: number, to: number) =>
      `/api/v1/jobs?created_from=${new Date(from).toISOString()}&created_to=${new Date(to).toISOString()}`;
    expect(ids(await api("GET", range(at - 1000, at + 1000), { token: ws.admin.token }))).toEqual([job.id]);
    expect(ids(await api("GET", range(at + 1, at + 1000), { token: ws.admin.token }))).toEqual([]);
    const inverted = await api("GET", range(at + 1000, at - 1000), { token: ws.admin.token });
    expect(inverted.status).toBe(422);
    expect(inverted.json.error.details.created_to[0]).toMatch(/must not be after/);
    expect((await api("GET", "/api/v1/jobs?created_from=yesterday", { token: ws.admin.token })).status).toBe(422);
  });

  it("keeps a member's search to the jobs they created", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const theirs = await createJob(ws.admin.token, "data_import", { rows: productRows(1, "SHARED") });
    const mine = await createJob(ws.member.token, "data_import", { rows: productRows(1, "SHARED") });
    expect(ids(await api("GET", "/api/v1/jobs?q=SHARED", { token: ws.member.token }))).toEqual([mine.id]);
    expect(theirs.id).not.toBe(mine.id);
  });
});

describe("GET /api/v1/errors", () => {
  it("groups failed and dead-letter jobs by their normalised error, largest first, with a sample", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const other = await makeWorkspace(slug(), ["admin"]);
    await endedWith(ws.workspaceId, 'row 7: currency "dollars" must be an ISO 4217 code');
    await endedWith(ws.workspaceId, 'row 912: currency "eur0" must be an ISO 4217 code', { status: "dead_letter" });
    const newest = await endedWith(ws.workspaceId, 'row 3: currency "x" must be an ISO 4217 code');
    await endedWith(ws.workspaceId, "source https://a.example/x.csv answered 503");
    await endedWith(other.workspaceId, 'row 1: currency "y" must be an ISO 4217 code');
    const res = await api("GET", "/api/v1/errors", { token: ws.admin.token });
    expect(res.status).toBe(200);
    const { groups } = errorGroupsResponseSchema.parse(res.json);
    expect(groups.map((g) => g.count)).toEqual([3, 1]);
    expect(groups[0]).toMatchObject({
      signature: errorSignature("test_flaky", 'row 3: currency "x" must be an ISO 4217 code'),
      type: "test_flaky",
      failed: 2,
      dead_letter: 1,
      sample_job_id: newest.id,
      message: 'row 3: currency "x" must be an ISO 4217 code',
    });
    expect(Date.parse(groups[0]?.first_seen ?? "")).toBeLessThanOrEqual(Date.parse(groups[0]?.last_seen ?? ""));
    const job = await getJob(ws.admin.token, newest.id);
    expect(job.job.error_signature).toBe(groups[0]?.signature);
    // The group's jobs, and nothing for members.
    const members = await api("GET", `/api/v1/jobs?error_signature=${groups[0]?.signature}`, { token: ws.admin.token });
    expect(members.json.jobs).toHaveLength(3);
    expect((await api("GET", "/api/v1/errors", { token: ws.member.token })).status).toBe(403);
    expect((await api("GET", "/api/v1/errors?type=data_export", { token: ws.admin.token })).json.groups).toEqual([]);
  });

  it("gives a job that errors through the engine its signature", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await createJob(ws.admin.token, "test_flaky", { items: 1, permanent: true });
    const failed = await waitForJob(ws.admin.token, job.id, hasStatus("failed"));
    expect(failed.error_signature).toBe(errorSignature("test_flaky", failed.error ?? ""));
  });
});

describe("POST /api/v1/jobs/:id/retry with a payload", () => {
  it("retries with an edited payload from the beginning and records the change, the reason and the actor", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await endedWith(ws.workspaceId, "bad rows", {
      type: "data_import",
      payload: { rows: productRows(1, "OLD") },
    });
    const res = await api("POST", `/api/v1/jobs/${job.id}/retry`, {
      token: ws.admin.token,
      body: { payload: { rows: productRows(2, "NEW") }, reason: "supplier sent a corrected file" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.job).toMatchObject({ status: "pending", processed: 0, error: null, error_signature: null });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed"));
    expect(done.processed).toBe(2);
    const { events } = await getJob(ws.admin.token, job.id);
    const retried = events.find((e) => e.kind === "retried");
    expect(retried?.actor).toBe(ws.admin.email);
    expect(retried?.message).toContain("NEW-00001");
    expect(retried?.message).toContain("reason: supplier sent a corrected file");
  });

  it("refuses a payload the type does not accept with field details, changing nothing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await endedWith(ws.workspaceId, "bad rows", { type: "data_import", payload: { rows: productRows(1) } });
    const res = await api("POST", `/api/v1/jobs/${job.id}/retry`, {
      token: ws.admin.token,
      body: { payload: { rows: [] } },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.json.error.details).some((k) => k.startsWith("payload"))).toBe(true);
    expect((await getJobById(db(), job.id))?.status).toBe("failed");
  });

  it("still retries without a body, and refuses a completed job with 409", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await endedWith(ws.workspaceId, "boom");
    expect((await api("POST", `/api/v1/jobs/${job.id}/retry`, { token: ws.admin.token })).json.job.status).toBe(
      "pending",
    );
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed"));
    const again = await api("POST", `/api/v1/jobs/${done.id}/retry`, { token: ws.admin.token, body: { reason: "x" } });
    expect(again.status).toBe(409);
  });
});

describe("POST /api/v1/errors/:signature/retry", () => {
  it("previews a patched replay (matched, would retry, invalid, one before/after) without changing anything", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const a = await endedWith(ws.workspaceId, "timeout after 30 s", { payload: { items: 2 } });
    const b = await endedWith(ws.workspaceId, "timeout after 45 s", { payload: { items: 3 } });
    const signature = a.errorSignature as string;
    expect(b.errorSignature).toBe(signature);
    const preview = await api("POST", `/api/v1/errors/${signature}/retry`, {
      token: ws.admin.token,
      body: { payload_patch: { delay_ms: 1 }, dry_run: true },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json).toMatchObject({
      matched: 2,
      would_retry: 2,
      invalid: [],
      example: { job_id: a.id, before: { items: 2 }, after: { items: 2, delay_ms: 1 } },
    });
    const broken = await api("POST", `/api/v1/errors/${signature}/retry`, {
      token: ws.admin.token,
      body: { payload_patch: { items: "many" }, dry_run: true },
    });
    expect(broken.json.would_retry).toBe(0);
    expect(broken.json.invalid.map((i: { job_id: string }) => i.job_id).sort()).toEqual([a.id, b.id].sort());
    expect(Object.keys(broken.json.invalid[0].details)).toContain("payload.items");
    expect((await getJobById(db(), a.id))?.status).toBe("failed");
  });

  it("retries every job of the group with the patch, each audited, and lists the invalid ones unchanged", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const a = await endedWith(ws.workspaceId, "timeout after 30 s", { payload: { items: 2 } });
    const res = await api("POST", `/api/v1/errors/${a.errorSignature}/retry`, {
      token: ws.admin.token,
      body: { payload_patch: { items: 4 }, reason: "smaller batches" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ matched: 1, retried: 1, invalid: [] });
    const done = await waitForJob(ws.admin.token, a.id, hasStatus("completed"));
    expect(done.processed).toBe(4);
    const { events } = await getJob(ws.admin.token, a.id);
    expect(events.find((e) => e.kind === "retried")).toMatchObject({ actor: ws.admin.email });
    expect(events.find((e) => e.kind === "retried")?.message).toContain('{"items":4}; reason: smaller batches');
    const member = await api("POST", `/api/v1/errors/${a.errorSignature}/retry`, { token: ws.member.token, body: {} });
    expect(member.status).toBe(403);
  });

  it("without a patch retries the group from its checkpoints and still records the reason", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const a = await endedWith(ws.workspaceId, "timeout after 30 s");
    const res = await api("POST", `/api/v1/errors/${a.errorSignature}/retry`, {
      token: ws.admin.token,
      body: { reason: "the HS service is back" },
    });
    expect(res.json).toMatchObject({ matched: 1, retried: 1 });
    const { events } = await getJob(ws.admin.token, a.id);
    expect(events.find((e) => e.kind === "retried")?.message).toBe(
      "continues from its checkpoint; reason: the HS service is back",
    );
  });

  it("answers 404 for another workspace's signature and for one that is not an error group", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const other = await makeWorkspace(slug(), ["admin"]);
    const theirs = await endedWith(other.workspaceId, "their problem");
    const res = await api("POST", `/api/v1/errors/${theirs.errorSignature}/retry`, { token: ws.admin.token, body: {} });
    expect(res.status).toBe(404);
    expect(
      (await api("POST", "/api/v1/errors/not-a-signature/retry", { token: ws.admin.token, body: {} })).status,
    ).toBe(404);
    expect((await getJobById(db(), theirs.id))?.status).toBe("failed");
  });
});

describe("GET /api/v1/jobs/:id/rejected", () => {
  it("pages an import's refused rows with row, SKU, field, code, message and values, and downloads them as CSV", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const rows = [
      ...productRows(2),
      { sku: "=HYPERLINK(1)", title: "Bad origin", origin_country: "Germany", customs_value: 1, currency: "USD" },
      { sku: "NEG-1", title: "Negative", origin_country: "CN", customs_value: -3, currency: "USD" },
      "not an object",
    ];
    const job = await createJob(ws.admin.token, "data_import", { rows });
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed"));
    expect(done.rejected).toBe(3);
    const first = await api("GET", `/api/v1/jobs/${job.id}/rejected?limit=2`, { token: ws.admin.token });
    expect(first.status).toBe(200);
    const page = rejectedRowsResponseSchema.parse(first.json);
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0]).toMatchObject({
      row: 3,
      sku: "=HYPERLINK(1)",
      field: "origin_country",
      values: { title: "Bad origin" },
    });
    expect(page.rows[1]).toMatchObject({ row: 4, sku: "NEG-1", field: "customs_value" });
    const rest = await api("GET", `/api/v1/jobs/${job.id}/rejected?cursor=${page.next_cursor}`, {
      token: ws.admin.token,
    });
    expect(rest.json.rows.map((r: { row: number }) => r.row)).toEqual([5]);
    expect(rest.json.next_cursor).toBeNull();
    const csv = await api("GET", `/api/v1/jobs/${job.id}/rejected?format=csv`, { token: ws.admin.token });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.split("\r\n")[0]).toBe("row,sku,field,code,message,values");
    expect(csv.text).toContain("'=HYPERLINK(1)");
    expect((await api("GET", `/api/v1/jobs/${job.id}/rejected?cursor=nope`, { token: ws.admin.token })).status).toBe(
      422,
    );
  });
});
