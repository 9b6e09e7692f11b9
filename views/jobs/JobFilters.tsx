// The jobs list's filter form: a plain GET form (works without scripts) with the search and the time range, in the
// page header where a wide screen has room; the type select in the toolbar belongs to it too (form="jobs-filter"),
// so changing the type (which /static/app.js submits at once) keeps what was typed in the search, and the reverse.

import { MAX_SEARCH_CHARS } from "../../worker/api/find-and-fix.ts";
import { TimeRangeFields, type TimeRangeValues } from "../components/TimeRangeFields.tsx";
import { TypeSelect } from "../components/TypeSelect.tsx";
import { FilterFields } from "./FilterFields.tsx";
import { type JobsFilter, jobsPageUrl } from "./filters.ts";

export const JOBS_FILTER_FORM = "jobs-filter";

/** What the form's fields show: the filter in force, or what was typed when it could not be used. */
export interface JobsFormValues extends TimeRangeValues {
  q: string;
}

export function JobFilters({ filter, form }: { filter: JobsFilter; form: JobsFormValues }) {
  return (
    <form
      id={JOBS_FILTER_FORM}
      class="job-filters"
      method="get"
      action="/admin/jobs"
      aria-label="Search and filter jobs"
      data-drop-empty="true"
    >
      {/* A new search starts at the first page, in the same status tab and error group; the type is the select's. */}
      <FilterFields filter={filter} except={["type", "q", "created_from", "created_to"]} />
      <label for="jobs-search">Search</label>
      <input
        type="search"
        id="jobs-search"
        name="q"
        value={form.q}
        placeholder="id, key, SKU, URL, error…"
        maxlength={MAX_SEARCH_CHARS}
        data-shortcut="search"
        aria-keyshortcuts="/"
        autocomplete="off"
      />
      <TimeRangeFields id="jobs-created" values={form} />
      <button type="submit" class="btn btn-small">
        Apply
      </button>
      {filter.q || filter.createdFrom || filter.createdTo ? (
        <a
          class="btn btn-small btn-quiet"
          href={jobsPageUrl({ ...filter, q: undefined, createdFrom: undefined, createdTo: undefined })}
        >
          Clear
        </a>
      ) : null}
    </form>
  );
}

/** The job-type select, in the toolbar beside the status tabs; it submits the header's filter form. */
export function TypeFilter({ filter, types }: { filter: JobsFilter; types: string[] }) {
  return (
    <div class="type-filter">
      <label for="type-select">Type</label>
      <TypeSelect id="type-select" selected={filter.type} types={types} form={JOBS_FILTER_FORM} />
      <button type="submit" class="btn btn-small" form={JOBS_FILTER_FORM}>
        Apply
      </button>
    </div>
  );
}
