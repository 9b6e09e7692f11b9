// The archive days, newest first, a keyset page at a time (`?cursor=`, a day; never counted): what each day's file
// holds, how many jobs left by retention and by discard, its size, when it was last written, and its download.
import type { ArchiveDaySummary } from "../../worker/api/retention.ts";
import { LocalTime } from "../components/LocalTime.tsx";
import { formatBytes, formatCount } from "../format.ts";
import { archiveDownloadPath, archivesPageUrl } from "./retention-fields.ts";

export const ARCHIVE_COLUMNS = [
  "Date",
  "Jobs",
  "Events",
  "Rejected rows",
  "Retention / Discarded",
  "Size",
  "Last written",
  "File",
] as const;

export interface ArchiveDaysTableProps {
  days: ArchiveDaySummary[];
  cursor: string | undefined;
  /** The last day shown when older days follow. */
  nextCursor: string | null;
}

function Pager({ cursor, nextCursor }: Pick<ArchiveDaysTableProps, "cursor" | "nextCursor">) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav class="pager" aria-label="Archive pages">
      {cursor ? (
        <a class="btn btn-small btn-quiet" href={archivesPageUrl()}>
          Newest
        </a>
      ) : null}
      {nextCursor ? (
        <a class="btn btn-small" rel="next" href={archivesPageUrl(nextCursor)}>
          Older →
        </a>
      ) : null}
    </nav>
  );
}

export function ArchiveDaysTable({ days, cursor, nextCursor }: ArchiveDaysTableProps) {
  return (
    <section class="table-section" id="archives" aria-labelledby="archives-title">
      <h2 id="archives-title">Archives</h2>
      <p class="hint">
        Each day's file is NDJSON in gzip: one record a line, each a <code>job</code>, <code>event</code>,{" "}
        <code>rejected_row</code> or <code>finding</code> (its <code>record</code> field says which). Read it with{" "}
        <code>zcat</code> or <code>gunzip</code>.
      </p>
      <div class="table-wrap">
        <table class="archives-table">
          <thead>
            <tr>
              {ARCHIVE_COLUMNS.map((name) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.length === 0 ? (
              <tr class="empty-row">
                <td colspan={ARCHIVE_COLUMNS.length}>
                  {cursor ? "No older archives." : "No jobs have been archived yet."}
                </td>
              </tr>
            ) : (
              days.map((day) => (
                <tr id={`archive-${day.date}`}>
                  {/* A UTC calendar day, not an instant: no <time>, which the page script would localise to a time. */}
                  <td data-label="Date" class="col-time">
                    {day.date}
                  </td>
                  <td data-label="Jobs" class="num">
                    {formatCount(day.jobs)}
                  </td>
                  <td data-label="Events" class="num">
                    {formatCount(day.events)}
                  </td>
                  <td data-label="Rejected rows" class="num">
                    {formatCount(day.rejected_rows)}
                  </td>
                  <td data-label="Retention / Discarded" class="num">
                    {`${formatCount(day.retention_jobs)} / ${formatCount(day.discarded_jobs)}`}
                  </td>
                  <td data-label="Size" class="num">
                    {formatBytes(day.bytes)}
                  </td>
                  <td data-label="Last written" class="col-time">
                    <LocalTime iso={day.last_written_at} />
                  </td>
                  <td data-label="File">
                    <a href={archiveDownloadPath(day.date)} download>
                      Download<span class="visually-hidden">{` the archive of ${day.date}`}</span>
                    </a>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager cursor={cursor} nextCursor={nextCursor} />
    </section>
  );
}
