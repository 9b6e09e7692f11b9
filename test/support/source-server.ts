// A tiny HTTP server for tests, run in the Node process that starts vitest, on a free loopback port: serves generated
// product CSVs (with or without Range support) and failing responses for imports, and receives webhook callbacks
// (POST /hooks/<name>?fail=N answers 500 to the first N requests, then 204; GET /hooks/<name> lists what arrived),
// and answers GET /redirect?to=<url> with a 302 there.
import http from "node:http";
import type { AddressInfo } from "node:net";

export function productCsv(rows: number, prefix: string): string {
  const lines = ["sku,title,description,origin_country,customs_value,currency"];
  for (let i = 1; i <= rows; i++) {
    lines.push(`${prefix}-${i},"Stoneware mug ${i}","Glazed, ""dishwasher safe""\nmug",CN,${(i % 90) + 1}.5,USD`);
  }
  return `${lines.join("\n")}\n`;
}

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  answered: number;
}

export async function startSourceServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const hooks = new Map<string, Received[]>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.startsWith("/hooks/")) {
      const name = url.pathname.slice(7);
      const list = hooks.get(name) ?? [];
      hooks.set(name, list);
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(list));
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        // `hang`: a receiver that never answers (recorded as 0); the server's close ends its sockets.
        const hang = url.searchParams.has("hang");
        const answered = hang ? 0 : list.length < Number(url.searchParams.get("fail") ?? 0) ? 500 : 204;
        list.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered });
        if (!hang) res.writeHead(answered).end();
      });
      return;
    }
    if (url.pathname.startsWith("/status/")) {
      res.writeHead(Number(url.pathname.slice(8)) || 500, { "content-type": "text/plain" }).end("nope");
      return;
    }
    if (url.pathname === "/redirect") {
      // Answers 302 to wherever `to` says: redirect hops must pass the same URL policy as the first URL.
      res.writeHead(302, { location: url.searchParams.get("to") ?? "/" }).end();
      return;
    }
    if (url.pathname === "/page.html") {
      res.writeHead(200, { "content-type": "text/html" }).end("<html><body>not a csv</body></html>");
      return;
    }
    if (url.pathname === "/catalogue.csv") {
      const body = Buffer.from(
        productCsv(Number(url.searchParams.get("rows") ?? 100), url.searchParams.get("prefix") ?? "URL"),
      );
      const range = /^bytes=(\d+)-(\d+)?$/.exec(req.headers.range ?? "");
      if (range && url.searchParams.get("range") !== "no") {
        const start = Number(range[1]);
        if (start >= body.length) {
          res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
          return;
        }
        const end = Math.min(body.length - 1, range[2] ? Number(range[2]) : body.length - 1);
        res
          .writeHead(206, { "content-type": "text/csv", "content-range": `bytes ${start}-${end}/${body.length}` })
          .end(body.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { "content-type": "text/csv", "content-length": String(body.length) }).end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      // Hanging receivers hold their sockets open: end them, or close would wait for ever.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
