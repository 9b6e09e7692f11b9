// The HTTP fetcher: bearer auth, query strings, schema validation and the messages shown for API errors.

import { describe, expect, it } from "vitest";
import { HttpFetcher } from "../../tui/fetcher.ts";
import type { ListQuery } from "../../tui/state.ts";
import { ApiError } from "../../worker/api/errors.ts";

type Seen = { url: string; method: string; headers: Record<string, string>; body?: string };

function fakeFetch(status: number, body: unknown, seen: Seen[] = []): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({
      url: String(url),
      method: init?.method ?? "GET",
      headers: init?.headers as Record<string, string>,
      body: init?.body as string | undefined,
    });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
}

const job = {
  id: "01J",
  workspace_id: "w",
  type: "data_import",
  status: "failed",
  progress: 10,
  processed: 1,
  total: 10,
  current_item: null,
  attempts: 3,
  max_attempts: 3,
  error: "x",
  created_by: null,
  created_at: "2026-11-17T10:00:00Z",
  started_at: null,
  completed_at: null,
  updated_at: "2026-11-17T10:00:00Z",
  run_after: null,
  result: null,
  control: null,
};
const counts = { pending: 0, running: 0, completed: 0, failed: 1, cancelled: 0, paused: 0, dead_letter: 0 };

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected a failure");
}

describe("HttpFetcher", () => {
  it("lists jobs with the bearer token, the filter, the cursor and the page size", async () => {
    const seen: Seen[] = [];
    const f = new HttpFetcher({
      url: "http://api.test/",
      token: "tok",
      fetch: fakeFetch(200, { jobs: [job], next_cursor: "c2", counts }, seen),
    });
    const res = await f.listJobs({ status: "failed", type: "data_import" }, "c1", 20);
    expect(res.jobs[0]?.id).toBe("01J");
    expect(seen[0]?.url).toBe("http://api.test/api/v1/jobs?status=failed&type=data_import&limit=20&cursor=c1");
    expect(seen[0]?.headers.authorization).toBe("Bearer tok");
  });

  const queries: { name: string; query: ListQuery; url: string }[] = [
    {
      name: "a search's q, encoded, with the filter",
      query: { status: "failed", type: "data_import", q: "a b&c=d" },
      url: "/api/v1/jobs?status=failed&type=data_import&q=a+b%26c%3Dd&limit=20&cursor=c1",
    },
    {
      name: "an error group's error_signature",
      query: { errorSignature: "0123456789abcdef" },
      url: "/api/v1/jobs?error_signature=0123456789abcdef&limit=20&cursor=c1",
    },
  ];
  for (const c of queries) {
    it(`lists jobs with ${c.name}`, async () => {
      const seen: Seen[] = [];
      const f = new HttpFetcher({
        url: "http://api.test",
        token: "tok",
        fetch: fakeFetch(200, { jobs: [], next_cursor: null, counts }, seen),
      });
      await f.listJobs(c.query, "c1", 20);
      expect(seen[0]?.url).toBe(`http://api.test${c.url}`);
    });
  }

  it("carries a 422 for a search the server refuses, with its field details", async () => {
    const body = {
      error: {
        code: "validation_failed",
        message: "the request is invalid",
        details: { q: ["search for at least 3 characters"] },
      },
    };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(422, body) });
    const err = await failure(f.listJobs({ q: "ab" }, null));
    expect([err.status, err.code, err.details]).toEqual([
      422,
      "validation_failed",
      { q: ["search for at least 3 characters"] },
    ]);
  });

  const group = {
    signature: "0123456789abcdef",
    type: "data_import",
    message: "source URL answered 404",
    count: 3,
    failed: 2,
    dead_letter: 1,
    first_seen: "2026-11-17T09:00:00Z",
    last_seen: "2026-11-17T10:00:00Z",
    sample_job_id: "01J",
  };

  it("gets the error groups from /api/v1/errors", async () => {
    const seen: Seen[] = [];
    const f = new HttpFetcher({
      url: "http://api.test",
      token: "tok",
      fetch: fakeFetch(200, { groups: [group] }, seen),
    });
    expect(await f.errorGroups()).toEqual([group]);
    expect(seen[0]).toMatchObject({ url: "http://api.test/api/v1/errors", method: "GET" });
  });

  it("asks for a replay's dry run with {dry_run:true}, and replays with an empty body (no payload patch)", async () => {
    const seen: Seen[] = [];
    const preview = {
      matched: 3,
      would_retry: 2,
      invalid: [{ job_id: "01J", details: { payload: ["bad"] } }],
      example: null,
    };
    const outcome = { matched: 3, retried: 2, invalid: preview.invalid, skipped: { running: 1 } };
    const dry = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, preview, seen) });
    expect(await dry.previewReplay(group.signature)).toEqual(preview);
    const real = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, outcome, seen) });
    expect(await real.replay(group.signature)).toEqual(outcome);
    expect(seen.map((s) => [s.method, s.url, JSON.parse(s.body ?? "null")])).toEqual([
      ["POST", "http://api.test/api/v1/errors/0123456789abcdef/retry", { dry_run: true }],
      ["POST", "http://api.test/api/v1/errors/0123456789abcdef/retry", {}],
    ]);
  });

  it("rejects a dry run's answer given for the real replay (it lacks retried)", async () => {
    const preview = { matched: 3, would_retry: 2, invalid: [], example: null };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, preview) });
    expect((await failure(f.replay(group.signature))).code).toBe("bad_response");
  });

  it("carries a 404 for an unknown group", async () => {
    const body = { error: { code: "not_found", message: "error group not found" } };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(404, body) });
    const err = await failure(f.previewReplay("ffffffffffffffff"));
    expect([err.status, err.message]).toEqual([404, "error group not found"]);
  });

  it("posts actions to /api/v1/jobs/:id/<action> and returns the job", async () => {
    const seen: Seen[] = [];
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, { job }, seen) });
    expect((await f.action("01J", "retry")).id).toBe("01J");
    expect(seen[0]).toMatchObject({ url: "http://api.test/api/v1/jobs/01J/retry", method: "POST" });
  });

  it("posts a bulk retry as {ids} to /api/v1/jobs/retry and returns the counts", async () => {
    const seen: Seen[] = [];
    const answer = { retried: 2, skipped: { running: 1 }, not_found: 0 };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, answer, seen) });
    expect(await f.retryMany(["01A", "01B", "01C"])).toEqual(answer);
    expect(seen[0]).toMatchObject({ url: "http://api.test/api/v1/jobs/retry", method: "POST" });
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ ids: ["01A", "01B", "01C"] });
  });

  it("posts a bulk cancel as {ids} to /api/v1/jobs/cancel and returns cancelled and stopping", async () => {
    const seen: Seen[] = [];
    const answer = { cancelled: 1, stopping: 1, skipped: { completed: 2 }, not_found: 1 };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, answer, seen) });
    expect(await f.cancelMany(["01A"])).toEqual(answer);
    expect(seen[0]).toMatchObject({ url: "http://api.test/api/v1/jobs/cancel", method: "POST" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ ids: ["01A"] });
  });

  it("patches a job's priority as {priority} to /api/v1/jobs/:id and returns the job", async () => {
    const seen: Seen[] = [];
    const answer = { job: { ...job, status: "pending", priority: "high" } };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, answer, seen) });
    expect((await f.setPriority("01J", "high")).priority).toBe("high");
    expect(seen[0]).toMatchObject({ url: "http://api.test/api/v1/jobs/01J", method: "PATCH" });
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ priority: "high" });
  });

  it("gets the lanes from /api/v1/lanes and posts a pause or resume to /api/v1/lanes/:type/<action>", async () => {
    const seen: Seen[] = [];
    const lanes = {
      lanes: [
        { type: "data_export", running: 0, limit: 4, queued: 2, oldest_wait_ms: 1000, paused: true, paused_by: "a" },
      ],
      max_running: 4,
      in_use: 0,
      changes: [],
    };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, lanes, seen) });
    expect((await f.lanes()).lanes[0]?.paused_at).toBeNull(); // an older server without paused_at still parses
    expect((await f.laneAction("data_export", "pause")).max_running).toBe(4);
    expect(seen.map((r) => [r.method, r.url])).toEqual([
      ["GET", "http://api.test/api/v1/lanes"],
      ["POST", "http://api.test/api/v1/lanes/data_export/pause"],
    ]);
  });

  it("rejects a bulk answer without the counts it promises (e.g. the older filter-based retry's)", async () => {
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, { retried: 3 }) });
    expect((await failure(f.retryMany(["01A"]))).code).toBe("bad_response");
  });

  it("rejects an answer that does not match the schema", async () => {
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, { jobs: [{ id: 1 }] }) });
    const err = await failure(f.listJobs({}, null));
    expect(err.code).toBe("bad_response");
  });

  it("carries the API's error code and message (409)", async () => {
    const body = { error: { code: "invalid_transition", message: "a completed job cannot be retried" } };
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(409, body) });
    const err = await failure(f.action("01J", "retry"));
    expect([err.status, err.code, err.message]).toEqual([
      409,
      "invalid_transition",
      "a completed job cannot be retried",
    ]);
  });

  it("explains a 403 with the workspace name when it is known, generically otherwise", async () => {
    const body = { error: { code: "forbidden", message: "admins only" } };
    const named = new HttpFetcher({ url: "http://a", token: "t", workspace: "acme", fetch: fakeFetch(403, body) });
    expect((await failure(named.listJobs({}, null))).message).toBe(
      "this account is a member of acme; the job dashboard needs Admin (admins only)",
    );
    const anon = new HttpFetcher({ url: "http://a", token: "t", fetch: fakeFetch(403, body) });
    expect((await failure(anon.listJobs({}, null))).message).toMatch(/may not use the job dashboard; it needs Admin/);
  });

  it("explains a 401 as a refused token, and survives a body that is not JSON", async () => {
    const f = new HttpFetcher({ url: "http://a", token: "t", fetch: fakeFetch(401, "<html>nope</html>") });
    const err = await failure(f.listJobs({}, null));
    expect(err.code).toBe("http_401");
    expect(err.message).toMatch(/refused the token .*npm run tui -- login/);
  });

  it("reports an unreachable server as a network error", async () => {
    const f = new HttpFetcher({ url: "http://127.0.0.1:1", token: "t" });
    const err = await failure(f.listJobs({}, null));
    expect(err.code).toBe("network");
    expect(err.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:1: /);
  });

  it("logs in without a bearer token and sends the workspace slug", async () => {
    const seen: Seen[] = [];
    const token = { token: "dlk_1", workspace: { id: "w1", slug: "acme", name: "Acme" }, role: "admin" };
    const f = new HttpFetcher({ url: "http://unused", fetch: fakeFetch(201, token, seen) });
    const res = await f.login("http://api.test", "admin@acme.test", "pw", "acme");
    expect(res.role).toBe("admin");
    expect(seen[0]?.url).toBe("http://api.test/api/v1/tokens");
    expect(seen[0]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ email: "admin@acme.test", password: "pw", workspace: "acme" });
  });

  it("shows the server's message for bad credentials at login", async () => {
    const body = { error: { code: "invalid_credentials", message: "wrong email or password" } };
    const f = new HttpFetcher({ url: "http://a", fetch: fakeFetch(401, body) });
    expect((await failure(f.login("http://a", "e", "p"))).message).toBe("wrong email or password");
  });
});
