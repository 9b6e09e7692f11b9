// What a delivery sends: a Standard Webhooks body `{type, timestamp, data: {alert, rule}}` for webhook channels, and
// Slack's incoming-webhook `{"text": …}` with a link to the job (one) or the page that lists them. Pure.
import type { AlertJson, AlertRuleJson, DeliveryEvent } from "../../api/alerts.ts";

export const WEBHOOK_TYPES: Record<DeliveryEvent, string> = {
  firing: "alert.firing",
  resolved: "alert.resolved",
  test: "alert.test",
};

export function webhookBody(event: DeliveryEvent, alert: AlertJson | null, rule: AlertRuleJson, now: number): string {
  return JSON.stringify({ type: WEBHOOK_TYPES[event], timestamp: new Date(now).toISOString(), data: { alert, rule } });
}

/** Where an incident's jobs are seen: the job itself when there is one, else the list its kind calls for. */
export function alertLink(origin: string, alert: AlertJson | null, rule: Pick<AlertRuleJson, "kind" | "type">): string {
  const type = rule.type ? `&type=${encodeURIComponent(rule.type)}` : "";
  const [first] = alert?.job_ids ?? [];
  if (alert && alert.job_count === 1 && first) return `${origin}/admin/jobs/${first}`;
  switch (rule.kind) {
    case "dead_letter":
      return `${origin}/admin/errors?status=dead_letter${type}`;
    case "failure_rate":
      return `${origin}/admin/errors${type ? `?${type.slice(1)}` : ""}`;
    case "wait_time":
      return `${origin}/admin/jobs?status=pending${type}`;
    case "stalled":
      return `${origin}/admin/jobs?status=running${type}`;
  }
}

/** Slack's mrkdwn needs &, < and > escaped in text; a link is `<url|label>`. */
const slackEscape = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export function slackBody(event: DeliveryEvent, alert: AlertJson | null, rule: AlertRuleJson, origin: string): string {
  const link = `<${alertLink(origin, alert, rule)}|${event === "firing" && alert?.job_count === 1 ? "Open the job" : "Open in DutyLeak"}>`;
  const name = `*${slackEscape(rule.name)}*`;
  const text =
    event === "firing"
      ? `:rotating_light: Firing: ${name} — ${slackEscape(alert?.summary ?? rule.condition)}. ${link}`
      : event === "resolved"
        ? `:white_check_mark: Resolved: ${name} — ${slackEscape(rule.condition)} no longer holds. ${link}`
        : `:wave: Test from DutyLeak: ${name} alerts when ${slackEscape(rule.condition)}. ${link}`;
  return JSON.stringify({ text });
}
