// The New rule form: name, kind (in words), job type, the three numbers with hints saying which kinds use them,
// the channel (Webhook or Slack) and its URL. After a refusal it shows what was typed, a summary linking to each
// refused field, and each field's message beside it (aria-describedby, aria-invalid). A plain form post, no script.
import { ALERT_KINDS, CHANNEL_KINDS } from "../../worker/api/alerts.ts";
import { TypeSelect } from "../components/TypeSelect.tsx";
import { described, errorId, Field, FieldError, NumberField, Summary } from "./RuleFormFields.tsx";
import { RULE_FIELDS, type RuleFormErrors, type RuleFormValues } from "./rule-form.ts";
import { CHANNEL_LABELS, KIND_OPTIONS } from "./words.ts";

const CHANNEL_HINTS = {
  webhook: "signed the Standard Webhooks way; its secret is shown once, next",
  slack: "a Slack incoming-webhook URL",
} as const;

export function RuleForm({
  values,
  errors,
  types,
}: {
  values: RuleFormValues;
  errors: RuleFormErrors;
  types: string[];
}) {
  return (
    <section class="panel" id="new-rule" aria-labelledby="new-rule-title">
      <h2 id="new-rule-title">New rule</h2>
      <Summary errors={errors} />
      <form class="rule-form" method="post" action="/admin/alerts" novalidate>
        <Field field="name" errors={errors}>
          <input
            type="text"
            id={RULE_FIELDS.name.id}
            name="name"
            maxlength={100}
            placeholder="Dead letters"
            value={values.name}
            {...described("name", errors, false)}
          />
        </Field>
        <Field field="kind" errors={errors}>
          <select id={RULE_FIELDS.kind.id} name="kind" {...described("kind", errors, false)}>
            {ALERT_KINDS.map((kind) => (
              <option value={kind} selected={values.kind === kind}>
                {KIND_OPTIONS[kind]}
              </option>
            ))}
          </select>
        </Field>
        <Field field="type" errors={errors} hint="The rule watches jobs of this type only, or of every type.">
          <TypeSelect
            id={RULE_FIELDS.type.id}
            selected={values.type || undefined}
            types={types}
            autosubmit={false}
            describedBy={described("type", errors, true)["aria-describedby"]}
            invalid={Boolean(errors.type)}
          />
        </Field>
        <NumberField field="threshold" values={values} errors={errors} step="any" />
        <NumberField field="window_minutes" values={values} errors={errors} step="1" />
        <NumberField field="min_jobs" values={values} errors={errors} step="1" />
        <fieldset
          class={`form-field channel-field${errors["channel.kind"] ? " is-invalid" : ""}`}
          aria-describedby={errors["channel.kind"] ? errorId("channel.kind") : undefined}
        >
          <legend>Channel</legend>
          {CHANNEL_KINDS.map((kind) => (
            <label class="check">
              <input
                type="radio"
                id={`rule-channel-${kind}`}
                name="channel_kind"
                value={kind}
                checked={values.channel_kind === kind}
              />
              <span>
                {CHANNEL_LABELS[kind]} <span class="muted">({CHANNEL_HINTS[kind]})</span>
              </span>
            </label>
          ))}
          <FieldError field="channel.kind" errors={errors} />
        </fieldset>
        <Field
          field="channel.url"
          errors={errors}
          hint="Where alerts are sent. Lists show only its host; keep the URL itself private (a Slack URL is its token)."
        >
          <input
            type="url"
            id={RULE_FIELDS["channel.url"].id}
            name="channel_url"
            maxlength={2000}
            placeholder="https://hooks.slack.com/services/…"
            value={values.channel_url}
            {...described("channel.url", errors, true)}
          />
        </Field>
        <button type="submit" class="btn btn-primary" id="rule-create">
          Create rule
        </button>
      </form>
    </section>
  );
}
