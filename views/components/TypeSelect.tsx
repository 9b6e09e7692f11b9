// The job-type select of a filter ("All types" and each type's label), shared by the jobs list and Admin → Errors. A
// type the URL names that this deployment does not offer (a stale bookmark) stays listed, so the page says what it
// shows.
import { typeLabel } from "../../worker/api/job-types.ts";

export interface TypeSelectProps {
  id: string;
  selected: string | undefined;
  types: string[];
  /** The form it belongs to, when it sits outside it. */
  form?: string;
  /** `search` when `/` should focus it (a page without a search box). */
  shortcut?: string;
}

export function TypeSelect({ id, selected, types, form, shortcut }: TypeSelectProps) {
  const options = selected && !types.includes(selected) ? [...types, selected] : types;
  return (
    <select id={id} name="type" form={form} data-autosubmit="true" data-shortcut={shortcut}>
      <option value="" selected={!selected}>
        All types
      </option>
      {options.map((type) => (
        <option value={type} selected={selected === type}>
          {typeLabel(type)}
        </option>
      ))}
    </select>
  );
}
