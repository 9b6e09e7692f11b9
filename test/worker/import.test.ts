// data_import end to end: CSV and JSON rows, bad rows reported by number, large inputs through R2, re-runs without
// duplicates, and inputs that cannot be parsed failing the job permanently.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeDb } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import { products } from "../../worker/db/schema.ts";
import {
  api,
  createJob,
  hasStatus,
  makeWorkspace,
  productCsv,
  productRows,
  waitForJob,
} from "../support/workerd/api.ts";

const db = () => makeDb(env.DB);
const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const finished = hasStatus("completed", "failed", "dead_letter");
const countProducts = (workspaceId: string) => db().$count(products, eq(products.workspaceId, workspaceId));

describe("data_import", () => {
  it("imports a CSV with quoted fields and reports 10% bad rows by row number without failing", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const lines = productCsv(200).trimEnd().split("\n");
    // Break every tenth data row in a different way.
    for (let row = 10; row <= 200; row += 10) {
      const cells = lines[row]?.split(",") ?? [];
      if (row % 20 === 0) cells[5] = "not-a-number";
      else cells[6] = "DOLLARS";
      lines[row] = cells.join(",");
    }
    const job = await createJob(ws.admin.token, "data_import", { csv: `${lines.join("\n")}\n` });
    expect(job.total).toBe(200);
    const done = await waitForJob(ws.admin.token, job.id, finished);
    expect(done.status).toBe("completed");
    const result = done.result as { imported: number; rejected: number; bad_rows: { row: number; reason: string }[] };
    expect(result.imported).toBe(180);
    expect(result.rejected).toBe(20);
    expect(result.bad_rows.map((b) => b.row)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 10));
    expect(result.bad_rows[0]?.reason).toMatch(/currency: must be an ISO 4217 code/);
    expect(result.bad_rows[1]?.reason).toBe("customs_value: must be a number");
    expect(await countProducts(ws.workspaceId)).toBe(180);
    const product = await db().query.products.findFirst({ where: (p, { eq }) => eq(p.sku, "SKU-00001") });
    expect(product?.description).toBe('A soft, "classic" tee');
  });

  it("re-running an import updates products by SKU and never duplicates them", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const first = await createJob(ws.admin.token, "data_import", { rows: productRows(50) });
    await waitForJob(ws.admin.token, first.id, finished);
    const changed = productRows(50).map((r) => ({ ...r, customs_value: 99 }));
    const second = await createJob(ws.admin.token, "data_import", { rows: changed });
    await waitForJob(ws.admin.token, second.id, finished);
    expect(await countProducts(ws.workspaceId)).toBe(50);
    const row = await db()
      .select()
      .from(products)
      .where(and(eq(products.workspaceId, ws.workspaceId), eq(products.sku, "SKU-00007")))
      .get();
    expect(row).toMatchObject({ customsValue: 99, lastJobId: second.id });
  });

  it("keeps an importer's hs_code as set by a person, and a later import without one does not erase it", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const [row] = productRows(1);
    const first = await createJob(ws.admin.token, "data_import", { rows: [{ ...row, hs_code: "610910" }] });
    await waitForJob(ws.admin.token, first.id, finished);
    const second = await createJob(ws.admin.token, "data_import", { rows: [row] });
    await waitForJob(ws.admin.token, second.id, finished);
    const product = await db().query.products.findFirst({
      where: (p, { eq, and }) => and(eq(p.workspaceId, ws.workspaceId), eq(p.sku, row?.sku ?? "")),
    });
    expect(product).toMatchObject({ hsCode: "610910", hsSource: "person" });
  });

  it("stores a CSV over 1 MB in R2 and reads it chunk by chunk", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const csv = productCsv(16_000, "BIG");
    expect(csv.length).toBeGreaterThan(1_000_000);
    const job = await createJob(ws.admin.token, "data_import", { csv });
    const row = await getJobById(db(), job.id);
    expect(row?.inputKey).toMatch(/^inputs\//);
    expect(row?.payload.length).toBeLessThan(200);
    expect(await env.FILES.head(row?.inputKey ?? "")).not.toBeNull();
    const done = await waitForJob(ws.admin.token, job.id, finished, 60_000);
    expect(done).toMatchObject({ status: "completed", processed: 16_000, total: 16_000 });
    expect(await countProducts(ws.workspaceId)).toBe(16_000);
  });

  it("stores JSON rows over 1 MB in R2 as NDJSON and imports them all", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const rows = productRows(12_000, "ND").map((r) => ({ ...r, description: "x".repeat(20) }));
    const job = await createJob(ws.admin.token, "data_import", { rows });
    expect((await getJobById(db(), job.id))?.inputKey).toMatch(/\.ndjson$/);
    const done = await waitForJob(ws.admin.token, job.id, finished, 60_000);
    expect(done).toMatchObject({ status: "completed", processed: 12_000 });
    expect(await countProducts(ws.workspaceId)).toBe(12_000);
  });

  it("fails permanently (no retries) when the stored input cannot be read", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { job } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "data_import",
      payload: { stored_input: { format: "csv", bytes: 10 } },
      inputKey: "inputs/missing.csv",
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
    });
    await env.JOBS.send({ jobId: job.id, workspaceId: ws.workspaceId, run: 1 });
    const done = await waitForJob(ws.admin.token, job.id, finished);
    expect(done).toMatchObject({ status: "failed", attempts: 1, error: "stored input inputs/missing.csv is missing" });
  });

  it("fails permanently when a stored CSV has no usable header", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const key = `inputs/${ws.workspaceId}/bad.csv`;
    await env.FILES.put(key, "name;price\nshirt;3\n");
    const { job } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "data_import",
      payload: { stored_input: { format: "csv", bytes: 20 } },
      inputKey: key,
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
    });
    await env.JOBS.send({ jobId: job.id, workspaceId: ws.workspaceId, run: 1 });
    const done = await waitForJob(ws.admin.token, job.id, finished);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/CSV header is missing required column\(s\): sku, title/);
  });

  it("fails permanently when the stored payload is corrupt", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const { job } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "data_import",
      payload: { nonsense: true },
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
    });
    await env.JOBS.send({ jobId: job.id, workspaceId: ws.workspaceId, run: 1 });
    const done = await waitForJob(ws.admin.token, job.id, finished);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/stored payload is invalid/);
  });

  it("shows the current item and progress while it runs", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const job = await createJob(ws.admin.token, "data_import", { rows: productRows(3000, "CUR") });
    const done = await waitForJob(ws.admin.token, job.id, finished);
    expect(done).toMatchObject({ progress: 100, current_item: "CUR-03000 · Cotton t-shirt 3000" });
    const detail = await api("GET", `/api/v1/jobs/${job.id}`, { token: ws.admin.token });
    expect(detail.json.job.result).toMatchObject({ imported: 3000, rejected: 0, bad_rows: [] });
  });
});
