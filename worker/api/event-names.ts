// Event kinds as an operator reads them, one table for the job page's history and the TUI's: the kinds the worker
// writes, "by operator" where a person did what the engine also does, and a readable fallback for any other kind.

/** The engine's and the actions' own actor for what nobody did by hand (worker/jobs/engine.ts, actions.ts). */
const SYSTEM_ACTOR = "system";

/**
 * The event kinds the worker writes (worker/jobs/engine.ts, actions.ts, dead-letter.ts, callbacks.ts and the data
 * layer's create/claim/bulk-retry statements), as an operator would say them. A kind not listed here (a newer
 * server) still reads well through the generic fallback.
 */
const EVENT_LABELS: Record<string, string> = {
  created: "Created",
  started: "Started",
  recovered: "Recovered (lease lost)",
  completed: "Completed",
  failed: "Failed",
  retry_scheduled: "Retry scheduled",
  attempts_exhausted: "Attempts exhausted",
  dead_lettered: "Dead-lettered",
  retried: "Retried",
  resumed: "Resumed",
  paused: "Paused",
  cancelled: "Cancelled",
  cancel_requested: "Cancel requested",
  pause_requested: "Pause requested",
  callback_delivered: "Callback delivered",
  callback_failed: "Callback failed",
  priority_changed: "Priority changed",
};

/** Kinds that mean different things when a person did them (at once) or the engine did (at a chunk boundary). */
const BY_OPERATOR: Record<string, string> = {
  cancelled: "Cancelled by operator",
  paused: "Paused by operator",
};

export function eventLabel(kind: string, actor: string): string {
  if (actor !== SYSTEM_ACTOR && BY_OPERATOR[kind]) return BY_OPERATOR[kind];
  const known = EVENT_LABELS[kind];
  if (known) return known;
  // `fault:<point>` events are written by the soak's fault switch (worker/jobs/faults.ts).
  if (kind.startsWith("fault:")) return `Injected fault: ${kind.slice(6).replaceAll("_", " ")}`;
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
