// The admin pages in a real browser: playwright-core drives Debian's Chromium against a real `wrangler dev` that this
// file starts (free port, temporary state) and seeds. It proves what only a browser can: htmx 4 and hx-ws under our
// CSP, live out-of-band row updates, new rows at the top, confirm dialogs, and it saves the README's screenshots.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page, type WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyVendor } from "../../scripts/copy-vendor.ts";
import { type DevServer, startDevServer } from "../../scripts/dev-server.ts";
import { slowCsvSource } from "../support/e2e.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "docs", "screenshots");
const PASSWORD = "dutyleak-demo";
// Playwright adds --headless itself and gives every launch a fresh temporary profile (user-data-dir).
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `\n${"!".repeat(100)}\n!!! ${CHROMIUM} is missing: the browser tests are SKIPPED (apt-get install chromium; CI fails instead)\n${"!".repeat(100)}\n`,
  );
}

describe.runIf(!hasChromium && process.env.CI === "true")("Chromium under CI", () => {
  it("is installed", () => {
    throw new Error(`${CHROMIUM} not found; the browser tests must run under CI`);
  });
});

/** A catalogue CSV: `rows` good products plus a few bad rows, so the import's result lists rejected rows. */
function catalogueCsv(rows: number): Buffer {
  const lines = ["sku,title,description,origin_country,customs_value,currency,hs_code"];
  for (let i = 1; i <= rows; i++) {
    lines.push(
      `E2E-${String(i).padStart(6, "0")},Organic cotton t-shirt ${i},Knitted,BD,${(4 + (i % 40) / 10).toFixed(2)},USD,`,
    );
    if (i === 120) lines.push("E2E-BAD-1,Leather belt,,Germany,12.50,EUR,");
    if (i === 2400) lines.push("E2E-BAD-2,Ceramic mug,,CN,-3,USD,");
    if (i === 9000) lines.push("E2E-BAD-3,Desk lamp,,CN,18.00,dollars,");
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

describe.skipIf(!hasChromium)("admin pages in Chromium against wrangler dev", () => {
  let server: DevServer;
  let stateDir: string;
  let browser: Browser;
  let adminContext: BrowserContext;
  let jobsPage: Page;
  let token: string;
  const problems: string[] = [];
  let importId: string;
  let flakyId: string;

  const post = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<any>;
  };

  /** Records CSP violations and script errors of a page; the last test asserts there were none. */
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error" && !/status of 403/.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    return page;
  };

  const auth = () => ({ authorization: `Bearer ${token}` });

  const statusOf = (page: Page, id: string) => page.getAttribute(`#job-${id}`, "data-status");

  async function waitForStatus(page: Page, id: string, statuses: string[], timeout = 20_000) {
    await page.waitForFunction(
      ([jobId, wanted]) => (wanted as string[]).includes(document.getElementById(`job-${jobId}`)?.dataset.status ?? ""),
      [id, statuses] as const,
      { timeout, polling: 50 },
    );
  }

  /** Starts an import of `rows` catalogue rows through the /imports upload form; returns the job id. */
  async function uploadImport(rows: number): Promise<string> {
    const uploader = watch(await adminContext.newPage());
    await uploader.goto(`${server.url}/imports`);
    await uploader.setInputFiles("input[name=file]", {
      name: "catalogue.csv",
      mimeType: "text/csv",
      buffer: catalogueCsv(rows),
    });
    await Promise.all([uploader.waitForURL(/\/imports\?started=/), uploader.click("text=Start import")]);
    const id = new URL(uploader.url()).searchParams.get("started") as string;
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    await uploader.close();
    return id;
  }

  /**
   * Focuses a running job's Pause button, lets at least two live progress events reach its row, and checks that the
   * very same button still has focus; then Enter must pause the job and leave focus in the row.
   */
  async function pauseByKeyboard(page: Page, id: string) {
    await waitForStatus(page, id, ["running"]);
    const row = page.locator(`#job-${id}`);
    await row.locator("button[data-action=pause]").focus();
    const pause = await page.evaluateHandle(() => document.activeElement as HTMLElement);
    expect(await pause.evaluate((el) => el.dataset.action)).toBe("pause");
    const progress = () => row.locator(".progress-count").textContent();
    let seen = await progress();
    for (let event = 0; event < 2; event++) {
      await expect.poll(progress, { timeout: 10_000 }).not.toBe(seen);
      seen = await progress();
    }
    expect(await pause.evaluate((el) => el.isConnected && el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await waitForStatus(page, id, ["paused"], 10_000);
    // The paused row swaps in (and the detail page refetches) after the action's answer: focus must survive those too.
    await page.waitForTimeout(1500);
    expect(
      await page.evaluate(() => document.activeElement?.closest("tr")?.id ?? document.activeElement?.tagName),
    ).toBe(`job-${id}`);
  }

  async function login(context: BrowserContext, email: string, landing: RegExp) {
    const page = watch(await context.newPage());
    await page.goto(`${server.url}/admin/jobs`);
    expect(page.url()).toContain("/login");
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", PASSWORD);
    await Promise.all([page.waitForURL(landing), page.click("button[type=submit]")]);
    return page;
  }

  beforeAll(async () => {
    copyVendor();
    stateDir = mkdtempSync(path.join(os.tmpdir(), "dutyleak-e2e-"));
    server = await startDevServer({ persistTo: stateDir, vars: { ENABLE_TEST_JOB_TYPES: "true" } });
    await post("/__dev/seed", {
      catalogue: [
        { sku: "TS-1", title: "Cotton t-shirt", origin_country: "BD", customs_value: 4.2, currency: "USD" },
        { sku: "MUG-1", title: "Ceramic mug", origin_country: "CN", customs_value: 1.1, currency: "USD" },
      ],
    });
    token = (await post("/api/v1/tokens", { email: "admin@acme.test", password: PASSWORD, workspace: "acme" })).token;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-GB" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it("signs the admin in; the sidebar shows Admin → Jobs and the live connection comes up", async () => {
    jobsPage = await login(adminContext, "admin@acme.test", /\/admin\/jobs$/);
    await expect.poll(() => jobsPage.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    expect(await jobsPage.textContent("#live")).toContain("Live");
    const admin = jobsPage.locator(".nav-heading", { hasText: "Admin" });
    expect(await admin.count()).toBe(1);
    expect(await jobsPage.locator('.nav a[href="/admin/jobs"]').textContent()).toBe("Jobs");
    // DESIGN.md's eight header cells, between the selection box and the actions column owners/admins get.
    expect(await jobsPage.locator(".jobs-table th").allTextContents()).toEqual([
      "",
      "Job ID",
      "Type",
      "Status",
      "Progress",
      "Created At",
      "Started At",
      "Completed At",
      "Error",
      "Actions",
    ]);
  });

  it("shows Reconnecting… while the socket is down, keeps the list fresh, and goes Live again", async () => {
    // Playwright sits between the page and the hub: it can drop the socket and refuse reconnects for a while.
    const page = watch(await adminContext.newPage());
    let outage = false;
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/api\/v1\/live$/, (ws) => {
      if (outage) return ws.close({ code: 1011, reason: "outage" });
      ws.connectToServer();
      sockets.push(ws);
    });
    await page.goto(`${server.url}/admin/jobs`);
    await expect.poll(() => page.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    outage = true;
    for (const ws of sockets) await ws.close({ code: 1011, reason: "outage" });
    await expect.poll(() => page.getAttribute("#live", "data-state"), { timeout: 5_000 }).toBe("offline");
    expect(await page.textContent("#live")).toContain("Reconnecting…");
    const created = await post(
      "/api/v1/jobs",
      { type: "test_flaky", payload: { items: 3 } },
      {
        authorization: `Bearer ${token}`,
      },
    );
    await waitForStatus(page, created.job.id, ["pending", "running", "completed"], 15_000);
    outage = false;
    await expect.poll(() => page.getAttribute("#live", "data-state"), { timeout: 30_000 }).toBe("live");
    await waitForStatus(page, created.job.id, ["completed"], 15_000);
    await page.close();
  });

  it("puts a new import at the top of the list and moves its progress without a reload", async () => {
    await jobsPage.evaluate(() => {
      // Survives only if the page is never reloaded; the observer samples every progress text the row shows.
      const w = window as unknown as { noReload: boolean; samples: Record<string, string[]> };
      w.noReload = true;
      w.samples = {};
      new MutationObserver(() => {
        for (const row of document.querySelectorAll<HTMLElement>("tr[id^='job-']")) {
          const text = row.querySelector(".progress-percent")?.textContent ?? "";
          const seen = w.samples[row.id] ?? [];
          if (seen.at(-1) !== text) w.samples[row.id] = [...seen, text];
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    importId = await uploadImport(40_000);

    await jobsPage.bringToFront();
    await waitForStatus(jobsPage, importId, ["completed"], 60_000);
    expect(await jobsPage.locator("#job-rows tr").first().getAttribute("id")).toBe(`job-${importId}`);
    const samples = await jobsPage.evaluate(
      (id) => (window as unknown as { samples: Record<string, string[]> }).samples[`job-${id}`] ?? [],
      importId,
    );
    const values = samples.map((s) => Number.parseInt(s, 10));
    expect(
      values.some((v) => v > 0 && v < 100),
      `progress seen: ${samples.join(" → ")}`,
    ).toBe(true);
    expect(values.at(-1)).toBe(100);
    expect(await jobsPage.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    // Times read "… ago", with the exact time in the viewer's locale and zone on hover (en-GB here, zone UTC).
    const created = jobsPage.locator(`#job-${importId} td[data-label="Created At"] time`);
    expect(await created.textContent()).toMatch(/^(just now|\d+ (s|min) ago)$/);
    expect(await created.getAttribute("title")).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d [A-Z]{2,5}$/);
  });

  it("sends an unreachable import to Dead Letter, and Retry brings it back to Pending/Running", async () => {
    const uploader = watch(await adminContext.newPage());
    await uploader.goto(`${server.url}/imports`);
    await uploader.fill("input[name=source_url]", "http://127.0.0.1:9/x.csv");
    await Promise.all([uploader.waitForURL(/\/imports\?started=/), uploader.click("text=Start import")]);
    const id = new URL(uploader.url()).searchParams.get("started") as string;
    await uploader.close();
    await jobsPage.bringToFront();
    await waitForStatus(jobsPage, id, ["dead_letter"], 60_000);
    const row = jobsPage.locator(`#job-${id}`);
    expect(await row.locator(".badge").textContent()).toBe("Dead Letter");
    expect((await row.locator(".col-error").textContent())?.trim()).not.toBe("—");
    expect(await row.locator("button[data-action]").allTextContents()).toEqual(["Retry"]);
    await row.locator("button[data-action=retry]").click();
    await waitForStatus(jobsPage, id, ["pending", "running"], 10_000);
    await expect.poll(() => jobsPage.textContent("#flash")).toContain("is pending again");
  });

  it("pauses a running job, which stops moving, then resumes it", async () => {
    flakyId = (
      await post(
        "/api/v1/jobs",
        { type: "test_flaky", payload: { items: 400, chunk: 1, delay_ms: 100 } },
        {
          authorization: `Bearer ${token}`,
        },
      )
    ).job.id;
    await waitForStatus(jobsPage, flakyId, ["running"]);
    const row = jobsPage.locator(`#job-${flakyId}`);
    await row.locator("button[data-action=pause]").click();
    await waitForStatus(jobsPage, flakyId, ["paused"], 10_000);
    expect(await row.locator("button[data-action]").allTextContents()).toEqual(["Cancel", "Resume"]);
    const pausedAt = await row.locator(".progress-count").textContent();
    await jobsPage.waitForTimeout(1200);
    expect(await row.locator(".progress-count").textContent()).toBe(pausedAt);
    await row.locator("button[data-action=resume]").click();
    await waitForStatus(jobsPage, flakyId, ["running"], 10_000);
    await expect.poll(() => row.locator(".progress-count").textContent(), { timeout: 10_000 }).not.toBe(pausedAt);
  });

  it("asks before Cancel on the detail page: dismissing keeps the job, confirming cancels it", async () => {
    const detail = watch(await adminContext.newPage());
    await detail.goto(`${server.url}/admin/jobs/${flakyId}`);
    await expect.poll(() => detail.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    const cancel = detail.locator(`#job-${flakyId} button[data-action=cancel]`);
    const dismissed = detail.waitForEvent("dialog").then(async (dialog) => {
      const text = dialog.message();
      await dialog.dismiss();
      return text;
    });
    await cancel.click();
    expect(await dismissed).toBe(`Cancel job ${flakyId}? It stops at its next chunk boundary.`);
    await detail.waitForTimeout(500);
    expect(await statusOf(detail, flakyId)).toBe("running");

    detail.once("dialog", (dialog) => dialog.accept());
    await detail.locator(`#job-${flakyId} button[data-action=cancel]`).click();
    await waitForStatus(detail, flakyId, ["cancelled"], 10_000);
    // The history refetches when the status changes: the request names the admin, the stop names the system.
    await expect
      .poll(() => detail.locator(".event-kind").allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(["Paused", "Resumed", "Cancel requested", "Cancelled"]));
    expect(await detail.locator('.event[data-kind="cancel_requested"] .event-actor').textContent()).toContain(
      "admin@acme.test",
    );
    await detail.close();
  });

  it("keeps keyboard focus on a running job's Pause button through live updates of the list, and Enter pauses it", async () => {
    const id = (
      await post("/api/v1/jobs", { type: "test_flaky", payload: { items: 400, chunk: 1, delay_ms: 100 } }, auth())
    ).job.id;
    await jobsPage.bringToFront();
    await pauseByKeyboard(jobsPage, id);
    await post(`/api/v1/jobs/${id}/cancel`, {}, auth());
  });

  it("keeps keyboard focus on a running job's Pause button through live updates of its detail page, and Enter pauses it", async () => {
    const id = (
      await post("/api/v1/jobs", { type: "test_flaky", payload: { items: 400, chunk: 1, delay_ms: 100 } }, auth())
    ).job.id;
    const detail = watch(await adminContext.newPage());
    await detail.goto(`${server.url}/admin/jobs/${id}`);
    await expect.poll(() => detail.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    await pauseByKeyboard(detail, id);
    await post(`/api/v1/jobs/${id}/cancel`, {}, auth());
    await detail.close();
  });

  it("moves a running import's Summary live on its detail page, and shows its Result and history when it completes", async () => {
    // 20,000 rows (about 1.6 MB), answered at 250 ms per 40 KB: about 10 s of running.
    const source = await slowCsvSource(catalogueCsv(20_000), 250);
    const id = (await post("/api/v1/jobs", { type: "data_import", payload: { source_url: source.url } }, auth())).job
      .id;
    const detail = watch(await adminContext.newPage());
    await detail.goto(`${server.url}/admin/jobs/${id}`);
    await detail.evaluate(() => {
      (window as unknown as { noReload: boolean }).noReload = true;
    });
    await expect.poll(() => detail.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    await waitForStatus(detail, id, ["running"]);
    /** The Summary's facts by their label, read in the page (with the row's status at the same moment). */
    const facts = () =>
      detail.evaluate((jobId) => {
        const fact = (label: string) =>
          [...document.querySelectorAll(".facts > div")].find((d) => d.querySelector("dt")?.textContent === label);
        const updated = fact("Updated At")?.querySelector("time");
        return {
          status: document.getElementById(`job-${jobId}`)?.dataset.status,
          items: fact("Items")?.querySelector("dd")?.textContent ?? "",
          updatedAt: updated?.getAttribute("datetime") ?? "",
          updatedText: updated?.textContent ?? "",
        };
      }, id);
    // Let the refetches that opening the page causes (socket connected, job started) land before sampling.
    await detail.waitForTimeout(1500);
    const before = await facts();
    const moves: (typeof before)[] = [];
    await expect
      .poll(
        async () => {
          const now = await facts();
          if (now.status === "running" && now.items !== (moves.at(-1) ?? before).items) moves.push(now);
          return moves.length;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(3);
    // Updated At moved with the items, and its text is still in the viewer's locale after the swaps.
    expect((moves.at(-1)?.updatedAt ?? "") > before.updatedAt, JSON.stringify({ before, moves })).toBe(true);
    expect(moves.at(-1)?.updatedText).not.toContain("UTC");
    const result = detail.locator(".detail-grid .panel").nth(1);
    await waitForStatus(detail, id, ["completed"], 60_000);
    await expect.poll(() => result.textContent(), { timeout: 5_000 }).toContain("20,000 products imported");
    expect(await result.locator(".bad-rows tbody tr").count()).toBe(3);
    await expect
      .poll(() => detail.locator(".event-kind").allTextContents(), { timeout: 5_000 })
      .toEqual(["Created", "Started", "Completed"]);
    const done = await facts();
    // 20,000 products and 3 rejected rows; a URL source has no total up front.
    expect(done.items).toBe("20,003");
    expect(done.updatedText).not.toContain("UTC");
    expect(await detail.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    await detail.close();
    await source.close();
  });

  it("saves screenshots of the jobs page and of a job's detail page", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A running and a paused job make the list show more than finished work.
    const start = (payload: unknown) =>
      post("/api/v1/jobs", { type: "test_flaky", payload }, { authorization: `Bearer ${token}` });
    const paused = (await start({ items: 500, chunk: 1, delay_ms: 200 })).job.id;
    const running = (await start({ items: 2000, chunk: 1, delay_ms: 200 })).job.id;
    await waitForStatus(jobsPage, paused, ["running"]);
    await post(`/api/v1/jobs/${paused}/pause`, {}, { authorization: `Bearer ${token}` });
    await waitForStatus(jobsPage, paused, ["paused"]);
    // The counts refresh a moment after a status change; the running job should have moved a little.
    await waitForStatus(jobsPage, running, ["running"]);
    await expect
      .poll(() => jobsPage.textContent(`#job-${running} .progress-count`), { timeout: 10_000 })
      .not.toBe("0 / 2,000");
    await expect.poll(() => jobsPage.textContent(".tab-paused .count"), { timeout: 10_000 }).toBe("1");
    await expect.poll(() => jobsPage.textContent(".tab-running .count"), { timeout: 10_000 }).toBe("1");
    await jobsPage.evaluate(() => {
      const flash = document.getElementById("flash");
      if (flash) flash.textContent = "";
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await jobsPage.screenshot({ path: path.join(SCREENSHOTS, "admin-jobs.png") });

    const detail = watch(await adminContext.newPage());
    await detail.goto(`${server.url}/admin/jobs/${importId}`);
    await expect.poll(() => detail.getAttribute("#live", "data-state"), { timeout: 10_000 }).toBe("live");
    expect(await detail.locator(".bad-rows tbody tr").count()).toBe(3);
    await detail.screenshot({ path: path.join(SCREENSHOTS, "job-detail.png"), fullPage: true });
    await detail.close();
    expect(existsSync(path.join(SCREENSHOTS, "admin-jobs.png"))).toBe(true);
  });

  it("gives a member the 403 page on /admin/jobs and no Admin section", async () => {
    const memberContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await login(memberContext, "member@acme.test", /\/admin\/jobs$|\/products$/);
    expect(page.url()).toMatch(/\/admin\/jobs$/); // the login came from /admin/jobs and returns there…
    expect(await page.locator(".error-code").textContent()).toBe("403"); // …which a member may not see
    const response = await page.goto(`${server.url}/admin/jobs`);
    expect(response?.status()).toBe(403);
    expect(await page.locator("h1").textContent()).toBe("Access denied");
    expect(await page.locator(".nav-heading", { hasText: "Admin" }).count()).toBe(0);
    await memberContext.close();
  });

  it("ran without CSP violations or script errors", () => {
    expect(problems).toEqual([]);
  });
});
