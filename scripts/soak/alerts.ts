// The soak's alerts: rules of every kind created at the start, delivering to a receiver in this process (webhook and
// Slack shapes), an operator who sends tests and turns rules off and on now and then, and the verdict's checks: at
// most one firing incident per rule, no delivery received twice, no opening or resolution without its delivery.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { query } from "./d1.ts";

interface Receiver {
  url: string;
  /** The webhook-id of every webhook delivery accepted, with how often (Slack messages carry none). */
  seen: Map<string, number>;
  /** Slack messages accepted. */
  slack: number;
  close(): Promise<void>;
}

/** A receiver that answers 500 to one delivery in ten, so retries happen too. */
export async function startAlertReceiver(): Promise<Receiver> {
  const seen = new Map<string, number>();
  let slack = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (Math.random() < 0.1) {
        res.writeHead(500).end();
        return;
      }
      const id = req.headers["webhook-id"];
      if (typeof id === "string") seen.set(id, (seen.get(id) ?? 0) + 1);
      else slack++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get slack() {
      return slack;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const RULES = [
  { name: "Dead letters", kind: "dead_letter", window_minutes: 2 },
  { name: "Imports failing", kind: "failure_rate", type: "data_import", threshold: 5, window_minutes: 2, min_jobs: 5 },
  { name: "Long waits", kind: "wait_time", threshold: 1 },
  { name: "Stalled", kind: "stalled", threshold: 1 },
];

/** Creates the rules (webhook channels, and one Slack) and answers their ids. */
export async function createAlertRules(url: string, token: string, receiver: Receiver): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, rule] of RULES.entries()) {
    const channel = { kind: i === 3 ? "slack" : "webhook", url: `${receiver.url}/hook/${i}` };
    const response = await fetch(`${url}/api/v1/alert-rules`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...rule, channel }),
    });
    if (response.status !== 201) throw new Error(`creating alert rule ${rule.name}: ${response.status}`);
    ids.push(((await response.json()) as { rule: { id: string } }).rule.id);
  }
  return ids;
}

/** An operator's alert action: Send test, or a rule turned off and on again a few seconds later. */
export async function steerAlerts(url: string, token: string, ruleIds: string[], count: (key: string) => void) {
  const id = ruleIds[Math.floor(Math.random() * ruleIds.length)] as string;
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/api/v1/alert-rules/${id}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  if (Math.random() < 0.5) {
    count(`alert test ${(await send("POST", "/test")).status}`);
    return;
  }
  count(`alert off ${(await send("PATCH", "", { enabled: false })).status}`);
  setTimeout(() => {
    send("PATCH", "", { enabled: true })
      .then((r) => count(`alert on ${r.status}`))
      .catch(() => count("alert on unreachable"));
  }, 3_000);
}

/** The verdict's alert rows. */
export function alertVerdict(persistTo: string, receiver: Receiver): [string, number, string][] {
  const one = (sql: string) => query<{ n: number }>(persistTo, sql)[0]?.n ?? 0;
  const doubleFiring = one(
    "SELECT count(*) AS n FROM (SELECT rule_id FROM alert_incidents WHERE state = 'firing' GROUP BY rule_id HAVING count(*) > 1)",
  );
  // Every opening has its firing delivery, every resolution its resolved one.
  const undelivered = one(`SELECT count(*) AS n FROM alert_incidents i WHERE
    NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.incident_id = i.id AND d.event = 'firing')
    OR (i.state = 'resolved' AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.incident_id = i.id AND d.event = 'resolved'))`);
  const twice = [...receiver.seen.values()].filter((n) => n > 1).length;
  const zero = (n: number) => (n === 0 ? "ok" : "FAIL");
  return [
    ["alert incidents opened", one("SELECT count(*) AS n FROM alert_incidents"), ""],
    ["alert deliveries received (webhook / Slack)", receiver.seen.size + receiver.slack, ""],
    ["alert rules with two incidents firing", doubleFiring, zero(doubleFiring)],
    ["alert incidents without their delivery", undelivered, zero(undelivered)],
    ["alert deliveries received twice", twice, zero(twice)],
  ];
}
