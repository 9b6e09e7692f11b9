// Publishes job changes to the workspace's WorkspaceHub, off the job's critical path and cheaply: changes collect in a
// short window and go to each hub in one RPC (in commit order; calls run one after another inside waitUntil), progress
// is coalesced per job, and a hub failure is logged and never fails or slows the job. Rows for browsers' htmx
// out-of-band swaps are rendered only while the hub reports browser sockets (a browser that connects meanwhile gets
// the JSON event and refetches).
import type { PublishReceipt, WorkspaceHub } from "../../durable-objects/workspace-hub.ts";
import { toJobJson } from "../api/job-json.ts";
import type { Job } from "../api/schema.ts";
import { type LaneContext, needsLanes } from "../api/waiting.ts";
import type { JobRow } from "../db/schema.ts";
import { renderLiveRow } from "./render-row.tsx";

/** Tries per window before giving up on the hub (with 50 ms, 200 ms waits between them). */
const PUBLISH_ATTEMPTS = 3;

/** At most this many progress events per second per job; transitions are never coalesced away. */
export const PROGRESS_EVENTS_PER_SECOND = 4;

/** How long changes collect before they are sent: one RPC per hub per window instead of one per change. */
export const PUBLISH_WINDOW_MS = 20;

/** How long "no browser is connected" is believed before rows are rendered again just in case. */
const NO_BROWSERS_TRUST_MS = 1_000;

export interface Publisher {
  transition(row: JobRow): void;
  progress(row: JobRow): void;
  /** Resolves once everything published so far was handed to the hub (or failed). */
  flush(): Promise<void>;
}

/** Per isolate: when each workspace's hub last said it had no browser sockets. */
const noBrowsersSince = new Map<string, number>();

export class HubPublisher implements Publisher {
  #chain: Promise<void> = Promise.resolve();
  #lastProgressAt = new Map<string, number>();
  #heldProgress = new Map<string, JobRow>();
  /** The current window's changes per workspace, in commit order (made Job JSON when sent, with the lanes). */
  #window = new Map<string, JobRow[]>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `windowMs` 0 sends each change at once (request handlers: one change each, and it must not trail the consumer's
   * events for the same job); the queue consumer collects changes for PUBLISH_WINDOW_MS.
   */
  constructor(
    private readonly hub: DurableObjectNamespace<WorkspaceHub>,
    private readonly waitUntil: (promise: Promise<unknown>) => void,
    private readonly clock: () => number = Date.now,
    private readonly windowMs = 0,
    /** The workspace's lanes, read only for a window with a job waiting for admission (to say why it waits). */
    private readonly lanes: (workspaceId: string) => Promise<LaneContext | null> = async () => null,
  ) {}

  transition(row: JobRow): void {
    // A transition supersedes any held progress of the same job.
    this.#heldProgress.delete(row.id);
    this.#add(row, false);
  }

  progress(row: JobRow): void {
    const now = this.clock();
    const last = this.#lastProgressAt.get(row.id) ?? 0;
    if (now - last < 1000 / PROGRESS_EVENTS_PER_SECOND) {
      this.#heldProgress.set(row.id, row);
      return;
    }
    this.#lastProgressAt.set(row.id, now);
    this.#heldProgress.delete(row.id);
    this.#add(row, true);
  }

  async flush(): Promise<void> {
    // Progress that was held back is still the latest state a watcher should see.
    for (const row of this.#heldProgress.values()) this.#add(row, true);
    this.#heldProgress.clear();
    this.#send();
    await this.#chain;
  }

  #add(job: JobRow, isProgress: boolean): void {
    const pending = this.#window.get(job.workspaceId) ?? [];
    // Progress replaces the same job's progress still waiting in this window (the newer one says it all).
    const last = pending.at(-1);
    if (isProgress && last?.id === job.id && last.status === job.status) pending[pending.length - 1] = job;
    else pending.push(job);
    this.#window.set(job.workspaceId, pending);
    if (this.windowMs === 0) {
      this.#send();
    } else if (this.#timer === null) {
      this.#timer = setTimeout(() => this.#send(), this.windowMs);
      // The timer's send is awaited through the chain; waitUntil keeps the invocation alive until then.
      this.waitUntil(new Promise<void>((resolve) => setTimeout(resolve, this.windowMs + 1)).then(() => this.#chain));
    }
  }

  #send(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const batches = [...this.#window.entries()];
    this.#window.clear();
    for (const [workspaceId, jobs] of batches) {
      this.#chain = this.#chain.then(() => this.#publish(workspaceId, jobs));
    }
    this.waitUntil(this.#chain);
  }

  async #json(workspaceId: string, rows: JobRow[]): Promise<Job[]> {
    const lanes = rows.some(needsLanes) ? await lanesOrNull(this.lanes, workspaceId) : null;
    const now = this.clock();
    return rows.map((row) => toJobJson(row, { lanes, now }));
  }

  async #publish(workspaceId: string, rows: JobRow[]): Promise<void> {
    const jobs = await this.#json(workspaceId, rows);
    const since = noBrowsersSince.get(workspaceId);
    const render = since === undefined || this.clock() - since > NO_BROWSERS_TRUST_MS;
    const contents = render ? await Promise.all(jobs.map(renderLiveRow)) : [];
    // A lost window would leave watchers on a stale state with no seq gap to notice, so a failed call is tried again
    // a few times (still off the job's path: this chain runs in waitUntil).
    for (let attempt = 1; ; attempt++) {
      try {
        const receipt: PublishReceipt = await this.hub
          .get(this.hub.idFromName(workspaceId))
          .publishMany(jobs, contents);
        if (receipt.browsers === 0) noBrowsersSince.set(workspaceId, this.clock());
        else noBrowsersSince.delete(workspaceId);
        return;
      } catch (error) {
        if (attempt >= PUBLISH_ATTEMPTS) {
          console.warn(
            `live publish of ${jobs.length} change(s) in workspace ${workspaceId} failed ${attempt} times:`,
            error,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * 4 ** (attempt - 1)));
      }
    }
  }
}

/** A lanes lookup that fails still publishes: the rows then say "waiting for a slot" without the numbers. */
async function lanesOrNull(
  lanes: (workspaceId: string) => Promise<LaneContext | null>,
  workspaceId: string,
): Promise<LaneContext | null> {
  try {
    return await lanes(workspaceId);
  } catch (error) {
    console.warn(`reading the lanes of workspace ${workspaceId} for a live event failed:`, error);
    return null;
  }
}

/** For code paths without live watchers (seeding, some tests). */
export const silentPublisher: Publisher = {
  transition() {},
  progress() {},
  async flush() {},
};
