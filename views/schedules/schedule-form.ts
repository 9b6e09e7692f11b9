// The New schedule form's state: what was typed (kept on a 422), the problems keyed like the API's details (`cron`,
// `payload.items`…), and the input id and label of each field, so an error sits next to its field.
import type { Overlap } from "./words.ts";

export interface ScheduleFormValues {
  name: string;
  cron: string;
  timezone: string;
  type: string;
  /** The payload as typed (JSON text). */
  payload: string;
  priority: "high" | "normal" | "low";
  overlap: Overlap;
  /** "Start paused" was ticked. */
  paused: boolean;
}

/** Messages per field, keyed by the API's field path; anything else goes in the form's summary. */
export type ScheduleFormErrors = Record<string, string[]>;

export const EMPTY_SCHEDULE_FORM: ScheduleFormValues = {
  name: "",
  cron: "",
  timezone: "UTC",
  type: "",
  payload: "{}",
  priority: "normal",
  overlap: "skip",
  paused: false,
};

export const SCHEDULE_FIELDS = {
  name: { id: "schedule-name", label: "Name" },
  cron: { id: "schedule-cron", label: "Cron" },
  timezone: { id: "schedule-timezone", label: "Time zone" },
  type: { id: "schedule-type", label: "Job type" },
  payload: { id: "schedule-payload", label: "Payload" },
  priority: { id: "schedule-priority", label: "Priority" },
  overlap: { id: "schedule-overlap-skip", label: "Overlap" },
  enabled: { id: "schedule-paused", label: "Start paused" },
} as const;

export type ScheduleField = keyof typeof SCHEDULE_FIELDS;

/**
 * The field a problem belongs to, and what inside it (a payload's own fields, `payload.items`, sit with the
 * payload box), or null for a problem no field shows (it goes in the summary alone).
 */
export function fieldOf(key: string): { field: ScheduleField; inner: string | null } | null {
  if (Object.hasOwn(SCHEDULE_FIELDS, key)) return { field: key as ScheduleField, inner: null };
  if (key.startsWith("payload.")) return { field: "payload", inner: key.slice("payload.".length) };
  return null;
}

/**
 * A field's problem after its name: "Name is required", but "Time zone: unknown time zone…" and "Cron: Invalid value
 * for minute: 61" (croner's own words), so the label never runs into a message that does not continue it.
 */
export function problemText(field: ScheduleField, inner: string | null, messages: string[]): string {
  const label = `${SCHEDULE_FIELDS[field].label}${inner ? ` ${inner}` : ""}`;
  const text = messages.join("; ");
  return /^(is|are|must|has|have|cannot|should) /.test(text) ? `${label} ${text}` : `${label}: ${text}`;
}

/** The problems of one field (its own and, for the payload, its inner fields'), as sentences. */
export function fieldMessages(field: ScheduleField, errors: ScheduleFormErrors): string[] {
  return Object.entries(errors).flatMap(([key, messages]) => {
    const at = fieldOf(key);
    return at?.field === field ? [`${problemText(field, at.inner, messages)}.`] : [];
  });
}
