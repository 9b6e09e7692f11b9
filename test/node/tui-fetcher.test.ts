// The HTTP fetcher: bearer auth, query strings, schema validation and the messages shown for API errors.

import { describe, expect, it } from "vitest";
import { HttpFetcher } from "../../tui/fetcher.ts";
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

  it("posts actions to /api/v1/jobs/:id/<action> and returns the job", async () => {
    const seen: Seen[] = [];
    const f = new HttpFetcher({ url: "http://api.test", token: "tok", fetch: fakeFetch(200, { job }, seen) });
    expect((await f.action("01J", "retry")).id).toBe("01J");
    expect(seen[0]).toMatchObject({ url: "http://api.test/api/v1/jobs/01J/retry", method: "POST" });
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
