// /admin/webhooks as HTML: who may open it, the secret shown once (and stored only sealed), rotation with its grace,
// disable/enable/delete against real inbound requests, the delivery log and callbacks tables, CSRF, and the job
// history's labels for callback and fault events.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { EventTimeline } from "../../views/jobs/EventTimeline.tsx";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { webhookEndpoints } from "../../worker/db/schema.ts";
import { listCallbacksForEndpoint } from "../../worker/db/webhooks.ts";
import { api, BASE, makeWorkspace, productRows } from "../support/workerd/api.ts";
import { page, sessionCookie, slug } from "../support/workerd/pages.ts";

const db = () => makeDb(env.DB);

let a: Awaited<ReturnType<typeof makeWorkspace>>;
let b: Awaited<ReturnType<typeof makeWorkspace>>;
const cookies = {} as Record<"owner" | "admin" | "member" | "adminB", string>;

beforeAll(async () => {
  a = await makeWorkspace(slug(), ["owner", "admin", "member"]);
  b = await makeWorkspace(slug(), ["admin"]);
  for (const role of ["owner", "admin", "member"] as const) cookies[role] = await sessionCookie(a[role]);
  cookies.adminB = await sessionCookie(b.admin);
});

/** Creates an endpoint through the page, as an admin would, and reads the secret and id off the answer. */
async function createViaPage(cookie: string, name = `ERP ${newId().slice(-4)}`) {
  const res = await page("POST", "/admin/webhooks", { cookie, form: { name } });
  expect(res.status).toBe(200);
  const secret = res.text.match(/whsec_[A-Za-z0-9+/=]+/)?.[0];
  const id = res.text.match(/\/webhooks\/v1\/imports\/([0-9A-Z]{26})/)?.[1];
  if (!secret || !id) throw new Error("the create page shows no secret or endpoint URL");
  return { id, secret, name, res };
}

/** A request signed with the reference implementation, posted to the inbound route. */
async function sendImport(endpointId: string, secret: string, extra: Record<string, unknown> = {}) {
  const body = JSON.stringify({ rows: productRows(1, `PW${newId().slice(-4)}`), ...extra });
  const id = `msg_${newId()}`;
  const at = new Date();
  return api("POST", `/webhooks/v1/imports/${endpointId}`, {
    raw: body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, at, body),
    },
  });
}

const endpointRow = (id: string) => db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();

/** The markup of the table that follows a heading. */
function tableAfter(html: string, heading: string): string {
  const start = html.indexOf(`<h2>${heading}</h2>`);
  if (start < 0) throw new Error(`no "${heading}" section`);
  return html.slice(start, html.indexOf("</table>", start));
}

const unescapeHtml = (html: string) =>
  html
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

const headerCells = (table: string) => [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);

async function waitUntil(check: () => Promise<boolean>, timeout: number) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("access to /admin/webhooks", () => {
  let endpointA: string;
  beforeAll(async () => {
    endpointA = (await createViaPage(cookies.admin)).id;
  });

  it("redirects anonymous visitors to /login", async () => {
    for (const path of ["/admin/webhooks", `/admin/webhooks/${endpointA}`]) {
      const res = await page("GET", path);
      expect(res.status, path).toBe(302);
      expect(res.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it("gives members the 403 page, for pages and actions, and hides the sidebar link from them", async () => {
    for (const path of ["/admin/webhooks", `/admin/webhooks/${endpointA}`]) {
      const res = await page("GET", path, { cookie: cookies.member });
      expect(res.status, path).toBe(403);
      expect(res.text).toContain("Access denied");
    }
    for (const path of [
      "/admin/webhooks",
      ...["rotate", "disable", "delete"].map((x) => `/admin/webhooks/${endpointA}/${x}`),
    ]) {
      const res = await page("POST", path, { cookie: cookies.member, form: { name: "x", confirmed: "yes" } });
      expect(res.status, path).toBe(403);
    }
    expect((await endpointRow(endpointA))?.disabledAt).toBeNull();
    const link = '<a href="/admin/webhooks"';
    expect((await page("GET", "/products", { cookie: cookies.member })).text).not.toContain(link);
    expect((await page("GET", "/products", { cookie: cookies.owner })).text).toContain(link);
  });

  it("lets owners in, and puts Webhooks after Jobs in the Admin section", async () => {
    const res = await page("GET", "/admin/webhooks", { cookie: cookies.owner });
    expect(res.status).toBe(200);
    const jobs = res.text.indexOf('<a href="/admin/jobs"');
    const hooks = res.text.indexOf('<a href="/admin/webhooks" aria-current="page"');
    expect(jobs).toBeGreaterThan(res.text.indexOf('<p class="nav-heading">Admin</p>'));
    expect(hooks).toBeGreaterThan(jobs);
  });

  it("answers 404 when an admin of B opens or acts on A's endpoint, and leaves it alone", async () => {
    const before = await endpointRow(endpointA);
    const detail = await page("GET", `/admin/webhooks/${endpointA}`, { cookie: cookies.adminB });
    expect(detail.status).toBe(404);
    expect(detail.text).toContain("Webhook endpoint not found.");
    for (const action of ["rotate", "disable", "enable", "delete"]) {
      const res = await page("POST", `/admin/webhooks/${endpointA}/${action}`, {
        cookie: cookies.adminB,
        form: { confirmed: "yes" },
      });
      expect(res.status, action).toBe(404);
      expect(res.text).not.toMatch(/whsec_/);
    }
    expect(await endpointRow(endpointA)).toEqual(before);
    expect((await page("GET", "/admin/webhooks", { cookie: cookies.adminB })).text).not.toContain(endpointA);
    expect((await page("GET", "/admin/webhooks/not-an-id", { cookie: cookies.admin })).status).toBe(404);
  });

  it("refuses a form posted without Origin or from another site (CSRF) with 403, and creates nothing", async () => {
    const name = `csrf-${newId()}`;
    for (const origin of [null, "https://evil.example"]) {
      const res = await page("POST", "/admin/webhooks", { cookie: cookies.admin, form: { name }, origin });
      expect(res.status).toBe(403);
      expect(res.text).toContain("cross-site request protection");
    }
    const rotate = await page("POST", `/admin/webhooks/${endpointA}/rotate`, {
      cookie: cookies.admin,
      form: { confirmed: "yes" },
      origin: null,
    });
    expect(rotate.status).toBe(403);
    expect((await page("GET", "/admin/webhooks", { cookie: cookies.admin })).text).not.toContain(name);
  });
});

describe("POST /admin/webhooks", () => {
  it("shows the new secret once with the URL and a signing example, and stores only its sealed form", async () => {
    const { id, secret, name, res } = await createViaPage(cookies.admin);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.text).toContain("Copy this secret now: it will not be shown again.");
    expect(res.text).toContain(`${BASE}/webhooks/v1/imports/${id}`);
    const example = unescapeHtml(res.text.slice(res.text.indexOf('<pre class="signing-example">')));
    expect(example).toContain(`U='${BASE}'; ENDPOINT='${id}'; SECRET='${secret}'`);
    expect(res.text).toContain("openssl dgst -sha256 -mac HMAC");
    const row = await endpointRow(id);
    expect(row?.secretSealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    // The secret the page showed is the one that verifies.
    expect((await sendImport(id, secret)).status).toBe(202);

    const list = await page("GET", "/admin/webhooks", { cookie: cookies.admin });
    expect(list.text).toContain(name);
    expect(list.text).toContain(`${BASE}/webhooks/v1/imports/${id}`);
    const detail = await page("GET", `/admin/webhooks/${id}`, { cookie: cookies.admin });
    for (const html of [list.text, detail.text]) {
      expect(html).not.toContain(secret.slice(6));
      expect(html).not.toMatch(/whsec_/);
    }
  });

  it("refuses an empty name with 422 and the form again", async () => {
    const before = (await page("GET", "/admin/webhooks", { cookie: cookies.admin })).text.match(/id="endpoint-/g);
    const res = await page("POST", "/admin/webhooks", { cookie: cookies.admin, form: { name: "   " } });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Give the endpoint a name.");
    expect(res.text).not.toMatch(/whsec_/);
    const after = (await page("GET", "/admin/webhooks", { cookie: cookies.admin })).text.match(/id="endpoint-/g);
    expect(after).toEqual(before);
  });
});

describe("endpoint actions", () => {
  it("rotates after a confirmation: a new secret shown once, and the old one verifies during the grace", async () => {
    const { id, secret: old } = await createViaPage(cookies.admin);
    const ask = await page("POST", `/admin/webhooks/${id}/rotate`, { cookie: cookies.admin, form: {} });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain("Rotate the signing secret of");
    expect(ask.text).toContain('name="confirmed" value="yes"');
    expect(ask.text).not.toMatch(/whsec_/);
    expect((await endpointRow(id))?.previousSecretSealed).toBeNull();

    const rotated = await page("POST", `/admin/webhooks/${id}/rotate`, {
      cookie: cookies.admin,
      form: { confirmed: "yes" },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    const fresh = rotated.text.match(/whsec_[A-Za-z0-9+/=]+/)?.[0];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(old);
    expect(rotated.text).toContain("The previous secret keeps verifying requests");
    for (const secret of [old, fresh as string]) expect((await sendImport(id, secret)).status).toBe(202);
    const detail = await page("GET", `/admin/webhooks/${id}`, { cookie: cookies.admin });
    expect(detail.text).toContain("Previous secret valid until");
    // A second rotation warns that the secret still in its grace stops at once.
    const again = await page("POST", `/admin/webhooks/${id}/rotate`, { cookie: cookies.admin, form: {} });
    expect(again.text).toContain("stops working at once");
  });

  it("disables (inbound 410) and enables again", async () => {
    const { id, secret } = await createViaPage(cookies.admin);
    const off = await page("POST", `/admin/webhooks/${id}/disable`, { cookie: cookies.admin, form: {} });
    expect(off.status).toBe(303);
    expect(off.location).toBe(`/admin/webhooks/${id}`);
    const detail = await page("GET", `/admin/webhooks/${id}`, { cookie: cookies.admin });
    expect(detail.text).toContain('<span class="badge badge-disabled">Disabled</span>');
    expect(detail.text).toContain('data-action="enable"');
    const refused = await sendImport(id, secret);
    expect(refused.status).toBe(410);
    expect(refused.json.error.code).toBe("endpoint_disabled");
    expect((await page("POST", `/admin/webhooks/${id}/enable`, { cookie: cookies.admin, form: {} })).status).toBe(303);
    expect((await sendImport(id, secret)).status).toBe(202);
    const list = await page("GET", "/admin/webhooks", { cookie: cookies.admin });
    expect(list.text).toContain(`<tr id="endpoint-${id}" data-disabled="false"`);
  });

  it("deletes after a confirmation; the URL then answers 404", async () => {
    const { id, secret } = await createViaPage(cookies.admin);
    const ask = await page("POST", `/admin/webhooks/${id}/delete`, { cookie: cookies.admin, form: {} });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain("Delete the endpoint");
    expect(await endpointRow(id)).toBeDefined();
    const done = await page("POST", `/admin/webhooks/${id}/delete`, {
      cookie: cookies.admin,
      form: { confirmed: "yes" },
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/admin/webhooks?deleted=1");
    expect(await endpointRow(id)).toBeUndefined();
    const list = await page("GET", done.location as string, { cookie: cookies.admin });
    expect(list.text).toContain("The endpoint was deleted.");
    expect(list.text).not.toContain(id);
    expect((await page("GET", `/admin/webhooks/${id}`, { cookie: cookies.admin })).status).toBe(404);
    expect((await sendImport(id, secret)).status).toBe(404);
  });
});

describe("GET /admin/webhooks/:id tables", () => {
  it("lists accepted and rejected deliveries with the job link and the reason, and counts them on the list", async () => {
    const { id, secret } = await createViaPage(cookies.admin);
    const accepted = await sendImport(id, secret);
    expect(accepted.status).toBe(202);
    const jobId = accepted.json.job.id as string;
    const { secret: other } = await createViaPage(cookies.admin);
    expect((await sendImport(id, other)).status).toBe(401);

    const html = (await page("GET", `/admin/webhooks/${id}`, { cookie: cookies.admin })).text;
    const table = tableAfter(html, "Recent deliveries");
    expect(headerCells(table)).toEqual(["Time", "Outcome", "Status", "Webhook ID", "Job", "Reason"]);
    const rows = table.split("<tr data-outcome=").slice(1);
    expect(rows.map((r) => r.slice(1, r.indexOf('"', 1)))).toEqual(["rejected", "accepted"]);
    expect(rows[0]).toContain('<span class="badge badge-rejected">Rejected</span>');
    expect(rows[0]).toContain("401");
    expect(rows[0]).toContain("bad_signature: no v1 signature matches this endpoint&#39;s secret");
    expect(rows[1]).toContain('<span class="badge badge-accepted">Accepted</span>');
    expect(rows[1]).toContain(`<a href="/admin/jobs/${jobId}">`);
    expect(rows[1]).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z"/);

    const list = (await page("GET", "/admin/webhooks", { cookie: cookies.admin })).text;
    const row = list.slice(list.indexOf(`<tr id="endpoint-${id}"`), list.indexOf("</tr>", list.indexOf(id)));
    expect(row).toContain("1 accepted");
    expect(row).toContain("1 rejected");
  });

  it("shows a callback that gave up as Failed, and the job's history shows Callback failed", async () => {
    const { id, secret } = await createViaPage(cookies.admin);
    const hook = `${env.SOURCE_SERVER_URL}/hooks/${newId()}?fail=99`;
    const accepted = await sendImport(id, secret, { callback_url: hook });
    expect(accepted.status).toBe(202);
    const jobId = accepted.json.job.id as string;
    // CALLBACK_MAX_ATTEMPTS is 3 in the test configuration; backoff between attempts is about 1 s, then 2 s.
    await waitUntil(async () => (await listCallbacksForEndpoint(db(), id, 1))[0]?.status === "failed", 40_000);

    const html = (await page("GET", `/admin/webhooks/${id}`, { cookie: cookies.admin })).text;
    const table = tableAfter(html, "Callbacks sent");
    expect(headerCells(table)).toEqual([
      "Job",
      "URL",
      "Status",
      "Attempts",
      "Last status",
      "Last error",
      "Next attempt / Delivered at",
    ]);
    const row = table.slice(table.indexOf(`<tr id="callback-${jobId}.1" data-status="failed"`));
    expect(row.length).toBeGreaterThan(0);
    expect(row).toContain(`<a href="/admin/jobs/${jobId}">`);
    expect(row).toContain('<span class="badge badge-failed">Failed</span>');
    expect(row).toContain('data-label="Attempts" class="num">3<');
    expect(row).toContain('data-label="Last status" class="num">500<');
    expect(row).toContain("answered 500");
    expect(row).toContain("Gave up");

    const job = await page("GET", `/admin/jobs/${jobId}`, { cookie: cookies.admin });
    expect(job.text).toContain('<li class="event event-callback-failed" data-kind="callback_failed">');
    expect(job.text).toContain('<span class="event-kind">Callback failed</span>');
  }, 60_000);
});

describe("EventTimeline", () => {
  it("labels injected faults and gives every kind a plain CSS class", () => {
    const event = (kind: string, id: number) => ({
      id,
      job_id: newId(),
      at: new Date().toISOString(),
      kind,
      actor: "system",
      message: null,
      run: 1,
    });
    const html = String(EventTimeline({ events: [event("fault:step_retryable", 1), event("callback_delivered", 2)] }));
    expect(html).toContain('<li class="event event-fault-step-retryable" data-kind="fault:step_retryable">');
    expect(html).toContain('<span class="event-kind">Injected fault: step retryable</span>');
    expect(html).toContain('<li class="event event-callback-delivered" data-kind="callback_delivered">');
    expect(html).toContain('<span class="event-kind">Callback delivered</span>');
  });
});
