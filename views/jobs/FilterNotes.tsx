// What the jobs page says about its filter under the toolbar: why part of it was left out (a search too short, a
// time range that ends before it starts), the error group it shows as a removable chip, and that the counts per
// status do not follow a search.
import { truncate } from "../format.ts";
import { isNarrowed, type JobsFilter, jobsPageUrl } from "./filters.ts";

/** The error group a list is narrowed to, named by its newest error text (null when no job carries it any more). */
export interface ErrorGroupChip {
  signature: string;
  message: string | null;
}

export interface FilterNotesProps {
  filter: JobsFilter;
  problems: string[];
  group: ErrorGroupChip | null;
}

export function FilterNotes({ filter, problems, group }: FilterNotesProps) {
  if (problems.length === 0 && !group && !isNarrowed(filter)) return null;
  return (
    <div class="filter-notes">
      {problems.length > 0 ? (
        <div class="filter-problems" role="alert">
          {problems.map((problem) => (
            <p>{problem}</p>
          ))}
        </div>
      ) : null}
      {group ? (
        <p class="filter-chips">
          <span class="chip">
            <span class="chip-text">
              Error group: {group.message ? truncate(group.message, 120) : <code>{group.signature}</code>}
            </span>
            <a class="chip-remove" href={jobsPageUrl({ ...filter, errorSignature: undefined })}>
              Remove<span class="visually-hidden"> the error group filter</span>
            </a>
          </span>
        </p>
      ) : null}
      {isNarrowed(filter) ? (
        <p class="hint">
          The counts per status are for all jobs{filter.type ? " of this type" : ""}; the search, time range and error
          group narrow the list below.
        </p>
      ) : null}
    </div>
  );
}
