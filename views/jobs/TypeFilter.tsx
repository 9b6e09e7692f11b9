// The job-type filter: a plain GET form (works without scripts; /static/app.js submits it on change).
import { typeLabel } from "../../worker/api/job-types.ts";
import type { JobsFilter } from "./filters.ts";

export function TypeFilter({ filter, types }: { filter: JobsFilter; types: string[] }) {
  const options = filter.type && !types.includes(filter.type) ? [...types, filter.type] : types;
  return (
    <form class="type-filter" method="get" action="/admin/jobs">
      {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
      <label for="type-select">Type</label>
      <select id="type-select" name="type" data-autosubmit="true" data-shortcut="search">
        <option value="" selected={!filter.type}>
          All types
        </option>
        {options.map((type) => (
          <option value={type} selected={filter.type === type}>
            {typeLabel(type)}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-small">
        Apply
      </button>
    </form>
  );
}
