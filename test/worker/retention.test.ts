// Retention and archive: the settings (owner only, validated, audited), the pruner (only jobs past their status's
// retention leave, with their events, rejected rows and findings, into an NDJSON gzip in R2 first; counts and search
// stay exact), a crash between the archive and the delete (nothing lost, nothing twice), a job retried while its part
// was written (it stays, and leaves the archive), the archive list and download, and discard.
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { archivesResponseSchema, discardResponseSchema } from "../../worker/api/retention.ts";
import type { JobStatus } from "../../worker/api/schema.ts";
import { claimJobs, endedBefore } from "../../worker/db/archive.ts";
import { makeDb, rowsPerStatement, runBatch } from "../../worker/db/client.ts";
import { newId } from "../../worker/db/ids.ts";
import { insertJob } from "../../worker/db/jobs/create.ts";
import { getJobById } from "../../worker/db/jobs/read.ts";
import {
  archiveClaims,
  archiveParts,
  dutyFindings,
  jobCounts,
  jobEvents,
  jobRejectedRows,
  jobs,
  workspaceAudit,
} from "../../worker/db/schema.ts";
import { readGzipNdjson } from "../../worker/jobs/archive/ndjson-gzip.ts";
import { newPart } from "../../worker/jobs/archive/parts.ts";
import { PART_STALE_MS, pruneRound } from "../../worker/jobs/archive/prune.ts";
import { writePart } from "../../worker/jobs/archive/write-part.ts";
import { api, makeWorkspace } from "../support/workerd/api.ts";

const slug = () => `ws${newId().slice(-8).toLowerCase()}`;
const db = () => makeDb(env.DB);
const DAY = 86_400_000;
const BUDGET = 30_000;
const chunk = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** An ended job, `ageDays` after it ended, with two more events, and rejected rows or a finding when asked. */
async function endedJob(
  workspaceId: string,
  status: JobStatus,
  ageDays: number,
  extra: { rejected?: number; finding?: boolean; payload?: unknown; error?: string } = {},
) {
  const now = Date.now();
  const { job } = await insertJob(db(), {
    workspaceId,
    type: "test_flaky",
    payload: extra.payload ?? { items: 1 },
    maxAttempts: 3,
    createdBy: null,
    now: now - ageDays * DAY - 60_000,
  });
  const completedAt = now - ageDays * DAY;
  await db()
    .update(jobs)
    .set({
      status,
      admitted: false,
      rev: newId(),
      completedAt,
      error: extra.error ?? (status === "completed" ? null : "HS lookup 503"),
    })
    .where(eq(jobs.id, job.id));
  await db()
    .insert(jobEvents)
    .values([
      { jobId: job.id, workspaceId, run: 1, at: completedAt - 1_000, kind: "started", actor: "system", message: null },
      { jobId: job.id, workspaceId, run: 1, at: completedAt, kind: status, actor: "system", message: "ended" },
    ]);
  for (let row = 1; row <= (extra.rejected ?? 0); row++) {
    await db()
      .insert(jobRejectedRows)
      .values({
        jobId: job.id,
        workspaceId,
        row,
        seq: 0,
        sku: `SKU-${row}`,
        field: "hs_code",
        code: "invalid",
        message: "bad",
        values: '{"sku":"x"}',
      });
  }
  if (extra.finding) {
    await db().insert(dutyFindings).values({
      jobId: job.id,
      workspaceId,
      sku: "SKU-1",
      kind: "alternative_heading",
      destination: "US",
      currency: "USD",
      fromRate: 0.12,
      toRate: 0.04,
      savingCents: 1234,
      detail: "6109.10 instead of 6109.90",
    });
  }
  return job.id;
}

/** job_counts for the workspace must equal a count of its jobs, per status. */
async function expectCountsExact(workspaceId: string) {
  const counted = await db()
    .select({ status: jobs.status, n: sql<number>`count(*)` })
    .from(jobs)
    .where(eq(jobs.workspaceId, workspaceId))
    .groupBy(jobs.status)
    .all();
  const kept = await db()
    .select({ status: jobCounts.status, n: sql<number>`sum(${jobCounts.n})` })
    .from(jobCounts)
    .where(eq(jobCounts.workspaceId, workspaceId))
    .groupBy(jobCounts.status)
    .all();
  const asMap = (rows: { status: string; n: number }[]) =>
    Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.status, r.n]));
  expect(asMap(kept)).toEqual(asMap(counted));
}

async function download(token: string, date: string) {
  const res = await api("GET", "/api/v1/archives", { token });
  expect(res.status, res.text).toBe(200);
  const response = await (await import("cloudflare:workers")).exports.default.fetch(
    new Request(`http://jobs.test/api/v1/archives/${date}`, { headers: { authorization: `Bearer ${token}` } }),
  );
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/gzip");
  return readGzipNdjson(await response.arrayBuffer());
}

const today = () => new Date().toISOString().slice(0, 10);

describe("GET/PATCH /api/v1/settings retention", () => {
  it("answers the defaults, lets the owner change some, audits the change and refuses everyone else", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "admin", "viewer"]);
    const got = await api("GET", "/api/v1/settings", { token: ws.viewer.token });
    expect(got.status).toBe(200);
    expect(got.json.retention).toEqual({
      completed_days: 30,
      failed_days: 90,
      dead_letter_days: 180,
      cancelled_days: 30,
    });
    const patched = await api("PATCH", "/api/v1/settings", {
      token: ws.owner.token,
      body: { retention: { completed_days: 7, dead_letter_days: 365 } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.retention).toEqual({
      completed_days: 7,
      failed_days: 90,
      dead_letter_days: 365,
      cancelled_days: 30,
    });
    const audit = await db().select().from(workspaceAudit).where(eq(workspaceAudit.workspaceId, ws.workspaceId)).all();
    expect(audit).toEqual([
      expect.objectContaining({
        actor: ws.owner.email,
        action: "retention_set",
        detail: "completed_days 30 → 7, dead_letter_days 180 → 365",
      }),
    ]);
    const admin = await api("PATCH", "/api/v1/settings", {
      token: ws.admin.token,
      body: { retention: { completed_days: 1 } },
    });
    expect(admin.status).toBe(403);
  });

  it("refuses days out of range, fractions, text and unknown keys with a 422 naming the field, changing nothing", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    for (const retention of [
      { completed_days: 0 },
      { failed_days: 3651 },
      { cancelled_days: 1.5 },
      { dead_letter_days: "30" },
      { archived_days: 3 },
    ]) {
      const res = await api("PATCH", "/api/v1/settings", { token: ws.owner.token, body: { retention } });
      expect(res.status, JSON.stringify(retention)).toBe(422);
      expect(JSON.stringify(res.json.error)).toContain("retention");
    }
    const got = await api("GET", "/api/v1/settings", { token: ws.owner.token });
    expect(got.json.retention.completed_days).toBe(30);
  });
});

describe("the pruner", () => {
  it("archives and deletes only jobs past their status's retention, with everything that hangs off them", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const oldCompleted = await endedJob(ws.workspaceId, "completed", 31, {
      rejected: 3,
      payload: { items: 1, note: "zebra-crossing" },
    });
    const youngCompleted = await endedJob(ws.workspaceId, "completed", 29);
    const oldFailed = await endedJob(ws.workspaceId, "failed", 91, { finding: true });
    const youngFailed = await endedJob(ws.workspaceId, "failed", 60);
    const oldDead = await endedJob(ws.workspaceId, "dead_letter", 181);
    const youngDead = await endedJob(ws.workspaceId, "dead_letter", 120);
    const oldCancelled = await endedJob(ws.workspaceId, "cancelled", 31);
    // The search indexes job ids among other things: a fragment of one finds it, until it is pruned.
    const fragment = oldCompleted.slice(-10);
    const beforeSearch = await api("GET", `/api/v1/jobs?q=${fragment}`, { token: ws.owner.token });
    expect(beforeSearch.json.jobs.map((j: { id: string }) => j.id)).toEqual([oldCompleted]);

    const report = await pruneRound(env, Date.now(), BUDGET);
    expect(report.archivedJobs).toBeGreaterThanOrEqual(4);

    const gone = [oldCompleted, oldFailed, oldDead, oldCancelled];
    for (const id of gone) expect(await getJobById(db(), id)).toBeUndefined();
    for (const id of [youngCompleted, youngFailed, youngDead]) expect(await getJobById(db(), id)).toBeDefined();
    for (const table of [jobEvents, jobRejectedRows, dutyFindings]) {
      const left = await db()
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .where(
          sql`${table.jobId} IN (${sql.join(
            gone.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        )
        .get();
      expect(left?.n).toBe(0);
    }
    await expectCountsExact(ws.workspaceId);
    const afterSearch = await api("GET", `/api/v1/jobs?q=${fragment}`, { token: ws.owner.token });
    expect(afterSearch.json.jobs).toEqual([]);

    const list = await api("GET", "/api/v1/archives", { token: ws.owner.token });
    const days = archivesResponseSchema.parse(list.json).archives;
    expect(days).toEqual([
      expect.objectContaining({
        date: today(),
        jobs: 4,
        events: 12,
        rejected_rows: 3,
        findings: 1,
        retention_jobs: 4,
        discarded_jobs: 0,
      }),
    ]);
    const records = await download(ws.owner.token, today());
    const jobRecords = records.filter((r) => r.record === "job");
    expect(jobRecords.map((r) => r.id).sort()).toEqual([...gone].sort());
    const archived = jobRecords.find((r) => r.id === oldCompleted);
    expect(archived).toMatchObject({ status: "completed", payload: { items: 1, note: "zebra-crossing" }, run: 1 });
    expect(records.filter((r) => r.record === "event" && r.job_id === oldCompleted).map((r) => r.kind)).toEqual([
      "created",
      "started",
      "completed",
    ]);
    expect(records.filter((r) => r.record === "rejected_row").map((r) => r.row)).toEqual([1, 2, 3]);
    expect(records.find((r) => r.record === "finding")).toMatchObject({ job_id: oldFailed, saving: 12.34 });
  });

  it("archives every rejected row of an import with more than a page of them, in order", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const id = await endedJob(ws.workspaceId, "completed", 31);
    const rows = Array.from({ length: 1_005 }, (_, i) => ({
      jobId: id,
      workspaceId: ws.workspaceId,
      row: Math.floor(i / 2) + 1,
      seq: i % 2,
      sku: `SKU-${i}`,
      field: "hs_code",
      code: "invalid",
      message: "bad",
      values: null,
    }));
    await runBatch(
      db(),
      chunk(rows, rowsPerStatement(9)).map((part) => db().insert(jobRejectedRows).values(part)),
    );
    await pruneRound(env, Date.now(), BUDGET);
    const records = await download(ws.owner.token, today());
    const archived = records.filter((r) => r.record === "rejected_row" && r.job_id === id);
    expect(archived.map((r) => `${r.row}.${r.seq}`)).toEqual(rows.map((r) => `${r.row}.${r.seq}`));
  });

  it("follows a workspace's own retention, and a second round finds nothing more", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    await api("PATCH", "/api/v1/settings", { token: ws.owner.token, body: { retention: { completed_days: 2 } } });
    const three = await endedJob(ws.workspaceId, "completed", 3);
    const one = await endedJob(ws.workspaceId, "completed", 1);
    await pruneRound(env, Date.now(), BUDGET);
    expect(await getJobById(db(), three)).toBeUndefined();
    expect(await getJobById(db(), one)).toBeDefined();
    const again = await pruneRound(env, Date.now(), BUDGET);
    expect(again).toMatchObject({ archivedJobs: 0, parts: 0 });
  });

  it("stops starting parts when its budget is spent and says there is more", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    await endedJob(ws.workspaceId, "cancelled", 40);
    const report = await pruneRound(env, Date.now(), 0);
    expect(report).toMatchObject({ archivedJobs: 0, more: true });
    expect((await pruneRound(env, Date.now(), BUDGET)).archivedJobs).toBeGreaterThanOrEqual(1);
  });

  it("after a crash between the archive and the delete, finishes the part: nothing lost, nothing archived twice", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const ids = [
      await endedJob(ws.workspaceId, "failed", 100, { rejected: 2 }),
      await endedJob(ws.workspaceId, "failed", 100),
      await endedJob(ws.workspaceId, "failed", 100),
    ];
    const now = Date.now();
    const part = await newPart(db(), ws.workspaceId, "retention", "system", now);
    expect(await claimJobs(db(), part.id, ws.workspaceId, endedBefore("failed", now - 90 * DAY), 200, "ended")).toBe(3);
    // The object reaches R2, then the Worker dies before the deleting batch.
    const crashing = {
      ...env,
      FILES: {
        get: (key: string) => env.FILES.get(key),
        put: async (...args: Parameters<R2Bucket["put"]>) => {
          await env.FILES.put(...args);
          throw new Error("worker evicted");
        },
      },
    } as unknown as Env;
    await expect(writePart(crashing, db(), part, now)).rejects.toThrow("worker evicted");
    for (const id of ids) expect(await getJobById(db(), id)).toBeDefined();
    expect(await env.FILES.head(part.key)).not.toBeNull();
    // Not listed until it is finished: a download never shows jobs that are still in D1.
    expect((await api("GET", "/api/v1/archives", { token: ws.owner.token })).json.archives).toEqual([]);
    // A later round, after the part went stale, redoes it; the earlier round's object is overwritten, not added to.
    await pruneRound(env, now + PART_STALE_MS + 1_000, BUDGET);
    for (const id of ids) expect(await getJobById(db(), id)).toBeUndefined();
    const records = await download(ws.owner.token, today());
    expect(
      records
        .filter((r) => r.record === "job")
        .map((r) => r.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(records.filter((r) => r.record === "rejected_row")).toHaveLength(2);
    const [row] = await db().select().from(archiveParts).where(eq(archiveParts.id, part.id)).all();
    expect(row).toMatchObject({ state: "written", jobs: 3 });
    expect(await db().select().from(archiveClaims).where(eq(archiveClaims.partId, part.id)).all()).toEqual([]);
    await expectCountsExact(ws.workspaceId);
  });

  it("keeps a job retried while its part was being written, and takes its lines out of the archive", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    const retried = await endedJob(ws.workspaceId, "cancelled", 40);
    const other = await endedJob(ws.workspaceId, "cancelled", 40);
    const racing = {
      ...env,
      FILES: {
        get: (key: string) => env.FILES.get(key),
        delete: (keys: string | string[]) => env.FILES.delete(keys),
        put: async (...args: Parameters<R2Bucket["put"]>) => {
          const put = await env.FILES.put(...args);
          // An operator's retry lands between the read and the delete (once: the rewrite's put must not retry again).
          if ((await getJobById(db(), retried))?.status === "cancelled") {
            const res = await api("POST", `/api/v1/jobs/${retried}/retry`, { token: ws.owner.token });
            expect(res.status, res.text).toBe(200);
          }
          return put;
        },
      },
    } as unknown as Env;
    await pruneRound(racing, Date.now(), BUDGET);
    expect((await getJobById(db(), retried))?.status).not.toBe("cancelled");
    expect(await getJobById(db(), other)).toBeUndefined();
    const records = await download(ws.owner.token, today());
    expect(records.filter((r) => r.record === "job").map((r) => r.id)).toEqual([other]);
    expect(records.filter((r) => r.job_id === retried)).toEqual([]);
    const list = await api("GET", "/api/v1/archives", { token: ws.owner.token });
    expect(list.json.archives[0]).toMatchObject({ jobs: 1, events: 3 });
    expect(await db().select().from(archiveClaims).where(eq(archiveClaims.jobId, retried)).all()).toEqual([]);
  });
});

describe("GET /api/v1/archives", () => {
  it("pages days newest first, 404s a day without an archive, 422s a date that is not one, and is owner/admin only", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "admin", "member", "viewer"]);
    const now = Date.now();
    for (const daysAgo of [2, 1, 0]) {
      const at = now - daysAgo * DAY;
      const part = await newPart(db(), ws.workspaceId, "retention", "system", at);
      await endedJob(ws.workspaceId, "completed", 40);
      await claimJobs(db(), part.id, ws.workspaceId, endedBefore("completed", now), 200, "ended");
      await writePart(env, db(), part, at);
    }
    const first = await api("GET", "/api/v1/archives?limit=2", { token: ws.admin.token });
    expect(first.status, first.text).toBe(200);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(first.json.archives.map((a: { date: string }) => a.date)).toEqual([iso(now), iso(now - DAY)]);
    expect(first.json.archives[0].download_url).toBe(`/api/v1/archives/${iso(now)}`);
    const second = await api("GET", `/api/v1/archives?limit=2&cursor=${first.json.next_cursor}`, {
      token: ws.admin.token,
    });
    expect(second.json).toMatchObject({ archives: [{ date: iso(now - 2 * DAY), jobs: 1 }], next_cursor: null });
    expect((await api("GET", "/api/v1/archives/2001-01-01", { token: ws.admin.token })).status).toBe(404);
    for (const bad of ["2026-13-01", "2026-02-30", "yesterday"]) {
      expect((await api("GET", `/api/v1/archives/${bad}`, { token: ws.admin.token })).status, bad).toBe(422);
    }
    expect((await api("GET", "/api/v1/archives?cursor=nope", { token: ws.admin.token })).status).toBe(422);
    for (const role of ["member", "viewer"] as const) {
      expect((await api("GET", "/api/v1/archives", { token: ws[role].token })).status).toBe(403);
      expect((await api("GET", `/api/v1/archives/${iso(now)}`, { token: ws[role].token })).status).toBe(403);
    }
    // Another workspace's owner sees none of it.
    const other = await makeWorkspace(slug(), ["owner"]);
    expect((await api("GET", "/api/v1/archives", { token: other.owner.token })).json.archives).toEqual([]);
    expect((await api("GET", `/api/v1/archives/${iso(now)}`, { token: other.owner.token })).status).toBe(404);
  });
});

describe("POST /api/v1/jobs/discard", () => {
  it("discards the listed ended jobs (archived first), skips the others by status and audits it", async () => {
    const ws = await makeWorkspace(slug(), ["admin"]);
    const other = await makeWorkspace(slug(), ["admin"]);
    const failed = await endedJob(ws.workspaceId, "failed", 0);
    const completed = await endedJob(ws.workspaceId, "completed", 0);
    const { job: pending } = await insertJob(db(), {
      workspaceId: ws.workspaceId,
      type: "test_flaky",
      payload: { items: 1 },
      maxAttempts: 3,
      createdBy: null,
      now: Date.now(),
      runAt: Date.now() + 3_600_000,
    });
    const theirs = await endedJob(other.workspaceId, "failed", 0);
    const res = await api("POST", "/api/v1/jobs/discard", {
      token: ws.admin.token,
      body: { ids: [failed, completed, pending.id, theirs, newId()] },
    });
    expect(res.status, res.text).toBe(200);
    expect(discardResponseSchema.parse(res.json)).toEqual({
      discarded: 2,
      skipped: { pending: 1 },
      not_found: 2,
      more: false,
      archive_date: today(),
    });
    expect(await getJobById(db(), failed)).toBeUndefined();
    expect(await getJobById(db(), pending.id)).toBeDefined();
    expect(await getJobById(db(), theirs)).toBeDefined();
    const records = await download(ws.admin.token, today());
    expect(
      records
        .filter((r) => r.record === "job")
        .map((r) => r.id)
        .sort(),
    ).toEqual([failed, completed].sort());
    const list = await api("GET", "/api/v1/archives", { token: ws.admin.token });
    expect(list.json.archives[0]).toMatchObject({ jobs: 2, discarded_jobs: 2, retention_jobs: 0 });
    const audit = await db()
      .select()
      .from(workspaceAudit)
      .where(and(eq(workspaceAudit.workspaceId, ws.workspaceId), eq(workspaceAudit.action, "jobs_discarded")))
      .all();
    expect(audit).toEqual([expect.objectContaining({ actor: ws.admin.email, detail: "2 jobs selected" })]);
    await expectCountsExact(ws.workspaceId);
  });

  it("discards the ended jobs matching a status, type and search, and no others", async () => {
    const ws = await makeWorkspace(slug(), ["owner"]);
    // The error text is searched: these jobs' errors name the failing host.
    const match = await endedJob(ws.workspaceId, "failed", 0, { error: "walrus.example unreachable" });
    const otherStatus = await endedJob(ws.workspaceId, "cancelled", 0, { error: "walrus.example unreachable" });
    const noMatch = await endedJob(ws.workspaceId, "failed", 0);
    const res = await api("POST", "/api/v1/jobs/discard", {
      token: ws.owner.token,
      body: { status: "failed", type: "test_flaky", q: "walrus" },
    });
    expect(res.json).toMatchObject({ discarded: 1, more: false });
    expect(await getJobById(db(), match)).toBeUndefined();
    expect(await getJobById(db(), otherStatus)).toBeDefined();
    expect(await getJobById(db(), noMatch)).toBeDefined();
    const audit = await db().select().from(workspaceAudit).where(eq(workspaceAudit.workspaceId, ws.workspaceId)).all();
    expect(audit.at(-1)?.detail).toBe('1 job matching status failed, type test_flaky, search "walrus"');
  });

  it("refuses an empty filter, a status that has not ended, bad ids, members and viewers", async () => {
    const ws = await makeWorkspace(slug(), ["owner", "member", "viewer"]);
    const kept = await endedJob(ws.workspaceId, "failed", 0);
    for (const body of [
      {},
      { status: "running" },
      { ids: [] },
      { ids: ["nope"] },
      { q: "ab" },
      { status: "failed", all: true },
    ]) {
      const res = await api("POST", "/api/v1/jobs/discard", { token: ws.owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    for (const role of ["member", "viewer"] as const) {
      const res = await api("POST", "/api/v1/jobs/discard", { token: ws[role].token, body: { ids: [kept] } });
      expect(res.status).toBe(403);
    }
    expect(await getJobById(db(), kept)).toBeDefined();
  });
});
