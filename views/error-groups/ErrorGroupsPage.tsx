// Admin → Errors (/admin/errors): the workspace's failed and dead-letter jobs grouped by error signature, largest
// first, filtered by type and created_at range (a plain GET form: works without scripts), with why a filter part was
// left out, and the empty state.
import type { ErrorGroup } from "../../worker/api/find-and-fix.ts";
import { TimeRangeFields, type TimeRangeValues } from "../components/TimeRangeFields.tsx";
import { TypeSelect } from "../components/TypeSelect.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { ErrorGroupCard } from "./ErrorGroupCard.tsx";
import { type ErrorsFilter, errorsPageUrl } from "./error-filters.ts";

export const EMPTY_ERRORS = "No failed or dead-letter jobs in this range.";

export interface ErrorGroupsPageProps {
  viewer: Viewer;
  groups: ErrorGroup[];
  filter: ErrorsFilter;
  /** What the range fields show (what was typed, where it could not be used). */
  range: TimeRangeValues;
  problems: string[];
  types: string[];
  /** The most groups one answer lists. */
  limit: number;
  now: number;
}

function ErrorsFilterForm({ filter, range, types }: Pick<ErrorGroupsPageProps, "filter" | "range" | "types">) {
  return (
    <form class="errors-filter" method="get" action="/admin/errors" data-drop-empty="true">
      <label for="errors-type">Type</label>
      <TypeSelect id="errors-type" selected={filter.type} types={types} shortcut="search" />
      <TimeRangeFields id="errors-created" values={range} />
      <button type="submit" class="btn btn-small">
        Apply
      </button>
      {filter.type || filter.createdFrom || filter.createdTo ? (
        <a class="btn btn-small btn-quiet" href={errorsPageUrl({})}>
          Clear
        </a>
      ) : null}
    </form>
  );
}

export function ErrorGroupsPage({ viewer, groups, filter, range, problems, types, limit, now }: ErrorGroupsPageProps) {
  return (
    <Layout title="Errors" viewer={viewer} active="errors">
      <p class="lead">
        Failed and dead-letter jobs grouped by their error, with ids, numbers, URLs and quoted values set aside, so the
        same reason shows once however many jobs it hit. Largest groups first.
      </p>
      <section class="toolbar">
        <ErrorsFilterForm filter={filter} range={range} types={types} />
      </section>
      {problems.length > 0 ? (
        <div class="filter-problems" role="alert">
          {problems.map((problem) => (
            <p>{problem}</p>
          ))}
        </div>
      ) : null}
      {groups.length === 0 ? (
        <p class="empty-state panel">
          {EMPTY_ERRORS}
          {filter.type || filter.createdFrom || filter.createdTo ? (
            <>
              {" "}
              <a href={errorsPageUrl({})}>Show every error group</a>
            </>
          ) : null}
        </p>
      ) : (
        <>
          <ol class="error-groups">
            {groups.map((group) => (
              <ErrorGroupCard group={group} filter={filter} now={now} />
            ))}
          </ol>
          {groups.length >= limit ? (
            <p class="hint">{`Only the ${limit} largest groups are listed; narrow the type or the time range to see others.`}</p>
          ) : null}
        </>
      )}
    </Layout>
  );
}
