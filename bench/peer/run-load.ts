// Starts the BullMQ-behind-HTTP peer process and drives it with the same load generator as our API.
import path from "node:path";
import { type ChildMessage, forkTs, nextMessage, stopChild } from "../lib/child.ts";
import { type LoadResult, runLoad } from "../lib/load.ts";
import type { RedisServer } from "../lib/redis.ts";
import { connectionArgs } from "./connection.ts";

export const HTTP_ADD = path.join(import.meta.dirname, "http-add.ts");

export async function postJob(url: string, body: string): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  await response.arrayBuffer();
  return response.status;
}

/** Runs `fn` with the URL (and pid) of a fresh http-add peer on `queue`, and stops the peer afterwards. */
export async function withHttpAdd<T>(
  redis: RedisServer,
  queue: string,
  fn: (url: string, pid: number) => Promise<T>,
): Promise<T> {
  const child = forkTs(HTTP_ADD, [...connectionArgs(redis), queue]);
  try {
    const { port } = await nextMessage<ChildMessage & { port: number }>(child, "ready", 30_000);
    return await fn(`http://127.0.0.1:${port}/jobs`, child.pid as number);
  } finally {
    await stopChild(child);
  }
}

export function loadPeer(
  url: string,
  total: number,
  concurrency: number,
  maxMs: number,
  body: string,
): Promise<LoadResult> {
  return runLoad({ total, concurrency, maxMs, send: () => postJob(url, body) });
}
