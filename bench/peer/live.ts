// The peer for `live`, in its own process: a BullMQ Worker whose jobs take steps and call updateProgress (with the
// time just before the write), QueueEvents listening for progress, and a `ws` server broadcasting each one to every
// client. argv: <redis host> <redis port> <queue>. IPC: → ready {port}; ← start {jobs, steps, stepMs}; → done.
import type { AddressInfo } from "node:net";
import { Queue, QueueEvents, Worker } from "bullmq";
import { WebSocketServer } from "ws";
import { childMain, tell } from "../lib/child.ts";
import { connectionFromArgs } from "./connection.ts";

interface Start {
  type: "start";
  jobs: number;
  steps: number;
  stepMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const closers: (() => Promise<unknown>)[] = [];

childMain(
  async () => {
    const connection = connectionFromArgs();
    const name = process.argv[4] ?? "bench-live";
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    server.on("connection", (socket) => socket.send(JSON.stringify({ type: "hello" })));
    const events = new QueueEvents(name, { connection });
    events.on("progress", ({ jobId, data }) => {
      const message = JSON.stringify({ type: "progress", jobId, data });
      for (const client of server.clients) client.send(message);
    });
    let completed = 0;
    let wanted = Number.POSITIVE_INFINITY;
    const worker = new Worker(
      name,
      async (job) => {
        const { steps, stepMs } = job.data as { steps: number; stepMs: number };
        for (let step = 1; step <= steps; step++) {
          await sleep(stepMs);
          await job.updateProgress({ step, at: Date.now() });
        }
        return { steps };
      },
      { connection, concurrency: 50 },
    );
    worker.on("completed", () => {
      if (++completed >= wanted) tell({ type: "done" });
    });
    const queue = new Queue(name, { connection });
    closers.push(
      () => worker.close(),
      () => events.close(),
      () => queue.close(),
      () => new Promise((resolve) => server.close(resolve)),
    );
    await Promise.all([worker.waitUntilReady(), events.waitUntilReady(), queue.waitUntilReady()]);
    process.on("message", (message: Start) => {
      if (message?.type !== "start") return;
      wanted = message.jobs;
      const jobs = Array.from({ length: message.jobs }, () => ({
        name: "step",
        data: { steps: message.steps, stepMs: message.stepMs },
      }));
      void queue.addBulk(jobs);
    });
    tell({ type: "ready", port: (server.address() as AddressInfo).port });
  },
  async () => {
    for (const close of closers) await close().catch(() => {});
  },
);
