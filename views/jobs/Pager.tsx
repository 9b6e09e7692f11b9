// Keyset paging links for the jobs list: "Newer" (the page before), "Newest" (back to the top) and "Next" (older).
import { type JobsFilter, jobsPageUrl } from "./filters.ts";

export interface PageLinks {
  /** Id of this page's first row when newer jobs exist. */
  newerBefore: string | null;
  /** Cursor of the next (older) page, if any. */
  nextCursor: string | null;
  isFirstPage: boolean;
}

export function Pager({ filter, links }: { filter: JobsFilter; links: PageLinks }) {
  if (links.isFirstPage && !links.nextCursor) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {links.isFirstPage ? null : (
        <a class="btn btn-small btn-quiet" href={jobsPageUrl(filter)}>
          Newest
        </a>
      )}
      {links.newerBefore ? (
        <a class="btn btn-small" rel="prev" href={jobsPageUrl(filter, { before: links.newerBefore })}>
          ← Newer
        </a>
      ) : null}
      {links.nextCursor ? (
        <a class="btn btn-small" rel="next" href={jobsPageUrl(filter, { cursor: links.nextCursor })}>
          Next →
        </a>
      ) : null}
    </nav>
  );
}
