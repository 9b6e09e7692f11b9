// `webhook`: signed (Standard Webhooks) inbound imports at 50 concurrent senders → accepted requests/s and latency.
// Each request is a distinct webhook-id with a one-row import, signed with the seeded endpoint's secret.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { Bench } from "./lib/bench.ts";
import { cpuMeter } from "./lib/cpu.ts";
import { runLoad } from "./lib/load.ts";
import type { Row } from "./lib/results.ts";

const FULL = { total: 1_000 };
const QUICK = { total: 100 };
const CONCURRENCY = 50;
const MAX_MS = 60_000;

export const webhook: Bench = {
  name: "webhook",
  wrangler: "shared",
  redis: false,
  async run(ctx) {
    const stack = ctx.stack();
    const { total } = ctx.quick ? QUICK : FULL;
    const signer = new Webhook(stack.seed.webhook.secret);
    const url = `${stack.url}${stack.seed.webhook.url_path}`;
    const run = randomUUID().slice(0, 8);
    let refusal: string | null = null;
    const send = async (i: number) => {
      const body = JSON.stringify({
        rows: [
          {
            sku: `WH-${run}-${i}`,
            title: `Webhook mug ${i}`,
            origin_country: "CN",
            customs_value: 4.5,
            currency: "USD",
          },
        ],
      });
      const id = `msg_${run}_${i}`;
      const now = new Date();
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
          "webhook-signature": signer.sign(id, now, body),
        },
        body,
      });
      const text = await response.text();
      if (response.status !== 202) refusal ??= `${response.status} ${text.slice(0, 300)}`;
      return response.status === 202 ? 200 : response.status;
    };
    const cpu = cpuMeter(stack.pid);
    const result = await runLoad({ total, concurrency: CONCURRENCY, maxMs: MAX_MS, send });
    const cpuMs = cpu.per(result.accepted);
    const statuses = Object.entries(result.statuses)
      .map(([s, n]) => `${s === "200" ? "202" : s}×${n}`)
      .join(" ");
    ctx.log(`${result.sent} sent in ${(result.elapsedMs / 1000).toFixed(1)} s (${statuses})`);
    const row: Row = {
      bench: "webhook",
      measure: `signed POST /webhooks/v1/imports/:id, ${total.toLocaleString("en-US")} at ${CONCURRENCY} concurrent`,
      unit: "req/s",
      value: result.perSecond,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpu_ms: cpuMs,
      note: `accepted (202) per second; CPU-ms per request includes the consumer importing the rows meanwhile; ${result.sent} sent in ${(result.elapsedMs / 1000).toFixed(1)} s (${statuses})${result.timedOut ? `, stopped at the ${MAX_MS / 1000} s cap` : ""}${result.firstError ? `; first error: ${result.firstError}` : ""}${refusal ? `; first refusal: ${refusal}` : ""}. No peer is named for this one`,
    };
    return [row];
  },
};
