// `npm start`: applies local migrations, starts `wrangler dev` on 127.0.0.1:8787 (PORT overrides) with state in
// .state/, seeds the demo (idempotent), runs the sweeper once (crons do not fire locally) and prints the
// DUTYLEAK_URL to export and how to log in.
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import type { SeedReport } from "../worker/api/dev.ts";
import { startDevServer, stopProcess } from "./dev-server.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 8787);

const csv = readFileSync(path.join(ROOT, "samples", "catalogue.csv"), "utf8");
const catalogue = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data.map((row) => ({
  sku: row.sku,
  title: row.title,
  ...(row.description ? { description: row.description } : {}),
  origin_country: row.origin_country,
  customs_value: Number(row.customs_value),
  currency: row.currency,
  ...(row.hs_code ? { hs_code: row.hs_code } : {}),
}));

console.log(`Starting DutyLeak Jobs on http://127.0.0.1:${port} …`);
const server = await startDevServer({ port, persistTo: path.join(ROOT, ".state"), output: "inherit" });

const post = async (route: string, body: unknown) => {
  const response = await fetch(`${server.url}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  return response.json();
};

try {
  const seed = (await post("/__dev/seed", { catalogue })) as SeedReport;
  await post("/__dev/sweep", {});
  // The README's examples and `npm run tui` read DUTYLEAK_URL, so they work unchanged whatever PORT was.
  console.log(`
DutyLeak Jobs is running on ${server.url}

For the README's examples and the terminal dashboard, in the shell you run them from:
  export DUTYLEAK_URL=${server.url}

Demo logins (password: ${seed.password})
${seed.logins.map((l) => `  ${l.email.padEnd(20)} ${l.workspace.padEnd(8)} ${l.role}`).join("\n")}

Admin pages:     ${server.url}/admin/jobs
Inbound webhook: ${server.url}${seed.webhook.url_path}
  endpoint id:   ${seed.webhook.endpoint_id}
  secret:        ${seed.webhook.secret}
Sample catalogue: ${seed.products} products in acme

Get a token:
  curl -s -X POST $DUTYLEAK_URL/api/v1/tokens -H 'content-type: application/json' \\
    -d '{"email":"admin@acme.test","password":"${seed.password}","workspace":"acme"}'

Press Ctrl-C to stop.
`);
} catch (error) {
  console.error("start-up failed:", error);
  await server.stop();
  process.exit(1);
}

const shutdown = async () => {
  await stopProcess(server.process);
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
server.process.on("exit", (code) => process.exit(code ?? 0));
