// The real terminal dashboard in tmux against a real `wrangler dev`: live progress on screen, and acting on a job.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Stack, startStack } from "../support/e2e.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux) {
  const message = "tmux is not installed: the terminal dashboard end-to-end tests cannot run";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n!!! ${message}; skipping them !!!\n`);
}

const SESSION = `dutyleak-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", args, { encoding: "utf8", env: { ...process.env, TMUX: "" } });
const screen = () => tmux("capture-pane", "-p", "-t", SESSION);
const rowOf = (jobId: string) =>
  screen()
    .split("\n")
    .find((line) => line.includes(jobId.slice(-7)));

describe.skipIf(!hasTmux)("terminal dashboard in tmux", () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    token = await stack.token("admin@acme.test");
    const tsx = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
    const command = [
      `cd ${ROOT} &&`,
      `DUTYLEAK_URL=${stack.url} DUTYLEAK_TOKEN=${token} TERM=xterm-256color LANG=C.UTF-8`,
      `${process.execPath} ${tsx} tui/main.ts --log ${path.join(ROOT, ".wrangler-logs", "tui-e2e.log")}`,
    ].join(" ");
    tmux("new-session", "-d", "-s", SESSION, "-x", "110", "-y", "30", command);
    await eventually(async () => screen().includes("live") && screen().includes("Pending"), "the dashboard to connect");
  });

  afterAll(async () => {
    try {
      tmux("send-keys", "-t", SESSION, "q");
      await new Promise((resolve) => setTimeout(resolve, 500));
      tmux("kill-session", "-t", SESSION);
    } catch {
      // Already gone after q.
    }
    await stack?.stop();
  });

  it("shows a job's progress changing live and then Completed, without a keypress", async () => {
    const { job } = await stack.api("POST", "/api/v1/jobs", token, {
      type: "test_flaky",
      payload: { items: 30, chunk: 1, delay_ms: 120 },
    });
    const seen = new Set<string>();
    await eventually(
      async () => {
        const row = rowOf(job.id);
        const percent = row?.match(/(\d+)%/)?.[1];
        if (percent) seen.add(percent);
        return row?.includes("Completed");
      },
      "the row to reach Completed",
      60_000,
    );
    const partial = [...seen].map(Number).filter((p) => p > 0 && p < 100);
    expect(partial.length).toBeGreaterThan(0);
    expect(rowOf(job.id)).toMatch(/Completed.*100%/);
  });

  it("retries a dead-lettered job with r and shows it come back", async () => {
    const { job } = await stack.api("POST", "/api/v1/jobs", token, {
      type: "test_flaky",
      payload: { items: 3, fail_attempts: 99 },
    });
    await eventually(async () => rowOf(job.id)?.includes("Dead Letter"), "the row to show Dead Letter", 60_000);
    tmux("send-keys", "-t", SESSION, "/");
    tmux("send-keys", "-t", SESSION, job.id.slice(-8), "Enter");
    await eventually(async () => screen().includes(job.id), "the job's detail to open");
    tmux("send-keys", "-t", SESSION, "r");
    await eventually(async () => {
      const detail = await stack.api("GET", `/api/v1/jobs/${job.id}`, token);
      return detail.events.some(
        (e: { kind: string; actor: string }) => e.kind === "retried" && e.actor === "admin@acme.test",
      );
    }, "the retry to reach the API");
    tmux("send-keys", "-t", SESSION, "Escape");
    // fail_runs defaults to 1, so the retried run succeeds: the row leaves Dead Letter for Pending/Running/Completed.
    await eventually(async () => /Pending|Running|Completed/.test(rowOf(job.id) ?? ""), "the row to come back", 30_000);
    expect(rowOf(job.id)).not.toContain("Dead Letter");
  });
});
