// /imports ("Imports & Exports"): the CSV upload (or source URL) that starts a data_import, start forms for the other
// job types, and the person's own recent jobs with their progress.

import { type JobType, typeLabel } from "../../worker/api/job-types.ts";
import { PRODUCT_CSV_COLUMNS } from "../../worker/api/payloads.ts";
import type { Job } from "../../worker/api/schema.ts";
import { FlashMessage } from "../components/Flash.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { MyJobs } from "./MyJobs.tsx";
import { PrioritySelect } from "./PrioritySelect.tsx";
import { StartJobForms } from "./StartJobForms.tsx";

export interface ImportsPageProps {
  viewer: Viewer;
  /** Registered job types other than data_import, each with a start card. */
  types: JobType[];
  myJobs: Job[];
  /** The job just started (after the redirect from a start form). */
  started?: Job | null;
  /** Why the last form was refused (validation), shown above the forms. */
  error?: string | null;
  /** A one-time key per page view: a double submit of a form returns the job its first submit created. */
  formKey: string;
}

export function ImportsPage({ viewer, types, myJobs, started, error, formKey }: ImportsPageProps) {
  return (
    <Layout title="Imports & Exports" viewer={viewer} active="imports">
      {started ? (
        <FlashMessage tone="ok">
          {`${typeLabel(started.type)} started as job `}
          <code>{started.id}</code>. Its progress shows below.
        </FlashMessage>
      ) : null}
      {error ? <FlashMessage tone="error">{error}</FlashMessage> : null}
      <section class="panel">
        <h2>Import products</h2>
        <form class="stack" method="post" action="/imports" enctype="multipart/form-data">
          <input type="hidden" name="form_key" value={`${formKey}-import`} />
          <label>
            <span>CSV file</span>
            <input type="file" name="file" accept=".csv,text/csv" />
          </label>
          <p class="or">or</p>
          <label>
            <span>Source URL</span>
            <input type="url" name="source_url" placeholder="https://example.com/catalogue.csv" />
          </label>
          <p class="hint">
            Columns: <code>{PRODUCT_CSV_COLUMNS.join(", ")}</code>. Files up to 10 MB upload here; import larger
            catalogues from a URL.
          </p>
          <PrioritySelect id="import-priority" />
          <button type="submit" class="btn btn-primary">
            Start import
          </button>
        </form>
      </section>
      {types.length > 0 ? (
        <section class="panel">
          <h2>Other jobs</h2>
          <StartJobForms types={types} formKey={formKey} />
        </section>
      ) : null}
      <section class="panel">
        <h2>Your recent jobs</h2>
        <MyJobs jobs={myJobs} role={viewer.principal.role} />
      </section>
    </Layout>
  );
}
