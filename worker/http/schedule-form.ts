// The New schedule form read into the API's create input: an empty box is absent (the API's defaults apply: UTC,
// `{}`, normal, skip), the payload box must hold JSON (a parse error is that field's own message), "start paused" is
// `enabled: false`, and the rest is the API's own schema and the schedule's own checks (croner, the type's payload
// schema), so the page and POST /api/v1/schedules accept the same schedules.
import type { ScheduleFormErrors, ScheduleFormValues } from "../../views/schedules/schedule-form.ts";
import { fieldErrors, ValidationFailed } from "../api/errors.ts";
import { PRIORITIES } from "../api/priority.ts";
import { OVERLAPS, type ScheduleCreate, scheduleCreateSchema } from "../api/schedules.ts";
import { checkSchedule } from "../jobs/schedules/manage.ts";
import { formText } from "./page-context.ts";

const oneOf = <T extends string>(list: readonly T[], value: string, fallback: T): T =>
  (list as readonly string[]).includes(value) ? (value as T) : fallback;

/** What the schedule's own checks can still look at in a refused form. */
interface Asked {
  cron: string;
  timezone: string;
  type: string;
  /** The payload, when its box held JSON (absent is `{}`, as the API takes it). */
  payload: { parsed: true; value: unknown } | { parsed: false };
}

export type ParsedScheduleForm =
  | { values: ScheduleFormValues; input: ScheduleCreate }
  | { values: ScheduleFormValues; errors: ScheduleFormErrors; asked: Asked };

function parsedPayload(typed: string): Asked["payload"] & { problem?: string } {
  if (typed.trim() === "") return { parsed: true, value: {} };
  try {
    return { parsed: true, value: JSON.parse(typed) };
  } catch (error) {
    return { parsed: false, problem: error instanceof Error ? error.message : "unreadable" };
  }
}

export function parseScheduleForm(body: Record<string, unknown>): ParsedScheduleForm {
  const text = (name: string) => (formText(body, name) ?? "").slice(0, 2_000);
  const priority = text("priority").trim();
  const overlap = text("overlap").trim();
  // What the form shows again on a 422: as typed, except choices the form cannot show fall back to its default.
  const values: ScheduleFormValues = {
    name: text("name"),
    cron: text("cron"),
    timezone: text("timezone"),
    type: text("type"),
    // Not cut short: a shortened payload would be refused for the cut, not for what was typed.
    payload: formText(body, "payload") ?? "",
    priority: oneOf(PRIORITIES, priority, "normal"),
    overlap: oneOf(OVERLAPS, overlap, "skip"),
    paused: formText(body, "paused") === "yes",
  };
  const errors: ScheduleFormErrors = {};
  const payload = parsedPayload(values.payload);
  if (!payload.parsed) errors.payload = [`is not valid JSON (${payload.problem})`];
  const type = values.type.trim();
  // The select's empty choice ("Choose a type") would get the schema's words for an empty string.
  if (type === "") errors.type = ["is required: choose the type of job each run creates"];
  const timezone = values.timezone.trim();
  const parsed = scheduleCreateSchema.safeParse({
    name: values.name,
    cron: values.cron,
    ...(timezone === "" ? {} : { timezone }),
    type,
    ...(payload.parsed ? { payload: payload.value } : {}),
    ...(priority === "" ? {} : { priority }),
    ...(overlap === "" ? {} : { overlap }),
    enabled: !values.paused,
  });
  const asked: Asked = {
    cron: values.cron.trim(),
    timezone: timezone || "UTC",
    type,
    payload: payload.parsed ? { parsed: true, value: payload.value } : { parsed: false },
  };
  // The form's own message wins for a field (a payload that is no JSON was left out of the parse).
  if (!parsed.success) return { values, errors: { ...fieldErrors(parsed.error), ...errors }, asked };
  if (Object.keys(errors).length > 0) return { values, errors, asked };
  return { values, input: parsed.data };
}

/**
 * Every problem of a refused form: the form's and the schema's, and what the schedule's own checks (cron and time
 * zone by croner, the type, the payload by its type's schema) say about the rest, so one answer names them all
 * rather than one round each. The form's own messages win for a field.
 */
export function allScheduleProblems(env: Env, form: { errors: ScheduleFormErrors; asked: Asked }): ScheduleFormErrors {
  const { asked } = form;
  try {
    checkSchedule(env, { ...asked, payload: asked.payload.parsed ? asked.payload.value : {} });
    return form.errors;
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    // A payload that is no JSON was not checked against its type: what the check says about `{}` is not about it.
    const found = Object.entries(error.fields).filter(
      ([key]) => asked.payload.parsed || !(key === "payload" || key.startsWith("payload.")),
    );
    return { ...Object.fromEntries(found), ...form.errors };
  }
}
