// A live-stream client that follows the documented resync rule (refetch the list on hello and on a seq gap) and keeps
// the last state it saw per job, plus the delay from each state change to its event.
import { type Job, jobListResponseSchema, liveEventSchema } from "../../worker/api/schema.ts";

export class LiveWatcher {
  readonly states = new Map<string, Job>();
  readonly latenciesMs: number[] = [];
  /** Jobs a `removed` event said left D1 (discarded or archived by retention). */
  readonly removed = new Set<string>();
  reconnects = 0;
  resyncs = 0;
  #socket: WebSocket | null = null;
  #lastSeq: number | null = null;
  #stopped = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  start(): void {
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.close(1000);
  }

  #connect(): void {
    if (this.#stopped) return;
    const ws = new WebSocket(`${this.url.replace(/^http/, "ws")}/api/v1/live`, {
      headers: { authorization: `Bearer ${this.token}` },
    } as unknown as string[]);
    this.#socket = ws;
    ws.onmessage = (event) => this.#onMessage(String(event.data));
    const retry = () => {
      if (this.#socket !== ws || this.#stopped) return;
      this.#socket = null;
      this.reconnects++;
      setTimeout(() => this.#connect(), 1000);
    };
    ws.onclose = retry;
    ws.onerror = retry;
  }

  #onMessage(data: string): void {
    const event = liveEventSchema.parse(JSON.parse(data));
    if (event.type === "hello") {
      this.#lastSeq = event.seq;
      void this.resync();
      return;
    }
    const gap = this.#lastSeq !== null && event.seq !== this.#lastSeq + 1;
    this.#lastSeq = event.seq;
    if (gap) void this.resync();
    if (event.type === "removed") {
      for (const id of event.job_ids) {
        this.removed.add(id);
        this.states.delete(id);
      }
      return;
    }
    this.latenciesMs.push(Date.now() - Date.parse(event.job.updated_at));
    const known = this.states.get(event.job.id);
    if (!known || known.updated_at <= event.job.updated_at) this.states.set(event.job.id, event.job);
  }

  /** Refetches every job over HTTP, as a client must after a reconnect or a gap. */
  async resync(): Promise<void> {
    this.resyncs++;
    let cursor: string | null = null;
    try {
      do {
        const query = `limit=200${cursor ? `&cursor=${cursor}` : ""}`;
        const response = await fetch(`${this.url}/api/v1/jobs?${query}`, {
          headers: { authorization: `Bearer ${this.token}` },
        });
        const page = jobListResponseSchema.parse(await response.json());
        for (const job of page.jobs) {
          // A page read before a `removed` event arrived may still hold the job.
          if (this.removed.has(job.id)) continue;
          const known = this.states.get(job.id);
          if (!known || known.updated_at <= job.updated_at) this.states.set(job.id, job);
        }
        cursor = page.next_cursor;
      } while (cursor);
    } catch {
      // The server went away mid-resync; the reconnect's hello triggers another.
    }
  }
}
