// The New rule form's state: what was typed (kept on a 422), the problems keyed like the API's details
// (`threshold`, `channel.url`…), and the input id and label of each field, so an error sits next to its field.
import type { AlertKind, ChannelKind } from "../../worker/api/alerts.ts";

export interface RuleFormValues {
  name: string;
  kind: AlertKind;
  type: string;
  threshold: string;
  window_minutes: string;
  min_jobs: string;
  channel_kind: ChannelKind;
  channel_url: string;
}

/** Messages per field, keyed by the API's field path; anything else goes in the form's summary. */
export type RuleFormErrors = Record<string, string[]>;

export const EMPTY_RULE_FORM: RuleFormValues = {
  name: "",
  kind: "dead_letter",
  type: "",
  threshold: "",
  window_minutes: "",
  min_jobs: "",
  channel_kind: "webhook",
  channel_url: "",
};

export const RULE_FIELDS = {
  name: { id: "rule-name", label: "Name" },
  kind: { id: "rule-kind", label: "Kind" },
  type: { id: "rule-type", label: "Job type" },
  threshold: { id: "rule-threshold", label: "Threshold" },
  window_minutes: { id: "rule-window", label: "Window (minutes)" },
  min_jobs: { id: "rule-min-jobs", label: "Minimum jobs" },
  "channel.kind": { id: "rule-channel-webhook", label: "Channel" },
  "channel.url": { id: "rule-url", label: "URL" },
} as const;

export type RuleField = keyof typeof RULE_FIELDS;

export const isRuleField = (key: string): key is RuleField => Object.hasOwn(RULE_FIELDS, key);
