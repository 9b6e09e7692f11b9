// Who may open which page: anonymous visitors go to /login, members get the 403 page on /admin/*, viewers only read
// products, and nobody sees or acts on another workspace's jobs (404). Also the browser side of the live stream.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type LiveEvent, liveEventSchema } from "../../worker/api/schema.ts";
import { BASE, createJob, makeWorkspace } from "../support/workerd/api.ts";
import { jobInStatus, ORIGIN, page, sessionCookie, slug } from "../support/workerd/pages.ts";

let a: Awaited<ReturnType<typeof makeWorkspace>>;
let b: Awaited<ReturnType<typeof makeWorkspace>>;
const cookies = {} as Record<"owner" | "admin" | "member" | "viewer" | "adminB", string>;
let jobA: string;
let jobB: string;
let memberJob: string;

beforeAll(async () => {
  a = await makeWorkspace(slug());
  b = await makeWorkspace(slug(), ["admin"]);
  for (const role of ["owner", "admin", "member", "viewer"] as const) cookies[role] = await sessionCookie(a[role]);
  cookies.adminB = await sessionCookie(b.admin);
  jobA = await jobInStatus(a.workspaceId, "failed", { error: "boom" });
  jobB = await jobInStatus(b.workspaceId, "failed", { error: "other tenant" });
  memberJob = await jobInStatus(a.workspaceId, "completed", {
    createdBy: { id: a.member.userId, label: a.member.email },
  });
});

const adminGets = () => [
  "/admin/jobs",
  "/admin/jobs?status=failed",
  "/admin/jobs?q=boom&created_from=2026-01-01T00%3A00",
  "/admin/jobs/list",
  "/admin/jobs/counts",
  `/admin/jobs/${jobA}`,
  `/admin/jobs/${jobA}/detail`,
  `/admin/jobs/${jobA}/rejected.csv`,
  "/admin/errors",
  "/admin/errors?type=test_flaky",
];
const adminPosts = () => [
  `/admin/jobs/${jobA}/retry`,
  `/admin/jobs/${jobA}/cancel`,
  `/admin/jobs/${jobA}/edit-retry`,
  "/admin/jobs/retry",
  "/admin/jobs/bulk",
  "/admin/errors/0000000000000000/retry",
];
const sharedGets = () => [
  "/products",
  "/imports",
  "/imports/jobs",
  `/imports/jobs/${memberJob}`,
  `/imports/jobs/${memberJob}/rejected.csv`,
];

describe("anonymous visitors", () => {
  it("are redirected to /login (with the page to come back to) from every page", async () => {
    for (const path of [...adminGets(), ...sharedGets()]) {
      const res = await page("GET", path);
      expect(res.status, path).toBe(302);
      expect(res.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    expect((await page("GET", "/")).location).toBe("/login");
    expect((await page("POST", adminPosts()[0] as string, { form: {} })).status).toBe(302);
  });

  it("get HX-Redirect to /login on htmx requests instead of a page swapped into a fragment", async () => {
    const res = await page("GET", "/admin/jobs/list", {
      htmx: true,
      headers: { "hx-current-url": `${BASE}/admin/jobs?status=failed` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("hx-redirect")).toBe(`/login?next=${encodeURIComponent("/admin/jobs?status=failed")}`);
  });

  it("get an HTML 404 page for unknown page paths, and the API keeps JSON", async () => {
    const missing = await page("GET", "/admin/nothing-here", { cookie: cookies.admin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/text\/html/);
    const api = await page("GET", "/api/v1/nothing-here");
    expect(api.status).toBe(404);
    expect(JSON.parse(api.text)).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("roles", () => {
  it("let owners and admins open every page", async () => {
    for (const role of ["owner", "admin"] as const) {
      for (const path of [...adminGets(), ...sharedGets()]) {
        expect((await page("GET", path, { cookie: cookies[role] })).status, `${role} ${path}`).toBe(200);
      }
    }
  });

  it("give members the 403 page on every /admin page and action, and the product pages", async () => {
    for (const path of adminGets()) {
      const res = await page("GET", path, { cookie: cookies.member });
      expect(res.status, path).toBe(403);
      expect(res.text, path).toContain("Access denied");
      expect(res.text, path).toContain("needs Owner or Admin");
    }
    for (const path of adminPosts()) {
      expect((await page("POST", path, { cookie: cookies.member, form: {} })).status, path).toBe(403);
    }
    for (const path of sharedGets()) {
      expect((await page("GET", path, { cookie: cookies.member })).status, path).toBe(200);
    }
    expect((await page("GET", "/", { cookie: cookies.member })).location).toBe("/products");
    expect((await page("GET", "/", { cookie: cookies.admin })).location).toBe("/admin/jobs");
  });

  it("show the Admin → Jobs link to owners and admins only", async () => {
    const jobsLink = '<a href="/admin/jobs"';
    expect((await page("GET", "/products", { cookie: cookies.admin })).text).toContain(jobsLink);
    expect((await page("GET", "/products", { cookie: cookies.owner })).text).toContain(jobsLink);
    const member = (await page("GET", "/products", { cookie: cookies.member })).text;
    expect(member).not.toContain(jobsLink);
    expect(member).not.toContain('<p class="nav-heading">Admin</p>');
  });

  it("let viewers read products but not start or follow jobs", async () => {
    expect((await page("GET", "/products", { cookie: cookies.viewer })).status).toBe(200);
    for (const path of ["/imports", "/imports/jobs", `/admin/jobs`]) {
      expect((await page("GET", path, { cookie: cookies.viewer })).status, path).toBe(403);
    }
  });

  it("let members see only their own jobs under Imports & Exports", async () => {
    const others = await jobInStatus(a.workspaceId, "completed", {
      createdBy: { id: a.admin.userId, label: a.admin.email },
    });
    expect((await page("GET", `/imports/jobs/${others}`, { cookie: cookies.member })).status).toBe(404);
    const mine = await page("GET", "/imports/jobs", { cookie: cookies.member });
    expect(mine.text).toContain(`id="job-${memberJob}"`);
    expect(mine.text).not.toContain(`id="job-${others}"`);
  });
});

describe("tenant isolation", () => {
  it("answers 404 when an admin of A opens, refetches or acts on B's job, and leaves the job alone", async () => {
    for (const path of [
      `/admin/jobs/${jobB}`,
      `/admin/jobs/${jobB}/detail`,
      `/imports/jobs/${jobB}`,
      `/admin/jobs/${jobB}/rejected.csv`,
      `/imports/jobs/${jobB}/rejected.csv`,
    ]) {
      const res = await page("GET", path, { cookie: cookies.admin });
      expect(res.status, path).toBe(404);
      expect(res.text).toContain("Job not found.");
    }
    for (const action of ["retry", "cancel", "pause", "resume", "edit-retry"]) {
      const res = await page("POST", `/admin/jobs/${jobB}/${action}`, {
        cookie: cookies.admin,
        form: { confirmed: "yes" },
      });
      expect(res.status, action).toBe(404);
    }
    const htmx = await page("POST", `/admin/jobs/${jobB}/retry`, { cookie: cookies.admin, htmx: true, form: {} });
    expect(htmx.status).toBe(404);
    expect(htmx.headers.get("hx-retarget")).toBe("#flash");
    const list = await page("GET", "/admin/jobs", { cookie: cookies.admin });
    expect(list.text).not.toContain(jobB);
    const asB = await page("GET", `/admin/jobs/${jobB}`, { cookie: cookies.adminB });
    expect(asB.text).toContain('data-status="failed"');
  });

  it("answers 404 for ids that cannot be job ids", async () => {
    expect((await page("GET", "/admin/jobs/not-a-ulid", { cookie: cookies.admin })).status).toBe(404);
    expect((await page("POST", "/admin/jobs/not-a-ulid/retry", { cookie: cookies.admin, form: {} })).status).toBe(404);
    expect((await page("POST", `/admin/jobs/${jobA}/explode`, { cookie: cookies.admin, form: {} })).status).toBe(404);
  });
});

describe("GET /api/v1/live with a session cookie", () => {
  async function upgrade(cookie: string, origin: string | null) {
    const headers: Record<string, string> = { upgrade: "websocket", cookie };
    if (origin) headers.origin = origin;
    return exports.default.fetch(`${BASE}/api/v1/live`, { headers });
  }

  it("refuses members (403) and pages of another origin (403)", async () => {
    expect((await upgrade(cookies.member, ORIGIN)).status).toBe(403);
    expect((await upgrade(cookies.admin, "https://evil.example")).status).toBe(403);
    expect((await upgrade(cookies.admin, null)).status).toBe(403);
  });

  it("streams events with the rendered row for an out-of-band swap to an admin's browser", async () => {
    const res = await upgrade(cookies.admin, ORIGIN);
    expect(res.status).toBe(101);
    const ws = res.webSocket as WebSocket;
    const events: LiveEvent[] = [];
    ws.addEventListener("message", (e) => events.push(liveEventSchema.parse(JSON.parse(e.data as string))));
    ws.accept();
    try {
      const job = await createJob(a.admin.token, "test_flaky", { items: 2 });
      const deadline = Date.now() + 20_000;
      const final = () => events.find((e) => e.type === "job" && e.job.id === job.id && e.job.status === "completed");
      while (!final() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const event = final();
      if (event?.type !== "job") throw new Error("no completed event arrived");
      expect(event.content).toMatch(
        new RegExp(`^<tr id="job-${job.id}" data-status="completed" data-control="" data-type="test_flaky"`),
      );
      expect(event.content).toContain('hx-swap-oob="outerMorph"');
      expect(event.content).toContain('data-label="Progress"');
      // The same row the page renders: a completed job offers no actions.
      expect(event.content).not.toContain("data-action=");
    } finally {
      ws.close(1000, "test done");
    }
  });
});
