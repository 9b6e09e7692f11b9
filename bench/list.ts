// `list`: with 100,000 jobs, p50/p99 of the first page, page 500 (reached by following next_cursor 499 times),
// a filtered page, the counts, three searches and the error groups, over GET /api/v1/jobs and the /admin/jobs pages; compared with the calls
// bull-board makes (getJobs / getJobCounts) on 100,000 BullMQ jobs, and with the floor worker's hello fetch one
// request at a time; CPU-ms per request of the wrangler tree.
import type { Queue } from "bullmq";
import { getStatus, listJobs } from "./lib/api.ts";
import { type Bench, type BenchContext, missingPeer } from "./lib/bench.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { type PeerFigure, type Row, ratio } from "./lib/results.ts";
import type { Stack } from "./lib/stack.ts";
import { repeat, type Summary, summarize } from "./lib/stats.ts";
import { query } from "./seed/d1-execute.ts";
import { seededSku } from "./seed/jobs-sql.ts";
import { seedBullJobs, seedD1Jobs } from "./seed/seed-list.ts";

const FULL = { jobs: 100_000, deepPage: 500, reps: 40 };
/** Smoke counts: the deep page is page 20, so the seed must hold at least 20 pages. */
const QUICK = { jobs: 3_000, deepPage: 20, reps: 10 };
type Counts = typeof FULL;
const PAGE = 50;
const REP_MAX_MS = 30_000;

const n = (x: number) => x.toLocaleString("en-US");

type Case = "page 1" | "deep page" | "filtered (status=failed)" | "counts";
const caseLabel = (which: Case, c: Counts) => (which === "deep page" ? `page ${c.deepPage}` : which);

/** A timed GET: latency per request and CPU-ms per request of the wrangler tree. */
type Timed = Summary & { cpuMs: number | null };

/** Times `reps` GETs of `url`; every answer must be a 200. */
async function timeGet(stack: Stack, c: Counts, url: string, headers: Record<string, string>): Promise<Timed> {
  const statuses = new Set<number>();
  const cpu = cpuMeter(stack.pid);
  const samples = await repeat(c.reps, REP_MAX_MS, async () => statuses.add(await getStatus(url, headers)));
  const cpuMs = cpu.per(samples.length);
  if ([...statuses].some((s) => s !== 200)) throw new Error(`GET ${url} answered ${[...statuses].join(", ")}`);
  return { ...summarize(samples), cpuMs };
}

/** Follows next_cursor to the deep page, timing every fetch on the way; returns the cursor of the deep page. */
async function walk(stack: Stack, c: Counts): Promise<{ cursor: string; along: Summary }> {
  const samples: number[] = [];
  let cursor: string | null = null;
  for (let page = 1; page < c.deepPage; page++) {
    const started = performance.now();
    const body = await listJobs(stack, cursor ? { cursor } : {});
    samples.push(performance.now() - started);
    cursor = body.next_cursor;
    if (!cursor) throw new Error(`page ${page} has no next_cursor: fewer than ${c.deepPage * PAGE} jobs?`);
  }
  return { cursor: cursor as string, along: summarize(samples) };
}

async function peerFigures(queue: Queue, c: Counts): Promise<Record<Case, Summary>> {
  const deep = (c.deepPage - 1) * PAGE;
  const time = async (fn: () => Promise<unknown>) => summarize(await repeat(c.reps, REP_MAX_MS, fn));
  return {
    "page 1": await time(() => queue.getJobs(["completed"], 0, PAGE - 1)),
    "deep page": await time(() => queue.getJobs(["completed"], deep, deep + PAGE - 1)),
    "filtered (status=failed)": await time(() => queue.getJobs(["failed"], 0, PAGE - 1)),
    counts: await time(() => queue.getJobCounts()),
  };
}

function peerCall(which: Case, c: Counts): string {
  const deep = (c.deepPage - 1) * PAGE;
  const calls: Record<Case, string> = {
    "page 1": `getJobs(completed, 0–${PAGE - 1})`,
    "deep page": `getJobs(completed, ${n(deep)}–${n(deep + PAGE - 1)})`,
    "filtered (status=failed)": `getJobs(failed, 0–${PAGE - 1})`,
    counts: "getJobCounts()",
  };
  return calls[which];
}

function row(
  ctx: BenchContext,
  c: Counts,
  surface: string,
  which: Case,
  ours: Timed,
  peer: Record<Case, Summary> | null,
  page1: Summary,
): Row {
  const theirs = peer?.[which];
  const figure: PeerFigure = theirs
    ? { label: `BullMQ ${peerCall(which, c)}`, value: theirs.p50, p50: theirs.p50, p99: theirs.p99 }
    : missingPeer(ctx, `BullMQ ${peerCall(which, c)}`);
  const r = ratio(ours.p50, theirs?.p50);
  const flat = ours.p50 <= page1.p50 * 1.25;
  const vsPeer = r === null ? null : r <= 2;
  const deep = which === "deep page";
  return {
    bench: "list",
    measure: `${surface} ${caseLabel(which, c)}`,
    unit: "ms",
    value: ours.p50,
    p50: ours.p50,
    p99: ours.p99,
    cpu_ms: ours.cpuMs,
    peer: figure,
    ratio: r,
    target: deep ? "≤ 2× peer p50, flat vs page 1" : "≤ 2× peer p50",
    met: deep ? (vsPeer === null ? null : vsPeer && flat) : vsPeer,
    floor_of: ["hello-serial"],
    note: deep
      ? `page 1 p50 ${page1.p50.toFixed(1)} ms; page ${c.deepPage} p50 ${ours.p50.toFixed(1)} ms (${n(ours.n)} fetches)`
      : undefined,
  };
}

/**
 * Find and fix on the same table: `q` for a rare id fragment, one import's SKU and a common error word (trigram
 * index, then the usual keyset page), each against page 1 of the same run; and the error groups.
 */
async function findRows(stack: Stack, c: Counts, page1: Timed): Promise<Row[]> {
  const api = `${stack.url}/api/v1/jobs`;
  const [sample] = await query<{ id: string }>(
    stack.persistTo,
    `SELECT id FROM jobs WHERE workspace_id = '${stack.workspaceId}' ORDER BY id LIMIT 1 OFFSET ${Math.floor(c.jobs / 3)}`,
  );
  if (!sample) throw new Error("no seeded job to search for");
  // Import i carries seededSku(i); imports are every fourth job.
  const sku = seededSku(Math.floor(c.jobs / 8) * 4);
  const searches: [string, string][] = [
    [`q = a rare id fragment (${sample.id.slice(12, 19)})`, sample.id.slice(12, 19)],
    [`q = one import's SKU (${sku})`, sku],
    ["q = an error word (unreachable: ~3% of the jobs)", "unreachable"],
  ];
  const rows: Row[] = [];
  for (const [label, q] of searches) {
    const t = await timeGet(stack, c, `${api}?q=${encodeURIComponent(q)}`, stack.auth);
    const r = page1.p50 > 0 ? t.p50 / page1.p50 : null;
    rows.push({
      bench: "list",
      measure: `GET /api/v1/jobs?${label}`,
      unit: "ms",
      value: t.p50,
      p50: t.p50,
      p99: t.p99,
      cpu_ms: t.cpuMs,
      ratio: r,
      target: "≤ 2× page 1 p50 (same run)",
      met: r === null ? null : r <= 2,
      floor_of: ["hello-serial"],
      note: `page 1 p50 ${page1.p50.toFixed(1)} ms; no peer: bull-board, BullMQ and asynq cannot search job data`,
    });
  }
  const groups = await timeGet(stack, c, `${stack.url}/api/v1/errors`, stack.auth);
  rows.push({
    bench: "list",
    measure: "GET /api/v1/errors (error groups of every failed/dead-letter job)",
    unit: "ms",
    value: groups.p50,
    p50: groups.p50,
    p99: groups.p99,
    cpu_ms: groups.cpuMs,
    target: "≤ 50 ms p50",
    met: groups.p50 <= 50,
    floor_of: ["hello-serial"],
  });
  return rows;
}

export const list: Bench = {
  name: "list",
  wrangler: "shared",
  redis: true,
  async run(ctx) {
    const stack = ctx.stack();
    const c = ctx.quick ? QUICK : FULL;
    ctx.log(`seeding ${n(c.jobs)} jobs into D1${ctx.redis ? " and BullMQ" : ""} …`);
    const seeding = performance.now();
    const [byStatus, queue] = await Promise.all([
      seedD1Jobs(stack, c.jobs),
      ctx.redis ? seedBullJobs(ctx.redis, "bench-list", c.jobs, 180_000) : Promise.resolve(null),
    ]);
    ctx.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s: ${JSON.stringify(byStatus)}`);
    try {
      const counts = (await listJobs(stack, { limit: "1" })).counts;
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total < c.jobs) throw new Error(`the API counts ${total} jobs after seeding ${c.jobs}`);
      if (queue) {
        const theirs = await queue.getJobCounts("completed", "failed");
        ctx.note(`peer jobs: ${n(theirs.completed ?? 0)} completed, ${n(theirs.failed ?? 0)} failed`);
      }
      ctx.note(
        `our jobs: ${Object.entries(counts)
          .map(([s, c]) => `${n(c)} ${s}`)
          .join(", ")}`,
      );

      const healthz = await timeGet(stack, c, `${stack.url}/healthz`, {});
      const { cursor, along } = await walk(stack, c);
      const api = `${stack.url}/api/v1/jobs`;
      const ours: Record<Case, Timed> = {
        "page 1": await timeGet(stack, c, api, stack.auth),
        "deep page": await timeGet(stack, c, `${api}?cursor=${cursor}`, stack.auth),
        "filtered (status=failed)": await timeGet(stack, c, `${api}?status=failed`, stack.auth),
        counts: await timeGet(stack, c, `${api}?limit=1`, stack.auth),
      };
      const peer = queue ? await peerFigures(queue, c) : null;
      const cases = Object.keys(ours) as Case[];
      const rows = cases.map((which) => row(ctx, c, "GET /api/v1/jobs", which, ours[which], peer, ours["page 1"]));
      const countsRow = rows[3] as Row;
      countsRow.measure = "GET /api/v1/jobs?limit=1 (counts + 1 row)";
      rows.push({
        bench: "list",
        measure: `GET /api/v1/jobs pages 1–${c.deepPage - 1}, following next_cursor`,
        unit: "ms",
        value: along.p50,
        p50: along.p50,
        p99: along.p99,
        floor_of: ["hello-serial"],
        note: `${n(along.n)} fetches, one after another; max ${along.max.toFixed(1)} ms`,
      });

      rows.push({
        bench: "list",
        measure: "GET /healthz (no D1): the wrangler dev HTTP floor",
        unit: "ms",
        value: healthz.p50,
        p50: healthz.p50,
        p99: healthz.p99,
        cpu_ms: healthz.cpuMs,
        floor_of: ["hello-serial"],
        note: "what any request costs through wrangler dev's proxy worker and workerd on this machine; the peer calls Redis directly, with no HTTP layer",
      });
      rows.push(...(await findRows(stack, c, ours["page 1"])));
      if (stack.cookie) {
        const headers = { cookie: stack.cookie };
        const admin = `${stack.url}/admin/jobs`;
        const pages: Record<Case, Timed> = {
          "page 1": await timeGet(stack, c, admin, headers),
          "deep page": await timeGet(stack, c, `${admin}?cursor=${cursor}`, headers),
          "filtered (status=failed)": await timeGet(stack, c, `${admin}?status=failed`, headers),
          counts: await timeGet(stack, c, `${admin}/counts`, headers),
        };
        rows.push(...cases.map((which) => row(ctx, c, "/admin/jobs", which, pages[which], peer, pages["page 1"])));
      } else {
        ctx.note(`/admin/jobs not measured: ${stack.cookieNote}`);
      }
      return rows;
    } finally {
      await queue?.close();
    }
  },
};
