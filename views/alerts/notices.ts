// What the alerts page says after an action (the redirect names the action and the rule, never free text).
import type { AlertRuleJson } from "../../worker/api/alerts.ts";
import { CHANNEL_LABELS, urlHost } from "./words.ts";

export const ALERT_NOTICES = ["created", "tested", "disabled", "enabled", "deleted"] as const;
export type AlertNotice = (typeof ALERT_NOTICES)[number];

const channelText = (rule: AlertRuleJson) => `${CHANNEL_LABELS[rule.channel.kind]} at ${urlHost(rule.channel.url)}`;

/** The sentence for `done`, or null when the rule it names is gone (only Delete has no rule to name). */
export function noticeText(done: AlertNotice, rule: AlertRuleJson | null): string | null {
  if (done === "deleted") return "The rule was deleted.";
  if (!rule) return null;
  switch (done) {
    case "created":
      return `Rule ${rule.name} created: its alerts go to ${channelText(rule)}.`;
    case "tested":
      return `Test sent to ${channelText(rule)}; see its delivery below.`;
    case "disabled":
      return `${rule.name} is off: it opens no incidents, and one it had open is resolved.`;
    case "enabled":
      return `${rule.name} is on again.`;
  }
}
