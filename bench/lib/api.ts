// The few API calls the benchmarks make, with the admin's token.
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Job, JobListResponse } from "../../worker/api/schema.ts";
import type { Stack } from "./stack.ts";
import { until } from "./stats.ts";

export async function createJob(stack: Stack, type: string, payload: unknown): Promise<number> {
  const response = await fetch(`${stack.url}/api/v1/jobs`, {
    method: "POST",
    headers: { ...stack.auth, "content-type": "application/json" },
    body: JSON.stringify({ type, payload }),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function createJobJson(stack: Stack, type: string, payload: unknown): Promise<{ id: string }> {
  const response = await fetch(`${stack.url}/api/v1/jobs`, {
    method: "POST",
    headers: { ...stack.auth, "content-type": "application/json" },
    body: JSON.stringify({ type, payload }),
  });
  if (response.status !== 201)
    throw new Error(`POST /api/v1/jobs answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { job: { id: string } }).job;
}

export async function listJobs(stack: Stack, query: Record<string, string> = {}): Promise<JobListResponse> {
  const qs = new URLSearchParams(query).toString();
  const response = await fetch(`${stack.url}/api/v1/jobs${qs ? `?${qs}` : ""}`, { headers: stack.auth });
  if (!response.ok) throw new Error(`GET /api/v1/jobs?${qs} answered ${response.status}`);
  return (await response.json()) as JobListResponse;
}

/** A GET whose body is read and dropped; returns the status. */
export async function getStatus(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { headers, redirect: "manual" });
  await response.arrayBuffer();
  return response.status;
}

/** Counts per status of one job type (the trigger-maintained job_counts). */
export async function countsOf(stack: Stack, type: string): Promise<JobListResponse["counts"]> {
  return (await listJobs(stack, { type, limit: "1" })).counts;
}

export async function getJob(stack: Stack, id: string): Promise<Job> {
  const response = await fetch(`${stack.url}/api/v1/jobs/${id}`, { headers: stack.auth });
  if (!response.ok) throw new Error(`GET /api/v1/jobs/${id} answered ${response.status}`);
  return ((await response.json()) as { job: Job }).job;
}

/** Moves up to 500 failed jobs of `type` back to pending (POST /api/v1/jobs/retry); returns how many moved. */
export async function retryFailed(stack: Stack, type: string): Promise<number> {
  const response = await fetch(`${stack.url}/api/v1/jobs/retry`, {
    method: "POST",
    headers: { ...stack.auth, "content-type": "application/json" },
    body: JSON.stringify({ status: "failed", type }),
  });
  if (!response.ok) throw new Error(`POST /api/v1/jobs/retry answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { retried: number }).retried;
}

/** Polls the job every `everyMs` until it has ended (completed, failed, cancelled, dead-lettered); null on time-out. */
export function waitForJob(stack: Stack, id: string, everyMs: number, maxMs: number): Promise<Job | null> {
  return until(
    async () => {
      const job = await getJob(stack, id);
      return isTerminal(job.status) ? job : null;
    },
    everyMs,
    maxMs,
  );
}

/** The stack as another seeded login sees it (e.g. the owner, for owner-only settings): its token and workspace. */
export async function signIn(stack: Stack, email: string, workspace: string): Promise<Stack> {
  const response = await fetch(`${stack.url}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: stack.seed.password, workspace }),
  });
  if (response.status !== 201) throw new Error(`POST /api/v1/tokens (${email}) answered ${response.status}`);
  const body = (await response.json()) as { token: string; workspace: { id: string } };
  return {
    ...stack,
    token: body.token,
    auth: { authorization: `Bearer ${body.token}` },
    workspaceId: body.workspace.id,
  };
}
