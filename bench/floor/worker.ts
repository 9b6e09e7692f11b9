// The floor worker: the least each operation our engine is built from costs in a local `wrangler dev` (a plain
// fetch, one D1 insert, the shape of POST /api/v1/jobs, queue consumers that only ack, run set-based job SQL or make
// one Durable Object RPC per message, a json_each upsert), measured by bench/floor/bench.ts in the same run as ours.
import { DurableObject } from "cloudflare:workers";
import type { D1Database, ExecutionContext, FloorEnv, MessageBatch, QueueMessage } from "./bindings.ts";

const WORKSPACE = "floor-ws";
const SEND_BATCH = 100;

/** What each consumer got through since its last fill; read by GET /stats/<kind> (one isolate serves both locally). */
interface Drain {
  messages: number;
  /** Jobs the set-based consumer claimed and completed (it checks its own SQL did the work). */
  completed: number;
  batches: number;
  errors: number;
  firstAt: number | null;
  lastAt: number | null;
  lastError: string | null;
}
const DRAIN_KINDS = ["ack", "sql", "rpc"] as const;
type DrainKind = (typeof DRAIN_KINDS)[number];
const fresh = (): Drain => ({
  messages: 0,
  completed: 0,
  batches: 0,
  errors: 0,
  firstAt: null,
  lastAt: null,
  lastError: null,
});
const drains: Record<DrainKind, Drain> = { ack: fresh(), sql: fresh(), rpc: fresh() };

const hub = (env: FloorEnv) => env.HUB.get(env.HUB.idFromName(WORKSPACE));
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** Our publish without the sockets: the hub's per-workspace seq, read and written in its storage per event. */
export class FloorHub extends DurableObject<FloorEnv> {
  async publish(event: unknown): Promise<number> {
    JSON.stringify(event);
    const seq = (this.ctx.storage.kv.get<number>("seq") ?? 0) + 1;
    this.ctx.storage.kv.put("seq", seq);
    return seq;
  }

  async publishMany(count: number): Promise<number> {
    const seq = (this.ctx.storage.kv.get<number>("seq") ?? 0) + count;
    this.ctx.storage.kv.put("seq", seq);
    return seq;
  }
}

/** A D1 batch of 2 (the job row and its `created` event), one hub RPC off the response path, one queue send. */
async function postShape(request: Request, env: FloorEnv, ctx: ExecutionContext): Promise<Response> {
  const body = (await request.json()) as { type?: unknown; payload?: unknown };
  if (typeof body.type !== "string") return json({ error: "type is required" }, 422);
  const id = crypto.randomUUID();
  const now = Date.now();
  const payload = JSON.stringify(body.payload ?? {});
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO jobs (id, workspace_id, type, status, payload, max_attempts, rev, run_after, enqueued_at, created_at, updated_at)
       VALUES (?1, ?2, ?3, 'pending', ?4, 3, ?5, ?6, ?6, ?6, ?6)`,
    ).bind(id, WORKSPACE, body.type, payload, crypto.randomUUID(), now),
    env.DB.prepare(
      "INSERT INTO job_events (job_id, workspace_id, run, at, kind, actor, message) VALUES (?1, ?2, 1, ?3, 'created', 'floor', NULL)",
    ).bind(id, WORKSPACE, now),
  ]);
  const job = { id, workspace_id: WORKSPACE, type: body.type, status: "pending", created_at: now, updated_at: now };
  ctx.waitUntil(hub(env).publish(job));
  await env.POST_QUEUE.send({ jobId: id, workspaceId: WORKSPACE, run: 1, lease: null });
  return json({ job }, 201);
}

/** One statement per chunk: the whole chunk as one JSON parameter (PLATFORM.md §10), the request body as it came. */
async function upsert(request: Request, env: FloorEnv): Promise<Response> {
  const rows = await request.text();
  const result = await env.DB.prepare(
    `INSERT INTO products (workspace_id, sku, title, description, origin_country, customs_value, currency, last_job_id, created_at, updated_at)
     SELECT ?1, json_extract(value, '$.sku'), json_extract(value, '$.title'), json_extract(value, '$.description'),
            json_extract(value, '$.origin_country'), json_extract(value, '$.customs_value'), json_extract(value, '$.currency'),
            'floor', ?2, ?2
     FROM json_each(?3) WHERE 1
     ON CONFLICT (workspace_id, sku) DO UPDATE SET title = excluded.title, description = excluded.description,
       origin_country = excluded.origin_country, customs_value = excluded.customs_value, currency = excluded.currency,
       last_job_id = excluded.last_job_id, updated_at = excluded.updated_at`,
  )
    .bind(WORKSPACE, Date.now(), rows)
    .run();
  return json({ upserted: result.meta.changes });
}

/** Resets a consumer's figures and queues `n` messages for it (for `sql`, after inserting `n` pending jobs). */
async function fill(kind: DrainKind, n: number, env: FloorEnv): Promise<Response> {
  drains[kind] = fresh();
  const now = Date.now();
  const ids = Array.from({ length: n }, () => crypto.randomUUID());
  if (kind === "sql") {
    await env.DB.prepare(
      `INSERT INTO jobs (id, workspace_id, type, status, payload, max_attempts, rev, run_after, enqueued_at, created_at, updated_at)
       SELECT value, ?1, 'floor_trivial', 'pending', '{"items":1}', 3, 'r0', ?2, ?2, ?2, ?2 FROM json_each(?3)`,
    )
      .bind(WORKSPACE, now, JSON.stringify(ids))
      .run();
  }
  const queue = kind === "ack" ? env.ACK_QUEUE : kind === "sql" ? env.SQL_QUEUE : env.RPC_QUEUE;
  for (let i = 0; i < ids.length; i += SEND_BATCH) {
    await queue.sendBatch(ids.slice(i, i + SEND_BATCH).map((id) => ({ body: { id } })));
  }
  return json({ sent: n });
}

/**
 * The set-based job SQL for a whole batch: one claim UPDATE for all of its ids, then one D1 batch with the chunk
 * ledger rows (our guard trigger checks each), the completion and the `started`/`completed` events, and one hub RPC.
 */
async function runJobsSetBased(
  db: D1Database,
  env: FloorEnv,
  messages: readonly QueueMessage<unknown>[],
): Promise<number> {
  const ids = JSON.stringify(messages.map((m) => (m.body as { id: string }).id));
  const lease = crypto.randomUUID();
  const rev = crypto.randomUUID();
  const now = Date.now();
  let completed = 0;
  const claimed = await db
    .prepare(
      `UPDATE jobs SET status = 'running', attempts = max(attempts, 1), lease_id = ?1, lease_until = ?2,
         started_at = coalesce(started_at, ?3), run_after = NULL, rev = ?4, updated_at = ?3
       WHERE id IN (SELECT value FROM json_each(?5)) AND status = 'pending' RETURNING id`,
    )
    .bind(lease, now + 30_000, now, rev, ids)
    .all<{ id: string }>();
  if (claimed.results.length > 0) {
    const held = JSON.stringify(claimed.results.map((r) => r.id));
    const done = Date.now();
    const doneRev = crypto.randomUUID();
    const events = (kind: string, message: string) =>
      db
        .prepare(
          `INSERT INTO job_events (job_id, workspace_id, run, at, kind, actor, message)
           SELECT id, workspace_id, run, ?1, ?2, 'system', ?3 FROM jobs WHERE id IN (SELECT value FROM json_each(?4)) AND rev = ?5`,
        )
        .bind(done, kind, message, held, doneRev);
    const results = await db.batch([
      db
        .prepare(
          `INSERT INTO job_chunks (job_id, step, run, lease_id, items, committed_at)
           SELECT id, step_seq + 1, run, lease_id, 1, ?1 FROM jobs WHERE id IN (SELECT value FROM json_each(?2)) AND lease_id = ?3`,
        )
        .bind(done, held, lease),
      db
        .prepare(
          `UPDATE jobs SET status = 'completed', lease_id = NULL, lease_until = NULL, progress = 100, processed = 1,
             total = 1, cursor = '1', step_seq = step_seq + 1, current_item = 'item 1 of 1', result = '{"items":1}',
             completed_at = ?1, rev = ?2, updated_at = ?1
           WHERE id IN (SELECT value FROM json_each(?3)) AND lease_id = ?4 RETURNING id`,
        )
        .bind(done, doneRev, held, lease),
      events("started", "attempt 1 of 3"),
      events("completed", "1 items"),
    ]);
    // RETURNING rather than meta.changes, which counts the job_counts trigger's writes too.
    completed = results[1]?.results.length ?? 0;
    await hub(env).publishMany(claimed.results.length);
  }
  for (const m of messages) m.ack();
  return completed;
}

async function consume(kind: DrainKind, batch: MessageBatch<unknown>, env: FloorEnv): Promise<void> {
  const drain = drains[kind];
  drain.firstAt ??= Date.now();
  try {
    if (kind === "ack") {
      for (const m of batch.messages) m.ack();
    } else if (kind === "sql") {
      drain.completed += await runJobsSetBased(env.DB, env, batch.messages);
    } else {
      // One after another, as our publisher's chain sends them.
      for (const m of batch.messages) {
        await hub(env).publish(m.body);
        m.ack();
      }
    }
    drain.messages += batch.messages.length;
  } catch (error) {
    // Never let queue() throw (PLATFORM.md §1): the bench sees the errors in /stats.
    drain.errors += batch.messages.length;
    drain.lastError = String(error);
    for (const m of batch.messages) m.retry();
  }
  drain.batches++;
  drain.lastAt = Date.now();
}

export default {
  async fetch(request: Request, env: FloorEnv, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    const [, route, arg] = url.pathname.split("/");
    if (request.method === "GET" && (route === "hello" || route === "healthz")) return new Response("hello");
    if (request.method === "POST" && route === "setup") {
      await env.DB.exec(
        "CREATE TABLE IF NOT EXISTS floor_items (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)",
      );
      return json({ ok: true });
    }
    if (request.method === "POST" && route === "insert") {
      await env.DB.prepare("INSERT INTO floor_items (id, body, created_at) VALUES (?1, ?2, ?3)")
        .bind(crypto.randomUUID(), await request.text(), Date.now())
        .run();
      return json({ ok: true }, 201);
    }
    if (request.method === "POST" && route === "post-shape") return postShape(request, env, ctx);
    if (request.method === "POST" && route === "upsert") return upsert(request, env);
    const kind = DRAIN_KINDS.find((k) => k === arg);
    if (request.method === "POST" && route === "fill" && kind) {
      const n = Number(url.searchParams.get("n"));
      if (!Number.isInteger(n) || n < 1 || n > 20_000) return json({ error: "n must be 1–20000" }, 422);
      return fill(kind, n, env);
    }
    if (request.method === "GET" && route === "stats" && kind) return json(drains[kind]);
    return json({ error: "not found" }, 404);
  },

  async queue(batch: MessageBatch<unknown>, env: FloorEnv): Promise<void> {
    const kind = DRAIN_KINDS.find((k) => batch.queue === `floor-${k}`);
    if (kind) await consume(kind, batch, env);
    else for (const m of batch.messages) m.ack();
  },
};
