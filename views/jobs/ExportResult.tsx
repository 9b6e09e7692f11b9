// A data_export's result: the file, its rows and size, until when it can be downloaded, and the download link once
// the export completed and while the file is kept.
import { SUCCEEDED_STATUS } from "../../worker/api/lifecycle.ts";
import type { Job } from "../../worker/api/schema.ts";
import { formatBytes, formatCount } from "../format.ts";
import type { ExportResult as Result } from "./result-shapes.ts";
import { TimeAgo } from "./TimeAgo.tsx";

/** The link the export route serves; built from the job id, not from text stored in the result. */
export const exportDownloadUrl = (jobId: string) => `/exports/${jobId}/download`;

function ExportDownload({ job }: { job: Job }) {
  return (
    <p>
      <a class="btn" href={exportDownloadUrl(job.id)}>
        Download the export
      </a>
    </p>
  );
}

export function ExportResult({ job, result, now }: { job: Job; result: Result; now: number }) {
  const finished = job.status === SUCCEEDED_STATUS && result.download_url !== undefined;
  const expired = result.expires_at !== undefined && Date.parse(result.expires_at) < now;
  return (
    <>
      {finished && !expired ? <ExportDownload job={job} /> : null}
      {finished && expired ? <p class="muted">The file is no longer kept; run the export again.</p> : null}
      <div class="table-wrap">
        <table class="result-counts">
          <caption>{finished ? "Export file" : "Written so far"}</caption>
          <tbody>
            {result.key ? (
              <tr>
                <th scope="row">File</th>
                <td>
                  <code>{result.key.split("/").at(-1)}</code>
                </td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">Rows</th>
              <td class="num">{formatCount(result.rows)}</td>
            </tr>
            <tr>
              <th scope="row">Size</th>
              <td class="num">{formatBytes(result.bytes)}</td>
            </tr>
            {result.expires_at ? (
              <tr>
                <th scope="row">{expired ? "Expired" : "Kept until"}</th>
                <td>
                  <TimeAgo iso={result.expires_at} now={now} />
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
