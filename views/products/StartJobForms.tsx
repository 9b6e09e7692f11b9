// A start form for every registered job type other than data_import (which has the upload form): each posts its type
// and the few options that type takes; the server builds the payload (worker/routes/pages-start.ts).
import { typeLabel } from "../format.ts";

const DESCRIPTIONS: Record<string, string> = {
  bulk_classification: "Suggest HS codes for every product that has none yet.",
  data_export: "Export the whole catalogue as a CSV file to download.",
  duty_optimization: "Look for lower duty rates for your products in a destination market.",
};

function Options({ type }: { type: string }) {
  if (type === "bulk_classification") {
    return (
      <label class="check">
        <input type="checkbox" name="reclassify" value="true" />
        <span>Also reclassify products the classifier already coded</span>
      </label>
    );
  }
  if (type === "duty_optimization") {
    return (
      <label>
        <span>Destination</span>
        <select name="destination">
          <option value="US">United States</option>
          <option value="EU">European Union</option>
        </select>
      </label>
    );
  }
  return null;
}

export function StartJobForms({ types, formKey }: { types: string[]; formKey: string }) {
  if (types.length === 0) return null;
  return (
    <div class="cards">
      {types.map((type) => (
        <form class="card stack" method="post" action="/imports/start" data-type={type}>
          <h3>{typeLabel(type)}</h3>
          <p class="muted">{DESCRIPTIONS[type] ?? `Start a ${type} job with its default settings.`}</p>
          <input type="hidden" name="type" value={type} />
          <input type="hidden" name="form_key" value={`${formKey}-${type.replaceAll("_", "-")}`} />
          <Options type={type} />
          <button type="submit" class="btn">
            {`Start ${typeLabel(type).toLowerCase()}`}
          </button>
        </form>
      ))}
    </div>
  );
}
