// Admin → Alerts in real Chromium against a real `wrangler dev` this file starts: a Slack rule is created and tested
// by keyboard alone (Tab, typing, arrow keys, Enter; a loopback server plays Slack), a dead letter opens an incident
// whose banner appears on /admin/jobs (and takes no room before), axe-core finds no WCAG 2.2 AA violation on the
// alerts pages in light or dark mode, and the README's screenshot docs/screenshots/admin-alerts.png is saved.
import { mkdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyVendor } from "../../scripts/copy-vendor.ts";
import { axeViolations, CHROMIUM, hasChromium, SCREENSHOTS } from "../support/axe.ts";
import { eventually, type Stack, startStack } from "../support/e2e.ts";

/** A stand-in for Slack's incoming webhooks: records each POST body and answers 200. */
async function slackReceiver() {
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/services/T0/B0/e2e-token`,
    host: `127.0.0.1:${port}`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!hasChromium)("Admin → Alerts in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let token: string;
  let slack: Awaited<ReturnType<typeof slackReceiver>>;
  let ruleId = "";
  const problems: string[] = [];

  async function signedIn(options: Parameters<Browser["newContext"]>[0] = {}) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-GB", ...options });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${stack.url}/login`);
    await page.fill("input[name=email]", "admin@acme.test");
    await page.fill("input[name=password]", "dutyleak-demo");
    await Promise.all([page.waitForURL(/\/admin\/jobs$/), page.click("button[type=submit]")]);
    return { context, page };
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

  /** Presses Tab until the element `id` has focus (as a keyboard user would), failing after `max` presses. */
  async function tabTo(page: Page, id: string, max = 120) {
    for (let i = 0; i < max && (await focusedId(page)) !== id; i++) await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe(id);
  }

  beforeAll(async () => {
    copyVendor();
    stack = await startStack();
    token = await stack.token("admin@acme.test");
    slack = await slackReceiver();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  });

  afterAll(async () => {
    await browser?.close();
    await slack?.close();
    await stack?.stop();
  });

  it("creates a Slack rule and sends a test by keyboard alone", async () => {
    const { context, page } = await signedIn();
    await page.goto(`${stack.url}/admin/alerts`);
    expect(await page.textContent("#open-incidents")).toContain("No open incidents.");
    await tabTo(page, "rule-name");
    await page.keyboard.type("Dead letters");
    // Kind stays "Dead letter", type "All types" and the numbers empty; the channel is a radio group (one Tab stop).
    await tabTo(page, "rule-channel-webhook");
    await page.keyboard.press("ArrowDown");
    expect(await focusedId(page)).toBe("rule-channel-slack");
    expect(await page.isChecked("#rule-channel-slack")).toBe(true);
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("rule-url");
    await page.keyboard.type(slack.url);
    await Promise.all([page.waitForURL(/done=created/), page.keyboard.press("Enter")]);
    ruleId = new URL(page.url()).searchParams.get("rule") as string;
    expect(ruleId).toMatch(/^[0-9A-Z]{26}$/);
    expect(await page.textContent("main")).toContain(
      `Rule Dead letters created: its alerts go to Slack at ${slack.host}.`,
    );
    const row = page.locator(`#rule-${ruleId}`);
    expect(await row.textContent()).toContain(`Slack · ${slack.host}`);
    expect(await row.textContent()).not.toContain("e2e-token");

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, `rule-${ruleId}-test`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Send test");
    await Promise.all([page.waitForURL(/done=tested/), page.keyboard.press("Enter")]);
    expect(await page.textContent("main")).toContain(`Test sent to Slack at ${slack.host}; see its delivery below.`);
    expect(await page.getAttribute(`#deliveries-${ruleId}`, "open")).toBe("");
    await eventually(async () => slack.bodies.length >= 1, "the test message at the Slack stand-in");
    expect(JSON.parse(slack.bodies[0] as string).text).toMatch(/^:wave: Test from DutyLeak: \*Dead letters\*/);
    await context.close();
  });

  it("shows the banner on /admin/jobs once a dead letter opens an incident, and none before", async () => {
    const { context, page } = await signedIn();
    await expect.poll(() => page.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    // Empty, the banner is in the page but takes no room.
    await page.waitForTimeout(500);
    expect(await page.locator("#alert-banner").evaluate((el) => el.getBoundingClientRect().height)).toBe(0);
    const { job } = await stack.api("POST", "/api/v1/jobs", token, {
      type: "test_flaky",
      payload: { fail_attempts: 99 },
    });
    await eventually(
      async () => (await stack.api("GET", `/api/v1/jobs/${job.id}`, token)).job.status === "dead_letter",
      "the job to be dead-lettered",
      60_000,
    );
    // Live: the job's event tells the banner to look again (or its 15 s poll does).
    await expect
      .poll(() => page.textContent("#alert-banner"), { timeout: 20_000 })
      .toMatch(/^! ?1 alert firing: Dead letters — /);
    expect(await page.locator("#alert-banner").evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(0);
    expect(await page.getAttribute("#alert-banner a", "href")).toBe("/admin/alerts");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({
      path: path.join(SCREENSHOTS, "alert-banner.png"),
      clip: { x: 0, y: 0, width: 1440, height: 240 },
    });
    await eventually(async () => slack.bodies.some((b) => b.includes("Firing: *Dead letters*")), "the firing message");
    await context.close();
  });

  it.each(["light", "dark"] as const)(
    "has no WCAG 2.2 AA violations on the alerts pages in %s mode",
    async (colorScheme) => {
      const { context, page } = await signedIn({ colorScheme });
      const results: { route: string; violations: string[] }[] = [];
      await page.goto(`${stack.url}/admin/alerts`);
      for (const details of await page.locator("details.rule-log").all())
        await details.evaluate((d) => d.setAttribute("open", ""));
      results.push({ route: "/admin/alerts", violations: await axeViolations(page) });
      if (colorScheme === "light") {
        await page.screenshot({ path: path.join(SCREENSHOTS, "admin-alerts.png"), fullPage: true });
      }
      // A refused form: each field's message beside it.
      await page.fill("#rule-threshold", "5");
      await Promise.all([page.waitForNavigation(), page.click("#rule-create")]);
      expect(await page.textContent("#rule-form-errors")).toContain("Name is required");
      results.push({ route: "/admin/alerts (refused form)", violations: await axeViolations(page) });
      // A webhook rule's secret page.
      await page.fill("#rule-name", `Pager ${colorScheme}`);
      await page.fill("#rule-threshold", "");
      await page.check("#rule-channel-webhook");
      await page.fill("#rule-url", slack.url.replace("/services/T0/B0/e2e-token", "/alerts"));
      await Promise.all([page.waitForNavigation(), page.click("#rule-create")]);
      expect(await page.textContent("main")).toMatch(/whsec_/);
      results.push({ route: "the secret page", violations: await axeViolations(page) });
      // Delete asks first.
      await page.goto(`${stack.url}/admin/alerts`);
      await Promise.all([page.waitForNavigation(), page.click(`#rule-${ruleId}-delete`)]);
      expect(await page.textContent("main")).toContain("Delete the rule Dead letters?");
      results.push({ route: "delete confirmation", violations: await axeViolations(page) });
      expect(results.filter((r) => r.violations.length > 0)).toEqual([]);
      await context.close();
    },
  );

  it("ran without CSP violations or script errors", () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    expect(problems).toEqual([]);
  });
});
