// The New schedule form's building blocks: a labelled field with its hint and its error beside it (the hint and the
// error describe the control, a refused control says so), and the summary that links to each refused field.
import type { Child } from "hono/jsx";
import {
  fieldMessages,
  fieldOf,
  problemText,
  SCHEDULE_FIELDS,
  type ScheduleField,
  type ScheduleFormErrors,
} from "./schedule-form.ts";

export const errorId = (field: ScheduleField) => `${SCHEDULE_FIELDS[field].id}-error`;
export const hintId = (field: ScheduleField) => `${SCHEDULE_FIELDS[field].id}-hint`;

const refused = (field: ScheduleField, errors: ScheduleFormErrors) => fieldMessages(field, errors).length > 0;

/** The aria attributes of a control: its hint and its error describe it; a refused control says so. */
export function described(field: ScheduleField, errors: ScheduleFormErrors, hint: boolean) {
  const invalid = refused(field, errors);
  const ids = [hint ? hintId(field) : null, invalid ? errorId(field) : null].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": invalid ? ("true" as const) : undefined };
}

export function FieldError({ field, errors }: { field: ScheduleField; errors: ScheduleFormErrors }) {
  const messages = fieldMessages(field, errors);
  if (messages.length === 0) return null;
  return (
    <p class="field-error" id={errorId(field)}>
      {messages.join(" ")}
    </p>
  );
}

export function Field({
  field,
  hint,
  errors,
  extra,
  children,
}: {
  field: ScheduleField;
  hint?: Child;
  errors: ScheduleFormErrors;
  /** What follows the hint (the time zone's "use this browser's zone"). */
  extra?: Child;
  children: Child;
}) {
  return (
    <div class={`form-field${refused(field, errors) ? " is-invalid" : ""}`}>
      <label for={SCHEDULE_FIELDS[field].id}>{SCHEDULE_FIELDS[field].label}</label>
      {children}
      {hint ? (
        <p class="hint" id={hintId(field)}>
          {hint}
        </p>
      ) : null}
      {extra}
      <FieldError field={field} errors={errors} />
    </div>
  );
}

const FIELD_ORDER = Object.keys(SCHEDULE_FIELDS);

/** A problem's place in the summary: its field's place in the form (problems no field shows come last). */
const place = (key: string) => {
  const at = fieldOf(key);
  return at ? FIELD_ORDER.indexOf(at.field) : FIELD_ORDER.length;
};

export function Summary({ errors }: { errors: ScheduleFormErrors }) {
  // In the form's order, whichever check found them first.
  const entries = Object.entries(errors).sort(([a], [b]) => place(a) - place(b));
  if (entries.length === 0) return null;
  return (
    <div class="form-errors" id="schedule-form-errors" role="alert">
      <p>The schedule was not created. Check these fields:</p>
      <ul>
        {entries.map(([key, messages]) => {
          const at = fieldOf(key);
          if (!at) {
            return (
              <li>
                <code>{key}</code> {messages.join("; ")}
              </li>
            );
          }
          return (
            <li>
              <a href={`#${SCHEDULE_FIELDS[at.field].id}`}>{problemText(at.field, at.inner, messages)}</a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
