// A start card for every registered job type with a start form (data_import has the upload form instead): each posts
// its type and the fields its declaration names (worker/api/job-types.ts), from which the server builds the payload.
import { JOB_TYPE_DECLARATIONS, type JobType, type StartField, typeLabel } from "../../worker/api/job-types.ts";
import { PrioritySelect } from "./PrioritySelect.tsx";

function Field({ field }: { field: StartField }) {
  if (field.kind === "checkbox") {
    return (
      <label class="check">
        <input type="checkbox" name={field.name} value="true" />
        <span>{field.label}</span>
      </label>
    );
  }
  return (
    <label>
      <span>{field.label}</span>
      <select name={field.name}>
        {field.options.map((option) => (
          <option value={option.value}>{option.label}</option>
        ))}
      </select>
    </label>
  );
}

export function StartJobForms({ types, formKey }: { types: JobType[]; formKey: string }) {
  if (types.length === 0) return null;
  return (
    <div class="cards">
      {types.map((type) => {
        const declaration = JOB_TYPE_DECLARATIONS[type];
        const fields = declaration.startForm.kind === "fields" ? declaration.startForm.fields : [];
        return (
          <form class="card stack" method="post" action="/imports/start" data-type={type}>
            <h3>{typeLabel(type)}</h3>
            <p class="muted">{declaration.description}</p>
            <input type="hidden" name="type" value={type} />
            <input type="hidden" name="form_key" value={`${formKey}-${type.replaceAll("_", "-")}`} />
            {fields.map((field) => (
              <Field field={field} />
            ))}
            <PrioritySelect id={`${type}-priority`} />
            <button type="submit" class="btn">
              {`Start ${typeLabel(type).toLowerCase()}`}
            </button>
          </form>
        );
      })}
    </div>
  );
}
