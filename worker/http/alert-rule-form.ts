// The New rule form read into the API's create input: an empty field is absent (a kind refuses numbers it has no
// use for, so an untouched box must not arrive as 0 or ""), a number box that holds no number is refused by name,
// and the rest is the API's own schema and the rules' own checks, so the page and POST /api/v1/alert-rules accept
// the same rules.
import type { RuleFormErrors, RuleFormValues } from "../../views/alerts/rule-form.ts";
import {
  ALERT_KINDS,
  type AlertRuleCreate,
  alertRuleCreateSchema,
  CHANNEL_KINDS,
  type RuleCondition,
} from "../api/alerts.ts";
import { fieldErrors, ValidationFailed } from "../api/errors.ts";
import { checked } from "../jobs/alerts/rules.ts";
import { formText } from "./page-context.ts";

const NUMBER_FIELDS = ["threshold", "window_minutes", "min_jobs"] as const;

const oneOf = <T extends string>(list: readonly T[], value: string, fallback: T): T =>
  (list as readonly string[]).includes(value) ? (value as T) : fallback;

export type ParsedRuleForm =
  | { values: RuleFormValues; input: AlertRuleCreate }
  | {
      values: RuleFormValues;
      errors: RuleFormErrors;
      /** What the rule's own checks can still look at (null when the kind itself was refused). */
      asked: RuleCondition | null;
    };

export function parseRuleForm(body: Record<string, unknown>): ParsedRuleForm {
  const text = (name: string) => (formText(body, name) ?? "").slice(0, 2_000);
  const kind = text("kind");
  const channelKind = text("channel_kind");
  // What the form shows again on a 422: as typed, except choices the form cannot show fall back to its default.
  const values: RuleFormValues = {
    name: text("name"),
    kind: oneOf(ALERT_KINDS, kind, "dead_letter"),
    type: text("type"),
    threshold: text("threshold"),
    window_minutes: text("window_minutes"),
    min_jobs: text("min_jobs"),
    channel_kind: oneOf(CHANNEL_KINDS, channelKind, "webhook"),
    channel_url: text("channel_url"),
  };
  const errors: RuleFormErrors = {};
  const numbers: Partial<Record<(typeof NUMBER_FIELDS)[number], number>> = {};
  for (const field of NUMBER_FIELDS) {
    const typed = values[field].trim();
    if (typed === "") continue;
    const value = Number(typed);
    if (Number.isFinite(value)) numbers[field] = value;
    else errors[field] = ["must be a number"];
  }
  const type = values.type.trim();
  const parsed = alertRuleCreateSchema.safeParse({
    name: values.name,
    kind,
    ...(type === "" ? {} : { type }),
    ...numbers,
    channel: { kind: channelKind, url: values.channel_url },
  });
  const asked: RuleCondition | null = (ALERT_KINDS as readonly string[]).includes(kind)
    ? {
        kind: values.kind,
        type: type === "" ? null : type,
        threshold: numbers.threshold ?? null,
        windowMinutes: numbers.window_minutes ?? null,
        minJobs: numbers.min_jobs ?? null,
      }
    : null;
  // A box that held no number was left out of the parse, so its own message is the one it gets.
  if (!parsed.success) return { values, errors: { ...fieldErrors(parsed.error), ...errors }, asked };
  if (Object.keys(errors).length > 0) return { values, errors, asked };
  return { values, input: parsed.data };
}

/**
 * Every problem of a refused form: the schema's, and what the rule's own checks (per kind, the URL policy) say about
 * the rest, so one answer names them all rather than one round each. The form's own messages win for a field.
 */
export function allProblems(
  env: Env,
  form: { values: RuleFormValues; errors: RuleFormErrors; asked: RuleCondition | null },
) {
  if (!form.asked) return form.errors;
  try {
    checked(env, form.asked, { kind: form.values.channel_kind, url: form.values.channel_url.trim() });
    return form.errors;
  } catch (error) {
    if (error instanceof ValidationFailed) return { ...error.fields, ...form.errors };
    throw error;
  }
}
