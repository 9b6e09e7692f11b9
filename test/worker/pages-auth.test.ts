// Signing in to the web pages: the same error for unknown emails and wrong passwords, the session cookie's flags,
// hashed storage, rotation, logout, expiry, throttling per email and per address, CSRF checks, the workspace switch.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { newId, sha256Hex } from "../../worker/db/ids.ts";
import { sessions, workspaces } from "../../worker/db/schema.ts";
import { EMAIL_FAILURE_LIMIT, IP_FAILURE_LIMIT } from "../../worker/middleware/credential-check.ts";
import { BAD_LOGIN } from "../../worker/routes/pages-auth.tsx";
import { cookieFrom, makeLoginUser, page, sessionCookie, slug } from "../support/workerd/pages.ts";

const PASSWORD = "correct horse battery";
const db = () => makeDb(env.DB);

async function newWorkspace() {
  const id = newId();
  const s = slug();
  await db()
    .insert(workspaces)
    .values({ id, slug: s, name: `Workspace ${s}`, createdAt: Date.now() });
  return { id, slug: s };
}

/** A fresh address per test, so that throttling in one test never affects another. */
// A distinct client address per call: the per-address throttle must not carry over from one test to another.
let addresses = 0;
const ip = () => {
  addresses++;
  return `198.51.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
};

function login(email: string, password: string, address: string, extra: { cookie?: string; next?: string } = {}) {
  return page("POST", "/login", {
    form: { email, password, ...(extra.next ? { next: extra.next } : {}) },
    cookie: extra.cookie,
    headers: { "cf-connecting-ip": address },
  });
}

describe("GET /login", () => {
  it("renders the form under a CSP that allows only our own scripts and styles", async () => {
    const res = await page("GET", "/login");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<form method="post" action="/login"');
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // No inline scripts, no inline styles, no hx-on attributes anywhere in the markup.
    expect(res.text).not.toMatch(/<script>(?!<)|<script(?![^>]*\ssrc=)[^>]*>|\sstyle=|\shx-on/);
  });
});

describe("POST /login", () => {
  it("answers an unknown email and a wrong password with the same 401 page and no cookie", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`same-${newId()}@example.test`, PASSWORD, [{ workspaceId: ws.id, role: "admin" }]);
    const address = ip();
    const unknown = await login(`nobody-${newId()}@example.test`, PASSWORD, address);
    const wrong = await login(user.email, "wrong password", address);
    for (const res of [unknown, wrong]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain(BAD_LOGIN);
      expect(res.setCookie).toBeNull();
    }
    // The rest of the page is identical too, apart from the echoed email.
    expect(unknown.text.replace(/value="[^"]*@example.test"/, "")).toBe(
      wrong.text.replace(/value="[^"]*@example.test"/, ""),
    );
  });

  it("signs an admin in with an HttpOnly, SameSite=Lax cookie holding a token whose SHA-256 is stored", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`admin-${newId()}@example.test`, PASSWORD, [
      { workspaceId: ws.id, role: "admin" },
    ]);
    const res = await login(user.email.toUpperCase(), PASSWORD, ip());
    expect(res.status).toBe(303);
    expect(res.location).toBe("/admin/jobs");
    expect(res.setCookie).toMatch(/^dl_session=[A-Za-z0-9_-]{43};/);
    expect(res.setCookie).toMatch(/HttpOnly/i);
    expect(res.setCookie).toMatch(/SameSite=Lax/i);
    expect(res.setCookie).toMatch(/Path=\//);
    expect(res.setCookie).not.toMatch(/Secure/i);
    const token = cookieFrom(res.setCookie).split("=")[1] as string;
    const rows = await db().select().from(sessions).where(eq(sessions.userId, user.userId)).all();
    expect(rows.map((r) => r.idHash)).toEqual([await sha256Hex(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await page("GET", "/admin/jobs", { cookie: cookieFrom(res.setCookie) })).status).toBe(200);
  });

  it("marks the cookie Secure with the __Host- prefix over https", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`tls-${newId()}@example.test`, PASSWORD, [{ workspaceId: ws.id, role: "member" }]);
    const { exports } = await import("cloudflare:workers");
    const response = await exports.default.fetch(
      new Request("https://jobs.test/login", {
        method: "POST",
        headers: {
          origin: "https://jobs.test",
          "content-type": "application/x-www-form-urlencoded",
          "cf-connecting-ip": ip(),
        },
        body: new URLSearchParams({ email: user.email, password: PASSWORD }).toString(),
        redirect: "manual",
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/products");
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-dl_session=/);
    expect(setCookie).toMatch(/; Secure/i);
  });

  it("goes back to a same-site `next` page, and ignores one that points elsewhere", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`next-${newId()}@example.test`, PASSWORD, [{ workspaceId: ws.id, role: "owner" }]);
    expect((await login(user.email, PASSWORD, ip(), { next: "/products?after=A" })).location).toBe("/products?after=A");
    expect((await login(user.email, PASSWORD, ip(), { next: "//evil.example/x" })).location).toBe("/admin/jobs");
    expect((await login(user.email, PASSWORD, ip(), { next: "https://evil.example/" })).location).toBe("/admin/jobs");
    expect((await login(user.email, PASSWORD, ip(), { next: "/\t/evil.example" })).location).toBe("/admin/jobs");
    expect((await login(user.email, PASSWORD, ip(), { next: "/\\evil.example" })).location).toBe("/admin/jobs");
  });

  it("rotates the session: signing in again ends the session the browser had", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`rotate-${newId()}@example.test`, PASSWORD, [
      { workspaceId: ws.id, role: "admin" },
    ]);
    const first = cookieFrom((await login(user.email, PASSWORD, ip())).setCookie);
    const second = cookieFrom((await login(user.email, PASSWORD, ip(), { cookie: first })).setCookie);
    expect(second).not.toBe(first);
    const old = await page("GET", "/admin/jobs", { cookie: first });
    expect(old.status).toBe(302);
    expect(old.location).toBe("/login?next=%2Fadmin%2Fjobs");
    expect((await page("GET", "/admin/jobs", { cookie: second })).status).toBe(200);
  });

  it("throttles an email after 5 failures with a 429 page, even for the right password, while others can sign in", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`guess-${newId()}@example.test`, PASSWORD, [
      { workspaceId: ws.id, role: "admin" },
    ]);
    const other = await makeLoginUser(`other-${newId()}@example.test`, PASSWORD, [
      { workspaceId: ws.id, role: "admin" },
    ]);
    for (let i = 0; i < EMAIL_FAILURE_LIMIT; i++)
      expect((await login(user.email, `guess ${i}`, ip())).status).toBe(401);
    const blocked = await login(user.email, PASSWORD, ip());
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain("Too many failed sign-in attempts");
    expect(blocked.text).toMatch(/try again in 1[45] minutes/);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(blocked.setCookie).toBeNull();
    expect((await login(other.email, PASSWORD, ip())).status).toBe(303);
  });

  it("throttles an address that fails for many different emails", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`victim-${newId()}@example.test`, PASSWORD, [
      { workspaceId: ws.id, role: "admin" },
    ]);
    const address = ip();
    for (let i = 0; i < IP_FAILURE_LIMIT; i++) {
      expect((await login(`spray-${i}-${newId()}@example.test`, "x", address)).status).toBe(401);
    }
    expect((await login(user.email, PASSWORD, address)).status).toBe(429);
    expect((await login(user.email, PASSWORD, ip())).status).toBe(303);
  });

  it("refuses a form posted without Origin or Sec-Fetch-Site, or from another site (CSRF), with 403", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`csrf-${newId()}@example.test`, PASSWORD, [{ workspaceId: ws.id, role: "admin" }]);
    const form = { email: user.email, password: PASSWORD };
    const none = await page("POST", "/login", { form, origin: null });
    expect(none.status).toBe(403);
    expect(none.text).toContain("cross-site request protection");
    expect((await page("POST", "/login", { form, origin: "https://evil.example" })).status).toBe(403);
    const fetchSite = await page("POST", "/login", {
      form,
      origin: null,
      headers: { "sec-fetch-site": "same-origin", "cf-connecting-ip": ip() },
    });
    expect(fetchSite.status).toBe(303);
  });
});

describe("sessions", () => {
  it("ends at logout: the cookie is cleared and the session row deleted", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`bye-${newId()}@example.test`, PASSWORD, [{ workspaceId: ws.id, role: "admin" }]);
    const cookie = cookieFrom((await login(user.email, PASSWORD, ip())).setCookie);
    const out = await page("POST", "/logout", { cookie });
    expect(out.status).toBe(303);
    expect(out.location).toBe("/login?signed_out=1");
    expect(out.setCookie).toMatch(/^dl_session=;.*Max-Age=0/);
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.userId)).all()).toEqual([]);
    expect((await page("GET", "/admin/jobs", { cookie })).status).toBe(302);
    expect((await page("POST", "/logout", { cookie, origin: null })).status).toBe(403);
  });

  it("expires: an old session sends the browser to the login page", async () => {
    const ws = await newWorkspace();
    const user = await makeLoginUser(`old-${newId()}@example.test`, PASSWORD, [{ workspaceId: ws.id, role: "admin" }]);
    // A short session, used once (so the principal cache holds it), then left to run out.
    const cookie = await sessionCookie({ userId: user.userId, workspaceId: ws.id }, 1_500);
    expect((await page("GET", "/admin/jobs", { cookie })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const res = await page("GET", "/admin/jobs", { cookie });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login/);
  });
});

describe("POST /workspace (the workspace switcher)", () => {
  it("lists a user's workspaces and switches with a new session and the new role", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const user = await makeLoginUser(`two-${newId()}@example.test`, PASSWORD, [
      { workspaceId: a.id, role: "admin" },
      { workspaceId: b.id, role: "member" },
    ]);
    const res = await login(user.email, PASSWORD, ip());
    expect(res.location).toBe("/admin/jobs");
    const cookie = cookieFrom(res.setCookie);
    const jobsPage = await page("GET", "/admin/jobs", { cookie });
    expect(jobsPage.text).toContain('<select id="workspace-select" name="workspace"');
    expect(jobsPage.text).toContain(`<option value="${a.slug}" selected="">`);
    expect(jobsPage.text).toContain(`<option value="${b.slug}">`);

    const switched = await page("POST", "/workspace", { cookie, form: { workspace: b.slug } });
    expect(switched.status).toBe(303);
    expect(switched.location).toBe("/products");
    const inB = cookieFrom(switched.setCookie);
    expect((await page("GET", "/admin/jobs", { cookie })).status).toBe(302);
    const forbidden = await page("GET", "/admin/jobs", { cookie: inB });
    expect(forbidden.status).toBe(403);
    expect((await page("GET", "/products", { cookie: inB })).text).toContain(`Workspace ${b.slug}`);
  });

  it("refuses a workspace the user is not a member of", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const user = await makeLoginUser(`one-${newId()}@example.test`, PASSWORD, [{ workspaceId: a.id, role: "admin" }]);
    const cookie = await sessionCookie({ userId: user.userId, workspaceId: a.id });
    const res = await page("POST", "/workspace", { cookie, form: { workspace: b.slug } });
    expect(res.status).toBe(403);
    expect(res.text).toContain("You are not a member of that workspace.");
  });
});
