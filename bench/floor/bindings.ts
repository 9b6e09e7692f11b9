// Local stand-ins for the few Workers types the floor worker uses: tsconfig.node.json type-checks everything under
// bench/ with Node's types only, and @cloudflare/workers-types would clash with them there.

export interface D1Result<T = unknown> {
  results: T[];
  meta: { changes: number };
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  run<T = unknown>(): Promise<D1Result<T>>;
  all<T = unknown>(): Promise<D1Result<T>>;
}

export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
  exec(query: string): Promise<unknown>;
}

export interface Queue<Body> {
  send(body: Body): Promise<void>;
  sendBatch(messages: { body: Body }[]): Promise<void>;
}

export interface QueueMessage<Body> {
  readonly id: string;
  readonly body: Body;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface MessageBatch<Body> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** What the floor worker calls on its Durable Object, by RPC. */
export interface FloorHubRpc {
  publish(event: unknown): Promise<number>;
  publishMany(count: number): Promise<number>;
}

export interface DurableObjectNamespace<Stub> {
  idFromName(name: string): unknown;
  get(id: unknown): Stub;
}

export interface DurableObjectState {
  storage: { kv: { get<T>(key: string): T | undefined; put(key: string, value: unknown): void } };
}

export interface FloorEnv {
  DB: D1Database;
  POST_QUEUE: Queue<unknown>;
  ACK_QUEUE: Queue<unknown>;
  SQL_QUEUE: Queue<{ id: string }>;
  RPC_QUEUE: Queue<unknown>;
  HUB: DurableObjectNamespace<FloorHubRpc>;
}
