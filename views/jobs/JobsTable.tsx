// The jobs table with the header cells DESIGN.md fixes, one JobRow per job, and an empty state.
import type { Job, Role } from "../../worker/api/schema.ts";
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

export function JobsTable({ jobs, role, empty }: { jobs: Job[]; role: Role; empty: string }) {
  return (
    <div class="table-wrap">
      <table class="jobs-table">
        <thead>
          <tr>
            {JOB_COLUMNS.map((name) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody id="job-rows">
          {jobs.length === 0 ? (
            <tr class="empty-row">
              <td colspan={JOB_COLUMNS.length}>{empty}</td>
            </tr>
          ) : (
            jobs.map((job) => <JobRow job={job} role={role} />)
          )}
        </tbody>
      </table>
    </div>
  );
}
