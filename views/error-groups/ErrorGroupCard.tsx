// One error group on Admin → Errors: the type and the error (the newest job's text), how many jobs it holds (failed
// and dead-letter), when it was first and last seen (relative, exact on hover), a sample job, the link to all its
// jobs, and Retry group (a merge patch, previewed before anything changes).
import type { ErrorGroup } from "../../worker/api/find-and-fix.ts";
import { typeLabel } from "../../worker/api/job-types.ts";
import { RelativeTime } from "../components/RelativeTime.tsx";
import { ShortId } from "../components/ShortId.tsx";
import { formatCount, truncate } from "../format.ts";
import { type ErrorsFilter, groupJobsUrl } from "./error-filters.ts";
import { ReplayForm, replayAnswerId } from "./ReplayForm.tsx";

/** A group's error as its heading: long texts (a stack, a dump) are cut; its jobs' pages show all of it. */
const MESSAGE_CHARS = 300;

export function ErrorGroupCard({ group, filter, now }: { group: ErrorGroup; filter: ErrorsFilter; now: number }) {
  const titleId = `group-${group.signature}-title`;
  return (
    <li class="panel error-group" aria-labelledby={titleId}>
      <h2 id={titleId} class="error-group-title">
        <span class="type-tag" title={group.type}>
          {typeLabel(group.type)}
        </span>{" "}
        <span class="error-group-message">{truncate(group.message || "(no message)", MESSAGE_CHARS)}</span>
      </h2>
      <dl class="facts error-group-facts">
        <div>
          <dt>Jobs</dt>
          <dd>
            <strong>{formatCount(group.count)}</strong>
            <span class="muted">{` · ${formatCount(group.failed)} failed · ${formatCount(group.dead_letter)} dead letter`}</span>
          </dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>
            <RelativeTime iso={group.first_seen} now={now} />
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <RelativeTime iso={group.last_seen} now={now} />
          </dd>
        </div>
        <div>
          <dt>Sample</dt>
          <dd>
            <ShortId id={group.sample_job_id} href={`/admin/jobs/${group.sample_job_id}`} />
          </dd>
        </div>
      </dl>
      <p class="error-group-links">
        <a href={groupJobsUrl(group.signature, filter)}>
          {`Show ${group.count === 1 ? "its job" : `its ${formatCount(group.count)} jobs`}`}
        </a>
      </p>
      <details class="retry-group">
        <summary>Retry group</summary>
        <ReplayForm signature={group.signature} fields={{ patch: "", reason: "" }} />
        <div id={replayAnswerId(group.signature)} class="replay-answer" aria-live="polite" />
      </details>
    </li>
  );
}
