// The wire form of an archive day (GET /api/v1/archives) from its summed parts.
import type { ArchiveDaySummary } from "../../api/retention.ts";
import type { ArchiveDayRow } from "../../db/archive.ts";

export const archiveDayJson = (row: ArchiveDayRow): ArchiveDaySummary => ({
  date: row.day,
  jobs: row.jobs,
  events: row.events,
  rejected_rows: row.rejectedRows,
  findings: row.findings,
  bytes: row.bytes,
  parts: row.parts,
  retention_jobs: row.retentionJobs,
  discarded_jobs: row.discardedJobs,
  last_written_at: row.lastWrittenAt === null ? null : new Date(row.lastWrittenAt).toISOString(),
  download_url: `/api/v1/archives/${row.day}`,
});
