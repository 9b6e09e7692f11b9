// Admin → Archives in real Chromium against a real `wrangler dev` this file starts: the owner saves retention by
// keyboard alone (Tab to Completed, type, Tab to Save retention, Enter) and the page shows the saved value, the day
// a discard archived is listed with its download, a job discarded elsewhere leaves an open jobs page and its open
// detail page says where it went (keyboard and axe-core there too), axe-core finds no WCAG 2.2 AA violation in light
// or dark mode, no script error or CSP violation happens, and the screenshot docs/screenshots/admin-archives.png is
// saved.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyVendor } from "../../scripts/copy-vendor.ts";
import { axeViolations, CHROMIUM, hasChromium, SCREENSHOTS } from "../support/axe.ts";
import { eventually, type Stack, startStack } from "../support/e2e.ts";

describe.skipIf(!hasChromium)("Admin → Archives in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let token: string;
  let archived = "";
  const problems: string[] = [];

  async function signedIn(options: Parameters<Browser["newContext"]>[0] = {}) {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "en-GB",
      timezoneId: "Europe/London",
      ...options,
    });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${stack.url}/login`);
    await page.fill("input[name=email]", "owner@acme.test");
    await page.fill("input[name=password]", "dutyleak-demo");
    await Promise.all([page.waitForURL(/\/admin\/jobs$/), page.click("button[type=submit]")]);
    return { context, page };
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

  /** Presses Tab until the element `id` has focus (as a keyboard user would), failing after `max` presses. */
  async function tabTo(page: Page, id: string, max = 150) {
    for (let i = 0; i < max && (await focusedId(page)) !== id; i++) await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe(id);
  }

  beforeAll(async () => {
    copyVendor();
    stack = await startStack();
    token = await stack.token("owner@acme.test");
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    // A job run to its end and discarded: archived first, so today has an archive to list.
    const { job } = await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { items: 2 } });
    await eventually(
      async () => (await stack.api("GET", `/api/v1/jobs/${job.id}`, token)).job.status === "completed",
      "the job to complete",
    );
    const discard = await stack.api("POST", "/api/v1/jobs/discard", token, { ids: [job.id] });
    expect(discard).toMatchObject({ discarded: 1 });
    archived = discard.archive_date;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("saves retention by keyboard alone and shows the saved value", async () => {
    const { context, page } = await signedIn();
    await page.goto(`${stack.url}/admin/archives`);
    await tabTo(page, "retention-completed");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("14");
    await tabTo(page, "retention-save", 4);
    await Promise.all([page.waitForURL(/done=retention/), page.keyboard.press("Enter")]);
    expect(await page.textContent("main")).toContain("Retention saved.");
    expect(await page.inputValue("#retention-completed")).toBe("14");
    const settings = await stack.api("GET", "/api/v1/settings", token);
    expect(settings.retention).toMatchObject({ completed_days: 14, failed_days: 90 });
    expect(await page.textContent("#recent-changes")).toContain("completed_days 30 → 14");
    expect(await page.textContent(`#archive-${archived}`)).toContain("0 / 1");
    const href = await page.locator(`#archive-${archived} a[download]`).getAttribute("href");
    expect(href).toBe(`/admin/archives/${archived}/download`);
    const download = await page.request.get(`${stack.url}${href}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/gzip");
    await context.close();
  });

  it.each(["light", "dark"] as const)(
    "has no WCAG 2.2 AA violations on the archives page in %s mode",
    async (scheme) => {
      const { context, page } = await signedIn({ colorScheme: scheme });
      const results: { route: string; violations: string[] }[] = [];
      await page.goto(`${stack.url}/admin/archives`);
      if (scheme === "light") {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, "admin-archives.png"), fullPage: true });
      }
      results.push({ route: "/admin/archives", violations: await axeViolations(page) });
      // A refused form: the message beside the field, what was typed kept.
      await page.fill("#retention-failed", "0");
      await Promise.all([page.waitForNavigation(), page.click("#retention-save")]);
      expect(await page.textContent("#retention-failed-error")).toContain("Failed: must be at least 1 day");
      results.push({ route: "/admin/archives (refused form)", violations: await axeViolations(page) });
      expect(results.filter((r) => r.violations.length > 0)).toEqual([]);
      await context.close();
    },
  );

  it("takes a job discarded elsewhere off an open jobs page at once, and its open detail page says where it went", async () => {
    const done = async (id: string) => (await stack.api("GET", `/api/v1/jobs/${id}`, token)).job.status === "completed";
    const created = [];
    for (let i = 0; i < 2; i++) {
      const { job } = await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { items: 2 } });
      created.push(job.id as string);
    }
    const [gone, kept] = created as [string, string];
    await eventually(async () => (await done(gone)) && done(kept), "both jobs to complete");
    const { context, page: list } = await signedIn();
    const detail = await context.newPage();
    await detail.goto(`${stack.url}/admin/jobs/${gone}`);
    for (const page of [list, detail]) {
      await expect.poll(() => page.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    }
    expect(await list.locator(`#job-${gone}`).count()).toBe(1);
    const discard = await stack.api("POST", "/api/v1/jobs/discard", token, { ids: [gone] });
    expect(discard).toMatchObject({ discarded: 1 });
    // No reload: the socket's `removed` event takes the row off; the other job stays.
    await expect.poll(() => list.locator(`#job-${gone}`).count(), { timeout: 10_000 }).toBe(0);
    expect(await list.locator(`#job-${kept}`).count()).toBe(1);
    const notice = detail.locator(".removed-notice");
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(1);
    expect(await notice.textContent()).toContain(`in the archive of ${discard.archive_date}`);
    // The page stays as it was (it no longer refetches a job that is gone) and is still accessible.
    expect(await detail.locator("#job-detail").textContent()).toContain(gone);
    expect(await axeViolations(detail)).toEqual([]);
    // By keyboard: Tab reaches the notice's link, Enter opens Admin → Archives.
    await tabTo(detail, "removed-notice-link");
    await Promise.all([detail.waitForURL(/\/admin\/archives$/), detail.keyboard.press("Enter")]);
    await context.close();
  });

  it("ran without CSP violations or script errors", () => {
    expect(problems).toEqual([]);
  });
});
