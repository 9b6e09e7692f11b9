// Everything about one job: its row (status, progress, actions; the live out-of-band target), the facts, error
// details, result, history and payload. The detail pages render it in a container that refetches it.
import type { Job, JobEvent, Role } from "../../worker/api/schema.ts";
import { EventTimeline } from "./EventTimeline.tsx";
import { JobResult } from "./JobResult.tsx";
import { JobSummary } from "./JobSummary.tsx";
import { JobsTable } from "./JobsTable.tsx";
import { PayloadBlock } from "./PayloadBlock.tsx";

export interface JobDetailProps {
  job: Job;
  events: JobEvent[];
  payload: string;
  role: Role;
}

export function JobDetail({ job, events, payload, role }: JobDetailProps) {
  return (
    <div class="detail">
      <JobsTable jobs={[job]} role={role} empty="" />
      <div class="detail-grid">
        <section class="panel">
          <h2>Summary</h2>
          <JobSummary job={job} />
        </section>
        <section class="panel">
          <h2>Result</h2>
          <JobResult job={job} />
        </section>
      </div>
      {job.error ? (
        <section class="panel panel-error">
          <h2>Error</h2>
          <pre class="error-detail">{job.error}</pre>
        </section>
      ) : null}
      <section class="panel">
        <h2>History</h2>
        <EventTimeline events={events} />
      </section>
      <section class="panel">
        <h2>Payload</h2>
        <PayloadBlock payload={payload} />
      </section>
    </div>
  );
}
