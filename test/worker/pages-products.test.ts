// The DutyLeak pages: the catalogue with keyset pages, the CSV upload that starts a data_import (413 over 10 MB, 422
// for a bad file), the start forms of the other registered job types, and members following their own jobs by polling.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { makeDb, runBatch } from "../../worker/db/client.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { upsertProductStatements } from "../../worker/db/products.ts";
import { hasStatus, makeWorkspace, productCsv, productRows, waitForJob } from "../support/workerd/api.ts";
import { jobInStatus, page, rowsOf, sessionCookie, slug } from "../support/workerd/pages.ts";

const db = () => makeDb(env.DB);

let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let member: string;
let admin: string;

beforeAll(async () => {
  ws = await makeWorkspace(slug(), ["admin", "member"]);
  member = await sessionCookie(ws.member);
  admin = await sessionCookie(ws.admin);
});

function upload(cookie: string, file: File | null, fields: Record<string, string> = {}) {
  const form = new FormData();
  if (file) form.set("file", file);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return page("POST", "/imports", { cookie, body: form });
}

const startedId = (location: string | null) => location?.match(/^\/imports\?started=([0-9A-Z]{26})$/)?.[1];

describe("GET /products", () => {
  it("lists the catalogue in SKU order, 50 to a page, continuing after the last SKU", async () => {
    const other = await makeWorkspace(slug(), ["viewer"]);
    await runBatch(db(), upsertProductStatements(db(), other.workspaceId, "seed", productRows(60, "CAT"), Date.now()));
    const cookie = await sessionCookie(other.viewer);
    const first = await page("GET", "/products", { cookie });
    expect(first.status).toBe(200);
    expect(first.text).toContain("60 products in");
    expect(first.text).toContain("<code>CAT-00001</code>");
    expect(first.text).toContain("<code>CAT-00050</code>");
    expect(first.text).not.toContain("<code>CAT-00051</code>");
    expect(first.text).toContain('href="/products?after=CAT-00050"');
    const second = await page("GET", "/products?after=CAT-00050", { cookie });
    expect(second.text).toContain("<code>CAT-00051</code>");
    expect(second.text).toContain("<code>CAT-00060</code>");
    expect(second.text).not.toContain('rel="next"');
  });
});

describe("POST /imports (CSV upload)", () => {
  it("starts a data_import for the member, shows it on the page and lets the member follow it to the end", async () => {
    const csv = new File([productCsv(30, "UP")], "catalogue.csv", { type: "text/csv" });
    const res = await upload(member, csv, { form_key: "k1-import-abcdefgh" });
    expect(res.status).toBe(303);
    const id = startedId(res.location);
    if (!id) throw new Error(`unexpected redirect ${res.location}`);
    const row = await getJobById(db(), id);
    expect(row).toMatchObject({ type: "data_import", createdBy: ws.member.userId, total: 30 });
    // A double submit of the same form returns the job the first submit created.
    expect(startedId((await upload(member, csv, { form_key: "k1-import-abcdefgh" })).location)).toBe(id);

    const after = await page("GET", res.location as string, { cookie: member });
    expect(after.text).toContain(`started as job <code>${id}</code>`);
    expect(rowsOf(after.text)[0]?.id).toBe(id);
    const token = ws.member.token;
    await waitForJob(token, id, hasStatus("completed"));
    const fragment = await page("GET", "/imports/jobs", { cookie: member, htmx: true });
    expect(rowsOf(fragment.text)[0]).toEqual({ id, status: "completed" });
    // Everything shown has ended, so the block stops polling.
    expect(fragment.text).not.toContain("every 2s");
    const detail = await page("GET", `/imports/jobs/${id}`, { cookie: member });
    expect(detail.text).toMatch(/<strong>30<\/strong> products imported/);
    expect(detail.text).not.toContain("hx-ws:connect");
  });

  it("polls the member's jobs every 2 s while one is active (members may not open the live socket)", async () => {
    const active = await jobInStatus(ws.workspaceId, "running", { createdBy: { id: ws.member.userId, label: "m" } });
    const res = await page("GET", "/imports", { cookie: member });
    expect(res.text).toContain('<div id="my-jobs" hx-get="/imports/jobs" hx-trigger="every 2s" hx-swap="outerHTML">');
    expect(res.text).not.toContain("hx-ws:connect");
    const detail = await page("GET", `/imports/jobs/${active}`, { cookie: member });
    expect(detail.text).toContain(`hx-get="/imports/jobs/${active}/detail" hx-trigger="every 2s" hx-swap="outerHTML"`);
  });

  it("starts an import from a source URL", async () => {
    const source_url = `${env.SOURCE_SERVER_URL}/catalogue.csv?rows=20&prefix=URL`;
    const res = await upload(member, null, { source_url });
    expect(res.status).toBe(303);
    const id = startedId(res.location) as string;
    expect(JSON.parse((await getJobById(db(), id))?.payload ?? "{}")).toEqual({ source_url });
    expect(await waitForJob(ws.member.token, id, hasStatus("completed"))).toMatchObject({ processed: 20 });
  });

  it("answers 422 with the reason for a CSV without the required columns, or with nothing to import", async () => {
    const bad = new File(["sku,title\nA,B\n"], "bad.csv", { type: "text/csv" });
    const res = await upload(member, bad);
    expect(res.status).toBe(422);
    expect(res.text).toContain("The job was not started.");
    expect(res.text).toMatch(/payload\.csv: .*(origin_country|currency)/);
    const empty = await upload(member, null);
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("Choose a CSV file to upload, or enter a source URL.");
  });

  it("answers the 413 page for an upload over 10 MB", async () => {
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], "big.csv", { type: "text/csv" });
    const res = await upload(member, big);
    expect(res.status).toBe(413);
    expect(res.text).toContain("The upload is over 10 MB. Import larger catalogues from a source URL.");
  });
});

describe("POST /imports/start", () => {
  it("offers a start form for every registered type except data_import, and starts each one", async () => {
    const imports = await page("GET", "/imports", { cookie: admin });
    const types = [
      ...imports.text.matchAll(
        /<form class="card stack" method="post" action="\/imports\/start" data-type="([a-z_]+)"/g,
      ),
    ].map((m) => m[1]);
    expect(types).toEqual(expect.arrayContaining(["bulk_classification", "data_export", "duty_optimization"]));
    expect(types).not.toContain("data_import");
    const start = (form: Record<string, string>) => page("POST", "/imports/start", { cookie: admin, form });
    const classify = await start({ type: "bulk_classification", reclassify: "true" });
    expect(classify.status).toBe(303);
    const classifyRow = await getJobById(db(), startedId(classify.location) as string);
    expect(classifyRow?.type).toBe("bulk_classification");
    expect(JSON.parse(classifyRow?.payload ?? "{}")).toMatchObject({ reclassify: true });
    const duty = await start({ type: "duty_optimization", destination: "EU" });
    expect(JSON.parse((await getJobById(db(), startedId(duty.location) as string))?.payload ?? "{}")).toMatchObject({
      destination: "EU",
    });
    const invalid = await start({ type: "duty_optimization", destination: "MARS" });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain("payload.destination");
    // data_import starts from the upload form only; anything else is not a type this form starts.
    expect((await start({ type: "data_import" })).status).toBe(422);
    expect((await start({ type: "no_such_type" })).status).toBe(422);
  });
});

describe("export downloads from the pages", () => {
  it("links a finished export from the job page and serves it to the member's session", async () => {
    const started = await page("POST", "/imports/start", { cookie: member, form: { type: "data_export" } });
    const id = startedId(started.location) as string;
    await waitForJob(ws.member.token, id, hasStatus("completed"));
    const detail = await page("GET", `/imports/jobs/${id}`, { cookie: member });
    expect(detail.text).toContain(`<a class="btn" href="/exports/${id}/download">Download the export</a>`);
    const file = await page("GET", `/exports/${id}/download`, { cookie: member });
    expect(file.status).toBe(200);
    expect(file.text.split("\n")[0]).toContain("sku");
    expect((await page("GET", `/exports/${id}/download`)).status).toBe(401);
  });
});
