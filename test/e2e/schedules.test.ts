// Admin → Schedules in real Chromium against a real `wrangler dev` this file starts: a schedule is created and run
// by keyboard alone (Tab, typing, arrow keys, Enter), its next five times show in the viewer's time with UTC on
// hover, a run skipped by overlap shows its reason, axe-core finds no WCAG 2.2 AA violation on the page, the refused
// form and the delete confirmation in light or dark mode, no script error or CSP violation happens, and the
// README's screenshot docs/screenshots/admin-schedules.png is saved.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyVendor } from "../../scripts/copy-vendor.ts";
import { axeViolations, CHROMIUM, hasChromium, SCREENSHOTS } from "../support/axe.ts";
import { eventually, type Stack, startStack } from "../support/e2e.ts";

describe.skipIf(!hasChromium)("Admin → Schedules in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let token: string;
  let scheduleId = "";
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
    await page.fill("input[name=email]", "admin@acme.test");
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

  const create = async (body: Record<string, unknown>) =>
    (await stack.api("POST", "/api/v1/schedules", token, body)).schedule as { id: string };

  beforeAll(async () => {
    copyVendor();
    stack = await startStack();
    token = await stack.token("admin@acme.test");
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    // The schedules a workspace might have beside the one the keyboard test creates.
    await create({
      name: "Weekday reclassification",
      cron: "0 6 * * 1-5",
      timezone: "Europe/Berlin",
      type: "bulk_classification",
      payload: { reclassify: true },
      priority: "low",
    });
    await create({
      name: "EU duty check",
      cron: "15 */6 * * *",
      type: "duty_optimization",
      payload: { destination: "EU" },
      overlap: "allow",
    });
    await create({
      name: "Monthly US export",
      cron: "0 1 1 * *",
      timezone: "America/New_York",
      type: "data_export",
      payload: { filter: { origin_country: "US" } },
      enabled: false,
    });
    // A slow job: asked to run again while it still runs, overlap skip records the skip and why.
    const slow = await create({
      name: "Slow test run",
      cron: "0 4 * * *",
      type: "test_flaky",
      payload: { items: 60, chunk: 1, delay_ms: 2000 },
    });
    const first = await stack.api("POST", `/api/v1/schedules/${slow.id}/run`, token);
    expect(first.run).toMatchObject({ outcome: "created" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await stack.api("POST", `/api/v1/schedules/${slow.id}/run`, token);
    expect(second.run).toMatchObject({ outcome: "skipped" });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("creates a schedule and presses Run now by keyboard alone", async () => {
    const { context, page } = await signedIn();
    await page.goto(`${stack.url}/admin/schedules`);
    await tabTo(page, "schedule-name");
    await page.keyboard.type("Nightly export");
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("schedule-cron");
    await page.keyboard.type("30 2 * * *");
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("schedule-timezone");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Europe/Berlin");
    // The script shows "use this browser's zone", naming it; the keyboard goes past it to the type.
    expect(await page.textContent("button[data-zone-for]")).toBe("Use this browser's zone (Europe/London)");
    await tabTo(page, "schedule-type", 3);
    for (let i = 0; i < 8 && (await page.inputValue("#schedule-type")) !== "data_export"; i++) {
      await page.keyboard.press("ArrowDown");
    }
    expect(await page.inputValue("#schedule-type")).toBe("data_export");
    // Priority stays Normal, the payload {}, overlap Skip; Enter on the button creates it.
    await tabTo(page, "schedule-create", 8);
    await Promise.all([page.waitForURL(/done=created/), page.keyboard.press("Enter")]);
    scheduleId = new URL(page.url()).searchParams.get("schedule") as string;
    expect(scheduleId).toMatch(/^[0-9A-Z]{26}$/);
    expect(await page.textContent("main")).toContain("Schedule Nightly export created. It next runs ");
    const row = page.locator(`#schedule-${scheduleId}`);
    expect(await row.locator(".cron-words").textContent()).toBe("Every day at 02:30");
    // Five times, in this browser's zone (02:30 in Berlin is 01:30 in London, all year), UTC on hover.
    const times = row.locator(".next-runs li > time:first-child");
    expect(await times.count()).toBe(5);
    expect(await row.locator(".next-run-relative").textContent()).toMatch(/^ in \d+ (h|min)$/);
    expect(await times.first().textContent()).toMatch(/01:30:00$/);
    expect(await times.first().getAttribute("title")).toMatch(/ · \d{4}-\d\d-\d\d 0[01]:30:00 UTC$/);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, `schedule-${scheduleId}-run`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Run now");
    await Promise.all([page.waitForURL(/done=ran/), page.keyboard.press("Enter")]);
    const flash = page.locator("main .flash");
    expect(await flash.textContent()).toMatch(/^Run now created job [0-9A-Z]{26} for Nightly export\.$/);
    const jobHref = (await flash.locator("a").getAttribute("href")) as string;
    const jobId = jobHref.replace("/admin/jobs/", "");
    expect((await stack.api("GET", `/api/v1/jobs/${jobId}`, token)).job).toMatchObject({
      type: "data_export",
      schedule_id: scheduleId,
    });
    expect(await row.locator(".last-run").textContent()).toContain("Created");
    expect(await row.locator(`.last-run a[href="${jobHref}"]`).count()).toBe(1);
    expect(await page.getAttribute(`#runs-${scheduleId}`, "open")).toBe("");
    await context.close();
  });

  it("shows the skipped run with its reason, open in Last runs", async () => {
    const { context, page } = await signedIn();
    await page.goto(`${stack.url}/admin/schedules`);
    const { schedules } = await stack.api("GET", "/api/v1/schedules", token);
    const slow = schedules.find((s: { name: string }) => s.name === "Slow test run");
    const log = page.locator(`#runs-${slow.id}`);
    expect(await log.getAttribute("open")).toBe("");
    expect(await log.locator("tbody tr").first().textContent()).toMatch(
      /Run nowSkipped—the previous job [0-9A-Z]{26} is still (pending|running)/,
    );
    await eventually(
      async () => (await stack.api("GET", `/api/v1/schedules/${slow.id}`, token)).runs.length === 2,
      "both runs",
    );
    await context.close();
  });

  it.each(["light", "dark"] as const)(
    "has no WCAG 2.2 AA violations on the schedules pages in %s mode",
    async (colorScheme) => {
      const { context, page } = await signedIn({ colorScheme });
      const results: { route: string; violations: string[] }[] = [];
      await page.goto(`${stack.url}/admin/schedules`);
      // The README's picture shows the page as it opens: only the logs whose last run made no job are open.
      if (colorScheme === "light") {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, "admin-schedules.png"), fullPage: true });
      }
      for (const details of await page.locator("details.schedule-log").all()) {
        await details.evaluate((d) => d.setAttribute("open", ""));
      }
      results.push({ route: "/admin/schedules", violations: await axeViolations(page) });
      // A refused form: each field's message beside it, what was typed kept.
      await page.fill("#schedule-cron", "61 * * * *");
      await page.fill("#schedule-payload", "{oops");
      await Promise.all([page.waitForNavigation(), page.click("#schedule-create")]);
      expect(await page.textContent("#schedule-form-errors")).toContain("Name is required");
      expect(await page.textContent("#schedule-cron-error")).toBe("Cron: Invalid value for minute: 61.");
      expect(await page.inputValue("#schedule-payload")).toBe("{oops");
      results.push({ route: "/admin/schedules (refused form)", violations: await axeViolations(page) });
      // Delete asks first.
      await page.goto(`${stack.url}/admin/schedules`);
      await Promise.all([page.waitForNavigation(), page.click(`#schedule-${scheduleId}-delete`)]);
      expect(await page.textContent("main")).toContain("Delete the schedule Nightly export?");
      results.push({ route: "delete confirmation", violations: await axeViolations(page) });
      expect(results.filter((r) => r.violations.length > 0)).toEqual([]);
      await context.close();
    },
  );

  it("ran without CSP violations or script errors", () => {
    expect(problems).toEqual([]);
  });
});
