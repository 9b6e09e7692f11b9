// Admin → Alerts as HTML: who may open it, the New rule form (a refusal keeps what was typed and names each field;
// empty boxes are absent; a webhook rule's secret is shown once and signs its deliveries; a Slack rule redirects),
// the rules list with its keyset pages, Send test, Turn off/on and Delete, another workspace's rule, the open and
// resolved incidents, and the banner every admin page loads.
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertDeliveryJson, AlertRuleJson } from "../../worker/api/alerts.ts";
import type { JobMessage } from "../../worker/api/queue-messages.ts";
import { newId } from "../../worker/db/ids.ts";
import { evaluateAlerts } from "../../worker/jobs/alerts/evaluate.ts";
import { engineConfig } from "../../worker/jobs/config.ts";
import { createJob } from "../../worker/jobs/create.ts";
import { processDeadLetter } from "../../worker/jobs/dead-letter.ts";
import type { EngineDeps } from "../../worker/jobs/engine.ts";
import { queueEnqueuer } from "../../worker/jobs/messages.ts";
import { silentPublisher } from "../../worker/live/publisher.ts";
import { api, makeWorkspace } from "../support/workerd/api.ts";
import { markupFrom, section, unescapeHtml } from "../support/workerd/html.ts";
import { page, sessionCookie, slug } from "../support/workerd/pages.ts";

const deps: EngineDeps = { env, config: engineConfig(env), publisher: silentPublisher, enqueuer: queueEnqueuer(env) };

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A loopback receiver; `tail` stands for what a Slack URL carries in its path (its token). */
const receiver = (tail = "") => `${env.SOURCE_SERVER_URL}/hooks/${newId()}${tail}`;
const received = async (hook: string): Promise<Received[]> => (await fetch(hook)).json();

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A job that exhausted its retries (the dead-letter consumer's path), then a sweep's evaluation of the workspace. */
async function deadLetter(workspaceId: string) {
  const { job } = await createJob(deps, { workspaceId, type: "test_flaky", payload: { items: 1 }, createdBy: null });
  const message: JobMessage = { jobId: job.id, workspaceId, run: job.run, lease: null };
  expect(await processDeadLetter(deps, message)).toMatchObject({ why: "dead-lettered" });
  await evaluateAlerts(env, deps.enqueuer, Date.now(), { workspaceId });
  return job.id;
}

const slackForm = (name: string, url: string, extra: Record<string, string> = {}) => ({
  name,
  kind: "dead_letter",
  type: "",
  threshold: "",
  window_minutes: "",
  min_jobs: "",
  channel_kind: "slack",
  channel_url: url,
  ...extra,
});

/** The `<tr>` of a rule in the rules table. */
const ruleRow = (html: string, ruleId: string) => markupFrom(html, `<tr id="rule-${ruleId}"`, "</tr>");

let a: Awaited<ReturnType<typeof makeWorkspace>>;
let b: Awaited<ReturnType<typeof makeWorkspace>>;
const cookies = {} as Record<"owner" | "admin" | "member" | "adminB", string>;

beforeAll(async () => {
  a = await makeWorkspace(slug(), ["owner", "admin", "member"]);
  b = await makeWorkspace(slug(), ["admin"]);
  for (const role of ["owner", "admin", "member"] as const) cookies[role] = await sessionCookie(a[role]);
  cookies.adminB = await sessionCookie(b.admin);
});

const rulesOf = async (token: string) =>
  (await api("GET", "/api/v1/alert-rules?limit=100", { token })).json.rules as AlertRuleJson[];

/** Creates a Slack rule through the form and answers its id (from the redirect). */
async function createSlackRule(cookie: string, name: string, url = receiver()) {
  const res = await page("POST", "/admin/alerts", { cookie, form: slackForm(name, url) });
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  const id = new URL(res.location as string, "http://x").searchParams.get("rule");
  if (!id) throw new Error(`no rule in ${res.location}`);
  return { id, url, location: res.location as string };
}

describe("access to /admin/alerts", () => {
  let ruleA: string;
  beforeAll(async () => {
    ruleA = (await createSlackRule(cookies.admin, "Access rule")).id;
  });

  it("redirects anonymous visitors to /login", async () => {
    for (const path of ["/admin/alerts", "/admin/alerts/banner"]) {
      const res = await page("GET", path);
      expect(res.status, path).toBe(302);
      expect(res.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it("gives members the 403 page for the page, the fragments and the actions, and no sidebar link or banner", async () => {
    for (const path of ["/admin/alerts", "/admin/alerts/open", "/admin/alerts/banner"]) {
      expect((await page("GET", path, { cookie: cookies.member })).status, path).toBe(403);
    }
    for (const path of ["/admin/alerts", ...["test", "disable", "delete"].map((x) => `/admin/alerts/${ruleA}/${x}`)]) {
      const res = await page("POST", path, {
        cookie: cookies.member,
        form: { ...slackForm("x", receiver()), confirmed: "yes" },
      });
      expect(res.status, path).toBe(403);
    }
    const [rule] = (await rulesOf(a.admin.token)).filter((r) => r.id === ruleA);
    expect(rule?.enabled).toBe(true);
    const products = await page("GET", "/products", { cookie: cookies.member });
    expect(products.text).not.toContain('href="/admin/alerts"');
    expect(products.text).not.toContain('id="alert-banner"');
  });

  it("lets owners in with the title Alerts, and lists Alerts in the Admin section after Metrics", async () => {
    const res = await page("GET", "/admin/alerts", { cookie: cookies.owner });
    expect(res.status).toBe(200);
    expect(res.text).toContain("<title>Alerts · DutyLeak</title>");
    const metrics = res.text.indexOf('<a href="/admin/metrics"');
    const alerts = res.text.indexOf('<a href="/admin/alerts" aria-current="page">Alerts</a>');
    expect(metrics).toBeGreaterThan(res.text.indexOf('<p class="nav-heading">Admin</p>'));
    expect(alerts).toBeGreaterThan(metrics);
  });

  it("answers 404 when an admin of B acts on A's rule, and leaves it alone", async () => {
    const before = (await rulesOf(a.admin.token)).find((r) => r.id === ruleA);
    for (const action of ["test", "disable", "enable", "delete"]) {
      const res = await page("POST", `/admin/alerts/${ruleA}/${action}`, {
        cookie: cookies.adminB,
        form: { confirmed: "yes" },
      });
      expect(res.status, action).toBe(404);
      expect(res.text).toContain("Alert rule not found.");
    }
    expect((await rulesOf(a.admin.token)).find((r) => r.id === ruleA)).toEqual(before);
    const deliveries = await api("GET", `/api/v1/alert-rules/${ruleA}/deliveries`, { token: a.admin.token });
    expect(deliveries.json.deliveries).toEqual([]);
    expect((await page("GET", "/admin/alerts", { cookie: cookies.adminB })).text).not.toContain(ruleA);
    expect((await page("POST", "/admin/alerts/not-an-id/test", { cookie: cookies.admin })).status).toBe(404);
  });

  it("refuses a form posted from another site (CSRF) with 403, and creates nothing", async () => {
    const name = `csrf-${newId()}`;
    const res = await page("POST", "/admin/alerts", {
      cookie: cookies.admin,
      form: slackForm(name, receiver()),
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect((await rulesOf(a.admin.token)).map((r) => r.name)).not.toContain(name);
  });
});

describe("POST /admin/alerts (New rule)", () => {
  it("answers 422 with the form as typed and each refused field named beside it, and stores nothing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const res = await page("POST", "/admin/alerts", {
      cookie,
      form: {
        ...slackForm("", "ftp://example.com/hook"),
        kind: "failure_rate",
        window_minutes: "soon",
        min_jobs: "25",
      },
    });
    expect(res.status).toBe(422);
    const form = section(res.text, "new-rule");
    // What was typed stays.
    expect(form).toContain('<option value="failure_rate" selected="">');
    expect(form).toMatch(/<input[^>]*id="rule-min-jobs"[^>]*value="25"/);
    expect(form).toMatch(/<input[^>]*id="rule-window"[^>]*value="soon"/);
    expect(form).toMatch(/<input[^>]*id="rule-url"[^>]*value="ftp:\/\/example.com\/hook"/);
    expect(form).toMatch(/<input[^>]*id="rule-channel-slack"[^>]*checked=""/);
    // Each refused field: its message beside it, described by it, marked invalid; the summary links to it.
    for (const [id, text] of [
      ["rule-name", "Name is required."],
      ["rule-threshold", "Threshold is required for a failure_rate rule (percent)."],
      ["rule-window", "Window (minutes) must be a number."],
      ["rule-url", "URL "],
    ] as const) {
      expect(form, id).toMatch(new RegExp(`<input[^>]*id="${id}"[^>]*aria-invalid="true"`));
      expect(form, id).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-error"`));
      expect(unescapeHtml(form), id).toContain(`<p class="field-error" id="${id}-error">${text}`);
      expect(form, id).toContain(`<a href="#${id}">`);
    }
    // Fields that were fine are not marked.
    expect(form).not.toMatch(/id="rule-min-jobs"[^>]*aria-invalid/);
    expect(form).toContain('role="alert"');
    expect(await rulesOf(ws.admin.token)).toEqual([]);
  });

  it("refuses a number the kind has no use for, and sends empty boxes as absent", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const stalled = { kind: "stalled", threshold: "5" };
    const refused = await page("POST", "/admin/alerts", {
      cookie,
      form: slackForm("Stuck", receiver(), { ...stalled, window_minutes: "10" }),
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("Window (minutes) has no meaning for a stalled rule.");
    // The same rule with the window left empty: created, with the kind's defaults.
    const made = await page("POST", "/admin/alerts", { cookie, form: slackForm("Stuck", receiver(), stalled) });
    expect(made.status).toBe(303);
    expect(await rulesOf(ws.admin.token)).toMatchObject([
      { name: "Stuck", kind: "stalled", threshold: 5, window_minutes: null, min_jobs: null, type: null },
    ]);
  });

  it("shows a webhook rule's whsec_ secret once, with no-store, and that secret signs its deliveries", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const hook = receiver();
    const res = await page("POST", "/admin/alerts", {
      cookie,
      form: {
        ...slackForm("Pager", hook),
        kind: "wait_time",
        threshold: "30",
        type: "data_import",
        channel_kind: "webhook",
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.text).toContain('data-secret-once="true"');
    expect(res.text).toContain("standardwebhooks");
    const secret = res.text.match(/whsec_[A-Za-z0-9+/=]+/)?.[0] as string;
    expect(secret).toBeTruthy();
    const [rule] = await rulesOf(ws.admin.token);
    expect(rule).toMatchObject({ name: "Pager", kind: "wait_time", type: "data_import", channel: { kind: "webhook" } });
    // Never again: not on the list.
    const list = await page("GET", "/admin/alerts", { cookie });
    expect(list.text).not.toContain("whsec_");
    // Send test delivers an alert.test that verifies with the secret shown.
    expect((await page("POST", `/admin/alerts/${rule?.id}/test`, { cookie })).status).toBe(303);
    const [delivery] = await waitUntil(
      () => received(hook),
      (l) => l.length >= 1,
    );
    const body = new Webhook(secret).verify(delivery?.body as string, delivery?.headers as Record<string, string>);
    expect(body).toMatchObject({ type: "alert.test", data: { rule: { id: rule?.id } } });
  });

  it("redirects after a Slack rule with a notice, and lists the channel by its host only", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const token = `TOKEN${newId()}`;
    const { id, location, url } = await createSlackRule(cookie, "Dead letters", receiver(`/services/T1/B2/${token}`));
    expect(location).toBe(`/admin/alerts?done=created&rule=${id}#rule-${id}`);
    const res = await page("GET", location.split("#")[0] as string, { cookie });
    const host = new URL(url).host;
    expect(res.text).toContain(`Rule Dead letters created: its alerts go to Slack at ${host}.`);
    const row = ruleRow(res.text, id);
    expect(row).toContain("Dead letters");
    expect(unescapeHtml(row)).toContain("a job is dead-lettered (open until 60 min pass without another)");
    expect(row).toContain("All types");
    expect(row).toContain(`Slack <span class="muted">· ${host}</span>`);
    expect(row).toContain('<span class="badge badge-ok">OK</span>');
    // The URL's path (a Slack URL's token) appears nowhere on the page.
    expect(res.text).not.toContain(token);
  });
});

describe("rule actions", () => {
  it("Send test answers 303 with a notice, shows the test delivery under the rule, and reaches Slack", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id, url } = await createSlackRule(cookie, "Test me");
    const res = await page("POST", `/admin/alerts/${id}/test`, { cookie });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/admin/alerts?done=tested&rule=${id}#deliveries-${id}`);
    const [slack] = await waitUntil(
      () => received(url),
      (l) => l.length >= 1,
    );
    expect(JSON.parse(slack?.body as string).text).toMatch(/^:wave: Test from DutyLeak: \*Test me\*/);
    const after = await page("GET", (res.location as string).split("#")[0] as string, { cookie });
    expect(after.text).toContain(`Test sent to Slack at ${new URL(url).host}; see its delivery below.`);
    const log = section(after.text, "deliveries");
    expect(log).toMatch(new RegExp(`<details class="rule-log" id="deliveries-${id}" open=""`));
    expect(log).toMatch(/<td data-label="Event">Test<\/td>/);
  });

  it("shows a failed delivery with its error in the rule's log, open", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id } = await createSlackRule(cookie, "Broken", `${env.SOURCE_SERVER_URL}/status/500`);
    await page("POST", `/admin/alerts/${id}/test`, { cookie });
    await waitUntil(
      async () =>
        (await api("GET", `/api/v1/alert-rules/${id}/deliveries`, { token: ws.admin.token })).json
          .deliveries as AlertDeliveryJson[],
      (l) => l[0]?.status === "failed",
      25_000,
    );
    const log = section((await page("GET", "/admin/alerts", { cookie })).text, "deliveries");
    expect(log).toMatch(new RegExp(`<details class="rule-log" id="deliveries-${id}" open=""`));
    expect(log).toContain('<span class="badge badge-failed">1 failed</span>');
    expect(log).toContain('<span class="badge badge-failed">Failed</span>');
    expect(log).toMatch(/<td data-label="Attempts" class="num">3<\/td>/);
    expect(log).toContain('class="error-text"');
  });

  it("Turn off stops a firing rule and resolves its incident; Turn on starts it again", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id } = await createSlackRule(cookie, "Noisy");
    await deadLetter(ws.workspaceId);
    expect(ruleRow((await page("GET", "/admin/alerts", { cookie })).text, id)).toContain("Firing");
    const off = await page("POST", `/admin/alerts/${id}/disable`, { cookie });
    expect(off.status).toBe(303);
    expect(off.location).toBe(`/admin/alerts?done=disabled&rule=${id}#rule-${id}`);
    expect((await rulesOf(ws.admin.token))[0]).toMatchObject({ enabled: false, state: "ok" });
    const page1 = await page("GET", (off.location as string).split("#")[0] as string, { cookie });
    expect(page1.text).toContain("Noisy is off: it opens no incidents, and one it had open is resolved.");
    const row = ruleRow(page1.text, id);
    expect(row).toContain('<span class="badge badge-off">Off</span>');
    expect(row).toContain(">Turn on</button>");
    expect(section(page1.text, "open-incidents")).toContain("No open incidents.");
    expect(section(page1.text, "recent-incidents")).toContain("Noisy");
    const on = await page("POST", `/admin/alerts/${id}/enable`, { cookie });
    expect(on.status).toBe(303);
    expect((await rulesOf(ws.admin.token))[0]?.enabled).toBe(true);
    expect(ruleRow((await page("GET", "/admin/alerts", { cookie })).text, id)).toContain(">Turn off</button>");
  });

  it("Delete asks on a page first, then deletes the rule", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const { id } = await createSlackRule(cookie, "Short-lived");
    const ask = await page("POST", `/admin/alerts/${id}/delete`, { cookie, form: {} });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain("<strong>Delete the rule Short-lived?</strong>");
    expect(ask.text).toContain('name="confirmed" value="yes"');
    expect((await rulesOf(ws.admin.token)).map((r) => r.id)).toEqual([id]);
    const gone = await page("POST", `/admin/alerts/${id}/delete`, { cookie, form: { confirmed: "yes" } });
    expect(gone.status).toBe(303);
    expect(gone.location).toBe("/admin/alerts?done=deleted#rules");
    expect(await rulesOf(ws.admin.token)).toEqual([]);
    expect((await page("GET", "/admin/alerts?done=deleted", { cookie })).text).toContain("The rule was deleted.");
  });
});

describe("lists on /admin/alerts", () => {
  it("pages the rules by ?after= 50 at a time", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const cookie = await sessionCookie(ws.admin);
    const url = receiver();
    const ids: string[] = [];
    for (let i = 0; i < 51; i++) {
      const res = await api("POST", "/api/v1/alert-rules", {
        token: ws.admin.token,
        body: { name: `Rule ${i}`, kind: "dead_letter", channel: { kind: "slack", url } },
      });
      ids.push(res.json.rule.id);
    }
    const first = await page("GET", "/admin/alerts", { cookie });
    const rows = (html: string) =>
      [...section(html, "rules").matchAll(/<tr id="rule-([0-9A-Z]{26})"/g)].map((m) => m[1]);
    expect(rows(first.text)).toEqual(ids.slice(0, 50));
    expect(first.text).toContain(`href="/admin/alerts?after=${ids[49]}#rules"`);
    const next = await page("GET", `/admin/alerts?after=${ids[49]}`, { cookie });
    expect(rows(next.text)).toEqual(ids.slice(50));
    expect(section(next.text, "rules")).not.toContain("Next rules");
    expect(section(next.text, "rules")).toContain("First rules");
  });

  it("shows an open incident with its rule, kind, jobs and list, and the banner on every admin page", async () => {
    const ws = await makeWorkspace(slug(), ["admin", "member"]);
    const cookie = await sessionCookie(ws.admin);
    expect((await page("GET", "/admin/alerts/banner", { cookie })).text).toBe("");
    const alerts = await page("GET", "/admin/alerts", { cookie });
    expect(section(alerts.text, "open-incidents")).toContain("No open incidents.");
    const { id } = await createSlackRule(cookie, "Dead letters");
    const jobs = [await deadLetter(ws.workspaceId), await deadLetter(ws.workspaceId)];
    const banner = await page("GET", "/admin/alerts/banner", { cookie });
    expect(banner.status).toBe(200);
    expect(banner.text).toContain('<a class="alert-banner-link" href="/admin/alerts">');
    expect(unescapeHtml(banner.text)).toMatch(/<strong>1 alert firing:<\/strong> <span>Dead letters — .+<\/span>/);
    const open = section((await page("GET", "/admin/alerts", { cookie })).text, "open-incidents");
    expect(open).toContain("Dead letters");
    expect(open).toContain('<td data-label="Kind">Dead letter</td>');
    expect(open).toContain("2 jobs");
    for (const job of jobs) expect(open).toContain(`href="/admin/jobs/${job}"`);
    expect(unescapeHtml(open)).toContain('href="/admin/errors?status=dead_letter">Dead-lettered jobs →</a>');
    expect(open).toContain('datetime="');
    expect((await page("GET", "/admin/alerts/open", { cookie })).text).toContain(`incident-`);
    // Every admin page carries the slot that loads the banner; a member's pages do not.
    const jobsPage = await page("GET", "/admin/jobs", { cookie });
    expect(jobsPage.text).toMatch(
      /<div id="alert-banner" class="alert-banner" role="status" aria-live="polite" hx-get="\/admin\/alerts\/banner"/,
    );
    expect((await page("GET", "/products", { cookie: await sessionCookie(ws.member) })).text).not.toContain(
      "alert-banner",
    );
    // Turned off, the incident resolves: the banner empties and Recent incidents lists it.
    await page("POST", `/admin/alerts/${id}/disable`, { cookie });
    expect((await page("GET", "/admin/alerts/banner", { cookie })).text).toBe("");
    expect(section((await page("GET", "/admin/alerts", { cookie })).text, "recent-incidents")).toContain(
      "Dead letters",
    );
  });
});
