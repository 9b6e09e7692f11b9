// The access matrix: every route of the app × {anonymous, viewer, member, admin, owner, admin of another workspace}
// × {a job/endpoint of workspace A, one of workspace B}, with the expected status. A route added to the app without
// a rule here fails the first test, so no route ships without an access decision.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../worker/app.ts";
import { BASE, makeWorkspace } from "../support/workerd/api.ts";
import { jobInStatus, ORIGIN, sessionCookie, slug } from "../support/workerd/pages.ts";

type Who = "anonymous" | "viewer" | "member" | "admin" | "owner" | "otherAdmin";
type Target = "A" | "B";
const WHO: Who[] = ["anonymous", "viewer", "member", "admin", "owner", "otherAdmin"];

interface Rule {
  /** Hono's route pattern, exactly as `app.routes` lists it. */
  route: string;
  auth: "bearer" | "session" | "none";
  /** The concrete path; `id` is the target's job (or endpoint) id. */
  path?: (id: string, target: Target) => string;
  body?: { json?: unknown; form?: Record<string, string>; raw?: string };
  headers?: Record<string, string>;
  /** Whether the route names a resource of a workspace (then both targets are tried). */
  targeted?: boolean;
  expect(who: Who, target: Target): number;
}

// Who owns target A and B from each principal's point of view.
const inA = (who: Who) => who !== "otherAdmin";
const sameWorkspace = (who: Who, target: Target) => (target === "A") === inA(who);

/** API rules: 401 anonymous, 403 for roles below `min`, then `ok` in the principal's own workspace, else 404. */
function api(min: "member" | "admin", ok: number, options: { targeted?: boolean; viewerToo?: boolean } = {}) {
  return (who: Who, target: Target) => {
    if (who === "anonymous") return 401;
    if (who === "viewer" && !options.viewerToo) return 403;
    if (min === "admin" && who === "member") return 403;
    if (options.targeted && !sameWorkspace(who, target)) return 404;
    return ok;
  };
}

/** Page rules: anonymous to /login (302), members/viewers 403 on admin pages, others' resources 404. */
function pageRule(min: "viewer" | "member" | "admin", ok: number, targeted = false) {
  return (who: Who, target: Target) => {
    if (who === "anonymous") return 302;
    if (min !== "viewer" && who === "viewer") return 403;
    if (min === "admin" && who === "member") return 403;
    if (targeted && !sameWorkspace(who, target)) return 404;
    return ok;
  };
}

const notForMember = (rule: (who: Who, target: Target) => number) => (who: Who, target: Target) =>
  who === "member" ? 404 : rule(who, target);

const newJob = {
  json: {
    type: "data_import",
    payload: { rows: [{ sku: "M-1", title: "Mug", origin_country: "CN", customs_value: 2, currency: "USD" }] },
  },
};

const RULES: (Rule & { method: string })[] = [
  { method: "GET", route: "/healthz", auth: "none", expect: () => 200 },
  { method: "GET", route: "/api/v1/live", auth: "bearer", expect: api("admin", 426) },
  { method: "POST", route: "/api/v1/tokens", auth: "none", body: { json: {} }, expect: () => 422 },
  { method: "GET", route: "/api/v1/jobs", auth: "bearer", expect: api("member", 200) },
  { method: "POST", route: "/api/v1/jobs", auth: "bearer", body: newJob, expect: api("member", 201) },
  // A batch answers 200 with per-item statuses; the role gate is the one of single creation.
  {
    method: "POST",
    route: "/api/v1/jobs/batch",
    auth: "bearer",
    body: { json: { jobs: [newJob.json] } },
    expect: api("member", 200),
  },
  {
    method: "POST",
    route: "/api/v1/jobs/retry",
    auth: "bearer",
    body: { json: { status: "failed" } },
    expect: api("admin", 200),
  },
  // A listed id of another workspace is simply not found (counted in the answer), so every manager gets 200.
  {
    method: "POST",
    route: "/api/v1/jobs/cancel",
    auth: "bearer",
    body: { json: { ids: ["01JAAAAAAAAAAAAAAAAAAAAAAA"] } },
    expect: api("admin", 200),
  },
  // Job A was not created by the member, and members only read the jobs they created: 404 to them.
  {
    method: "GET",
    route: "/api/v1/jobs/:id",
    auth: "bearer",
    targeted: true,
    expect: notForMember(api("member", 200, { targeted: true })),
  },
  {
    method: "GET",
    route: "/api/v1/jobs/:id/findings",
    auth: "bearer",
    targeted: true,
    expect: notForMember(api("member", 200, { targeted: true })),
  },
  {
    method: "GET",
    route: "/api/v1/jobs/:id/rejected",
    auth: "bearer",
    targeted: true,
    expect: notForMember(api("member", 200, { targeted: true })),
  },
  // An edited payload the type refuses: authorised callers reach the type's check (422) and nothing changes.
  {
    method: "POST",
    route: "/api/v1/jobs/:id/retry",
    auth: "bearer",
    targeted: true,
    body: { json: { payload: { items: "many" } } },
    expect: api("admin", 422, { targeted: true }),
  },
  { method: "GET", route: "/api/v1/errors", auth: "bearer", expect: api("admin", 200) },
  // A well-formed signature no workspace has: managers get as far as the lookup (404).
  {
    method: "POST",
    route: "/api/v1/errors/:signature/retry",
    auth: "bearer",
    path: () => "/api/v1/errors/0000000000000000/retry",
    body: { json: { dry_run: true } },
    expect: api("admin", 404),
  },
  // Lanes: every role reads them; owners and admins pause and resume a type (resuming one that runs changes nothing).
  { method: "GET", route: "/api/v1/lanes", auth: "bearer", expect: api("member", 200, { viewerToo: true }) },
  {
    method: "POST",
    route: "/api/v1/lanes/:type/:action",
    auth: "bearer",
    path: () => "/api/v1/lanes/data_export/resume",
    expect: api("admin", 200),
  },
  { method: "GET", route: "/api/v1/settings", auth: "bearer", expect: api("member", 200, { viewerToo: true }) },
  // Alerts: owners and admins only; a rule of another workspace is a 404.
  {
    method: "POST",
    route: "/api/v1/alert-rules",
    auth: "bearer",
    body: { json: { name: "matrix", kind: "dead_letter", channel: { kind: "slack", url: "http://127.0.0.1:9/hook" } } },
    expect: api("admin", 201),
  },
  { method: "GET", route: "/api/v1/alert-rules", auth: "bearer", expect: api("admin", 200) },
  {
    method: "GET",
    route: "/api/v1/alert-rules/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/alert-rules/${rules[t]}`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "GET",
    route: "/api/v1/alert-rules/:id/deliveries",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/alert-rules/${rules[t]}/deliveries`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "PATCH",
    route: "/api/v1/alert-rules/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/alert-rules/${rules[t]}`,
    body: { json: { name: "renamed" } },
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "POST",
    route: "/api/v1/alert-rules/:id/test",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/alert-rules/${rules[t]}/test`,
    expect: api("admin", 202, { targeted: true }),
  },
  // A fresh rule per request (see `freshRules`), as for endpoints.
  {
    method: "DELETE",
    route: "/api/v1/alert-rules/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/alert-rules/${freshRules[t]}`,
    expect: api("admin", 204, { targeted: true }),
  },
  { method: "GET", route: "/api/v1/alerts", auth: "bearer", expect: api("admin", 200) },
  // Schedules: owners and admins only; another workspace's schedule is a 404.
  {
    method: "POST",
    route: "/api/v1/schedules",
    auth: "bearer",
    body: { json: { name: "matrix", cron: "0 3 * * *", type: "data_export", payload: {} } },
    expect: api("admin", 201),
  },
  { method: "GET", route: "/api/v1/schedules", auth: "bearer", expect: api("admin", 200) },
  {
    method: "GET",
    route: "/api/v1/schedules/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/schedules/${schedulesOf[t]}`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "PATCH",
    route: "/api/v1/schedules/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/schedules/${schedulesOf[t]}`,
    body: { json: { name: "renamed" } },
    expect: api("admin", 200, { targeted: true }),
  },
  // Run now creates a job (overlap "allow" in the matrix's schedules, so every run does).
  {
    method: "POST",
    route: "/api/v1/schedules/:id/run",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/schedules/${schedulesOf[t]}/run`,
    expect: api("admin", 202, { targeted: true }),
  },
  {
    method: "POST",
    route: "/api/v1/schedules/:id/pause",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/schedules/${schedulesOf[t]}/pause`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "POST",
    route: "/api/v1/schedules/:id/resume",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/schedules/${schedulesOf[t]}/resume`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "DELETE",
    route: "/api/v1/schedules/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/schedules/${freshSchedules[t]}`,
    expect: api("admin", 204, { targeted: true }),
  },
  { method: "GET", route: "/api/v1/metrics", auth: "bearer", expect: api("admin", 200) },
  { method: "GET", route: "/metrics", auth: "bearer", expect: api("admin", 200) },
  // Discarding names a job of no workspace, so authorised callers reach the lookup: nothing found, nothing discarded.
  {
    method: "POST",
    route: "/api/v1/jobs/discard",
    auth: "bearer",
    body: { json: { ids: ["01JAAAAAAAAAAAAAAAAAAAAAAA"] } },
    expect: api("admin", 200),
  },
  { method: "GET", route: "/api/v1/archives", auth: "bearer", expect: api("admin", 200) },
  // A day without an archive: authorised callers get past the role check to the lookup.
  {
    method: "GET",
    route: "/api/v1/archives/:date",
    auth: "bearer",
    path: () => "/api/v1/archives/2001-01-01",
    expect: api("admin", 404),
  },
  // The running limit is the owner's alone (the other workspace's admin is refused as an admin, before any lookup).
  {
    method: "PATCH",
    route: "/api/v1/settings",
    auth: "bearer",
    body: { json: { max_running: 4 } },
    expect: (who) => (who === "anonymous" ? 401 : who === "owner" ? 200 : 403),
  },
  // Job A has ended, so its priority cannot change: authorised callers reach the lifecycle check (409).
  {
    method: "PATCH",
    route: "/api/v1/jobs/:id",
    auth: "bearer",
    targeted: true,
    body: { json: { priority: "high" } },
    expect: api("admin", 409, { targeted: true }),
  },
  // Resuming a failed job is not allowed: authorised callers reach the lifecycle check (409).
  {
    method: "POST",
    route: "/api/v1/jobs/:id/:action",
    auth: "bearer",
    targeted: true,
    path: (id) => `/api/v1/jobs/${id}/resume`,
    expect: api("admin", 409, { targeted: true }),
  },
  { method: "GET", route: "/api/v1/webhook-endpoints", auth: "bearer", expect: api("admin", 200) },
  {
    method: "POST",
    route: "/api/v1/webhook-endpoints",
    auth: "bearer",
    body: { json: { name: "matrix" } },
    expect: api("admin", 201),
  },
  {
    method: "GET",
    route: "/api/v1/webhook-endpoints/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/webhook-endpoints/${endpoints[t]}`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "POST",
    route: "/api/v1/webhook-endpoints/:id/rotate",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/webhook-endpoints/${endpoints[t]}/rotate`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "POST",
    route: "/api/v1/webhook-endpoints/:id/disable",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/webhook-endpoints/${endpoints[t]}/disable`,
    expect: api("admin", 200, { targeted: true }),
  },
  {
    method: "POST",
    route: "/api/v1/webhook-endpoints/:id/enable",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/webhook-endpoints/${endpoints[t]}/enable`,
    expect: api("admin", 200, { targeted: true }),
  },
  // Deleting uses a fresh endpoint per request (see `fresh`), so one principal's success does not change the next.
  {
    method: "DELETE",
    route: "/api/v1/webhook-endpoints/:id",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/api/v1/webhook-endpoints/${fresh[t]}`,
    expect: api("admin", 204, { targeted: true }),
  },
  // Webhooks authenticate by signature, not by role: unsigned requests are 401 whoever sends them.
  {
    method: "POST",
    route: "/webhooks/v1/imports/:endpointId",
    auth: "none",
    targeted: true,
    path: (_, t) => `/webhooks/v1/imports/${endpoints[t]}`,
    body: { raw: "{}" },
    expect: () => 401,
  },
  // An export that is not finished yet: authorised users of its workspace get 409, everyone else 401/403/404.
  {
    method: "GET",
    route: "/exports/:jobId/download",
    auth: "bearer",
    targeted: true,
    path: (_, t) => `/exports/${exportsOf[t]}/download`,
    expect: notForMember(api("member", 409, { targeted: true })),
  },
  // Development-only routes (404 when ENVIRONMENT is production).
  { method: "POST", route: "/__dev/seed", auth: "none", body: { json: { catalogue: "no" } }, expect: () => 422 },
  { method: "POST", route: "/__dev/sweep", auth: "none", body: { json: {} }, expect: () => 200 },
  { method: "POST", route: "/__dev/prune", auth: "none", body: { json: {} }, expect: () => 200 },
  // Pages.
  { method: "GET", route: "/", auth: "session", expect: () => 302 },
  { method: "GET", route: "/login", auth: "session", expect: (who) => (who === "anonymous" ? 200 : 302) },
  // A wrong password is 401 whoever asks (each principal uses its own email so throttling does not kick in).
  {
    method: "POST",
    route: "/login",
    auth: "session",
    body: { form: { email: "{who}@nobody.test", password: "x" } },
    expect: () => 401,
  },
  // Logout ends the session it is sent with, so it gets a session of its own (see `call`).
  { method: "POST", route: "/logout", auth: "session", body: { form: {} }, expect: () => 303 },
  {
    method: "POST",
    route: "/workspace",
    auth: "session",
    body: { form: { workspace: "elsewhere" } },
    expect: (who) => (who === "anonymous" ? 302 : 403),
  },
  { method: "GET", route: "/admin", auth: "session", expect: () => 302 },
  { method: "GET", route: "/admin/jobs", auth: "session", expect: pageRule("admin", 200) },
  { method: "GET", route: "/admin/jobs/list", auth: "session", expect: pageRule("admin", 200) },
  { method: "GET", route: "/admin/jobs/counts", auth: "session", expect: pageRule("admin", 200) },
  {
    method: "POST",
    route: "/admin/jobs/retry",
    auth: "session",
    body: { form: { status: "dead_letter" } },
    expect: pageRule("admin", 303),
  },
  // Without `confirmed` the answer is the confirmation page (what would move, what is skipped).
  {
    method: "POST",
    route: "/admin/jobs/bulk",
    auth: "session",
    body: { form: { action: "retry", ids: "01JAAAAAAAAAAAAAAAAAAAAAAA" } },
    expect: pageRule("admin", 200),
  },
  { method: "GET", route: "/admin/jobs/:id", auth: "session", targeted: true, expect: pageRule("admin", 200, true) },
  {
    method: "GET",
    route: "/admin/jobs/:id/detail",
    auth: "session",
    targeted: true,
    expect: pageRule("admin", 200, true),
  },
  {
    method: "GET",
    route: "/admin/jobs/:id/payload",
    auth: "session",
    targeted: true,
    expect: pageRule("admin", 200, true),
  },
  // Job A is a test job that refused no rows: its CSV is the header alone.
  {
    method: "GET",
    route: "/admin/jobs/:id/rejected.csv",
    auth: "session",
    targeted: true,
    expect: pageRule("admin", 200, true),
  },
  // An edited payload the type refuses: managers reach the type's check (the form again, 422) and nothing changes.
  {
    method: "POST",
    route: "/admin/jobs/:id/edit-retry",
    auth: "session",
    targeted: true,
    body: { form: { payload: '{"items": "many"}' } },
    expect: pageRule("admin", 422, true),
  },
  { method: "GET", route: "/admin/errors", auth: "session", expect: pageRule("admin", 200) },
  { method: "GET", route: "/admin/lanes/strip", auth: "session", expect: pageRule("admin", 200) },
  { method: "GET", route: "/admin/metrics", auth: "session", expect: pageRule("admin", 200) },
  { method: "GET", route: "/admin/metrics/strip", auth: "session", expect: pageRule("admin", 200) },
  // Resuming a type that is not paused changes nothing; the answer goes back to the jobs page.
  {
    method: "POST",
    route: "/admin/lanes/:type/:action",
    auth: "session",
    path: () => "/admin/lanes/data_export/resume",
    body: { form: {} },
    expect: pageRule("admin", 303),
  },
  // The strip's form for idle types, with a type that does not exist: managers reach the check (422).
  {
    method: "POST",
    route: "/admin/lanes/pause",
    auth: "session",
    body: { form: { type: "nope" } },
    expect: pageRule("admin", 422),
  },
  // The running limit is the owner's alone; an admin is refused like a member.
  {
    method: "POST",
    route: "/admin/lanes/limit",
    auth: "session",
    body: { form: { max_running: "4" } },
    expect: (who) => (who === "anonymous" ? 302 : who === "owner" ? 303 : 403),
  },
  // Job A has ended: managers reach the lifecycle check (409) and nothing changes.
  {
    method: "POST",
    route: "/admin/jobs/:id/priority",
    auth: "session",
    targeted: true,
    body: { form: { priority: "high" } },
    expect: pageRule("admin", 409, true),
  },
  // A well-formed signature no workspace has: managers get as far as the lookup (404).
  {
    method: "POST",
    route: "/admin/errors/:signature/retry",
    auth: "session",
    path: () => "/admin/errors/0000000000000000/retry",
    body: { form: {} },
    expect: pageRule("admin", 404),
  },
  // Job A is not the member's own: their download routes 404 it, as their job page does.
  {
    method: "GET",
    route: "/imports/jobs/:id/rejected.csv",
    auth: "session",
    targeted: true,
    expect: (who, t) => (who === "member" ? 404 : pageRule("member", 200, true)(who, t)),
  },
  {
    method: "GET",
    route: "/imports/jobs/:id/payload",
    auth: "session",
    targeted: true,
    expect: (who, t) => (who === "member" ? 404 : pageRule("member", 200, true)(who, t)),
  },
  {
    method: "POST",
    route: "/admin/jobs/:id/:action",
    auth: "session",
    targeted: true,
    path: (id) => `/admin/jobs/${id}/resume`,
    body: { form: {} },
    expect: pageRule("admin", 409, true),
  },
  { method: "GET", route: "/admin/webhooks", auth: "session", expect: pageRule("admin", 200) },
  // Creating answers the page that shows the new secret once.
  {
    method: "POST",
    route: "/admin/webhooks",
    auth: "session",
    body: { form: { name: "matrix page" } },
    expect: pageRule("admin", 200),
  },
  {
    method: "GET",
    route: "/admin/webhooks/:id",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/webhooks/${endpoints[t]}`,
    expect: pageRule("admin", 200, true),
  },
  // Confirmed rotations answer the new-secret page; unconfirmed ones a confirmation page (also 200).
  {
    method: "POST",
    route: "/admin/webhooks/:id/rotate",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/webhooks/${endpoints[t]}/rotate`,
    body: { form: { confirmed: "yes" } },
    expect: pageRule("admin", 200, true),
  },
  {
    method: "POST",
    route: "/admin/webhooks/:id/disable",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/webhooks/${endpoints[t]}/disable`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  {
    method: "POST",
    route: "/admin/webhooks/:id/enable",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/webhooks/${endpoints[t]}/enable`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  // Like the API's DELETE, a fresh endpoint per request (see `fresh`).
  {
    method: "POST",
    route: "/admin/webhooks/:id/delete",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/webhooks/${fresh[t]}/delete`,
    body: { form: { confirmed: "yes" } },
    expect: pageRule("admin", 303, true),
  },
  // Admin → Alerts, like the webhooks pages: owners and admins only; another workspace's rule is a 404.
  { method: "GET", route: "/admin/alerts", auth: "session", expect: pageRule("admin", 200) },
  { method: "GET", route: "/admin/alerts/open", auth: "session", expect: pageRule("admin", 200) },
  { method: "GET", route: "/admin/alerts/banner", auth: "session", expect: pageRule("admin", 200) },
  // A Slack rule is created and the page answers with a redirect (a webhook rule would answer its secret page).
  {
    method: "POST",
    route: "/admin/alerts",
    auth: "session",
    body: {
      form: { name: "matrix page", kind: "dead_letter", channel_kind: "slack", channel_url: "http://127.0.0.1:9/x" },
    },
    expect: pageRule("admin", 303),
  },
  {
    method: "POST",
    route: "/admin/alerts/:id/test",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/alerts/${rules[t]}/test`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  {
    method: "POST",
    route: "/admin/alerts/:id/disable",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/alerts/${rules[t]}/disable`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  {
    method: "POST",
    route: "/admin/alerts/:id/enable",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/alerts/${rules[t]}/enable`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  // Like the API's DELETE, a fresh rule per request (see `freshRules`).
  {
    method: "POST",
    route: "/admin/alerts/:id/delete",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/alerts/${freshRules[t]}/delete`,
    body: { form: { confirmed: "yes" } },
    expect: pageRule("admin", 303, true),
  },
  // Admin → Schedules, like the alerts pages: owners and admins only; another workspace's schedule is a 404.
  { method: "GET", route: "/admin/schedules", auth: "session", expect: pageRule("admin", 200) },
  {
    method: "POST",
    route: "/admin/schedules",
    auth: "session",
    body: { form: { name: "matrix page", cron: "0 3 * * *", timezone: "UTC", type: "data_export", payload: "{}" } },
    expect: pageRule("admin", 303),
  },
  // Run now creates a job (overlap "allow" in the matrix's schedules, so every run does).
  {
    method: "POST",
    route: "/admin/schedules/:id/run",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/schedules/${schedulesOf[t]}/run`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  {
    method: "POST",
    route: "/admin/schedules/:id/pause",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/schedules/${schedulesOf[t]}/pause`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  {
    method: "POST",
    route: "/admin/schedules/:id/resume",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/schedules/${schedulesOf[t]}/resume`,
    body: { form: {} },
    expect: pageRule("admin", 303, true),
  },
  // Like the API's DELETE, a fresh schedule per request (see `freshSchedules`).
  {
    method: "POST",
    route: "/admin/schedules/:id/delete",
    auth: "session",
    targeted: true,
    path: (_, t) => `/admin/schedules/${freshSchedules[t]}/delete`,
    body: { form: { confirmed: "yes" } },
    expect: pageRule("admin", 303, true),
  },
  // Admin → Archives: owners and admins read it; only the owner changes retention (the defaults, so nothing moves);
  // a day without an archive is a 404 to those let in.
  { method: "GET", route: "/admin/archives", auth: "session", expect: pageRule("admin", 200) },
  {
    method: "POST",
    route: "/admin/archives/retention",
    auth: "session",
    body: { form: { completed_days: "30", failed_days: "90", dead_letter_days: "180", cancelled_days: "30" } },
    expect: (who) => (who === "anonymous" ? 302 : who === "owner" ? 303 : 403),
  },
  {
    method: "GET",
    route: "/admin/archives/:date/download",
    auth: "session",
    path: () => "/admin/archives/2001-01-01/download",
    expect: pageRule("admin", 404),
  },
  { method: "GET", route: "/products", auth: "session", expect: pageRule("viewer", 200) },
  { method: "GET", route: "/imports", auth: "session", expect: pageRule("member", 200) },
  { method: "GET", route: "/imports/jobs", auth: "session", expect: pageRule("member", 200) },
  { method: "POST", route: "/imports", auth: "session", body: { form: {} }, expect: pageRule("member", 422) },
  {
    method: "POST",
    route: "/imports/start",
    auth: "session",
    body: { form: { type: "nonsense" } },
    expect: pageRule("member", 422),
  },
  // The member's own job: members see only the jobs they created, so the admin's job A is 404 to them.
  {
    method: "GET",
    route: "/imports/jobs/:id",
    auth: "session",
    targeted: true,
    expect: (who, t) => (who === "member" ? 404 : pageRule("member", 200, true)(who, t)),
  },
  {
    method: "GET",
    route: "/imports/jobs/:id/detail",
    auth: "session",
    targeted: true,
    expect: (who, t) => (who === "member" ? 404 : pageRule("member", 200, true)(who, t)),
  },
];

let a: Awaited<ReturnType<typeof makeWorkspace>>;
let b: Awaited<ReturnType<typeof makeWorkspace>>;
const jobsOf = {} as Record<Target, string>;
const exportsOf = {} as Record<Target, string>;
const endpoints = {} as Record<Target, string>;
const fresh = {} as Record<Target, string>;
const rules = {} as Record<Target, string>;
const freshRules = {} as Record<Target, string>;
const schedulesOf = {} as Record<Target, string>;
const freshSchedules = {} as Record<Target, string>;
const tokens = {} as Record<Who, string | undefined>;
const cookies = {} as Record<Who, string | undefined>;
const accounts = {} as Record<Who, { userId: string; workspaceId: string } | undefined>;

beforeAll(async () => {
  a = await makeWorkspace(slug());
  b = await makeWorkspace(slug(), ["admin"]);
  for (const role of ["viewer", "member", "admin", "owner"] as const) {
    tokens[role] = a[role].token;
    cookies[role] = await sessionCookie(a[role]);
    accounts[role] = a[role];
  }
  tokens.otherAdmin = b.admin.token;
  cookies.otherAdmin = await sessionCookie(b.admin);
  accounts.otherAdmin = b.admin;
  jobsOf.A = await jobInStatus(a.workspaceId, "failed", { error: "boom" });
  jobsOf.B = await jobInStatus(b.workspaceId, "failed", { error: "boom" });
  exportsOf.A = await jobInStatus(a.workspaceId, "pending", { type: "data_export" });
  exportsOf.B = await jobInStatus(b.workspaceId, "pending", { type: "data_export" });
  endpoints.A = (await createEndpoint(a.admin.token)).id;
  endpoints.B = (await createEndpoint(b.admin.token)).id;
  rules.A = await createRule(a.admin.token);
  rules.B = await createRule(b.admin.token);
  schedulesOf.A = await createSchedule(a.admin.token);
  schedulesOf.B = await createSchedule(b.admin.token);
});

async function createSchedule(token: string): Promise<string> {
  const res = await exports.default.fetch(`${BASE}/api/v1/schedules`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "matrix", cron: "0 3 * * *", type: "data_export", payload: {}, overlap: "allow" }),
  });
  return ((await res.json()) as { schedule: { id: string } }).schedule.id;
}

async function createRule(token: string): Promise<string> {
  const res = await exports.default.fetch(`${BASE}/api/v1/alert-rules`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: "matrix",
      kind: "stalled",
      threshold: 30,
      channel: { kind: "slack", url: "http://127.0.0.1:9/x" },
    }),
  });
  return ((await res.json()) as { rule: { id: string } }).rule.id;
}

async function createEndpoint(token: string): Promise<{ id: string }> {
  const res = await exports.default.fetch(`${BASE}/api/v1/webhook-endpoints`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "matrix" }),
  });
  return ((await res.json()) as { endpoint: { id: string } }).endpoint;
}

async function call(rule: Rule & { method: string }, who: Who, target: Target): Promise<number> {
  const id = jobsOf[target];
  if (
    (rule.route === "/api/v1/webhook-endpoints/:id" && rule.method === "DELETE") ||
    rule.route === "/admin/webhooks/:id/delete"
  ) {
    fresh.A = (await createEndpoint(a.admin.token)).id;
    fresh.B = (await createEndpoint(b.admin.token)).id;
  }
  if (
    (rule.route === "/api/v1/alert-rules/:id" && rule.method === "DELETE") ||
    rule.route === "/admin/alerts/:id/delete"
  ) {
    freshRules.A = await createRule(a.admin.token);
    freshRules.B = await createRule(b.admin.token);
  }
  if (
    (rule.route === "/api/v1/schedules/:id" && rule.method === "DELETE") ||
    rule.route === "/admin/schedules/:id/delete"
  ) {
    freshSchedules.A = await createSchedule(a.admin.token);
    freshSchedules.B = await createSchedule(b.admin.token);
  }
  const path = rule.path ? rule.path(id, target) : rule.route.replace(":id", id);
  const headers: Record<string, string> = { accept: rule.auth === "session" ? "text/html" : "application/json" };
  if (rule.auth === "bearer" && tokens[who]) headers.authorization = `Bearer ${tokens[who]}`;
  const account = accounts[who];
  if (rule.route === "/logout" && account) headers.cookie = await sessionCookie(account);
  else if (rule.auth === "session" && cookies[who]) headers.cookie = cookies[who] as string;
  let body: string | undefined;
  if (rule.body?.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(rule.body.json);
  } else if (rule.body?.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    const form = Object.fromEntries(Object.entries(rule.body.form).map(([k, v]) => [k, v.replace("{who}", who)]));
    body = new URLSearchParams(form).toString();
  } else if (rule.body?.raw !== undefined) {
    headers["content-type"] = "application/json";
    body = rule.body.raw;
  }
  if (rule.method !== "GET") headers.origin = ORIGIN;
  const res = await exports.default.fetch(
    new Request(`${BASE}${path}`, { method: rule.method, headers, body, redirect: "manual" }),
  );
  await res.arrayBuffer();
  return res.status;
}

describe("access matrix", () => {
  it("has a rule for every route the app serves", () => {
    const served = new Set(
      app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/\/$/, "") || "/"}`),
    );
    const ruled = new Set(RULES.map((r) => `${r.method} ${r.route}`));
    expect([...served].filter((route) => !ruled.has(route)).sort()).toEqual([]);
    expect([...ruled].filter((route) => !served.has(route)).sort()).toEqual([]);
  });

  for (const rule of RULES) {
    it(`${rule.method} ${rule.route}`, async () => {
      const seen: string[] = [];
      const expected: string[] = [];
      for (const who of WHO) {
        for (const target of rule.targeted ? (["A", "B"] as const) : (["A"] as const)) {
          seen.push(`${who}/${target}: ${await call(rule, who, target)}`);
          expected.push(`${who}/${target}: ${rule.expect(who, target)}`);
        }
      }
      expect(seen).toEqual(expected);
    });
  }
});
