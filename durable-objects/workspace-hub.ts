// WorkspaceHub: one Durable Object per workspace. Fans job events out to every connected page and TUI over
// hibernating WebSockets with a per-workspace increasing `seq`, and drives the sweeper with an alarm while the
// workspace has active jobs (crons do not fire under `wrangler dev`): the alarm asks for a sweep through the queue,
// so the hub holds sockets, not storage, and imports neither the engine nor the data layer.
import { DurableObject } from "cloudflare:workers";
import { isActive } from "../worker/api/lifecycle.ts";
import type { SweepMessage } from "../worker/api/queue-messages.ts";
import type { Job, LiveEvent } from "../worker/api/schema.ts";
import { type Connection, connectionFromHeaders, MAX_CLIENT_MESSAGE_BYTES } from "./protocol.ts";

export const SWEEP_INTERVAL_MS = 15_000;

/**
 * `seq` lives in memory; storage only holds a ceiling reserved this many numbers ahead, written once per block. After
 * a restart the hub starts at the stored ceiling, so seq stays increasing (clients see a gap and refetch) without a
 * durable write per event.
 */
export const SEQ_BLOCK = 1_000;

/** How many jobs' latest versions are remembered to drop events that arrive out of order. */
const VERSION_MEMORY = 10_000;

/** The version a removed job is remembered at: above every ISO time, so any later event of it is stale. */
const REMOVED = "\uffff";

/** What a publish tells the publisher: the last seq used, and how many browser sockets want rendered rows. */
export interface PublishReceipt {
  seq: number;
  browsers: number;
}

export class WorkspaceHub extends DurableObject<Env> {
  /** Latest `updated_at` published per job; an older event arriving late is stale and dropped. */
  #versions = new Map<string, string>();
  /** The last seq handed out, and the reserved ceiling in storage; null until first read after (re)construction. */
  #seqNow: number | null = null;
  #seqCeiling = 0;
  /** In memory once known, so an event costs no storage read. */
  #workspaceId: string | null = null;
  #alarmAt: number | null | undefined = undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** The Worker has authenticated the upgrade and says who connects, in headers only it can set. */
  override async fetch(request: Request): Promise<Response> {
    const connection = connectionFromHeaders(request.headers);
    if (!connection || request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected an authenticated websocket upgrade", { status: 426 });
    }
    this.#rememberWorkspace(connection.workspaceId);
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment(connection);
    const hello = { type: "hello", seq: this.#currentSeq(), workspace_id: connection.workspaceId } satisfies LiveEvent;
    pair[1].send(JSON.stringify(hello));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /**
   * Called by the engine's publisher (RPC) once per window of committed changes, in commit order. `contents[i]` is the
   * rendered row of `jobs[i]` for browser sockets (absent when the publisher believed none were connected: browsers
   * then get the JSON event and refetch). The Worker renders, so the hub holds no view code.
   */
  async publishMany(jobs: Job[], contents: (string | undefined)[] = []): Promise<PublishReceipt> {
    const sockets = this.#sockets();
    let active = false;
    for (const [i, job] of jobs.entries()) {
      if (this.#isStale(job)) continue;
      this.#rememberWorkspace(job.workspace_id);
      active ||= isActive(job.status);
      const seq = this.#nextSeq();
      const json = JSON.stringify({ type: "job", seq, job } satisfies LiveEvent);
      const content = contents[i];
      const html =
        content === undefined ? json : JSON.stringify({ type: "job", seq, job, content } satisfies LiveEvent);
      for (const { ws, connection } of sockets) {
        if (connection?.workspaceId !== job.workspace_id) continue;
        this.#send(ws, connection.format === "html" ? html : json);
      }
    }
    if (active) await this.#armSweeper();
    const browsers = sockets.filter(({ connection }) => connection?.format === "html").length;
    return { seq: this.#currentSeq(), browsers };
  }

  /**
   * Called after jobs left D1 (an archive part was written and its jobs deleted): one `removed` event to every socket
   * of the workspace, so pages and TUIs drop the rows without a refetch. The ids are remembered as gone, so a late
   * event of one of them (a publish window still in flight) cannot bring its row back.
   */
  async removeMany(workspaceId: string, jobIds: string[], archiveDate: string): Promise<number> {
    if (jobIds.length === 0) return this.#currentSeq();
    this.#rememberWorkspace(workspaceId);
    for (const id of jobIds) this.#remember(id, REMOVED);
    const seq = this.#nextSeq();
    const text = JSON.stringify({
      type: "removed",
      seq,
      job_ids: jobIds,
      archive_date: archiveDate,
    } satisfies LiveEvent);
    for (const { ws, connection } of this.#sockets()) {
      if (connection?.workspaceId === workspaceId) this.#send(ws, text);
    }
    return seq;
  }

  /** One event (tests and tools); the engine publishes in windows through publishMany. */
  async publish(job: Job, content?: string): Promise<number> {
    return (await this.publishMany([job], [content])).seq;
  }

  /** Number of open sockets (for tests and the benchmark). */
  async connections(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // Clients have nothing to say beyond "ping" (answered by the auto-response without waking us). Anything else is
    // ignored; a message that is too large is abuse and closes the socket with the "message too big" code.
    const size = typeof message === "string" ? message.length : message.byteLength;
    if (size > MAX_CLIENT_MESSAGE_BYTES) this.#close(ws, 1009, "message too big");
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    // Since compatibility date 2026-04-07 the runtime answers the close frame itself; calling close() here throws.
    this.#forget(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#forget(ws, 1006);
  }

  /**
   * Called by the consumer after a sweep: sweep again in SWEEP_INTERVAL_MS while jobs are active, and no later than
   * `dueAt` (the workspace's next schedule fire or delayed job), so those start on time even when nothing runs.
   */
  async armSweeper(dueAt: number | null = null, active = true): Promise<void> {
    const next = Math.min(
      active ? Date.now() + SWEEP_INTERVAL_MS : Number.POSITIVE_INFINITY,
      dueAt ?? Number.POSITIVE_INFINITY,
    );
    if (!Number.isFinite(next)) return;
    this.#alarmAt = Math.max(Date.now(), next);
    await this.ctx.storage.setAlarm(this.#alarmAt);
  }

  /** A schedule or a delayed job of `workspaceId` is due at `at`: sweep then, unless a sweep comes sooner. */
  async wakeAt(workspaceId: string, at: number): Promise<void> {
    this.#rememberWorkspace(workspaceId);
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (this.#alarmAt !== null && this.#alarmAt <= at) return;
    this.#alarmAt = Math.max(Date.now(), at);
    await this.ctx.storage.setAlarm(this.#alarmAt);
  }

  override async alarm(): Promise<void> {
    this.#alarmAt = null;
    const workspaceId = this.#workspace();
    if (!workspaceId) return;
    // A failed send throws, and the runtime retries the alarm with backoff.
    await this.env.JOBS.send({ kind: "sweep", workspaceId } satisfies SweepMessage);
  }

  #currentSeq(): number {
    if (this.#seqNow === null) {
      // Start past every number a previous incarnation may have handed out (its whole reserved block).
      this.#seqNow = this.ctx.storage.kv.get<number>("seq_ceiling") ?? this.ctx.storage.kv.get<number>("seq") ?? 0;
      this.#seqCeiling = this.#seqNow;
    }
    return this.#seqNow;
  }

  #nextSeq(): number {
    const seq = this.#currentSeq() + 1;
    if (seq > this.#seqCeiling) {
      this.#seqCeiling = seq + SEQ_BLOCK;
      this.ctx.storage.kv.put("seq_ceiling", this.#seqCeiling);
    }
    this.#seqNow = seq;
    return seq;
  }

  #isStale(job: Job): boolean {
    const last = this.#versions.get(job.id);
    if (last !== undefined && job.updated_at < last) return true;
    this.#remember(job.id, job.updated_at);
    return false;
  }

  /** The newest version seen of a job (most recent last, so the oldest is forgotten first). */
  #remember(jobId: string, version: string): void {
    this.#versions.delete(jobId);
    this.#versions.set(jobId, version);
    if (this.#versions.size > VERSION_MEMORY) {
      const oldest = this.#versions.keys().next().value;
      if (oldest !== undefined) this.#versions.delete(oldest);
    }
  }

  /** Every open socket with who opened it (from its attachment). */
  #sockets(): { ws: WebSocket; connection: Connection | null }[] {
    return this.ctx.getWebSockets().map((ws) => ({ ws, connection: ws.deserializeAttachment() as Connection | null }));
  }

  #send(ws: WebSocket, text: string): void {
    try {
      ws.send(text);
    } catch {
      // A socket that cannot be written to is gone: dropping it is the cleanup.
      this.#close(ws, 1011, "send failed");
    }
  }

  #workspace(): string | null {
    this.#workspaceId ??= this.ctx.storage.kv.get<string>("workspace") ?? null;
    return this.#workspaceId;
  }

  #rememberWorkspace(workspaceId: string): void {
    if (this.#workspace() === workspaceId) return;
    this.#workspaceId = workspaceId;
    this.ctx.storage.kv.put("workspace", workspaceId);
  }

  /** Sweep within SWEEP_INTERVAL_MS: an alarm already due sooner stays; one further off (a schedule's) comes sooner. */
  async #armSweeper(): Promise<void> {
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    const soon = Date.now() + SWEEP_INTERVAL_MS;
    if (this.#alarmAt !== null && this.#alarmAt <= soon) return;
    this.#alarmAt = soon;
    await this.ctx.storage.setAlarm(this.#alarmAt);
  }

  #close(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code, reason);
    } catch {
      // Already closing or closed.
    }
    this.#forget(ws, code);
  }

  /** The one cleanup for close, error and failed sends. State lives only in the socket, so nothing else to undo. */
  #forget(ws: WebSocket, code: number): void {
    const connection = ws.deserializeAttachment() as Connection | null;
    if (code !== 1000 && code !== 1001 && code !== 1005) {
      console.log(`live socket of user ${connection?.userId ?? "?"} closed with ${code}`);
    }
  }
}
