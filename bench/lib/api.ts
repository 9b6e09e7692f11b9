// The few API calls the benchmarks make, with the admin's token.
import type { JobListResponse } from "../../worker/api/schema.ts";
import type { Stack } from "./stack.ts";

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
