// The job-type select of a filter ("All types" and each type's label), shared by the jobs list, Admin → Errors, the
// New rule form of Admin → Alerts and the New schedule form (forms that do not submit on change). A type the URL
// names that this deployment does not offer (a stale bookmark) stays listed, so the page says what it shows.
import { typeLabel } from "../../worker/api/job-types.ts";

export interface TypeSelectProps {
  id: string;
  selected: string | undefined;
  types: string[];
  /** The form it belongs to, when it sits outside it. */
  form?: string;
  /** `search` when `/` should focus it (a page without a search box). */
  shortcut?: string;
  /** Submit the form on change (filters); a form with more to fill in says false. Defaults to true. */
  autosubmit?: boolean;
  /** Ids of the hint and error that describe it, and whether the value was refused. */
  describedBy?: string;
  invalid?: boolean;
  /** The empty choice's words: "All types" for a filter; a form that needs one type says so ("Choose a type"). */
  emptyLabel?: string;
}

export function TypeSelect({
  id,
  selected,
  types,
  form,
  shortcut,
  autosubmit = true,
  describedBy,
  invalid,
  emptyLabel = "All types",
}: TypeSelectProps) {
  const options = selected && !types.includes(selected) ? [...types, selected] : types;
  return (
    <select
      id={id}
      name="type"
      form={form}
      data-autosubmit={autosubmit ? "true" : undefined}
      data-shortcut={shortcut}
      aria-describedby={describedBy}
      aria-invalid={invalid ? "true" : undefined}
    >
      <option value="" selected={!selected}>
        {emptyLabel}
      </option>
      {options.map((type) => (
        <option value={type} selected={selected === type}>
          {typeLabel(type)}
        </option>
      ))}
    </select>
  );
}
