// The bench workspace's running limit (DESIGN.md "Lanes"), set straight in D1 because the API caps it at 50 and the
// bench's token is an admin's: benches that compare a drain with a peer's concurrency give the workspace the same
// width, and put the shipped default back afterwards.
import { query } from "../seed/d1-execute.ts";
import type { Stack } from "./stack.ts";

export const SHIPPED_MAX_RUNNING = 4;

export async function setMaxRunning(stack: Stack, maxRunning: number): Promise<void> {
  await query(stack.persistTo, `UPDATE workspaces SET max_running = ${maxRunning} WHERE id = '${stack.workspaceId}'`);
  const response = await fetch(`${stack.url}/api/v1/settings`, { headers: stack.auth });
  const { max_running: got } = (await response.json()) as { max_running?: number };
  if (got !== maxRunning) throw new Error(`the bench workspace's max_running is ${got}, not ${maxRunning}`);
}

/** Runs `work` with the bench workspace at `maxRunning`, then back at the shipped default. */
export async function withMaxRunning<T>(stack: Stack, maxRunning: number, work: () => Promise<T>): Promise<T> {
  await setMaxRunning(stack, maxRunning);
  try {
    return await work();
  } finally {
    await setMaxRunning(stack, SHIPPED_MAX_RUNNING);
  }
}
