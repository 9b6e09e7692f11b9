// The peer for `enqueue`/`throughput`: BullMQ `add` behind a plain node:http server (POST /jobs → 201), in its own
// process like our wrangler dev. argv: <redis host> <redis port> <queue>.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Queue } from "bullmq";
import { childMain, tell } from "../lib/child.ts";
import { connectionFromArgs } from "./connection.ts";

let server: http.Server | null = null;
let queue: Queue | null = null;

childMain(
  async () => {
    const q = new Queue(process.argv[4] ?? "bench", { connection: connectionFromArgs() });
    queue = q;
    await q.waitUntilReady();
    const s = http.createServer((req, res) => {
      if (req.method !== "POST" || req.url !== "/jobs") {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        let body: { type?: string; payload?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          res.writeHead(400).end();
          return;
        }
        q.add(body.type ?? "job", body.payload ?? {}).then(
          (job) => {
            res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ job: { id: job.id } }));
          },
          (error: unknown) => {
            res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
          },
        );
      });
    });
    server = s;
    s.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    tell({ type: "ready", port: (s.address() as AddressInfo).port });
  },
  async () => {
    server?.close();
    await queue?.close();
  },
);
