// The retention settings as the archives page shows them: one field per retained status, in the order of
// RETENTION_KEYS, named by the status's own label, and the typed text and refusals a re-rendered form carries.
import { RETAINED_STATUSES, RETENTION_KEYS, type RetentionKey } from "../../worker/api/retention.ts";
import { STATUS_LABELS } from "../../worker/api/schema.ts";

export const RETENTION_FIELDS = RETAINED_STATUSES.map((status) => ({
  key: RETENTION_KEYS[status] as RetentionKey,
  label: STATUS_LABELS[status],
  id: `retention-${status.replace("_", "-")}`,
}));

/** What the owner typed (strings, so a refused form shows it back unchanged). */
export type RetentionFormValues = Record<RetentionKey, string>;
/** Messages by setting name (`completed_days`), as `fieldErrors` keys them. */
export type RetentionFormErrors = Record<string, string[]>;

export const ARCHIVES_PATH = "/admin/archives";

export const archivesPageUrl = (cursor?: string) =>
  cursor ? `${ARCHIVES_PATH}?${new URLSearchParams({ cursor })}#archives` : ARCHIVES_PATH;

export const archiveDownloadPath = (day: string) => `${ARCHIVES_PATH}/${day}/download`;
