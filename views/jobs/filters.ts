// The admin jobs list's URL state (status/type filters, the search, the created_at range, an error group, and the
// keyset position) and the links built from it: every link and form that keeps the filter goes through jobsQuery.
import type { JobStatus } from "../../worker/api/schema.ts";

export interface JobsFilter {
  status?: JobStatus;
  type?: string;
  /** A search of 3+ characters (checked before it gets here). */
  q?: string;
  /** The created_at range as UTC input text, e.g. `2026-12-01T09:00` (worker/http/time-range.ts). */
  createdFrom?: string;
  createdTo?: string;
  /** The jobs of one error group (Admin → Errors). */
  errorSignature?: string;
}

export interface JobsPosition {
  /** Show jobs older than this id (the "Next" page). */
  cursor?: string;
  /** Show jobs newer than this id (the "Newer" page). */
  before?: string;
}

/**
 * Whether the list is narrowed beyond status and type: the counts per status do not describe it then, and a job the
 * socket announces may or may not belong in it (only the server can tell).
 */
export const isNarrowed = (filter: JobsFilter) =>
  Boolean(filter.q || filter.createdFrom || filter.createdTo || filter.errorSignature);

/** The query parameters, in the order links show them (also the hidden fields of the forms that keep the filter). */
export function filterParams(filter: JobsFilter): [string, string][] {
  const params: [string, string | undefined][] = [
    ["status", filter.status],
    ["type", filter.type],
    ["q", filter.q],
    ["created_from", filter.createdFrom],
    ["created_to", filter.createdTo],
    ["error_signature", filter.errorSignature],
  ];
  return params.filter((param): param is [string, string] => Boolean(param[1]));
}

export function jobsQuery(filter: JobsFilter, position: JobsPosition = {}): string {
  const params = new URLSearchParams(filterParams(filter));
  if (position.cursor) params.set("cursor", position.cursor);
  if (position.before) params.set("before", position.before);
  const query = params.toString();
  return query ? `?${query}` : "";
}

export const jobsPageUrl = (filter: JobsFilter, position?: JobsPosition) => `/admin/jobs${jobsQuery(filter, position)}`;
