// Property-based fuzzing of every JSON API route and the webhook route: random bodies, headers, ids and tokens never
// produce a 5xx, a stack trace, or an error body outside the documented shape. FUZZ_RUNS raises the case count
// (the soak runs thousands; `npm test` runs a bounded number).
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { batchCreateResponseSchema, errorResponseSchema } from "../../worker/api/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { api, createJob, makeWorkspace, productRows } from "../support/workerd/api.ts";

const RUNS = Number(env.FUZZ_RUNS ?? 40);

type Ws = Awaited<ReturnType<typeof makeWorkspace>>;
let ws: Ws;
let other: Ws;
let jobId: string;
let endpointId: string;
let ruleId: string;
let scheduleId: string;

beforeAll(async () => {
  ws = await makeWorkspace(`fz${newId().slice(-8).toLowerCase()}`);
  other = await makeWorkspace(`fz${newId().slice(-8).toLowerCase()}`, ["admin"]);
  jobId = (await createJob(ws.admin.token, "data_import", { rows: productRows(2) })).id;
  const endpoint = await api("POST", "/api/v1/webhook-endpoints", { token: ws.admin.token, body: { name: "fuzz" } });
  endpointId = endpoint.json.endpoint.id;
  const rule = await api("POST", "/api/v1/alert-rules", {
    token: ws.admin.token,
    body: { name: "fuzz", kind: "stalled", threshold: 30, channel: { kind: "slack", url: "http://127.0.0.1:9/hook" } },
  });
  ruleId = rule.json.rule.id;
  const schedule = await api("POST", "/api/v1/schedules", {
    token: ws.admin.token,
    body: { name: "fuzz", cron: "0 3 * * *", type: "data_export", payload: {} },
  });
  scheduleId = schedule.json.schedule.id;
});

const json = fc.jsonValue({ maxDepth: 4 });
const body = fc.oneof(
  json.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom("", "{", "[]", "null", '{"type":"data_import"}', '{"type":"data_import","payload":{"rows":[{}]}}'),
  fc
    .record({
      type: fc.oneof(
        fc.constantFrom("data_import", "bulk_classification", "data_export", "duty_optimization"),
        fc.string(),
      ),
      payload: json,
      idempotency_key: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
    })
    .map((v) => JSON.stringify(v)),
);
/** Batch bodies: lists of the bodies above (as values), of other values, of the wrong length, or not lists at all. */
const batchBody = fc.oneof(
  body,
  fc
    .array(
      fc.oneof(
        json,
        fc.record({
          type: fc.constantFrom("data_import", "test_flaky", "data_export", "nope"),
          payload: json,
          idempotency_key: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
          priority: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        }),
      ),
      { maxLength: 8 },
    )
    .map((jobs) => JSON.stringify({ jobs })),
  fc.constantFrom('{"jobs":[]}', '{"jobs":{}}', '{"jobs":null}', `{"jobs":[${Array(1001).fill("{}").join(",")}]}`),
);
/** Replay bodies: patches of any JSON, dry-run flags of any type, reasons of any length, or the generic bodies. */
const replayBody = fc.oneof(
  body,
  fc
    .record({
      payload_patch: fc.option(fc.oneof(json, fc.dictionary(fc.string({ maxLength: 8 }), json)), { nil: undefined }),
      dry_run: fc.option(fc.oneof(fc.boolean(), json), { nil: undefined }),
      reason: fc.option(fc.string({ maxLength: 600 }), { nil: undefined }),
    })
    .map((value) => JSON.stringify(value)),
);
/** Bulk action bodies: id lists of any values and lengths, filters, `all` flags, or the generic bodies. */
const bulkIdsBody = fc.oneof(
  body,
  fc
    .record({
      ids: fc.oneof(fc.array(fc.oneof(json, fc.constant("01JAAAAAAAAAAAAAAAAAAAAAAA")), { maxLength: 8 }), json),
      status: fc.option(fc.constantFrom("failed", "pending", "running", "nope"), { nil: undefined }),
      all: fc.option(fc.oneof(fc.boolean(), json), { nil: undefined }),
    })
    .map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{"ids":[]}',
    `{"ids":[${Array(501).fill('"01JAAAAAAAAAAAAAAAAAAAAAAA"').join(",")}]}`,
    '{"all":true}',
  ),
);
/** Retention days of any number or type (1–3650 is valid), some keys left out, sometimes an unknown one. */
const retention = fc.record(
  {
    completed_days: fc.oneof(fc.integer({ min: -5, max: 4_000 }), fc.double(), json),
    failed_days: fc.oneof(fc.integer({ min: -5, max: 4_000 }), json),
    dead_letter_days: fc.oneof(fc.integer({ min: 0, max: 4_000 }), json),
    cancelled_days: fc.oneof(fc.integer({ min: 0, max: 4_000 }), json),
    archived_days: fc.integer(),
  },
  { requiredKeys: [] },
);
/** Settings bodies: limits of any number or type (1–50 is valid), retention, or the generic bodies. */
const settingsBody = fc.oneof(
  body,
  fc
    .record(
      {
        max_running: fc.oneof(fc.integer({ min: -5, max: 60 }), fc.double(), json),
        retention: fc.oneof(retention, json),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);
/** Discard bodies: ids (valid or not), an ended or active status, a type, searches of any length, or anything. */
const discardBody = fc.oneof(
  body,
  fc
    .record(
      {
        ids: fc.oneof(
          fc.array(fc.oneof(fc.constant("01JAAAAAAAAAAAAAAAAAAAAAAA"), fc.string({ maxLength: 30 })), { maxLength: 5 }),
          json,
        ),
        status: fc.oneof(
          fc.constantFrom("completed", "failed", "dead_letter", "cancelled", "running", "pending"),
          json,
        ),
        type: fc.oneof(fc.constantFrom("test_flaky", "data_import"), fc.string({ maxLength: 70 })),
        q: fc.oneof(fc.string({ maxLength: 210 }), json),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);
/** Alert-rule bodies: the four kinds with numbers in and out of range, both channels, any URL, or anything. */
const alertRuleBody = fc.oneof(
  body,
  fc
    .record(
      {
        name: fc.oneof(fc.string({ maxLength: 120 }), json),
        kind: fc.oneof(fc.constantFrom("dead_letter", "failure_rate", "wait_time", "stalled"), json),
        type: fc.oneof(fc.constantFrom("data_import", "test_flaky", null), fc.string({ maxLength: 20 })),
        threshold: fc.oneof(fc.integer({ min: -10, max: 20_000 }), fc.double(), json),
        window_minutes: fc.oneof(fc.integer({ min: -10, max: 2_000 }), fc.double(), json),
        min_jobs: fc.oneof(fc.integer({ min: -10, max: 20_000 }), json),
        enabled: fc.oneof(fc.boolean(), json),
        channel: fc.oneof(
          fc.record({
            kind: fc.oneof(fc.constantFrom("webhook", "slack"), fc.string({ maxLength: 10 })),
            url: fc.oneof(
              fc.constantFrom("http://127.0.0.1:9/hook", "https://hooks.example.com/x"),
              fc.webUrl(),
              fc.string(),
            ),
          }),
          json,
        ),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);
/** Schedule bodies: crons and zones good and bad, known and unknown types, any payload and overlap, or anything. */
const scheduleBody = fc.oneof(
  body,
  fc
    .record(
      {
        name: fc.oneof(fc.string({ maxLength: 120 }), json),
        cron: fc.oneof(fc.constantFrom("* * * * *", "0 3 * * 1-5", "61 * * * *", "*/5 * * * * *"), fc.string(), json),
        timezone: fc.oneof(fc.constantFrom("UTC", "Europe/Berlin", "Mars/Olympus"), fc.string({ maxLength: 40 }), json),
        type: fc.oneof(fc.constantFrom("test_flaky", "data_export"), fc.string({ maxLength: 20 })),
        payload: json,
        overlap: fc.oneof(fc.constantFrom("skip", "allow"), json),
        enabled: fc.oneof(fc.boolean(), json),
        priority: fc.oneof(fc.constantFrom("high", "low"), json),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);
/** Priority bodies: the three names, anything else, extra fields, or the generic bodies. */
const priorityBody = fc.oneof(
  body,
  fc
    .record({
      priority: fc.oneof(fc.constantFrom("high", "normal", "low"), json),
      extra: fc.option(json, { nil: undefined }),
    })
    .map((value) => JSON.stringify(value)),
);
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "",
);
const token = () =>
  fc.oneof(
    fc.constantFrom(ws.admin.token, ws.owner.token, ws.member.token, ws.viewer.token, other.admin.token),
    fc.string({ maxLength: 80 }),
    fc.constant(undefined),
  );
const id = () =>
  fc.oneof(fc.constant(jobId), fc.constant(newId()), fc.string({ maxLength: 40 }).map(encodeURIComponent));

async function expectSane(res: { status: number; text: string; json: unknown }, where: string) {
  expect(res.status, `${where} answered ${res.status}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.text).not.toMatch(/\n\s+at |Error: |stack/);
  if (res.status >= 400) {
    expect(errorResponseSchema.safeParse(res.json).success, `${where}: ${res.text.slice(0, 300)}`).toBe(true);
  }
}

/** Name, requests, and (where the route takes its own shape of body) the bodies to send. */
const routes: [string, () => fc.Arbitrary<{ method: string; path: string }>, fc.Arbitrary<string>?][] = [
  ["tokens", () => fc.constant({ method: "POST", path: "/api/v1/tokens" })],
  ["create job", () => fc.constant({ method: "POST", path: "/api/v1/jobs" })],
  ["batch create", () => fc.constant({ method: "POST", path: "/api/v1/jobs/batch" }), batchBody],
  ["bulk retry", () => fc.constant({ method: "POST", path: "/api/v1/jobs/retry" }), bulkIdsBody],
  ["bulk cancel", () => fc.constant({ method: "POST", path: "/api/v1/jobs/cancel" }), bulkIdsBody],
  ["error groups", () => fc.string({ maxLength: 60 }).map((q) => ({ method: "GET", path: `/api/v1/errors?${q}` }))],
  [
    "replay a group",
    () =>
      fc
        .oneof(fc.constant("0000000000000000"), fc.string({ maxLength: 24 }))
        .map((sig) => ({ method: "POST", path: `/api/v1/errors/${encodeURIComponent(sig)}/retry` })),
    replayBody,
  ],
  [
    "search jobs",
    () =>
      fc
        .record({
          q: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"*"', "NEAR(a b)", "a:b -c", "x".repeat(300))),
          created_from: fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.date().map((d) => (Number.isNaN(d.getTime()) ? "" : d.toISOString())),
          ),
          created_to: fc.string({ maxLength: 30 }),
          error_signature: fc.string({ maxLength: 20 }),
        })
        .map((q) => ({ method: "GET", path: `/api/v1/jobs?${new URLSearchParams(q)}` })),
  ],
  [
    "list jobs",
    () =>
      fc
        .record({
          status: fc.string({ maxLength: 20 }),
          type: fc.string({ maxLength: 20 }),
          limit: fc.string({ maxLength: 6 }),
          cursor: fc.string({ maxLength: 30 }),
        })
        .map((q) => ({ method: "GET", path: `/api/v1/jobs?${new URLSearchParams(q)}` })),
  ],
  ["get job", () => id().map((i) => ({ method: "GET", path: `/api/v1/jobs/${i}` }))],
  [
    "rejected rows",
    () =>
      fc
        .tuple(
          id(),
          fc.constantFrom("json", "csv", "xml", ""),
          fc.oneof(fc.string({ maxLength: 12 }), fc.constant("3.0")),
        )
        .map(([i, format, cursor]) => ({
          method: "GET",
          path: `/api/v1/jobs/${i}/rejected?${new URLSearchParams({ format, cursor })}`,
        })),
  ],
  [
    "edit and retry",
    () => id().map((i) => ({ method: "POST", path: `/api/v1/jobs/${i}/retry` })),
    fc.oneof(
      body,
      fc
        .record({ payload: json, reason: fc.option(fc.string({ maxLength: 600 }), { nil: undefined }) })
        .map((value) => JSON.stringify(value)),
    ),
  ],
  [
    "job action",
    () =>
      fc
        .tuple(id(), fc.constantFrom("retry", "cancel", "pause", "resume", "explode"))
        .map(([i, a]) => ({ method: "POST", path: `/api/v1/jobs/${i}/${a}` })),
  ],
  [
    "endpoints",
    () =>
      fc.constantFrom(
        { method: "GET", path: "/api/v1/webhook-endpoints" },
        { method: "POST", path: "/api/v1/webhook-endpoints" },
      ),
  ],
  [
    "endpoint actions",
    () =>
      fc
        .tuple(fc.oneof(fc.constant(endpointId), id()), fc.constantFrom("", "/rotate", "/disable", "/enable"))
        .map(([i, a]) => ({ method: a === "" ? "GET" : "POST", path: `/api/v1/webhook-endpoints/${i}${a}` })),
  ],
  ["export download", () => id().map((i) => ({ method: "GET", path: `/exports/${i}/download` }))],
  ["lanes", () => fc.constant({ method: "GET", path: "/api/v1/lanes" })],
  [
    "metrics",
    () =>
      fc
        .record({
          from: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string({ maxLength: 30 }),
          ),
          to: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string({ maxLength: 30 }),
          ),
          step: fc.oneof(fc.constantFrom("1m", "5m", "15m", "1h", "1d"), fc.string({ maxLength: 5 })),
          type: fc.oneof(fc.constantFrom("data_import", "test_flaky"), fc.string({ maxLength: 20 })),
        })
        .chain((q) => fc.subarray(Object.entries(q)).map((entries) => Object.fromEntries(entries)))
        .map((q) => ({ method: "GET", path: `/api/v1/metrics?${new URLSearchParams(q)}` })),
  ],
  ["openmetrics", () => fc.constant({ method: "GET", path: "/metrics" })],
  [
    "lane pause and resume",
    () =>
      fc
        .tuple(
          fc.oneof(fc.constantFrom("data_export", "test_flaky"), fc.string({ maxLength: 80 }).map(encodeURIComponent)),
          fc.constantFrom("pause", "resume", "stop"),
        )
        .map(([type, action]) => ({ method: "POST", path: `/api/v1/lanes/${type}/${action}` })),
  ],
  [
    "settings",
    () => fc.constantFrom({ method: "GET", path: "/api/v1/settings" }, { method: "PATCH", path: "/api/v1/settings" }),
    settingsBody,
  ],
  ["discard", () => fc.constant({ method: "POST", path: "/api/v1/jobs/discard" }), discardBody],
  [
    "archives",
    () =>
      fc.oneof(
        fc
          .record(
            {
              cursor: fc.oneof(fc.constant("2026-12-01"), fc.string({ maxLength: 12 })),
              limit: fc.string({ maxLength: 4 }),
            },
            { requiredKeys: [] },
          )
          .map((q) => ({ method: "GET", path: `/api/v1/archives?${new URLSearchParams(q)}` })),
        fc
          .oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
            fc.string({ maxLength: 12 }),
          )
          .map((d) => ({ method: "GET", path: `/api/v1/archives/${encodeURIComponent(d)}` })),
      ),
  ],
  ["job priority", () => id().map((i) => ({ method: "PATCH", path: `/api/v1/jobs/${i}` })), priorityBody],
  [
    "alert rules",
    () =>
      fc.constantFrom({ method: "GET", path: "/api/v1/alert-rules" }, { method: "POST", path: "/api/v1/alert-rules" }),
    alertRuleBody,
  ],
  [
    "alert rule actions",
    () =>
      fc
        .tuple(
          fc.oneof(fc.constant(ruleId), id()),
          fc.constantFrom("GET", "PATCH", "DELETE", "POST /test", "GET /deliveries"),
        )
        .map(([i, a]) => {
          const [method, suffix = ""] = a.split(" ");
          return { method: method as string, path: `/api/v1/alert-rules/${i}${suffix}` };
        }),
    alertRuleBody,
  ],
  [
    "schedules",
    () => fc.constantFrom({ method: "GET", path: "/api/v1/schedules" }, { method: "POST", path: "/api/v1/schedules" }),
    scheduleBody,
  ],
  [
    "schedule actions",
    () =>
      fc
        .tuple(
          fc.oneof(fc.constant(scheduleId), id()),
          fc.constantFrom("GET", "PATCH", "DELETE", "POST /run", "POST /pause", "POST /resume"),
        )
        .map(([i, a]) => {
          const [method, suffix = ""] = a.split(" ");
          return { method: method as string, path: `/api/v1/schedules/${i}${suffix}` };
        }),
    scheduleBody,
  ],
  [
    "jobs with run_at",
    () => fc.constant({ method: "POST", path: "/api/v1/jobs" }),
    fc
      .record({
        type: fc.constantFrom("test_flaky", "data_export"),
        payload: fc.constant({}),
        run_at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string({ maxLength: 30 }),
          json,
        ),
      })
      .map((value) => JSON.stringify(value)),
  ],
  [
    "alerts",
    () =>
      fc
        .record({
          state: fc.oneof(fc.constantFrom("firing", "resolved"), fc.string({ maxLength: 10 })),
          cursor: fc.oneof(id(), fc.string({ maxLength: 30 })),
          limit: fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), fc.string({ maxLength: 5 })),
        })
        .chain((q) => fc.subarray(Object.entries(q)).map((entries) => Object.fromEntries(entries)))
        .map((q) => ({ method: "GET", path: `/api/v1/alerts?${new URLSearchParams(q)}` })),
  ],
];

describe("fuzzing the JSON API", () => {
  for (const [name, route, bodies] of routes) {
    it(`${name}: no 5xx, no stack traces, always the error shape`, async () => {
      await fc.assert(
        fc.asyncProperty(route(), bodies ?? body, contentType, token(), async (r, raw, type, bearer) => {
          const headers: Record<string, string> = {};
          if (type) headers["content-type"] = type;
          if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
          const res = await api(r.method, r.path, { headers, raw: r.method === "GET" ? undefined : raw });
          await expectSane(res, `${r.method} ${r.path}`);
          // A batch answers 200 with per-item results; a refused item carries the error shape too.
          if (r.path === "/api/v1/jobs/batch" && res.status === 200) {
            const parsed = batchCreateResponseSchema.safeParse(res.json);
            expect(parsed.success, res.text.slice(0, 300)).toBe(true);
            for (const item of parsed.data?.results ?? []) {
              expect(item.status === 422 ? item.error : item.job, JSON.stringify(item)).toBeDefined();
            }
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("fuzzing the webhook route", () => {
  it("random headers and bodies never crash it and are refused with the error shape", async () => {
    const header = fc.oneof(fc.string({ maxLength: 60 }), fc.constant(undefined));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(endpointId), id()),
        body,
        header,
        fc.oneof(
          fc.integer().map(String),
          fc.string({ maxLength: 12 }),
          fc.constant(String(Math.floor(Date.now() / 1000))),
        ),
        header,
        async (endpoint, raw, webhookId, timestamp, signature) => {
          const headers: Record<string, string> = {
            "content-type": "application/json",
            "webhook-timestamp": timestamp,
          };
          if (webhookId !== undefined) headers["webhook-id"] = webhookId;
          if (signature !== undefined) headers["webhook-signature"] = signature;
          const res = await api("POST", `/webhooks/v1/imports/${endpoint}`, { headers, raw });
          await expectSane(res, `webhook ${endpoint}`);
          expect(res.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
