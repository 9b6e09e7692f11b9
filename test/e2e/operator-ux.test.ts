// The pages as an operator uses them, in real Chromium against a real `wrangler dev` this file starts: axe-core finds
// no WCAG 2.2 AA violation on any page in light or dark mode; 18+ jobs fit a 1440×900 screen and 4+ a 390×844 phone;
// the keyboard shortcuts work and never fire while typing; bulk selection confirms, acts and survives live updates;
// the theme switch is remembered; and the README's light, dark and narrow screenshots are saved.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyVendor } from "../../scripts/copy-vendor.ts";
import { axeViolations, CHROMIUM, hasChromium, SCREENSHOTS } from "../support/axe.ts";
import { eventually, type Stack, startStack } from "../support/e2e.ts";

/** Job rows wholly inside the viewport. */
const rowsInView = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll("#job-rows tr[id^='job-']")].filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      }).length,
  );

describe.skipIf(!hasChromium)("the pages for an operator, in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let token: string;
  let memberToken: string;
  const problems: string[] = [];
  const ids: {
    done: string[];
    failed: string[];
    dead: string;
    running: string;
    paused: string;
    imported: string;
    memberJob: string;
  } = {
    done: [],
    dead: "",
    running: "",
    paused: "",
    imported: "",
    memberJob: "",
    failed: [],
  };

  async function signedIn(email: string, options: Parameters<Browser["newContext"]>[0] = {}) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-GB", ...options });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${stack.url}/login`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", "dutyleak-demo");
    await Promise.all([page.waitForURL(/\/(admin\/jobs|products)$/), page.click("button[type=submit]")]);
    return { context, page };
  }

  async function waitForStatus(id: string, wanted: string[]) {
    await eventually(
      async () => {
        const { job } = await stack.api("GET", `/api/v1/jobs/${id}`, token);
        return wanted.includes(job.status) && job.status;
      },
      `job ${id} to be ${wanted.join(" or ")}`,
      60_000,
    );
  }

  beforeAll(async () => {
    copyVendor();
    stack = await startStack();
    token = await stack.token("admin@acme.test");
    memberToken = await stack.token("member@acme.test");
    // 55 quick jobs (more than a page), a dead letter, an import with refused rows, a member's job, a paused and a
    // long-running job.
    const batch = await stack.api("POST", "/api/v1/jobs/batch", token, {
      jobs: Array.from({ length: 55 }, () => ({ type: "test_flaky", payload: { items: 2 } })),
    });
    ids.done = batch.results.map((r: { job: { id: string } }) => r.job.id);
    ids.dead = (
      await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { fail_attempts: 99 } })
    ).job.id;
    const rows = [
      { sku: "UX-1", title: "Cotton t-shirt", origin_country: "BD", customs_value: 4.2, currency: "USD" },
      { sku: "UX-2", title: "Bad origin", origin_country: "Germany", customs_value: 4.2, currency: "USD" },
    ];
    for (let i = 0; i < 3; i++) {
      ids.failed.push(
        (await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { items: 1, permanent: true } }))
          .job.id,
      );
    }
    ids.imported = (await stack.api("POST", "/api/v1/jobs", token, { type: "data_import", payload: { rows } })).job.id;
    ids.memberJob = (await stack.api("POST", "/api/v1/jobs", memberToken, { type: "data_export", payload: {} })).job.id;
    ids.paused = (
      await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { items: 900, delay_ms: 200 } })
    ).job.id;
    // Long enough (about six minutes of 150 ms chunks) to be still running when the last test looks; cancelled after.
    ids.running = (
      await stack.api("POST", "/api/v1/jobs", token, { type: "test_flaky", payload: { items: 12_000, delay_ms: 150 } })
    ).job.id;
    await waitForStatus(ids.paused, ["running"]);
    await stack.api("POST", `/api/v1/jobs/${ids.paused}/pause`, token);
    await waitForStatus(ids.dead, ["dead_letter"]);
    await waitForStatus(ids.imported, ["completed"]);
    for (const id of ids.failed) await waitForStatus(id, ["failed"]);
    await waitForStatus(ids.done.at(-1) as string, ["completed"]);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  });

  afterAll(async () => {
    if (ids.running) await stack?.api("POST", `/api/v1/jobs/${ids.running}/cancel`, token);
    await browser?.close();
    await stack?.stop();
  });

  it.each(["light", "dark"] as const)("has no WCAG 2.2 AA violations on any page in %s mode", async (colorScheme) => {
    const admin = await signedIn("admin@acme.test", { colorScheme });
    const page = admin.page;
    const visit = async (route: string) => {
      await page.goto(`${stack.url}${route}`);
      return { route, violations: await axeViolations(page) };
    };
    const results = [
      await visit("/admin/jobs"),
      await visit("/admin/jobs?status=dead_letter"),
      await visit("/admin/jobs?status=cancelled"), // the empty state
      // A search with a time range (the search box, the open range, the counts note) and one too short (its message).
      await visit(`/admin/jobs?q=${ids.dead.slice(-6)}&created_from=2026-01-01T00:00`),
      await visit("/admin/jobs?q=ab&created_from=2026-02-01T00:00&created_to=2026-01-01T00:00"),
      // The import refused a row: its page has the rejected rows and Download CSV; the dead letter has Edit and retry.
      await visit(`/admin/jobs/${ids.imported}`),
      await visit(`/admin/jobs/${ids.dead}`),
      await visit("/admin/errors"),
      await visit("/admin/metrics"),
      await visit("/admin/metrics?range=14d"),
      await visit(`/admin/jobs/${ids.running}`),
      await visit("/products"),
      await visit("/imports"),
      await visit("/admin/webhooks"),
      await visit("/admin/nothing-here"),
    ];
    // A webhook endpoint's page, and the bulk confirmation and the shortcuts dialog opened over the jobs page.
    await page.goto(`${stack.url}/admin/webhooks`);
    const endpoint = await page.locator("a[href^='/admin/webhooks/']").first().getAttribute("href");
    results.push(await visit(endpoint as string));
    await page.goto(`${stack.url}/admin/jobs`);
    await page.locator(`#job-${ids.dead}-select`).check();
    await page.click("button.bulk-action[value=retry]");
    await page.waitForSelector(".bulk-confirm");
    results.push({ route: "/admin/jobs (bulk confirmation)", violations: await axeViolations(page) });
    await page.keyboard.press("Escape");
    await page.keyboard.press("?");
    results.push({ route: "/admin/jobs (shortcuts)", violations: await axeViolations(page) });
    await admin.context.close();

    const member = await signedIn("member@acme.test", { colorScheme });
    results.push(
      {
        route: "/imports (member)",
        violations: await (async () => {
          await member.page.goto(`${stack.url}/imports`);
          return axeViolations(member.page);
        })(),
      },
      {
        route: "member's job",
        violations: await (async () => {
          await member.page.goto(`${stack.url}/imports/jobs/${ids.memberJob}`);
          return axeViolations(member.page);
        })(),
      },
      {
        route: "/admin/jobs (403 for a member)",
        violations: await (async () => {
          await member.page.goto(`${stack.url}/admin/jobs`);
          return axeViolations(member.page);
        })(),
      },
    );
    await member.context.close();
    const anonymous = await browser.newContext({ colorScheme });
    const login = await anonymous.newPage();
    await login.goto(`${stack.url}/login`);
    results.push({ route: "/login", violations: await axeViolations(login) });
    await anonymous.close();

    expect(results.filter((r) => r.violations.length > 0)).toEqual([]);
  });

  it("shows at least 18 jobs at 1440×900 and at least 4 on a 390×844 phone", async () => {
    const wide = await signedIn("admin@acme.test");
    expect(await rowsInView(wide.page)).toBeGreaterThanOrEqual(18);
    // The whole row fits, Actions column included: the table never scrolls sideways on a laptop screen.
    const wrap = await wide.page.evaluate(() => {
      const el = document.querySelector("#jobs-live .table-wrap") as HTMLElement;
      const widths = [...el.querySelectorAll("thead th")].map((th) => Math.round(th.getBoundingClientRect().width));
      return { client: el.clientWidth, scroll: el.scrollWidth, widths };
    });
    expect(wrap.scroll, `column widths ${wrap.widths.join(", ")}`).toBeLessThanOrEqual(wrap.client);
    await wide.page.screenshot({ path: path.join(SCREENSHOTS, "admin-jobs.png") });
    await wide.context.close();
    const phone = await signedIn("admin@acme.test", { viewport: { width: 390, height: 844 }, isMobile: true });
    expect(await rowsInView(phone.page)).toBeGreaterThanOrEqual(4);
    // Nothing is wider than the phone: no sideways scrolling of the page.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.screenshot({ path: path.join(SCREENSHOTS, "admin-jobs-narrow.png") });
    await phone.context.close();
  });

  it("moves between rows with j/k, selects with x, opens with Enter, focuses the filter with /, lists keys with ?", async () => {
    const { context, page } = await signedIn("admin@acme.test");
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest("tr")?.id ?? null);
    const rows = await page.locator("#job-rows tr[id^='job-']").evaluateAll((all) => all.map((r) => r.id));
    await page.keyboard.press("j");
    expect(await focusedRow()).toBe(rows[0]);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    expect(await focusedRow()).toBe(rows[1]);
    await page.keyboard.press("x");
    expect(await page.locator(`#${rows[1]} .row-select`).isChecked()).toBe(true);
    expect(await page.textContent(".bulk-summary")).toBe("1 job selected");
    await page.keyboard.press("x");
    expect(await page.textContent(".bulk-summary")).toBe("No jobs selected");

    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("jobs-search");
    // Typing in a field is typing: j does not move rows, ? does not open the list.
    await page.keyboard.press("j");
    await page.keyboard.press("?");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("jobs-search");
    expect(await page.evaluate(() => (document.getElementById("shortcuts") as HTMLDialogElement).open)).toBe(false);
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());

    await page.keyboard.press("?");
    expect(await page.evaluate(() => (document.getElementById("shortcuts") as HTMLDialogElement).open)).toBe(true);
    expect(await page.locator("#shortcuts").textContent()).toContain("Open the job in focus");
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => (document.getElementById("shortcuts") as HTMLDialogElement).open)).toBe(false);

    // The skip link is the first stop and lands in the main column.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    await page.keyboard.press("j");
    await Promise.all([page.waitForURL(/\/admin\/jobs\/[0-9A-Z]{26}$/), page.keyboard.press("Enter")]);
    expect(page.url()).toContain((rows[0] as string).slice(4));
    await context.close();
  });

  it("keeps a selection through live updates, confirms with how many and what is skipped, then retries", async () => {
    const { context, page } = await signedIn("admin@acme.test");
    await page.locator(`#job-${ids.dead}-select`).check();
    await page.locator(`#job-${ids.done.at(-1)}-select`).check();
    // The running job's row is morphed by live progress events; its checkbox stays checked through them.
    await page.locator(`#job-${ids.running}-select`).check();
    const count = () => page.textContent(`#job-${ids.running} .progress-count`);
    const before = await count();
    await expect.poll(count, { timeout: 15_000 }).not.toBe(before);
    expect(await page.locator(`#job-${ids.running}-select`).isChecked()).toBe(true);
    expect(await page.textContent(".bulk-summary")).toBe("3 jobs selected");
    await page.locator(`#job-${ids.running}-select`).uncheck();

    await page.click("button.bulk-action[value=retry]");
    await page.waitForSelector(".bulk-confirm");
    expect(await page.textContent("#bulk-confirm-title")).toBe("Retry 1 job?");
    expect(await page.textContent("#bulk-confirm-detail")).toContain("skipped: 1 Completed");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("bulk-confirm-yes");
    // A refetch of the list (what a new job, a missed event or the fallback poll causes) keeps the open question
    // and its focus: Enter still answers it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          document.addEventListener("htmx:after:swap", (event) => {
            const target = (event as CustomEvent).detail?.ctx?.target as Element | undefined;
            if (target?.id === "jobs-live") resolve();
          });
          document.body.dispatchEvent(new CustomEvent("dl:refresh", { bubbles: true }));
        }),
    );
    expect(await page.locator(".bulk-confirm").count()).toBe(1);
    expect(await page.textContent("#bulk-confirm-title")).toBe("Retry 1 job?");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("bulk-confirm-yes");
    await page.screenshot({ path: path.join(SCREENSHOTS, "bulk-confirm.png") });
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.textContent("#flash"), { timeout: 10_000 })
      .toContain("Retried 1 job; skipped 1 Completed.");
    expect(await page.textContent(".bulk-summary")).toBe("No jobs selected");
    expect(await page.locator(`#job-${ids.dead}-select`).isChecked()).toBe(false);
    await expect
      .poll(
        async () =>
          (await stack.api("GET", `/api/v1/jobs/${ids.dead}`, token)).events.find(
            (e: { kind: string }) => e.kind === "retried",
          ),
        { timeout: 10_000 },
      )
      .toMatchObject({ actor: "admin@acme.test" });

    // Selecting the whole page offers every job matching the filter.
    await page.locator("#select-page").check();
    await expect.poll(() => page.isVisible(".bulk-select-all")).toBe(true);
    await page.click(".bulk-select-all");
    expect(await page.textContent(".bulk-summary")).toMatch(/^All \d+ jobs matching this filter selected$/);
    await page.click(".bulk-clear");
    await context.close();
  });

  it("follows the system's dark preference, and remembers a chosen theme per browser", async () => {
    const dark = await signedIn("admin@acme.test", { colorScheme: "dark" });
    const background = () => dark.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(await background()).toBe("rgb(15, 20, 27)");
    await dark.page.screenshot({ path: path.join(SCREENSHOTS, "admin-jobs-dark.png") });
    // System → Light → Dark; the choice survives a reload.
    await dark.page.click("#theme-toggle");
    expect(await dark.page.getAttribute("html", "data-theme")).toBe("light");
    expect(await background()).toBe("rgb(244, 246, 249)");
    await dark.page.reload();
    expect(await dark.page.getAttribute("html", "data-theme")).toBe("light");
    expect(await dark.page.getAttribute("#theme-toggle", "aria-label")).toBe("Colour theme: Light. Change");
    await dark.context.close();
  });

  it("dims the list and says since when while the live socket is down", async () => {
    const { context, page } = await signedIn("admin@acme.test");
    await expect.poll(() => page.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    await page.evaluate(() => document.dispatchEvent(new CustomEvent("htmx:ws:close")));
    expect(await page.getAttribute("body", "data-stale")).toBe("true");
    expect(await page.textContent("#live")).toMatch(/Offline since \d\d:\d\d:\d\d: rows may be out of date/);
    expect(
      Number(
        await page.evaluate(
          () => getComputedStyle(document.querySelector("#jobs-live .table-wrap") as Element).opacity,
        ),
      ),
    ).toBeLessThan(1);
    await context.close();
  });

  it("groups the failed jobs on Admin → Errors", async () => {
    const { context, page } = await signedIn("admin@acme.test");
    await page.goto(`${stack.url}/admin/errors`);
    expect(await page.textContent("main")).toContain("test_flaky: permanent failure requested");
    await page.screenshot({ path: path.join(SCREENSHOTS, "admin-errors.png") });
    await context.close();
  });

  it("pauses a job type from the lanes strip by keyboard; its waiting job says so, and runs once resumed", async () => {
    const { context, page } = await signedIn("admin@acme.test");
    await page.goto(`${stack.url}/admin/jobs`);
    expect(await page.textContent("#lanes")).toMatch(/\d of 4 slots in use/);
    // Data export is idle: Tab (from the top of the page) to the idle types' picker, choose it, Tab to Pause, Enter.
    for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.id)) !== "idle-lane-type"; i++) {
      await page.keyboard.press("Tab");
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("idle-lane-type");
    await page.keyboard.type("Data export");
    expect(await page.inputValue("#idle-lane-type")).toBe("data_export");
    await page.keyboard.press("Tab");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const lane = page.locator('#lanes .lane[data-type="data_export"]');
    expect(await lane.textContent()).toContain("Paused by admin@acme.test");
    const { job } = await stack.api("POST", "/api/v1/jobs", token, { type: "data_export", payload: {} });
    expect(job.waiting).toMatchObject({ reason: "type_paused" });
    // The new row arrives live and says why it waits.
    await eventually(
      async () => (await page.textContent(`#job-${job.id}`))?.includes("data_export paused by admin@acme.test"),
      "the waiting row's reason",
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({
      path: path.join(SCREENSHOTS, "lanes.png"),
      clip: { x: 0, y: 0, width: 1440, height: 360 },
    });
    await page.focus("#lane-data_export-toggle");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Resume");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await waitForStatus(job.id, ["completed"]);
    await context.close();
  });

  it("shows Admin → Metrics as SVG charts with table views, and changes the range by keyboard", async () => {
    const { context, page } = await signedIn("admin@acme.test");
    await page.goto(`${stack.url}/admin/metrics`);
    expect(await page.locator("figure.chart svg[role=img]").count()).toBe(5);
    expect(await page.textContent("#chart-throughput-desc")).toMatch(/\d+ finished and \d+ failed from/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "admin-metrics.png") });
    // The range is a radio group: focus the checked one, move to the next with the arrow key, Tab to Apply, Enter.
    await page.focus('input[name="range"][value="1h"]');
    await page.keyboard.press("ArrowRight");
    expect(await page.inputValue('input[name="range"]:checked')).toBe("24h");
    for (
      let i = 0;
      i < 10 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== "Apply";
      i++
    ) {
      await page.keyboard.press("Tab");
    }
    await Promise.all([page.waitForURL(/range=24h/), page.keyboard.press("Enter")]);
    expect(await page.textContent("main")).toContain("points of 1h");
    await context.close();
  });

  it("ran without CSP violations or script errors", () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    expect(problems).toEqual([]);
  });
});
