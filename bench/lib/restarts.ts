// Whether wrangler dev replaced its workerd during a measurement: it reloads the worker when a watched file of the
// checkout changes (another checkout's `npm run vendor`, an edit under worker/), which drops the local queue's
// in-memory messages, so a phase that saw one is not a fair figure and is run again.
import { readFileSync } from "node:fs";
import { treePids } from "./rss.ts";

/** Thrown by a poll when wrangler dev has replaced its workerd (a watched source file changed in the checkout). */
export class Restarted extends Error {}

const commOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
};

/** The workerd processes under wrangler dev; a reload replaces them (and drops the local queue's messages). */
function workerdPids(root: number): string {
  return treePids(root)
    .filter((pid) => commOf(pid) === "workerd")
    .sort((x, y) => x - y)
    .join(",");
}

export class RestartWatch {
  readonly #root: number;
  readonly #baseline: string;
  constructor(root: number) {
    this.#root = root;
    this.#baseline = workerdPids(root);
  }
  restarted(): boolean {
    return workerdPids(this.#root) !== this.#baseline;
  }
  check(): void {
    if (this.restarted()) throw new Restarted("wrangler dev restarted the worker");
  }
  /** Runs `body`; any failure after a restart (a 503, a time-out on dropped messages) counts as the restart. */
  async around<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      this.check();
      throw error;
    }
  }
}
