// The New rule form's building blocks: a labelled field with its hint and its error beside it (the error and hint
// describe the control, a refused control says so), and the summary that links to each refused field.
import type { Child } from "hono/jsx";
import { isRuleField, RULE_FIELDS, type RuleField, type RuleFormErrors, type RuleFormValues } from "./rule-form.ts";
import { FIELD_HINTS } from "./words.ts";

export const errorId = (field: RuleField) => `${RULE_FIELDS[field].id}-error`;
const hintId = (field: RuleField) => `${RULE_FIELDS[field].id}-hint`;

/** The aria attributes of a field: its hint and its error describe it; a refused field says so. */
export function described(field: RuleField, errors: RuleFormErrors, hint: boolean) {
  const refused = Boolean(errors[field]);
  const ids = [hint ? hintId(field) : null, refused ? errorId(field) : null].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": refused ? "true" : undefined };
}

export function FieldError({ field, errors }: { field: RuleField; errors: RuleFormErrors }) {
  const messages = errors[field];
  if (!messages) return null;
  return (
    <p class="field-error" id={errorId(field)}>
      {`${RULE_FIELDS[field].label} ${messages.join("; ")}.`}
    </p>
  );
}

export function Field({
  field,
  hint,
  errors,
  children,
}: {
  field: RuleField;
  hint?: string;
  errors: RuleFormErrors;
  children: Child;
}) {
  return (
    <div class={`form-field${errors[field] ? " is-invalid" : ""}`}>
      <label for={RULE_FIELDS[field].id}>{RULE_FIELDS[field].label}</label>
      {children}
      {hint ? (
        <p class="hint" id={hintId(field)}>
          {hint}
        </p>
      ) : null}
      <FieldError field={field} errors={errors} />
    </div>
  );
}

export function NumberField({
  field,
  values,
  errors,
  step,
}: {
  field: "threshold" | "window_minutes" | "min_jobs";
  values: RuleFormValues;
  errors: RuleFormErrors;
  step: string;
}) {
  return (
    <Field field={field} hint={FIELD_HINTS[field]} errors={errors}>
      <input
        type="number"
        id={RULE_FIELDS[field].id}
        name={field}
        inputmode={step === "1" ? "numeric" : "decimal"}
        step={step}
        value={values[field]}
        {...described(field, errors, true)}
      />
    </Field>
  );
}

export function Summary({ errors }: { errors: RuleFormErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="form-errors" id="rule-form-errors" role="alert">
      <p>The rule was not created. Check these fields:</p>
      <ul>
        {entries.map(([key, messages]) =>
          isRuleField(key) ? (
            <li>
              <a href={`#${RULE_FIELDS[key].id}`}>{`${RULE_FIELDS[key].label} ${messages.join("; ")}`}</a>
            </li>
          ) : (
            <li>
              <code>{key}</code> {messages.join("; ")}
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
