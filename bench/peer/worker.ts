// The peer for `throughput`: one BullMQ Worker with concurrency 50 whose jobs do nothing, in its own process.
// argv: <redis host> <redis port> <queue>.
import { Worker } from "bullmq";
import { childMain, tell } from "../lib/child.ts";
import { connectionFromArgs } from "./connection.ts";

let worker: Worker | null = null;

childMain(
  async () => {
    const w = new Worker(process.argv[4] ?? "bench", async () => ({ ok: true }), {
      connection: connectionFromArgs(),
      concurrency: 50,
    });
    worker = w;
    await w.waitUntilReady();
    tell({ type: "ready" });
  },
  async () => {
    await worker?.close();
  },
);
