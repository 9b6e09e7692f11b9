// Recent changes: the workspace audit rows of retention set and jobs discarded, newest first (when, who, what).
import type { ArchiveAuditAction } from "../../worker/db/audit.ts";
import type { WorkspaceAuditRow } from "../../worker/db/schema.ts";
import { LocalTime } from "../components/LocalTime.tsx";

/** The words for each audit action this page shows. */
const ACTION_LABELS: Record<ArchiveAuditAction, string> = {
  retention_set: "Retention set",
  jobs_discarded: "Jobs discarded",
};

export function RecentChanges({ rows }: { rows: WorkspaceAuditRow[] }) {
  return (
    <section class="table-section" id="recent-changes" aria-labelledby="recent-changes-title">
      <h2 id="recent-changes-title">Recent changes</h2>
      <div class="table-wrap">
        <table class="archive-audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Change</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr class="empty-row">
                <td colspan={4}>No retention changes or discards yet.</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr>
                  <td data-label="When" class="col-time">
                    <LocalTime iso={new Date(row.at).toISOString()} />
                  </td>
                  <td data-label="Who">{row.actor}</td>
                  <td data-label="Change">{ACTION_LABELS[row.action as ArchiveAuditAction] ?? row.action}</td>
                  <td data-label="Detail">{row.detail ?? ""}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
