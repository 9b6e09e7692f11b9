// Admin → Archives (/admin/archives): the retention settings (owners change them), the archive days with their
// downloads, and the recent retention changes and discards. A notice or a refused form comes first.
import type { ArchiveDaySummary, Retention } from "../../worker/api/retention.ts";
import type { WorkspaceAuditRow } from "../../worker/db/schema.ts";
import { FlashMessage } from "../components/Flash.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { ArchiveDaysTable } from "./ArchiveDaysTable.tsx";
import { RecentChanges } from "./RecentChanges.tsx";
import { RetentionSection } from "./RetentionSection.tsx";
import type { RetentionFormErrors, RetentionFormValues } from "./retention-fields.ts";

export interface ArchivesPageProps {
  viewer: Viewer;
  retention: Retention;
  form?: { values: RetentionFormValues; errors: RetentionFormErrors } | undefined;
  saved: boolean;
  archives: { days: ArchiveDaySummary[]; cursor: string | undefined; nextCursor: string | null };
  audit: WorkspaceAuditRow[];
}

export function ArchivesPage({ viewer, retention, form, saved, archives, audit }: ArchivesPageProps) {
  return (
    <Layout title="Archives" viewer={viewer} active="archives">
      {saved ? <FlashMessage tone="ok">Retention saved.</FlashMessage> : null}
      <p class="lead">
        Ended jobs stay in the database for the days retention gives their status, then leave it for a file in storage:
        one file a day, to download here.
      </p>
      <RetentionSection role={viewer.principal.role} retention={retention} form={form} />
      <ArchiveDaysTable days={archives.days} cursor={archives.cursor} nextCursor={archives.nextCursor} />
      <RecentChanges rows={audit} />
    </Layout>
  );
}
