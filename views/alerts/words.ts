// What the alerts pages call things: each kind and channel in words, the hints each number field gets from
// KIND_LIMITS (which kinds use it, its range and default), and a channel URL shown by its host alone (a Slack
// incoming-webhook URL carries its token in the path, so neither path nor query is ever shown).
import { ALERT_KINDS, type AlertKind, type ChannelKind, KIND_LIMITS } from "../../worker/api/alerts.ts";

export const KIND_LABELS: Record<AlertKind, string> = {
  dead_letter: "Dead letter",
  failure_rate: "Failure rate",
  wait_time: "Wait time",
  stalled: "Stalled",
};

/** The kind select's options: the name and what it watches. */
export const KIND_OPTIONS: Record<AlertKind, string> = {
  dead_letter: "Dead letter: a job is dead-lettered",
  failure_rate: "Failure rate: too many of a type's jobs fail",
  wait_time: "Wait time: a pending job waits too long",
  stalled: "Stalled: a running job makes no progress",
};

/** Where an incident's jobs are listed, by kind (alertLink picks the page). */
export const LIST_LABELS: Record<AlertKind, string> = {
  dead_letter: "Dead-lettered jobs",
  failure_rate: "Error groups",
  wait_time: "Pending jobs",
  stalled: "Running jobs",
};

export const CHANNEL_LABELS: Record<ChannelKind, string> = { webhook: "Webhook", slack: "Slack" };

/** The host (and port) of a channel URL: enough to recognise it, never the path or query that may hold a token. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "an invalid URL";
  }
}

const kindsUsing = (field: "threshold" | "window" | "minJobs") =>
  ALERT_KINDS.filter((kind) => KIND_LIMITS[kind][field] !== null);
const kindsNotUsing = (field: "threshold" | "window" | "minJobs") =>
  ALERT_KINDS.filter((kind) => KIND_LIMITS[kind][field] === null);
const names = (kinds: readonly AlertKind[]) => kinds.map((kind) => KIND_LABELS[kind]).join(", ");

function thresholdHint(): string {
  const parts = kindsUsing("threshold").map((kind) => {
    const limit = KIND_LIMITS[kind].threshold;
    return limit ? `${KIND_LABELS[kind]}: ${limit.unit} ${limit.min}–${formatLimit(limit.max)}` : "";
  });
  return `Required for ${parts.join("; ")}. Leave empty for ${names(kindsNotUsing("threshold"))}.`;
}

function windowHint(): string {
  const parts = kindsUsing("window").map((kind) => {
    const limit = KIND_LIMITS[kind].window;
    return limit ? `${KIND_LABELS[kind]}: ${limit.min}–${formatLimit(limit.max)}, default ${limit.default}` : "";
  });
  return `${parts.join("; ")}. For Dead letter, how long the incident stays open after the last one. Leave empty for ${names(kindsNotUsing("window"))}.`;
}

function minJobsHint(): string {
  const parts = kindsUsing("minJobs").map((kind) => {
    const limit = KIND_LIMITS[kind].minJobs;
    return limit ? `${KIND_LABELS[kind]} only: ${limit.min}–${formatLimit(limit.max)}, default ${limit.default}` : "";
  });
  return `${parts.join("; ")}; fewer ended jobs never fire. Leave empty for the other kinds.`;
}

const formatLimit = (n: number) => n.toLocaleString("en-US");

export const FIELD_HINTS = {
  threshold: thresholdHint(),
  window_minutes: windowHint(),
  min_jobs: minJobsHint(),
} as const;
