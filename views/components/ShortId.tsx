// A job id as a list shows it: the distinctive tail of the ULID (its head is the creation time, shared by neighbours),
// the full id on hover and for assistive tech, and a button that copies the full id.
import { shortId } from "../../worker/api/ids.ts";

export function ShortId({ id, href }: { id: string; href: string }) {
  return (
    <span class="short-id">
      <a href={href} title={id}>
        <code>{shortId(id)}</code>
        {/* Said after the visible tail, so the link's name starts with what is shown (WCAG 2.5.3). */}
        <span class="visually-hidden">{`, job ${id}`}</span>
      </a>
      <button type="button" class="copy-id" data-copy={id} title="Copy the job id" aria-label={`Copy job id ${id}`}>
        <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
          <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
          <path
            d="M3.5 11H3a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1h7a1 1 0 0 1 1 1v.5"
            fill="none"
            stroke="currentColor"
            stroke-width="1.5"
          />
        </svg>
      </button>
    </span>
  );
}
