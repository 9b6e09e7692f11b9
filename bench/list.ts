// `list`: with 100,000 jobs, p50/p99 of the first page, page 500 (reached by following next_cursor 499 times),
// a filtered page and the counts, over GET /api/v1/jobs and the /admin/jobs pages; compared with the calls
// bull-board makes (getJobs / getJobCounts) on 100,000 BullMQ jobs.
import type { Queue } from "bullmq";
import { getStatus, listJobs } from "./lib/api.ts";
import { type Bench, type BenchContext, missingPeer } from "./lib/bench.ts";
import { type PeerFigure, type Row, ratio } from "./lib/results.ts";
import type { Stack } from "./lib/stack.ts";
import { repeat, type Summary, summarize } from "./lib/stats.ts";
import { seedBullJobs, seedD1Jobs } from "./seed/seed-list.ts";

const JOBS = 100_000;
const PAGE = 50;
const DEEP_PAGE = 500;
const REPS = 40;
const REP_MAX_MS = 30_000;

const n = (x: number) => x.toLocaleString("en-US");

type Case = "page 1" | "page 500" | "filtered (status=failed)" | "counts";

/** Times REPS GETs of `url`; every answer must be a 200. */
async function timeGet(url: string, headers: Record<string, string>): Promise<Summary> {
  const statuses = new Set<number>();
  const samples = await repeat(REPS, REP_MAX_MS, async () => statuses.add(await getStatus(url, headers)));
  if ([...statuses].some((s) => s !== 200)) throw new Error(`GET ${url} answered ${[...statuses].join(", ")}`);
  return summarize(samples);
}

/** Follows next_cursor to page 500, timing every fetch on the way; returns the cursor of page 500. */
async function walk(stack: Stack): Promise<{ cursor: string; along: Summary }> {
  const samples: number[] = [];
  let cursor: string | null = null;
  for (let page = 1; page < DEEP_PAGE; page++) {
    const started = performance.now();
    const body = await listJobs(stack, cursor ? { cursor } : {});
    samples.push(performance.now() - started);
    cursor = body.next_cursor;
    if (!cursor) throw new Error(`page ${page} has no next_cursor: fewer than ${DEEP_PAGE * PAGE} jobs?`);
  }
  return { cursor: cursor as string, along: summarize(samples) };
}

async function peerFigures(queue: Queue): Promise<Record<Case, Summary>> {
  const deep = (DEEP_PAGE - 1) * PAGE;
  const time = async (fn: () => Promise<unknown>) => summarize(await repeat(REPS, REP_MAX_MS, fn));
  return {
    "page 1": await time(() => queue.getJobs(["completed"], 0, PAGE - 1)),
    "page 500": await time(() => queue.getJobs(["completed"], deep, deep + PAGE - 1)),
    "filtered (status=failed)": await time(() => queue.getJobs(["failed"], 0, PAGE - 1)),
    counts: await time(() => queue.getJobCounts()),
  };
}

const PEER_CALLS: Record<Case, string> = {
  "page 1": "getJobs(completed, 0–49)",
  "page 500": "getJobs(completed, 24,950–24,999)",
  "filtered (status=failed)": "getJobs(failed, 0–49)",
  counts: "getJobCounts()",
};

function row(
  ctx: BenchContext,
  surface: string,
  which: Case,
  ours: Summary,
  peer: Record<Case, Summary> | null,
  page1: Summary,
): Row {
  const theirs = peer?.[which];
  const figure: PeerFigure = theirs
    ? { label: `BullMQ ${PEER_CALLS[which]}`, value: theirs.p50, p50: theirs.p50, p99: theirs.p99 }
    : missingPeer(ctx, `BullMQ ${PEER_CALLS[which]}`);
  const r = ratio(ours.p50, theirs?.p50);
  const flat = ours.p50 <= page1.p50 * 1.25;
  const vsPeer = r === null ? null : r <= 2;
  const deep = which === "page 500";
  return {
    bench: "list",
    measure: `${surface} ${which}`,
    unit: "ms",
    value: ours.p50,
    p50: ours.p50,
    p99: ours.p99,
    peer: figure,
    ratio: r,
    target: deep ? "≤ 2× peer p50, flat vs page 1" : "≤ 2× peer p50",
    met: deep ? (vsPeer === null ? null : vsPeer && flat) : vsPeer,
    note: deep
      ? `page 1 p50 ${page1.p50.toFixed(1)} ms; page 500 p50 ${ours.p50.toFixed(1)} ms (${n(ours.n)} fetches)`
      : undefined,
  };
}

export const list: Bench = {
  name: "list",
  wrangler: "shared",
  redis: true,
  async run(ctx) {
    const stack = ctx.stack();
    ctx.log(`seeding ${n(JOBS)} jobs into D1${ctx.redis ? " and BullMQ" : ""} …`);
    const seeding = performance.now();
    const [byStatus, queue] = await Promise.all([
      seedD1Jobs(stack, JOBS),
      ctx.redis ? seedBullJobs(ctx.redis, "bench-list", JOBS, 180_000) : Promise.resolve(null),
    ]);
    ctx.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s: ${JSON.stringify(byStatus)}`);
    try {
      const counts = (await listJobs(stack, { limit: "1" })).counts;
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total < JOBS) throw new Error(`the API counts ${total} jobs after seeding ${JOBS}`);
      if (queue) {
        const theirs = await queue.getJobCounts("completed", "failed");
        ctx.note(`peer jobs: ${n(theirs.completed ?? 0)} completed, ${n(theirs.failed ?? 0)} failed`);
      }
      ctx.note(
        `our jobs: ${Object.entries(counts)
          .map(([s, c]) => `${n(c)} ${s}`)
          .join(", ")}`,
      );

      const floor = await timeGet(`${stack.url}/healthz`, {});
      const { cursor, along } = await walk(stack);
      const api = `${stack.url}/api/v1/jobs`;
      const ours: Record<Case, Summary> = {
        "page 1": await timeGet(api, stack.auth),
        "page 500": await timeGet(`${api}?cursor=${cursor}`, stack.auth),
        "filtered (status=failed)": await timeGet(`${api}?status=failed`, stack.auth),
        counts: await timeGet(`${api}?limit=1`, stack.auth),
      };
      const peer = queue ? await peerFigures(queue) : null;
      const cases = Object.keys(ours) as Case[];
      const rows = cases.map((c) => row(ctx, "GET /api/v1/jobs", c, ours[c], peer, ours["page 1"]));
      const countsRow = rows[3] as Row;
      countsRow.measure = "GET /api/v1/jobs?limit=1 (counts + 1 row)";
      rows.push({
        bench: "list",
        measure: `GET /api/v1/jobs pages 1–${DEEP_PAGE - 1}, following next_cursor`,
        unit: "ms",
        value: along.p50,
        p50: along.p50,
        p99: along.p99,
        note: `${n(along.n)} fetches, one after another; max ${along.max.toFixed(1)} ms`,
      });

      rows.push({
        bench: "list",
        measure: "GET /healthz (no D1): the wrangler dev HTTP floor",
        unit: "ms",
        value: floor.p50,
        p50: floor.p50,
        p99: floor.p99,
        note: "what any request costs through wrangler dev's proxy worker and workerd on this machine; the peer calls Redis directly, with no HTTP layer",
      });
      if (stack.cookie) {
        const headers = { cookie: stack.cookie };
        const admin = `${stack.url}/admin/jobs`;
        const pages: Record<Case, Summary> = {
          "page 1": await timeGet(admin, headers),
          "page 500": await timeGet(`${admin}?cursor=${cursor}`, headers),
          "filtered (status=failed)": await timeGet(`${admin}?status=failed`, headers),
          counts: await timeGet(`${admin}/counts`, headers),
        };
        rows.push(...cases.map((c) => row(ctx, "/admin/jobs", c, pages[c], peer, pages["page 1"])));
      } else {
        ctx.note(`/admin/jobs not measured: ${stack.cookieNote}`);
      }
      return rows;
    } finally {
      await queue?.close();
    }
  },
};
