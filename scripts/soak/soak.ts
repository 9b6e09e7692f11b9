// `npm run soak -- --jobs 2000 --minutes 10`: a real `wrangler dev` with fault injection on (a local-only switch),
// a mixed workload of every job type and webhook imports from several clients with operators steering at random
// (alert rules of every kind deliver to a receiver here, tested and turned off and on; a schedule fires every minute),
// two restarts of `wrangler dev` in the middle (queues lose their in-memory messages: the sweeper must recover),
// then the verdict read from D1 and the API, and a larger fuzzing run. Exits non-zero when an invariant fails.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { SeedReport } from "../../worker/api/dev.ts";
import { type Job, jobListResponseSchema } from "../../worker/api/schema.ts";
import { type DevServer, freePort, startDevServer } from "../dev-server.ts";
import { alertVerdict, createAlertRules, startAlertReceiver, steerAlerts } from "./alerts.ts";
import { query } from "./d1.ts";
import { verdict } from "./invariants.ts";
import { LiveWatcher } from "./live-watcher.ts";
import { archivedJobIds, archiveVerdict } from "./retention.ts";
import { createMinuteSchedule, scheduleVerdict } from "./schedules.ts";
import { type Clients, createOne, operate, SOAK_LANE_TYPES, type WorkloadStats } from "./workload.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "2000" },
    minutes: { type: "string", default: "10" },
    "fuzz-runs": { type: "string", default: "1000" },
    faults: {
      type: "string",
      default: JSON.stringify({
        step_retryable: 0.02,
        step_permanent: 0.002,
        crash_after_commit: 0.01,
        hub_rpc: 0.02,
        duplicate_delivery: 0.02,
      }),
    },
  },
});
const jobCount = Number(values.jobs);
const totalMs = Number(values.minutes) * 60_000;
const started = Date.now();
const elapsed = () => Date.now() - started;
const log = (line: string) => console.log(`[soak ${(elapsed() / 1000).toFixed(0).padStart(4)}s] ${line}`);

const state = mkdtempSync(path.join(os.tmpdir(), "dutyleak-soak-"));
const port = await freePort();
const vars = {
  ENABLE_TEST_JOB_TYPES: "true",
  FAULTS: values.faults as string,
  RUN_BUDGET_MS: "1000",
  LEASE_MS: "8000",
};
const start = () => startDevServer({ port, persistTo: state, vars });

let server: DevServer = await start();
const url = server.url;
log(`wrangler dev up on ${url} (state ${state}); faults ${values.faults}`);

const seed = (await (
  await fetch(`${url}/__dev/seed`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
).json()) as SeedReport;
const tokenFor = async (email: string) =>
  (
    (await (
      await fetch(`${url}/api/v1/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: seed.password, workspace: "acme" }),
      })
    ).json()) as { token: string }
  ).token;
const clients: Clients = {
  url,
  tokens: [await tokenFor("admin@acme.test"), await tokenFor("owner@acme.test")],
  webhook: { endpointId: seed.webhook.endpoint_id, secret: seed.webhook.secret },
};
const watcher = new LiveWatcher(url, clients.tokens[0] as string);
watcher.start();
const alertReceiver = await startAlertReceiver();
const alertRules = await createAlertRules(url, clients.tokens[0] as string, alertReceiver);
const minuteSchedule = await createMinuteSchedule(url, clients.tokens[0] as string);

const stats: WorkloadStats = { created: new Set(), createFailures: 0, actions: {} };
const createUntil = totalMs * 0.5;
const restarts = [totalMs * 0.2, totalMs * 0.4];
let restarting = false;

async function restart(): Promise<void> {
  restarting = true;
  log("restarting wrangler dev (in-memory queue messages are lost)");
  await server.stop();
  server = await start();
  restarting = false;
  log("wrangler dev is back");
}

// Creators: several clients in parallel, paced to spread the jobs over the creation phase.
const creators = Array.from({ length: 6 }, async () => {
  while (stats.created.size < jobCount && elapsed() < createUntil) {
    if (!restarting) await createOne(clients, stats);
    const remaining = Math.max(1, jobCount - stats.created.size);
    const pace = ((createUntil - elapsed()) / remaining) * 6;
    await new Promise((resolve) => setTimeout(resolve, Math.max(5, Math.min(pace, 500))));
  }
});
const operators = (async () => {
  while (elapsed() < createUntil) {
    if (!restarting) await operate(clients, stats);
    if (!restarting && Math.random() < 0.03) {
      await steerAlerts(url, clients.tokens[0] as string, alertRules, (key) => {
        stats.actions[key] = (stats.actions[key] ?? 0) + 1;
      }).catch(() => {
        stats.actions["alerts unreachable"] = (stats.actions["alerts unreachable"] ?? 0) + 1;
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
})();
const restarter = (async () => {
  for (const at of restarts) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - elapsed())));
    await restart();
  }
})();
const progress = setInterval(
  () => log(`created ${stats.created.size}, create failures ${stats.createFailures}`),
  15_000,
);
await Promise.all([...creators, operators, restarter]);
log(`creation phase over: ${stats.created.size} jobs`);

// Drain: run the sweeper, resume what operators left paused, and wait for every job to end (bounded by --minutes).
const admin = clients.tokens[0] as string;
async function allJobs(): Promise<Map<string, Job>> {
  const jobs = new Map<string, Job>();
  let cursor: string | null = null;
  do {
    const response = await fetch(`${url}/api/v1/jobs?limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const page = jobListResponseSchema.parse(await response.json());
    for (const job of page.jobs) jobs.set(job.id, job);
    cursor = page.next_cursor;
  } while (cursor);
  return jobs;
}
for (;;) {
  await fetch(`${url}/__dev/sweep`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const jobs = await allJobs();
  const active = [...jobs.values()].filter((j) => ["pending", "running", "paused"].includes(j.status));
  // A type an operator paused would hold its jobs forever: every lane is resumed for the drain.
  for (const type of SOAK_LANE_TYPES) {
    await fetch(`${url}/api/v1/lanes/${type}/resume`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}` },
    });
  }
  for (const job of active.filter((j) => j.status === "paused")) {
    await fetch(`${url}/api/v1/jobs/${job.id}/resume`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}` },
    });
  }
  if (active.length === 0 || elapsed() > totalMs) {
    log(active.length === 0 ? "every job has ended" : `time is up with ${active.length} jobs still active`);
    break;
  }
  log(`draining: ${active.length} active`);
  await new Promise((resolve) => setTimeout(resolve, 3000));
}
clearInterval(progress);
// Give the last live events a moment, then compare the watcher's view with the API's.
await new Promise((resolve) => setTimeout(resolve, 2000));
const finalJobs = await allJobs();
watcher.stop();
const archived = await archivedJobIds(url, admin);
await server.stop();
await alertReceiver.close();

const result = verdict(state, stats.created, finalJobs, watcher.states, watcher.latenciesMs, archived);
const inD1 = new Set(query<{ id: string }>(state, "SELECT id FROM jobs").map((r) => r.id));
const extraRows = [
  ...alertVerdict(state, alertReceiver),
  ...scheduleVerdict(state, minuteSchedule),
  ...archiveVerdict(archived, inD1, watcher.removed),
];
result.rows.push(...extraRows);
if (extraRows.some(([, , mark]) => mark === "FAIL")) result.failed = true;
result.rows.push(["live reconnects / resyncs", `${watcher.reconnects} / ${watcher.resyncs}`, ""]);
result.rows.push(["operator actions", JSON.stringify(stats.actions), ""]);
// Why jobs ended badly, most common first (ids and numbers folded), so a jump in dead letters has a reason on screen.
const endings = new Map<string, number>();
for (const job of finalJobs.values()) {
  if (job.status !== "dead_letter" && job.status !== "failed") continue;
  const reason = `${job.status}: ${(job.error ?? "no error").replace(/[0-9A-HJKMNP-TV-Z]{26}|\d+/g, "#").slice(0, 70)}`;
  endings.set(reason, (endings.get(reason) ?? 0) + 1);
}
for (const [reason, n] of [...endings].sort((a, b) => b[1] - a[1]).slice(0, 6)) result.rows.push([reason, n, ""]);

log(`fuzzing the API with ${values["fuzz-runs"]} cases per route`);
const fuzz = spawnSync(
  process.execPath,
  [
    path.join(ROOT, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--config",
    "vitest.worker.config.ts",
    "test/worker/fuzz.test.ts",
  ],
  { cwd: ROOT, env: { ...process.env, FUZZ_RUNS: values["fuzz-runs"] }, encoding: "utf8" },
);
const fuzzOk = fuzz.status === 0;
result.rows.push(["fuzz cases per route", Number(values["fuzz-runs"]), fuzzOk ? "ok" : "FAIL"]);

console.log("\nSoak verdict");
for (const [name, value, mark] of result.rows)
  console.log(`  ${name.padEnd(48)} ${String(value).padStart(10)}  ${mark}`);
console.log(`  ${"duration".padEnd(48)} ${`${(elapsed() / 60_000).toFixed(1)} min`.padStart(10)}`);
rmSync(state, { recursive: true, force: true });
if (result.failed || !fuzzOk) {
  if (!fuzzOk) console.log(fuzz.stdout.slice(-4000));
  process.exit(1);
}
