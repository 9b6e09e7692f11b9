// WorkspaceHub: one Durable Object per workspace. Fans job events out to every connected page and TUI over
// hibernating WebSockets with a per-workspace increasing `seq`, and drives the sweeper with an alarm while the
// workspace has active jobs (crons do not fire under `wrangler dev`).
import { DurableObject } from "cloudflare:workers";
import type { Job, LiveEvent } from "../worker/api/schema.ts";
import { makeDb } from "../worker/db/client.ts";
import { hasActiveJobs } from "../worker/db/jobs.ts";
import { queueEnqueuer } from "../worker/jobs/messages.ts";
import { sweep } from "../worker/jobs/sweeper.ts";

/** Who is on the other end of a socket; kept in the socket attachment so it survives hibernation. */
export interface Connection {
  userId: string;
  role: string;
  /** `html` sockets (browsers) also get the rendered row for an htmx out-of-band swap. */
  format: "json" | "html";
}

export const SWEEP_INTERVAL_MS = 15_000;

export class WorkspaceHub extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** The Worker has authenticated the upgrade; it passes who connects in headers set by itself. */
  override async fetch(request: Request): Promise<Response> {
    const workspaceId = request.headers.get("x-hub-workspace");
    const connection: Connection = {
      userId: request.headers.get("x-hub-user") ?? "",
      role: request.headers.get("x-hub-role") ?? "",
      format: request.headers.get("x-hub-format") === "html" ? "html" : "json",
    };
    if (!workspaceId || request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a websocket upgrade", { status: 426 });
    }
    await this.#rememberWorkspace(workspaceId);
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment(connection);
    const hello: LiveEvent = { type: "hello", seq: this.#seq(), workspace_id: workspaceId };
    pair[1].send(JSON.stringify(hello));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** Called by the engine (RPC) after each committed chunk and on every transition. */
  async publish(job: Job): Promise<number> {
    await this.#rememberWorkspace(job.workspace_id);
    const seq = this.#seq() + 1;
    this.ctx.storage.kv.put("seq", seq);
    const event: LiveEvent = { type: "job", seq, job };
    const json = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(json);
      } catch {
        // A socket that cannot be written to is gone; dropping it is the cleanup.
        this.#drop(ws, 1011, "send failed");
      }
    }
    if (job.status === "pending" || job.status === "running") await this.#armSweeper();
    return seq;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // Clients have nothing to say beyond pings (answered by the auto-response); anything large is abuse.
    const size = typeof message === "string" ? message.length : message.byteLength;
    if (size > 4096) this.#drop(ws, 1009, "message too big");
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    // Since compatibility date 2026-04-07 the runtime answers the close frame itself; calling close() here throws.
    this.#forget(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#forget(ws);
  }

  override async alarm(): Promise<void> {
    const workspaceId = this.ctx.storage.kv.get<string>("workspace");
    if (!workspaceId) return;
    try {
      await sweep(this.env, queueEnqueuer(this.env), Date.now(), workspaceId);
    } catch (error) {
      console.error(`sweep of workspace ${workspaceId} failed:`, error);
    }
    if (await hasActiveJobs(makeDb(this.env.DB), workspaceId)) await this.#armSweeper(true);
  }

  #seq(): number {
    return this.ctx.storage.kv.get<number>("seq") ?? 0;
  }

  async #rememberWorkspace(workspaceId: string): Promise<void> {
    if (this.ctx.storage.kv.get<string>("workspace") !== workspaceId) this.ctx.storage.kv.put("workspace", workspaceId);
  }

  async #armSweeper(force = false): Promise<void> {
    if (!force && (await this.ctx.storage.getAlarm()) !== null) return;
    await this.ctx.storage.setAlarm(Date.now() + SWEEP_INTERVAL_MS);
  }

  #drop(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code, reason);
    } catch {
      // Already closed.
    }
    this.#forget(ws);
  }

  #forget(_ws: WebSocket): void {
    // Nothing is kept outside the socket itself: getWebSockets() no longer lists a closed socket.
  }
}
