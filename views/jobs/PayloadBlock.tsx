// A job's stored payload: shown as pretty JSON when small; when large (an inline CSV may be ~1 MB) collapsed behind a
// one-line summary of what it holds, previewing its start, with a download of the whole payload either way.
import { formatBytes, formatCount } from "../format.ts";
import { outlinePayload, PREVIEW_CHARS } from "./payload-outline.ts";
import { ScrollablePre } from "./ScrollablePre.tsx";

export interface PayloadBlockProps {
  type: string;
  payload: string;
  /** The job's total: an inline CSV's exact row count. */
  total: number | null;
  /** The route that answers the payload as a JSON attachment (same access rule as the page). */
  downloadUrl: string;
}

export function PayloadBlock({ type, payload, total, downloadUrl }: PayloadBlockProps) {
  const outline = outlinePayload(type, payload, total);
  const download = (
    <a class="payload-download" href={downloadUrl} download>
      Download the payload (JSON, {formatBytes(outline.bytes)})
    </a>
  );
  if (!outline.large) {
    return (
      <>
        <ScrollablePre class="json" label="Payload (JSON)">
          {outline.pretty}
        </ScrollablePre>
        <p class="payload-actions">{download}</p>
      </>
    );
  }
  const cut = outline.pretty.length > PREVIEW_CHARS;
  return (
    <>
      <p class="payload-actions">{download}</p>
      <details class="payload-details">
        <summary>{outline.summary}</summary>
        <ScrollablePre class="json" label={cut ? "Payload preview (JSON, cut short)" : "Payload (JSON)"}>
          {cut ? `${outline.pretty.slice(0, PREVIEW_CHARS)}\n…` : outline.pretty}
        </ScrollablePre>
        {cut ? (
          <p class="muted">
            Showing the first {formatCount(PREVIEW_CHARS)} of {formatCount(outline.pretty.length)} characters; the
            download has all of it.
          </p>
        ) : null}
      </details>
    </>
  );
}
