// The Retention section: how many days each ended status stays in D1. Owners get the form (each refused field says
// why beside it, what was typed kept); admins see the values and that only owners change them.
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, type Retention } from "../../worker/api/retention.ts";
import type { Role } from "../../worker/api/schema.ts";
import {
  ARCHIVES_PATH,
  RETENTION_FIELDS,
  type RetentionFormErrors,
  type RetentionFormValues,
} from "./retention-fields.ts";

export interface RetentionSectionProps {
  role: Role;
  retention: Retention;
  /** A refused form: what was typed and why (owners only). */
  form?: { values: RetentionFormValues; errors: RetentionFormErrors } | undefined;
}

const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

function RetentionForm({ retention, form }: Pick<RetentionSectionProps, "retention" | "form">) {
  const refused = form && Object.keys(form.errors).length > 0;
  return (
    <form class="retention-form" method="post" action={`${ARCHIVES_PATH}/retention`} novalidate>
      {refused ? (
        <div class="form-errors" id="retention-errors" role="alert">
          <p>Retention was not saved: check the fields marked below.</p>
        </div>
      ) : null}
      {RETENTION_FIELDS.map(({ key, label, id }) => {
        const messages = form?.errors[key] ?? [];
        const errorId = `${id}-error`;
        return (
          <div class={`form-field${messages.length > 0 ? " is-invalid" : ""}`}>
            <label for={id}>{`${label} (days)`}</label>
            <input
              type="number"
              id={id}
              name={key}
              min={MIN_RETENTION_DAYS}
              max={MAX_RETENTION_DAYS}
              step={1}
              inputmode="numeric"
              required
              value={form ? form.values[key] : String(retention[key])}
              aria-describedby={messages.length > 0 ? errorId : undefined}
              aria-invalid={messages.length > 0 ? "true" : undefined}
            />
            {messages.length > 0 ? (
              <p class="field-error" id={errorId}>
                {`${label}: ${messages.join("; ")}.`}
              </p>
            ) : null}
          </div>
        );
      })}
      <button type="submit" class="btn btn-primary" id="retention-save">
        Save retention
      </button>
    </form>
  );
}

export function RetentionSection({ role, retention, form }: RetentionSectionProps) {
  return (
    <section class="panel" id="retention" aria-labelledby="retention-title">
      <h2 id="retention-title">Retention</h2>
      <p class="hint">
        {`Ended jobs older than this leave D1 — archived first, with their events, rejected rows and findings, to the day's archive below. From ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} days.`}
      </p>
      {role === "owner" ? (
        <RetentionForm retention={retention} form={form} />
      ) : (
        <>
          <dl class="facts retention-facts">
            {RETENTION_FIELDS.map(({ key, label }) => (
              <div>
                <dt>{label}</dt>
                <dd>{days(retention[key])}</dd>
              </div>
            ))}
          </dl>
          <p class="hint">Only owners change retention.</p>
        </>
      )}
    </section>
  );
}
