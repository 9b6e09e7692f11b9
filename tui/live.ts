// The live-event client: one WebSocket to /api/v1/live, validated events, seq-gap detection and reconnects.
import { type Job, liveEventSchema } from "../worker/api/schema.ts";
import type { Connection } from "./state.ts";

/** The slice of the WHATWG WebSocket we use, so tests can inject a fake. */
export interface LiveSocket {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
  send?(data: string): void;
}

/** The hub answers "ping" with "pong" without waking up; silence for this long means the connection is dead. */
const PING_EVERY_MS = 20_000;
const PONG_DEADLINE_MS = 45_000;

export type SocketFactory = (url: string, token: string) => LiveSocket;

/** Node 22's global WebSocket accepts headers, so bearer auth needs no extra package (PLATFORM §8). */
export const nodeSocketFactory: SocketFactory = (url, token) => {
  const Ctor = globalThis.WebSocket as unknown as new (
    url: string,
    init: { headers: Record<string, string> },
  ) => LiveSocket;
  return new Ctor(url, { headers: { authorization: `Bearer ${token}` } });
};

export interface LiveOptions {
  url: string;
  token: string;
  factory?: SocketFactory;
  onJob(job: Job): void;
  /** These jobs left D1 (archived by retention, or discarded), held in the archive of `archiveDate`. */
  onRemoved(jobIds: string[], archiveDate: string): void;
  /** The list may have missed events (connect, reconnect or a seq gap): refetch it over HTTP. */
  onResync(reason: string): void;
  onConnection(c: Connection): void;
  log?(line: string): void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  connectTimeoutMs?: number;
  random?: () => number;
  now?: () => number;
}

/** Capped exponential backoff with ±20% jitter, so a restarted server is not hit by every client at once. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const raw = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export function liveUrl(base: string): string {
  return `${base.replace(/\/+$/, "").replace(/^http/, "ws")}/api/v1/live`;
}

export class LiveClient {
  private socket: LiveSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private lastSeq: number | null = null;
  private stopped = true;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;

  constructor(private readonly opts: LiveOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.stopHeartbeat();
    this.timer = null;
    const s = this.socket;
    this.socket = null;
    s?.close(1000, "bye");
  }

  private connect(): void {
    this.timer = null;
    this.opts.onConnection({ kind: "connecting" });
    let sock: LiveSocket;
    try {
      sock = (this.opts.factory ?? nodeSocketFactory)(liveUrl(this.opts.url), this.opts.token);
    } catch (err) {
      this.dropped(String(err));
      return;
    }
    this.socket = sock;
    // Neither open nor error after this long (a black-holed network): give up on this attempt.
    const connectTimer = setTimeout(() => this.lost(sock, "connect timeout"), this.opts.connectTimeoutMs ?? 15_000);
    this.connectTimer = connectTimer;
    sock.onopen = () => {
      clearTimeout(connectTimer);
      if (this.socket !== sock) return;
      this.opts.onConnection({ kind: "live" });
      this.startHeartbeat(sock);
    };
    sock.onmessage = (ev) => {
      if (this.socket === sock) this.received(ev.data);
    };
    // Node's WebSocket reports a refused upgrade (e.g. 401/503) with an error and no close event, so an error
    // alone must count as a drop.
    sock.onerror = (ev) => {
      clearTimeout(connectTimer);
      const e = ev as { message?: string; error?: Error };
      this.lost(sock, e?.error?.message ?? e?.message ?? "socket error");
    };
    sock.onclose = (ev) => {
      clearTimeout(connectTimer);
      this.lost(sock, ev.reason || `closed (${ev.code})`);
    };
  }

  /**
   * A silently dead connection (a NAT dropped it, a laptop slept) shows no close event for minutes: ping it and
   * count it lost when nothing at all has been heard for a while.
   */
  private startHeartbeat(sock: LiveSocket): void {
    this.stopHeartbeat();
    this.lastHeard = Date.now();
    if (!sock.send) return;
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > PONG_DEADLINE_MS) {
        this.lost(sock, "no answer to pings");
        return;
      }
      try {
        sock.send?.("ping");
      } catch {
        this.lost(sock, "ping failed");
      }
    }, PING_EVERY_MS);
    this.heartbeat.unref?.();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Each socket is lost at most once, whichever of error/close/timeout comes first. */
  private lost(sock: LiveSocket, reason: string): void {
    if (this.socket !== sock) return;
    this.socket = null;
    this.stopHeartbeat();
    try {
      sock.close();
    } catch {
      // already closed
    }
    this.dropped(reason);
  }

  private received(data: unknown): void {
    this.lastHeard = Date.now();
    if (data === "pong") return;
    let json: unknown;
    try {
      json = JSON.parse(typeof data === "string" ? data : Buffer.from(data as ArrayBuffer).toString("utf8"));
    } catch {
      this.opts.log?.("live: ignored a message that is not JSON");
      return;
    }
    const parsed = liveEventSchema.safeParse(json);
    if (!parsed.success) {
      this.opts.log?.(`live: ignored an invalid event: ${parsed.error.message}`);
      return;
    }
    const ev = parsed.data;
    if (ev.type === "hello") {
      // A complete handshake is what proves the server healthy, so only now does the backoff start over.
      this.attempt = 0;
      this.lastSeq = ev.seq;
      this.opts.onResync("connected");
      return;
    }
    const last = this.lastSeq;
    if (last !== null && ev.seq <= last) return; // a duplicate or late event we already covered
    this.lastSeq = ev.seq;
    if (ev.type === "job") this.opts.onJob(ev.job);
    else this.opts.onRemoved(ev.job_ids, ev.archive_date);
    if (last === null || ev.seq > last + 1) this.opts.onResync(`missed events ${last ?? "?"}..${ev.seq}`);
  }

  private dropped(reason: string): void {
    if (this.stopped) return;
    const delay = backoffDelay(
      this.attempt++,
      this.opts.baseDelayMs ?? 500,
      this.opts.maxDelayMs ?? 30_000,
      this.opts.random ?? Math.random,
    );
    this.opts.log?.(`live: offline (${reason}), retrying in ${delay} ms`);
    this.opts.onConnection({ kind: "offline", retryAt: (this.opts.now ?? Date.now)() + delay, reason });
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
