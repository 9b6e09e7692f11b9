// The dashboard's single State object and the pure functions that change it (no I/O, no blessed).
import { JOB_TYPES, type JobType } from "../worker/api/job-types.ts";
import { JOB_STATUSES, type Job, type JobEvent, type JobListResponse, type JobStatus } from "../worker/api/schema.ts";

export interface Filter {
  status?: JobStatus;
  type?: JobType;
}

export type Connection =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "offline"; retryAt: number; reason: string };

export interface Message {
  text: string;
  level: "info" | "error";
  /** Stays until the condition it reports is over (e.g. the list failed to load), not just until the next key. */
  sticky?: boolean;
}

export interface Confirm {
  prompt: string;
  jobId: string;
  action: "cancel";
}

export interface Detail {
  job: Job;
  events: JobEvent[];
  scroll: number;
}

export interface State {
  url: string;
  workspace: string | null;
  /** Only the visible page: the dashboard never holds more than one page of jobs. */
  rows: Job[];
  counts: Partial<Record<JobStatus, number>>;
  filter: Filter;
  /** Keyset paging: the cursor that produced each page visited so far; the last one is the current page. */
  pages: (string | null)[];
  nextCursor: string | null;
  pageSize: number;
  selected: number;
  detail: Detail | null;
  connection: Connection;
  message: Message | null;
  confirm: Confirm | null;
  /** Text typed into the find-by-id prompt, or null while the prompt is closed. */
  find: string | null;
  help: boolean;
  loading: boolean;
  /**
   * Live events changed what the server would return for this page (counts of unseen jobs, rows trimmed or
   * dropped): the app refetches the page soon, and next_cursor is not trusted until it has.
   */
  stale: boolean;
}

export function initialState(opts: { url: string; workspace?: string | null; pageSize?: number }): State {
  return {
    url: opts.url,
    workspace: opts.workspace ?? null,
    rows: [],
    counts: {},
    filter: {},
    pages: [null],
    nextCursor: null,
    pageSize: opts.pageSize ?? 20,
    selected: 0,
    detail: null,
    connection: { kind: "connecting" },
    message: null,
    confirm: null,
    find: null,
    help: false,
    loading: true,
    stale: false,
  };
}

/** A tiny observable holder, so async actions and live events always update the latest state. */
export interface Store {
  get(): State;
  update(fn: (s: State) => State): void;
  subscribe(fn: (s: State) => void): () => void;
}

export function createStore(initial: State): Store {
  let state = initial;
  const listeners = new Set<(s: State) => void>();
  return {
    get: () => state,
    update(fn) {
      const next = fn(state);
      if (next === state) return;
      state = next;
      for (const l of listeners) l(state);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export function currentCursor(s: State): string | null {
  return s.pages[s.pages.length - 1] ?? null;
}

export function selectedJob(s: State): Job | undefined {
  return s.rows[s.selected];
}

/** The job an action applies to: the one in the detail pane if open, else the selected row. */
export function targetJob(s: State): Job | undefined {
  return s.detail?.job ?? selectedJob(s);
}

export function matchesFilter(job: Job, filter: Filter): boolean {
  return (!filter.status || job.status === filter.status) && (!filter.type || job.type === filter.type);
}

function clampIndex(i: number, length: number): number {
  return Math.max(0, Math.min(i, length - 1));
}

export function listRequested(s: State): State {
  return { ...s, loading: true };
}

export function listLoaded(s: State, res: JobListResponse): State {
  const known = new Map(s.rows.map((j) => [j.id, j]));
  // A live event may have arrived while the request was in flight: never replace a row with an older copy.
  const rows = res.jobs.map((j) => {
    const mine = known.get(j.id);
    return mine && mine.updated_at > j.updated_at ? mine : j;
  });
  const keepId = selectedJob(s)?.id;
  const kept = keepId ? rows.findIndex((j) => j.id === keepId) : -1;
  return {
    ...s,
    rows,
    counts: res.counts,
    nextCursor: res.next_cursor,
    selected: kept >= 0 ? kept : clampIndex(s.selected, rows.length),
    loading: false,
    stale: false,
  };
}

export function moveSelection(s: State, delta: number): State {
  if (s.rows.length === 0) return s;
  const selected = clampIndex(s.selected + delta, s.rows.length);
  return selected === s.selected ? s : { ...s, selected };
}

export function setFilter(s: State, filter: Filter): State {
  return { ...s, filter, pages: [null], nextCursor: null, selected: 0, loading: true };
}

/** The next value in a cycle that starts and ends with "no filter". */
export function cycle<T>(values: readonly T[], current: T | undefined): T | undefined {
  if (current === undefined) return values[0];
  const i = values.indexOf(current);
  return i < 0 || i === values.length - 1 ? undefined : values[i + 1];
}

export function cycleStatusFilter(s: State): State {
  return setFilter(s, { ...s.filter, status: cycle(JOB_STATUSES, s.filter.status) });
}

export function cycleTypeFilter(s: State): State {
  return setFilter(s, { ...s.filter, type: cycle(JOB_TYPES, s.filter.type) });
}

export function nextPage(s: State): State {
  if (!s.nextCursor) return setMessage(s, "This is the last page.");
  return { ...s, pages: [...s.pages, s.nextCursor], nextCursor: null, selected: 0, loading: true };
}

export function previousPage(s: State): State {
  if (s.pages.length <= 1) return setMessage(s, "This is the first page.");
  return { ...s, pages: s.pages.slice(0, -1), selected: 0, loading: true };
}

export function setPageSize(s: State, pageSize: number): State {
  return pageSize === s.pageSize ? s : { ...s, pageSize };
}

export function setConnection(s: State, connection: Connection): State {
  return { ...s, connection };
}

export function setMessage(s: State, text: string, level: Message["level"] = "info", sticky = false): State {
  return { ...s, message: sticky ? { text, level, sticky } : { text, level } };
}

/** Clears a transient message (on a key press) or a sticky one (when its condition is over), not the other kind. */
export function clearMessage(s: State, kind: "transient" | "sticky" = "transient"): State {
  return s.message && Boolean(s.message.sticky) === (kind === "sticky") ? { ...s, message: null } : s;
}

export function openDetail(s: State, job: Job, events: JobEvent[]): State {
  const scroll = s.detail?.job.id === job.id ? s.detail.scroll : 0;
  return { ...s, detail: { job, events, scroll } };
}

export function closeDetail(s: State): State {
  return { ...s, detail: null };
}

export function scrollDetail(s: State, delta: number): State {
  if (!s.detail) return s;
  // Roughly the pane's line count, so scrolling past the end does not have to be undone key by key.
  const { job, events } = s.detail;
  const textLines = (v: unknown) =>
    v == null ? 1 : String(typeof v === "string" ? v : JSON.stringify(v, null, 2)).split("\n").length;
  const max = 16 + events.length + textLines(job.error) + textLines(job.result);
  const scroll = Math.max(0, Math.min(max, s.detail.scroll + delta));
  return scroll === s.detail.scroll ? s : { ...s, detail: { ...s.detail, scroll } };
}

export function askConfirm(s: State, confirm: Confirm): State {
  return { ...s, confirm };
}

export function clearConfirm(s: State): State {
  return { ...s, confirm: null };
}

export function setFind(s: State, find: string | null): State {
  return { ...s, find };
}

export function setHelp(s: State, help: boolean): State {
  return { ...s, help };
}

function shiftCount(counts: State["counts"], from: JobStatus, to: JobStatus): State["counts"] {
  return { ...counts, [from]: Math.max(0, (counts[from] ?? 0) - 1), [to]: (counts[to] ?? 0) + 1 };
}

/** Newest first, like the API: ids are sortable by creation, created_at breaks nothing when ids tie. */
function newerThan(a: Job, b: Job): boolean {
  return a.created_at === b.created_at ? a.id > b.id : a.created_at > b.created_at;
}

/**
 * A job changed (live event or the answer to an action). Visible rows update in place; a job that no longer
 * matches the filter leaves the page; an unseen matching job is inserted only if it sorts inside this page
 * (at the top only on the first page), and the page is trimmed back to its size.
 */
export function jobChanged(s: State, job: Job): State {
  const detail = s.detail?.job.id === job.id ? { ...s.detail, job } : s.detail;
  const idx = s.rows.findIndex((r) => r.id === job.id);
  const old = s.rows[idx];
  if (old) {
    if (old.updated_at > job.updated_at) return s; // an older copy arriving late
    const counts = old.status === job.status ? s.counts : shiftCount(s.counts, old.status, job.status);
    if (matchesFilter(job, s.filter)) {
      const rows = s.rows.slice();
      rows[idx] = job;
      return { ...s, rows, counts, detail };
    }
    const rows = s.rows.filter((r) => r.id !== job.id);
    const selected = clampIndex(idx < s.selected ? s.selected - 1 : s.selected, rows.length);
    return { ...s, rows, counts, detail, selected, stale: true };
  }
  // We cannot know this job's previous status, so counts are refreshed by the app's resync. Returning the same
  // object when nothing visible changed spares the drawer a frame per event.
  const unchanged = (): State => (s.stale && detail === s.detail ? s : { ...s, detail, stale: true });
  if (!matchesFilter(job, s.filter)) return unchanged();
  const firstPage = s.pages.length === 1;
  let pos = s.rows.findIndex((r) => newerThan(job, r));
  if (pos < 0) pos = s.rows.length;
  const belongsHere = (pos > 0 || firstPage) && (pos < s.rows.length || s.nextCursor === null);
  if (!belongsHere) return unchanged();
  const rows = s.rows.slice();
  rows.splice(pos, 0, job);
  // Keep the cursor on the same job while new ones arrive above it.
  let selected = s.rows.length > 0 && pos <= s.selected ? s.selected + 1 : s.selected;
  if (rows.length > s.pageSize) rows.length = s.pageSize;
  selected = clampIndex(selected, rows.length);
  return { ...s, rows, detail, selected, stale: true };
}
