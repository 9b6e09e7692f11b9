// Publishes job changes to the workspace's WorkspaceHub by RPC, off the job's critical path: calls run one after
// another (so transitions keep their order) inside waitUntil, progress is coalesced per job, and a hub failure is
// logged and never fails or slows the job. Each event carries the row rendered by the same JobRow component as the
// admin page, for browsers' htmx out-of-band swap (the hub sends it only to browser sockets).

import { toJobJson } from "../api/job-json.ts";
import type { Job } from "../api/schema.ts";
import type { JobRow } from "../db/schema.ts";
import { renderLiveRow } from "./render-row.tsx";

/** Tries per event before giving up on the hub (with 50 ms, 200 ms waits between them). */
const PUBLISH_ATTEMPTS = 3;

/** At most this many progress events per second per job; transitions are never coalesced away. */
export const PROGRESS_EVENTS_PER_SECOND = 4;

export interface Publisher {
  transition(row: JobRow): void;
  progress(row: JobRow): void;
  /** Resolves once everything published so far was handed to the hub (or failed). */
  flush(): Promise<void>;
}

export class HubPublisher implements Publisher {
  #chain: Promise<void> = Promise.resolve();
  #lastProgressAt = new Map<string, number>();
  #heldProgress = new Map<string, JobRow>();

  constructor(
    private readonly hub: DurableObjectNamespace<import("../../durable-objects/workspace-hub.ts").WorkspaceHub>,
    private readonly waitUntil: (promise: Promise<unknown>) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  transition(row: JobRow): void {
    // A transition supersedes any held progress of the same job.
    this.#heldProgress.delete(row.id);
    this.#send(row.workspaceId, toJobJson(row));
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
    this.#send(row.workspaceId, toJobJson(row));
  }

  async flush(): Promise<void> {
    // Progress that was held back is still the latest state a watcher should see.
    for (const row of this.#heldProgress.values()) this.#send(row.workspaceId, toJobJson(row));
    this.#heldProgress.clear();
    await this.#chain;
  }

  #send(workspaceId: string, job: Job): void {
    this.#chain = this.#chain.then(async () => {
      const content = await renderLiveRow(job);
      // A lost event would leave watchers on a stale state with no seq gap to notice, so a failed call is tried again
      // a few times (still off the job's path: this chain runs in waitUntil).
      for (let attempt = 1; ; attempt++) {
        try {
          await this.hub.get(this.hub.idFromName(workspaceId)).publish(job, content);
          return;
        } catch (error) {
          if (attempt >= PUBLISH_ATTEMPTS) {
            console.warn(`live publish of job ${job.id} failed ${attempt} times:`, error);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 50 * 4 ** (attempt - 1)));
        }
      }
    });
    this.waitUntil(this.#chain);
  }
}

/** For code paths without live watchers (seeding, some tests). */
export const silentPublisher: Publisher = {
  transition() {},
  progress() {},
  async flush() {},
};
