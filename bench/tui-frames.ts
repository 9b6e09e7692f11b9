// The `tui` workload, run in a child process of its own (so its peak RSS is the dashboard's): the real app
// (state + live client + drawer + blessed) on an in-memory terminal, a fake API holding 1,000 running jobs and a fake
// socket delivering 100 job events per second. Times every frame and counts the bytes each frame writes.
// argv: <spread|visible> <seconds>. IPC: → result {…}.

import { jobFixture } from "../test/support/job-fixture.ts";
import { MemoryTerminal } from "../test/support/memory-terminal.ts";
import { startApp } from "../tui/app.ts";
import type { Fetcher, TokenResponse } from "../tui/fetcher.ts";
import type { LiveSocket } from "../tui/live.ts";
import { createScreen } from "../tui/screen.ts";
import type { Filter } from "../tui/state.ts";
import type { ErrorGroup, ReplayOutcome, ReplayPreview } from "../worker/api/find-and-fix.ts";
import type { LanesResponse } from "../worker/api/lanes.ts";
import type { OperatorAction } from "../worker/api/lifecycle.ts";
import type { BulkCancelResponse, BulkRetryResponse, Job, JobEvent, JobListResponse } from "../worker/api/schema.ts";
import { childMain, tell } from "./lib/child.ts";
import { summarize } from "./lib/stats.ts";

const JOBS = 1_000;
const EVENTS_PER_SECOND = 100;
const COLUMNS = 120;
const ROWS = 40;
const BASE = Date.parse("2026-11-17T10:00:00Z");
const WARM_UP_SECONDS = 3;

/** A terminal that only counts bytes: a real emulator runs in another process, so the VT replay is left out. */
class CountingTerminal extends MemoryTerminal {
  written = 0;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.written += Buffer.byteLength(chunk);
    done();
  }
}

function makeJob(n: number): Job {
  const at = new Date(BASE + n * 1000).toISOString();
  return jobFixture({
    id: `01JBENCH${String(JOBS - n).padStart(18, "0")}`,
    type: ["data_import", "bulk_classification", "data_export", "duty_optimization"][n % 4] as string,
    status: "running",
    progress: n % 100,
    processed: n * 10,
    total: 10_000,
    current_item: `SKU-${n}`,
    attempts: 1,
    max_attempts: 3,
    created_by: "admin@acme.test",
    created_at: new Date(BASE - n * 1000).toISOString(),
    started_at: at,
    updated_at: at,
  });
}

class FakeApi implements Fetcher {
  constructor(readonly jobs: Job[]) {}
  async listJobs(_filter: Filter, cursor: string | null, limit = 50): Promise<JobListResponse> {
    const start = cursor ? this.jobs.findIndex((j) => j.id === cursor) + 1 : 0;
    const page = this.jobs.slice(start, start + limit);
    const counts = { pending: 0, running: JOBS, completed: 0, failed: 0, cancelled: 0, paused: 0, dead_letter: 0 };
    return { jobs: page, next_cursor: page.at(-1)?.id ?? null, counts };
  }
  async getJob(id: string): Promise<{ job: Job; events: JobEvent[] }> {
    return { job: this.jobs.find((j) => j.id === id) as Job, events: [] };
  }
  async action(id: string, _action: OperatorAction): Promise<Job> {
    return this.jobs.find((j) => j.id === id) as Job;
  }
  async login(): Promise<TokenResponse> {
    throw new Error("not used by the benchmark");
  }
  async retryMany(): Promise<BulkRetryResponse> {
    throw new Error("not used by the benchmark");
  }
  async errorGroups(): Promise<ErrorGroup[]> {
    throw new Error("not used by the benchmark");
  }
  async previewReplay(): Promise<ReplayPreview> {
    throw new Error("not used by the benchmark");
  }
  async replay(): Promise<ReplayOutcome> {
    throw new Error("not used by the benchmark");
  }
  async cancelMany(): Promise<BulkCancelResponse> {
    throw new Error("not used by the benchmark");
  }
  /** Busy lanes, so every frame draws the header's strip as a loaded dashboard would. */
  async lanes(): Promise<LanesResponse> {
    const lane = (type: string, running: number, queued: number) => ({
      type,
      running,
      limit: 4,
      queued,
      oldest_wait_ms: queued ? 65_000 : null,
      paused: false,
      paused_by: null,
      paused_at: null,
    });
    const lanes = [lane("data_import", 3, 120), lane("bulk_classification", 1, 4), lane("data_export", 0, 0)];
    return { lanes, max_running: 4, in_use: 4, changes: [] };
  }
  async laneAction(): Promise<LanesResponse> {
    throw new Error("not used by the benchmark");
  }
  async setPriority(): Promise<Job> {
    throw new Error("not used by the benchmark");
  }
}

class FakeSocket implements LiveSocket {
  onopen: LiveSocket["onopen"] = null;
  onmessage: LiveSocket["onmessage"] = null;
  onclose: LiveSocket["onclose"] = null;
  onerror: LiveSocket["onerror"] = null;
  close() {}
}

/** A small deterministic PRNG (mulberry32), so every run picks the same jobs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const scenario = process.argv[2] === "visible" ? "visible" : "spread";
  const seconds = Math.min(60, Number(process.argv[3] ?? 10));
  const jobs = Array.from({ length: JOBS }, (_, n) => makeJob(n));
  const api = new FakeApi(jobs);
  const term = new CountingTerminal(COLUMNS, ROWS);
  const screen = createScreen(term, term, "xterm-256color");
  const sockets: FakeSocket[] = [];
  const app = startApp({
    screen,
    fetcher: api,
    url: "http://127.0.0.1:8787",
    token: "bench",
    workspace: "acme",
    color: true,
    log: () => {},
    onExit: () => {},
    socketFactory: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
  });

  // Frame = from the drawer's first setContent (the header) to the end of screen.render(); bytes = what blessed
  // wrote to the terminal between two renders (it flushes on the next tick).
  const header = screen.children[0] as unknown as { setContent(text: string): void };
  const frames: number[] = [];
  const bytes: number[] = [];
  const frameCpu: number[] = [];
  let frameStart: number | null = null;
  let cpuStart: NodeJS.CpuUsage | null = null;
  let mark = 0;
  const setContent = header.setContent.bind(header);
  header.setContent = (text) => {
    if (frameStart === null) {
      frameStart = performance.now();
      cpuStart = process.cpuUsage();
    }
    setContent(text);
  };
  const render = screen.render.bind(screen);
  screen.render = () => {
    render();
    if (frameStart === null) return;
    // The previous frame's bytes are out by now (blessed flushes on the next tick after a render).
    if (frames.length > 0) bytes.push(term.written - mark);
    frames.push(performance.now() - frameStart);
    // CPU time of the same span: when it is far below the wall time, the rest was other processes' turn.
    const cpu = process.cpuUsage(cpuStart ?? undefined);
    frameCpu.push((cpu.user + cpu.system) / 1000);
    frameStart = null;
    mark = term.written;
  };

  const socket = sockets[0];
  if (!socket) throw new Error("the app opened no live socket");
  socket.onopen?.({});
  socket.onmessage?.({ data: JSON.stringify({ type: "hello", seq: 0, workspace_id: "ws_acme" }) });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const reset = () => {
    frames.length = 0;
    frameCpu.length = 0;
    bytes.length = 0;
    handling.length = 0;
    mark = term.written;
  };

  const pick = random(7);
  const visible = () => app.store.get().rows.length || 1;
  const handling: number[] = [];
  let seq = 0;
  // The same events for WARM_UP_SECONDS first, unmeasured: the first frames of a fresh process pay for V8's JIT.
  const warm = WARM_UP_SECONDS * EVENTS_PER_SECOND;
  const total = warm + seconds * EVENTS_PER_SECOND;
  let started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * EVENTS_PER_SECOND));
      while (seq < due) {
        seq++;
        const index = scenario === "visible" ? Math.floor(pick() * visible()) : Math.floor(pick() * JOBS);
        const target = (scenario === "visible" ? app.store.get().rows[index] : jobs[index]) ?? (jobs[0] as Job);
        const job: Job = {
          ...target,
          progress: (target.progress + 1) % 100,
          processed: target.processed + 10,
          current_item: `SKU-${target.processed + 10}`,
          updated_at: new Date(BASE + 10_000_000 + seq).toISOString(),
        };
        jobs[jobs.findIndex((j) => j.id === job.id)] = job;
        const t0 = performance.now();
        socket.onmessage?.({ data: JSON.stringify({ type: "job", seq, job }) });
        handling.push(performance.now() - t0);
        if (seq === warm) {
          reset();
          started = performance.now() - (warm * 1000) / EVENTS_PER_SECOND;
        }
      }
      if (seq >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const elapsed = (performance.now() - started) / 1000 - WARM_UP_SECONDS;
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (frames.length > 0) bytes.push(term.written - mark);
  app.stop();
  const frame = summarize(frames);
  const perFrame = summarize(bytes);
  tell({
    type: "result",
    scenario,
    events: seq - warm,
    seconds: elapsed,
    frames: frames.length,
    frameP50: frame.p50,
    frameP99: frame.p99,
    frameMax: frame.max,
    frameCpuP50: summarize(frameCpu).p50,
    frameCpuP99: summarize(frameCpu).p99,
    bytesMean: perFrame.mean,
    bytesP99: perFrame.p99,
    handlingP99: summarize(handling).p99,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  });
}

childMain(main);
