// The dashboard's only door to the JSON API: a small Fetcher interface and its HTTP implementation.
import type { z } from "zod";
import { ApiError, errorMessage } from "../worker/api/errors.ts";
import {
  type ErrorGroup,
  errorGroupsResponseSchema,
  type ReplayOutcome,
  type ReplayPreview,
  replayOutcomeSchema,
  replayPreviewSchema,
} from "../worker/api/find-and-fix.ts";
import { type LanesResponse, lanesResponseSchema } from "../worker/api/lanes.ts";
import type { OperatorAction } from "../worker/api/lifecycle.ts";
import { type MetricsResponse, metricsResponseSchema, type Step } from "../worker/api/metrics.ts";
import type { Priority } from "../worker/api/priority.ts";
import type { ScheduleJson } from "../worker/api/schedules.ts";
import {
  type BulkCancelResponse,
  type BulkRetryResponse,
  bulkCancelResponseSchema,
  bulkRetryResponseSchema,
  errorResponseSchema,
  type Job,
  type JobEvent,
  type JobListResponse,
  jobDetailResponseSchema,
  jobListResponseSchema,
  jobResponseSchema,
  tokenResponseSchema,
} from "../worker/api/schema.ts";
import { type FiringAlertsResponse, firingAlertsResponseSchema } from "./alerts-schema.ts";
import type { LaneAction } from "./lanes-state.ts";
import {
  type ScheduleDetailResponse,
  type ScheduleListResponse,
  type ScheduleRunResponse,
  scheduleDetailResponseSchema,
  scheduleListResponseSchema,
  scheduleResponseSchema,
  scheduleRunResponseSchema,
} from "./schedules-schema.ts";
import type { ListQuery } from "./state.ts";

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** `GET /api/v1/metrics`: a time range (ISO) cut into buckets of `step`, for one job type or all. */
export interface MetricsQuery {
  from: string;
  to: string;
  step: Step;
  type?: string;
}

/**
 * The schedules pane's calls (owner/admin; 403 for others). Optional on a Fetcher like `metrics`: a fake API without
 * them (tests, the frame benchmark) gets a pane that says it has no schedules.
 */
export interface ScheduleFetcher {
  /** `GET /api/v1/schedules?limit=&cursor=`: a page of schedules in id order. */
  listSchedules(cursor: string | null, limit?: number): Promise<ScheduleListResponse>;
  /** `GET /api/v1/schedules/:id`: the schedule and its latest runs with their jobs' statuses. */
  getSchedule(id: string): Promise<ScheduleDetailResponse>;
  /** `POST /api/v1/schedules/:id/run`: one fire now (overlap still applies); answers what it did. */
  runSchedule(id: string): Promise<ScheduleRunResponse>;
  /** `POST /api/v1/schedules/:id/pause|resume`: answers the schedule as it is now. */
  scheduleAction(id: string, action: "pause" | "resume"): Promise<ScheduleJson>;
}

export interface Fetcher extends Partial<ScheduleFetcher> {
  /** `GET /api/v1/jobs` with the filter, the search text (`q`) or an error group (`error_signature`). */
  listJobs(query: ListQuery, cursor: string | null, limit?: number): Promise<JobListResponse>;
  getJob(id: string): Promise<{ job: Job; events: JobEvent[] }>;
  action(id: string, action: OperatorAction): Promise<Job>;
  /** `POST /api/v1/jobs/retry {ids}`: retries those that allow it; the others are counted per status in `skipped`. */
  retryMany(ids: string[]): Promise<BulkRetryResponse>;
  /** `POST /api/v1/jobs/cancel {ids}`: cancels those that allow it; running ones are asked to stop (`stopping`). */
  cancelMany(ids: string[]): Promise<BulkCancelResponse>;
  /** `GET /api/v1/errors`: failed and dead-letter jobs grouped by error signature, largest first. */
  errorGroups(): Promise<ErrorGroup[]>;
  /** `POST /api/v1/errors/:signature/retry {dry_run:true}`: what a replay would retry; changes nothing. */
  previewReplay(signature: string): Promise<ReplayPreview>;
  /** `POST /api/v1/errors/:signature/retry {}`: retries every failed/dead-letter job of the group, payloads as they are. */
  replay(signature: string): Promise<ReplayOutcome>;
  /** `PATCH /api/v1/jobs/:id {priority}`: a pending job's place in its lane (409 once it has started). */
  setPriority(id: string, priority: Priority): Promise<Job>;
  /** `GET /api/v1/lanes`: per job type running n/limit, queued, the oldest wait and who paused it. */
  lanes(): Promise<LanesResponse>;
  /** `POST /api/v1/lanes/:type/pause|resume` (owner/admin): answers the lanes as they are now. */
  laneAction(type: string, action: LaneAction): Promise<LanesResponse>;
  /**
   * `GET /api/v1/metrics` (owner/admin; 403 for others): per-bucket counts, for the header's sparkline. Optional: a
   * fake API that leaves it out (tests, the frame benchmark) gets a header without one.
   */
  metrics?(query: MetricsQuery): Promise<MetricsResponse>;
  /**
   * `GET /api/v1/alerts?state=firing` (owner/admin; 403 for others): the open incidents, newest first, for the
   * header. Optional like `metrics`: a fake API without it gets a header without alerts.
   */
  firingAlerts?(): Promise<FiringAlertsResponse>;
  login(url: string, email: string, password: string, workspace?: string): Promise<TokenResponse>;
}

/** What a 403 says the account may not do: the dashboard as a whole, or a part of it only owners and admins use. */
interface Refusal {
  /** "this account may not …" */
  use: string;
  /** "this account is a member of acme; …" */
  needs: string;
}
const DASHBOARD: Refusal = { use: "use the job dashboard", needs: "the job dashboard needs Admin" };
const SCHEDULES: Refusal = { use: "manage schedules", needs: "schedules need Admin" };

function schedulePath(id: string, action?: string): string {
  return `/api/v1/schedules/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;
}

function replayPath(signature: string): string {
  return `/api/v1/errors/${encodeURIComponent(signature)}/retry`;
}

export interface HttpFetcherOptions {
  url: string;
  token?: string;
  /** The workspace slug, when known, makes 403 messages name it. */
  workspace?: string | null;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export class HttpFetcher implements Fetcher {
  private readonly fetchFn: typeof globalThis.fetch;

  constructor(private readonly opts: HttpFetcherOptions) {
    this.fetchFn = opts.fetch ?? globalThis.fetch;
  }

  listJobs(query: ListQuery, cursor: string | null, limit?: number): Promise<JobListResponse> {
    const q = new URLSearchParams();
    if (query.status) q.set("status", query.status);
    if (query.type) q.set("type", query.type);
    if (query.q) q.set("q", query.q);
    if (query.errorSignature) q.set("error_signature", query.errorSignature);
    if (limit) q.set("limit", String(limit));
    if (cursor) q.set("cursor", cursor);
    const qs = q.size > 0 ? `?${q}` : "";
    return this.request("GET", `/api/v1/jobs${qs}`, jobListResponseSchema);
  }

  getJob(id: string): Promise<{ job: Job; events: JobEvent[] }> {
    return this.request("GET", `/api/v1/jobs/${encodeURIComponent(id)}`, jobDetailResponseSchema);
  }

  async action(id: string, action: OperatorAction): Promise<Job> {
    const path = `/api/v1/jobs/${encodeURIComponent(id)}/${action}`;
    return (await this.request("POST", path, jobResponseSchema)).job;
  }

  retryMany(ids: string[]): Promise<BulkRetryResponse> {
    return this.request("POST", "/api/v1/jobs/retry", bulkRetryResponseSchema, { ids });
  }

  cancelMany(ids: string[]): Promise<BulkCancelResponse> {
    return this.request("POST", "/api/v1/jobs/cancel", bulkCancelResponseSchema, { ids });
  }

  async errorGroups(): Promise<ErrorGroup[]> {
    return (await this.request("GET", "/api/v1/errors", errorGroupsResponseSchema)).groups;
  }

  previewReplay(signature: string): Promise<ReplayPreview> {
    return this.request("POST", replayPath(signature), replayPreviewSchema, { dry_run: true });
  }

  replay(signature: string): Promise<ReplayOutcome> {
    return this.request("POST", replayPath(signature), replayOutcomeSchema, {});
  }

  async setPriority(id: string, priority: Priority): Promise<Job> {
    return (await this.request("PATCH", `/api/v1/jobs/${encodeURIComponent(id)}`, jobResponseSchema, { priority })).job;
  }

  lanes(): Promise<LanesResponse> {
    return this.request("GET", "/api/v1/lanes", lanesResponseSchema);
  }

  laneAction(type: string, action: LaneAction): Promise<LanesResponse> {
    return this.request("POST", `/api/v1/lanes/${encodeURIComponent(type)}/${action}`, lanesResponseSchema);
  }

  metrics(query: MetricsQuery): Promise<MetricsResponse> {
    const q = new URLSearchParams({ from: query.from, to: query.to, step: query.step });
    if (query.type) q.set("type", query.type);
    return this.request("GET", `/api/v1/metrics?${q}`, metricsResponseSchema);
  }

  firingAlerts(): Promise<FiringAlertsResponse> {
    return this.request("GET", "/api/v1/alerts?state=firing", firingAlertsResponseSchema);
  }

  listSchedules(cursor: string | null, limit?: number): Promise<ScheduleListResponse> {
    const q = new URLSearchParams();
    if (limit) q.set("limit", String(limit));
    if (cursor) q.set("cursor", cursor);
    const qs = q.size > 0 ? `?${q}` : "";
    return this.scheduleRequest("GET", `/api/v1/schedules${qs}`, scheduleListResponseSchema);
  }

  getSchedule(id: string): Promise<ScheduleDetailResponse> {
    return this.scheduleRequest("GET", schedulePath(id), scheduleDetailResponseSchema);
  }

  runSchedule(id: string): Promise<ScheduleRunResponse> {
    return this.scheduleRequest("POST", schedulePath(id, "run"), scheduleRunResponseSchema);
  }

  async scheduleAction(id: string, action: "pause" | "resume"): Promise<ScheduleJson> {
    return (await this.scheduleRequest("POST", schedulePath(id, action), scheduleResponseSchema)).schedule;
  }

  login(url: string, email: string, password: string, workspace?: string): Promise<TokenResponse> {
    const body = { email, password, ...(workspace ? { workspace } : {}) };
    return this.request("POST", "/api/v1/tokens", tokenResponseSchema, body, url, false);
  }

  /** Schedules are for owners and admins only: a 403 says so, not that the whole dashboard is refused. */
  private scheduleRequest<S extends z.ZodType>(method: string, path: string, schema: S): Promise<z.infer<S>> {
    return this.request(method, path, schema, undefined, this.opts.url, true, SCHEDULES);
  }

  private async request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    base = this.opts.url,
    authed = true,
    refusal = DASHBOARD,
  ): Promise<z.infer<S>> {
    const url = base.replace(/\/+$/, "") + path;
    const headers: Record<string, string> = { accept: "application/json" };
    if (authed && this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : errorMessage(err);
      throw new ApiError(0, "network", `cannot reach ${base}: ${cause}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) throw this.httpError(res.status, json, authed, refusal);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(
        res.status,
        "bad_response",
        `unexpected answer from ${method} ${path}: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }

  private httpError(status: number, json: unknown, authed: boolean, refusal: Refusal): ApiError {
    const body = errorResponseSchema.safeParse(json);
    const code = body.success ? body.data.error.code : `http_${status}`;
    const serverMessage = body.success ? body.data.error.message : `HTTP ${status}`;
    const details = body.success ? body.data.error.details : undefined;
    const ws = this.opts.workspace;
    if (status === 401 && authed) {
      const msg = `the server refused the token (${serverMessage}); run "npm run tui -- login" for a new one`;
      return new ApiError(status, code, msg, details);
    }
    if (status === 403) {
      // The role is per workspace; naming it tells the user which membership to ask an owner to change.
      const msg = ws
        ? `this account is a member of ${ws}; ${refusal.needs} (${serverMessage})`
        : `this account may not ${refusal.use}; it needs Admin (${serverMessage})`;
      return new ApiError(status, code, msg, details);
    }
    return new ApiError(status, code, serverMessage, details);
  }
}
