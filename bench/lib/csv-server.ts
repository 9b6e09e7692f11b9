// Serves one generated product CSV on a free loopback port with Range support, built once (the test helper's
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

export async function serveCsv(rows: number, prefix: string): Promise<CsvServer> {
  const body = productCsv(rows, prefix);
  const bytes = Buffer.from(body);
  const server = http.createServer((req, res) => {
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
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/catalogue.csv`,
    bytes: bytes.length,
    body,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
