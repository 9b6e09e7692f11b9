// Helpers for the web-page tests: sessions without the PBKDF2 cost, requests like a browser form or htmx would send
// them (with Origin, so hono/csrf lets them through unless a test says otherwise), and small HTML probes.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type { JobStatus, Role } from "../../../worker/api/schema.ts";
import { makeDb } from "../../../worker/db/client.ts";
import { newId } from "../../../worker/db/ids.ts";
import { insertJob } from "../../../worker/db/jobs/create.ts";
import { jobs, memberships, users } from "../../../worker/db/schema.ts";
import { createSession } from "../../../worker/db/sessions.ts";
import { hashPassword } from "../../../worker/domain/passwords.ts";
import { SESSION_COOKIE, SESSION_TTL_MS } from "../../../worker/middleware/session.ts";
import { BASE } from "./api.ts";

export const ORIGIN = new URL(BASE).origin;

export const slug = () => `ws${newId().slice(-8).toLowerCase()}`;

/** A session cookie for an account, created directly in the data layer. */
export async function sessionCookie(account: { userId: string; workspaceId: string }, ttlMs = SESSION_TTL_MS) {
  const { token } = await createSession(makeDb(env.DB), { ...account, now: Date.now(), ttlMs });
  return `${SESSION_COOKIE}=${token}`;
}

export interface PageResponse {
  status: number;
  text: string;
  headers: Headers;
  location: string | null;
  setCookie: string | null;
}

export interface PageOptions {
  cookie?: string;
  /** Form fields; a list is sent as the same field repeated (checkboxes). */
  form?: Record<string, string | string[]>;
  body?: BodyInit;
  htmx?: boolean;
  /** Defaults to this site's origin on POST; `null` sends none (what a cross-site form looks like to old browsers). */
  origin?: string | null;
  headers?: Record<string, string>;
}

export async function page(method: string, path: string, options: PageOptions = {}): Promise<PageResponse> {
  const headers: Record<string, string> = { accept: "text/html", ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.htmx) headers["hx-request"] = "true";
  const origin = options.origin === undefined ? (method === "GET" ? null : ORIGIN) : options.origin;
  if (origin) headers.origin = origin;
  let body = options.body;
  if (options.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(
      Object.entries(options.form).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((one) => [name, one]),
      ),
    ).toString();
  }
  const response = await exports.default.fetch(
    new Request(`${BASE}${path}`, { method, headers, body, redirect: "manual" }),
  );
  return {
    status: response.status,
    text: await response.text(),
    headers: response.headers,
    location: response.headers.get("location"),
    setCookie: response.headers.get("set-cookie"),
  };
}

/** The `name=value` part of a Set-Cookie header, to send back as a Cookie header. */
export function cookieFrom(setCookie: string | null): string {
  const pair = setCookie?.split(";")[0];
  if (!pair) throw new Error("no Set-Cookie in the response");
  return pair;
}

/** A user with a real PBKDF2 password hash and the given memberships. */
export async function makeLoginUser(address: string, password: string, roles: { workspaceId: string; role: Role }[]) {
  const db = makeDb(env.DB);
  // Accounts store emails in lower case (logins are matched that way).
  const email = address.toLowerCase();
  const now = Date.now();
  const userId = newId();
  await db
    .insert(users)
    .values({ id: userId, email, name: email, passwordHash: await hashPassword(password), createdAt: now });
  for (const [i, m] of roles.entries()) {
    await db.insert(memberships).values({ workspaceId: m.workspaceId, userId, role: m.role, createdAt: now + i });
  }
  return { userId, email };
}

/** A job inserted straight into a given status (no queue message, so nothing runs it). */
export async function jobInStatus(
  workspaceId: string,
  status: JobStatus,
  options: {
    type?: string;
    control?: "cancel" | "pause" | null;
    createdBy?: { id: string; label: string };
    error?: string;
    result?: unknown;
  } = {},
) {
  const db = makeDb(env.DB);
  const { job } = await insertJob(db, {
    workspaceId,
    type: options.type ?? "test_flaky",
    payload: { items: 3 },
    total: 3,
    maxAttempts: 3,
    createdBy: options.createdBy ?? null,
    now: Date.now(),
  });
  await db
    .update(jobs)
    .set({
      status,
      control: options.control ?? null,
      error: options.error ?? null,
      result: options.result === undefined ? null : JSON.stringify(options.result),
    })
    .where(eq(jobs.id, job.id))
    .run();
  return job.id;
}

/** `[id, status]` of every job row in the HTML, in order. */
export function rowsOf(html: string): { id: string; status: string }[] {
  return [...html.matchAll(/<tr id="job-([0-9A-Z]{26})" data-status="([a-z_]+)"/g)].map((m) => ({
    id: m[1] as string,
    status: m[2] as string,
  }));
}

/** The markup of one job row. */
export function rowHtml(html: string, id: string): string {
  const start = html.indexOf(`<tr id="job-${id}"`);
  if (start < 0) throw new Error(`no row for job ${id}`);
  return html.slice(start, html.indexOf("</tr>", start) + 5);
}

/** The action buttons a row offers, in order. */
export const actionsOf = (row: string) => [...row.matchAll(/data-action="([a-z]+)"/g)].map((m) => m[1]);

/** Header cell texts of the jobs table. */
export function headersOf(html: string): string[] {
  const table = html.slice(html.indexOf('<table class="jobs-table">'));
  const head = table.slice(0, table.indexOf("</thead>"));
  return [...head.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1] as string);
}
