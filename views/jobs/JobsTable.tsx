// The jobs table: the header cells DESIGN.md fixes, framed for owners/admins by a selection column (with "select all
// on this page") and an Actions column; one JobRow per job; an empty state that says what to do next.
import type { Child } from "hono/jsx";
import type { Job, Role } from "../../worker/api/schema.ts";
import { canManage } from "./JobActions.tsx";
import { JobRow } from "./JobRow.tsx";

export const JOB_COLUMNS = [
  "Job ID",
  "Type",
  "Status",
  "Progress",
  "Created At",
  "Started At",
  "Completed At",
  "Error",
] as const;

export interface JobsTableProps {
  jobs: Job[];
  role: Role;
  empty: Child;
  now?: number;
}

export function JobsTable({ jobs, role, empty, now = Date.now() }: JobsTableProps) {
  const manager = canManage(role);
  const columns = JOB_COLUMNS.length + (manager ? 2 : 0);
  return (
    <div class="table-wrap">
      <table class="jobs-table">
        <thead>
          <tr>
            {manager ? (
              <th scope="col" class="col-select">
                <input
                  type="checkbox"
                  id="select-page"
                  class="select-page"
                  aria-label="Select every job on this page"
                />
              </th>
            ) : null}
            {JOB_COLUMNS.map((name) => (
              <th scope="col">{name}</th>
            ))}
            {manager ? (
              <th scope="col" class="col-actions">
                Actions
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody id="job-rows">
          {jobs.length === 0 ? (
            <tr class="empty-row">
              <td colspan={columns}>{empty}</td>
            </tr>
          ) : (
            jobs.map((job) => <JobRow job={job} role={role} now={now} />)
          )}
        </tbody>
      </table>
    </div>
  );
}
