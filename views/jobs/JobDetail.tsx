// What moves on a job's page: its row (status, progress, actions; the live out-of-band target), the facts, error
// details (with a link to the jobs of its error group), result, a duty optimisation's findings and the history. The
// detail pages render it in a container that refetches it; the payload (which a run never changes), the rejected
// rows and Edit and retry sit outside it, in JobDetailPage.
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { Job, JobEvent, Role } from "../../worker/api/schema.ts";
import { DutyFindings } from "./DutyFindings.tsx";
import { EventTimeline } from "./EventTimeline.tsx";
import { jobsPageUrl } from "./filters.ts";
import { canManage } from "./JobActions.tsx";
import { JobResult } from "./JobResult.tsx";
import { JobSummary } from "./JobSummary.tsx";
import { JobsTable } from "./JobsTable.tsx";
import { productsWithSavings } from "./OptimizationResult.tsx";
import { type DutyFinding, optimizationResultSchema } from "./result-shapes.ts";
import { ScrollablePre } from "./ScrollablePre.tsx";

export interface JobDetailProps {
  job: Job;
  events: JobEvent[];
  role: Role;
  /** The render time (Date.now() in the handler): relative times and running durations are measured to it. */
  now: number;
  /** A duty optimisation's largest findings (see DutyFindings); null for the other types. */
  findings: DutyFinding[] | null;
}

/** What the handlers load for a job page (worker/http/job-page-data.ts); the role comes from the viewer. */
export type JobPageData = Omit<JobDetailProps, "role"> & { payload: string };

/** Owners and admins follow a job under /admin/jobs, members under /imports/jobs: links stay on the reader's side. */
export const jobPagePath = (role: Role, id: string) => `${canManage(role) ? "/admin/jobs" : "/imports/jobs"}/${id}`;

export function JobDetail({ job, events, role, now, findings }: JobDetailProps) {
  const optimization = findings === null ? null : optimizationResultSchema.safeParse(job.result);
  return (
    <div class="detail">
      <JobsTable jobs={[job]} role={role} empty="" now={now} />
      <div class="detail-grid">
        <section class="panel">
          <h2>Summary</h2>
          <JobSummary job={job} now={now} role={role} />
        </section>
        <section class="panel">
          <h2>Result</h2>
          <JobResult job={job} now={now} />
        </section>
      </div>
      {/* A running optimisation shows its findings so far; one with none yet shows no empty panel. */}
      {findings !== null && (findings.length > 0 || isTerminal(job.status)) ? (
        <section class="panel" id="findings">
          <h2>Findings</h2>
          <DutyFindings
            findings={findings}
            productsWithSavings={optimization?.success ? productsWithSavings(optimization.data) : null}
          />
        </section>
      ) : null}
      {job.error ? (
        <section class="panel panel-error" id="job-error">
          <h2>Error</h2>
          <ScrollablePre class="error-detail" label="Error message">
            {job.error}
          </ScrollablePre>
          {canManage(role) && job.error_signature ? (
            <p class="error-group-link">
              <a href={jobsPageUrl({ errorSignature: job.error_signature })}>Every job with this error</a> (its group in{" "}
              <a href="/admin/errors">Errors</a>)
            </p>
          ) : null}
        </section>
      ) : null}
      <section class="panel">
        <h2>History</h2>
        <EventTimeline events={events} now={now} />
      </section>
    </div>
  );
}
