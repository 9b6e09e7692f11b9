// The schedules page's addresses: a schedule's action routes, and the page with its keyset cursor (`after` pages the
// schedules, oldest first).
export const SCHEDULES_PATH = "/admin/schedules";

export const schedulePath = (schedule: { id: string }) => `${SCHEDULES_PATH}/${schedule.id}`;

/** Where a job a schedule made is shown. */
export const jobPath = (id: string) => `/admin/jobs/${id}`;

export function schedulesPageUrl(after: string | undefined, hash?: string): string {
  const query = after ? `?${new URLSearchParams({ after })}` : "";
  return `${SCHEDULES_PATH}${query}${hash ? `#${hash}` : ""}`;
}
