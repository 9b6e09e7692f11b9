// Admin → Errors' URL state (type and created_at range) and the links built from it: the page itself, and a group's
// jobs on /admin/jobs (narrowed to the group's signature and the same range).
import { jobsPageUrl } from "../jobs/filters.ts";

export interface ErrorsFilter {
  type?: string;
  /** The created_at range as UTC input text (worker/http/time-range.ts). */
  createdFrom?: string;
  createdTo?: string;
}

export function errorsPageUrl(filter: ErrorsFilter): string {
  const params = new URLSearchParams();
  if (filter.type) params.set("type", filter.type);
  if (filter.createdFrom) params.set("created_from", filter.createdFrom);
  if (filter.createdTo) params.set("created_to", filter.createdTo);
  const query = params.toString();
  return `/admin/errors${query ? `?${query}` : ""}`;
}

/** A group's jobs: its signature already names the type, so only the range goes along. */
export const groupJobsUrl = (signature: string, filter: ErrorsFilter) =>
  jobsPageUrl({ errorSignature: signature, createdFrom: filter.createdFrom, createdTo: filter.createdTo });

export const replayUrl = (signature: string) => `/admin/errors/${signature}/retry`;
