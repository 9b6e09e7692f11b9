// The admin jobs list's URL state (status/type filters and keyset position) and the links built from it.
import type { JobStatus } from "../../worker/api/schema.ts";

export interface JobsFilter {
  status?: JobStatus;
  type?: string;
}

export interface JobsPosition {
  /** Show jobs older than this id (the "Next" page). */
  cursor?: string;
  /** Show jobs newer than this id (the "Newer" page). */
  before?: string;
}

export function jobsQuery(filter: JobsFilter, position: JobsPosition = {}): string {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.type) params.set("type", filter.type);
  if (position.cursor) params.set("cursor", position.cursor);
  if (position.before) params.set("before", position.before);
  const query = params.toString();
  return query ? `?${query}` : "";
}

export const jobsPageUrl = (filter: JobsFilter, position?: JobsPosition) => `/admin/jobs${jobsQuery(filter, position)}`;
