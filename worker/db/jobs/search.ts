// A searched job list, newest first, without collecting every match. The search index's rowid says when its job was
// created (migration 0012): one slot of SLOT_SIZE rowids per millisecond, newer milliseconds at smaller rowids. So
// FTS5 walks the matches in rowid order, each joined to its job by id and filtered there, and stops once a page is
// full; a search that matches 3 % of a million jobs reads about a page of them, not 30,000. Only a page whose last
// millisecond goes on past it needs a second look: a slot is in insertion order, the list is in id order.
import { and, asc, eq, getTableColumns, gte, lt, type SQL, sql } from "drizzle-orm";
import { decodeTime } from "ulidx";
import { ULID_PATTERN } from "../../api/ids.ts";
import type { Db } from "../client.ts";
import { type JobRow, jobs } from "../schema.ts";
import { ftsPhrase, type JobFilter, jobConditions, jobSearch } from "./filter.ts";
import { SLOT_SIZE, searchSlotStart } from "./search-slots.ts";

/**
 * The newest `limit` jobs matching `filter.q` and the rest of the filter, older than `cursor` if given. Exact: every
 * match left unread sits in the page's last millisecond or an older one, and that millisecond is read whole when it
 * may hold more.
 */
export async function listSearchedJobs(
  db: Db,
  workspaceId: string,
  filter: JobFilter & { q: string; cursor?: string; limit: number },
): Promise<JobRow[]> {
  const conditions = jobConditions(workspaceId, { ...filter, q: undefined });
  const slots: SQL[] = [];
  if (filter.cursor) {
    conditions.push(lt(jobs.id, filter.cursor));
    // Jobs older than the cursor were created in its millisecond or before: their slots start at its slot.
    if (ULID_PATTERN.test(filter.cursor)) slots.push(gte(jobSearch.rowid, searchSlotStart(decodeTime(filter.cursor))));
  }
  const matching = (range: SQL[]) =>
    db
      .select(getTableColumns(jobs))
      .from(jobSearch)
      // A cross join keeps the index as the outer loop: driven from jobs, SQLite would run the search once per job.
      .crossJoin(jobs)
      .where(
        and(sql`${jobSearch} MATCH ${ftsPhrase(filter.q)}`, ...range, eq(jobs.id, jobSearch.jobId), ...conditions),
      );
  // One row past the page says whether the page's last millisecond may go on beyond what was read.
  const read = await matching(slots)
    .orderBy(asc(jobSearch.rowid))
    .limit(filter.limit + 1)
    .all();
  if (read.length <= filter.limit) return byNewest(read);
  const slot = slotOf(read[filter.limit - 1] as JobRow);
  const page = read.slice(0, filter.limit);
  // The next match is in an older millisecond's slot: every match not read is older than every row on the page.
  if (slotOf(read[filter.limit] as JobRow) !== slot) return byNewest(page);
  // The last millisecond goes on, and its slot is in insertion order: read it whole and keep the newest ids.
  const start = slot * SLOT_SIZE;
  const sameMs = await matching([gte(jobSearch.rowid, start), lt(jobSearch.rowid, start + SLOT_SIZE)]).all();
  const unique = new Map([...page, ...sameMs].map((row) => [row.id, row]));
  return byNewest([...unique.values()]).slice(0, filter.limit);
}

/** The slot a job's search row is in (by its rowid, which the job keeps as search_id). */
function slotOf(row: JobRow): number {
  return Math.floor((row.searchId ?? searchSlotStart(decodeTime(row.id))) / SLOT_SIZE);
}

function byNewest(rows: JobRow[]): JobRow[] {
  return rows.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
