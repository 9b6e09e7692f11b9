// Serves generated product CSVs on a free loopback port with Range support, each built once (the test helper's
// generator rebuilds the body per request, which would put the bench process's CPU into the import's figure).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { productCsv } from "../../test/support/source-server.ts";

export interface CsvServer {
  url: string;
  bytes: number;
  body: string;
  close(): Promise<void>;
}

export interface CsvSet {
  /** One per requested CSV, in order. */
  files: { url: string; rows: number; bytes: number }[];
  close(): Promise<void>;
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer): void {
  const range = /^bytes=(\d+)-(\d+)?$/.exec(req.headers.range ?? "");
  if (!range) {
    res.writeHead(200, { "content-type": "text/csv", "content-length": String(bytes.length) }).end(bytes);
    return;
  }
  const start = Number(range[1]);
  if (start >= bytes.length) {
    res.writeHead(416, { "content-range": `bytes */${bytes.length}` }).end();
    return;
  }
  const end = Math.min(bytes.length - 1, range[2] ? Number(range[2]) : bytes.length - 1);
  res
    .writeHead(206, { "content-type": "text/csv", "content-range": `bytes ${start}-${end}/${bytes.length}` })
    .end(bytes.subarray(start, end + 1));
}

async function serveBodies(bodies: Buffer[], rows: number[]): Promise<CsvSet> {
  const server = http.createServer((req, res) => {
    const match = /^\/catalogue-(\d+)\.csv$/.exec(req.url ?? "");
    const bytes = match ? bodies[Number(match[1])] : undefined;
    if (!bytes) res.writeHead(404).end();
    else answer(req, res, bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    files: bodies.map((b, i) => ({
      url: `http://127.0.0.1:${port}/catalogue-${i}.csv`,
      rows: rows[i] ?? 0,
      bytes: b.length,
    })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves one CSV per spec at /catalogue-<i>.csv (distinct SKU prefixes keep the imports apart). */
export function serveCsvSet(specs: { rows: number; prefix: string }[]): Promise<CsvSet> {
  return serveBodies(
    specs.map((s) => Buffer.from(productCsv(s.rows, s.prefix))),
    specs.map((s) => s.rows),
  );
}

export async function serveCsv(rows: number, prefix: string): Promise<CsvServer> {
  const body = productCsv(rows, prefix);
  const set = await serveBodies([Buffer.from(body)], [rows]);
  const file = set.files[0] as CsvSet["files"][number];
  return { url: file.url, bytes: file.bytes, body, close: set.close };
}
