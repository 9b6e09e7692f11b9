// The New schedule form: name, cron (5 fields, with an example), time zone (any IANA name; a list suggests the common
// ones, and with our script a button fills in the browser's own), job type, payload as JSON, priority, overlap and
// "start paused". After a refusal it shows what was typed, a summary linking to each refused field, and each field's
// message beside it (aria-describedby, aria-invalid). A plain form post.
import { PRIORITIES, PRIORITY_LABELS } from "../../worker/api/priority.ts";
import { OVERLAPS } from "../../worker/api/schedules.ts";
import { TypeSelect } from "../components/TypeSelect.tsx";
import { SCHEDULES_PATH } from "./paths.ts";
import { described, errorId, Field, FieldError, Summary } from "./ScheduleFormFields.tsx";
import { SCHEDULE_FIELDS, type ScheduleFormErrors, type ScheduleFormValues } from "./schedule-form.ts";
import { OVERLAP_HINTS, OVERLAP_LABELS, TIME_ZONES } from "./words.ts";

const CRON_HINT = (
  <>
    Five fields: minute, hour, day of month, month, day of week. <code>30 2 * * *</code> is 02:30 every day;{" "}
    <code>*/15 * * * *</code> every 15 minutes; <code>0 9 * * 1-5</code> 09:00 Monday to Friday.
  </>
);

function OverlapField({ values, errors }: { values: ScheduleFormValues; errors: ScheduleFormErrors }) {
  const invalid = Boolean(errors.overlap);
  return (
    <fieldset
      class={`form-field schedule-overlap${invalid ? " is-invalid" : ""}`}
      aria-describedby={invalid ? errorId("overlap") : undefined}
    >
      <legend>Overlap</legend>
      {OVERLAPS.map((overlap) => (
        <label class="check">
          <input
            type="radio"
            id={`schedule-overlap-${overlap}`}
            name="overlap"
            value={overlap}
            checked={values.overlap === overlap}
          />
          <span>
            {OVERLAP_LABELS[overlap]} <span class="muted">({OVERLAP_HINTS[overlap]})</span>
          </span>
        </label>
      ))}
      <FieldError field="overlap" errors={errors} />
    </fieldset>
  );
}

export function ScheduleForm({
  values,
  errors,
  types,
}: {
  values: ScheduleFormValues;
  errors: ScheduleFormErrors;
  types: string[];
}) {
  return (
    <section class="panel" id="new-schedule" aria-labelledby="new-schedule-title">
      <h2 id="new-schedule-title">New schedule</h2>
      <Summary errors={errors} />
      <form class="schedule-form" method="post" action={SCHEDULES_PATH} novalidate>
        <Field field="name" errors={errors}>
          <input
            type="text"
            id={SCHEDULE_FIELDS.name.id}
            name="name"
            maxlength={100}
            placeholder="Nightly export"
            value={values.name}
            {...described("name", errors, false)}
          />
        </Field>
        <Field field="cron" errors={errors} hint={CRON_HINT}>
          <input
            type="text"
            id={SCHEDULE_FIELDS.cron.id}
            name="cron"
            class="mono"
            maxlength={100}
            placeholder="30 2 * * *"
            autocomplete="off"
            spellcheck={false}
            value={values.cron}
            {...described("cron", errors, true)}
          />
        </Field>
        <Field
          field="timezone"
          errors={errors}
          hint="The cron's times are read in this zone, daylight saving included. Any IANA name, such as Europe/Berlin."
          extra={
            <button type="button" class="btn btn-small zone-button" data-zone-for={SCHEDULE_FIELDS.timezone.id} hidden>
              Use this browser's zone
            </button>
          }
        >
          <input
            type="text"
            id={SCHEDULE_FIELDS.timezone.id}
            name="timezone"
            list="schedule-timezones"
            maxlength={64}
            autocomplete="off"
            spellcheck={false}
            value={values.timezone}
            {...described("timezone", errors, true)}
          />
        </Field>
        <datalist id="schedule-timezones">
          {TIME_ZONES.map((zone) => (
            <option value={zone} />
          ))}
        </datalist>
        <Field field="type" errors={errors} hint="Each due time creates one job of this type.">
          <TypeSelect
            id={SCHEDULE_FIELDS.type.id}
            selected={values.type || undefined}
            types={types}
            autosubmit={false}
            emptyLabel="Choose a type"
            describedBy={described("type", errors, true)["aria-describedby"]}
            invalid={Boolean(described("type", errors, true)["aria-invalid"])}
          />
        </Field>
        <Field field="priority" errors={errors}>
          <select id={SCHEDULE_FIELDS.priority.id} name="priority" {...described("priority", errors, false)}>
            {PRIORITIES.map((priority) => (
              <option value={priority} selected={values.priority === priority}>
                {PRIORITY_LABELS[priority]}
              </option>
            ))}
          </select>
        </Field>
        <div class="schedule-form-wide">
          <Field
            field="payload"
            errors={errors}
            hint="The job's payload as JSON, checked against its type now and at every run. {} takes the type's defaults."
          >
            <textarea
              id={SCHEDULE_FIELDS.payload.id}
              name="payload"
              class="mono"
              rows={4}
              spellcheck={false}
              {...described("payload", errors, true)}
            >
              {values.payload}
            </textarea>
          </Field>
        </div>
        <OverlapField values={values} errors={errors} />
        <div class={`form-field${errors.enabled ? " is-invalid" : ""}`}>
          <label class="check">
            <input
              type="checkbox"
              id={SCHEDULE_FIELDS.enabled.id}
              name="paused"
              value="yes"
              checked={values.paused}
              {...described("enabled", errors, false)}
            />
            <span>
              Start paused <span class="muted">(it creates no job until resumed)</span>
            </span>
          </label>
          <FieldError field="enabled" errors={errors} />
        </div>
        <button type="submit" class="btn btn-primary" id="schedule-create">
          Create schedule
        </button>
      </form>
    </section>
  );
}
