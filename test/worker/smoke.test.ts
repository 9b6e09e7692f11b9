import { describe, expect, it } from "vitest";
import { createJob, hasStatus, makeWorkspace, productRows, waitForJob } from "../support/workerd/api.ts";

describe("POST /api/v1/jobs data_import", () => {
  it("imports inline rows through the real queue to completed", async () => {
    const ws = await makeWorkspace("acme");
    const job = await createJob(ws.admin.token, "data_import", { rows: productRows(1200) });
    expect(job.status).toBe("pending");
    const done = await waitForJob(ws.admin.token, job.id, hasStatus("completed", "failed", "dead_letter"));
    expect(done.status).toBe("completed");
    expect(done.processed).toBe(1200);
    expect(done.result).toMatchObject({ imported: 1200, rejected: 0 });
  });
});
