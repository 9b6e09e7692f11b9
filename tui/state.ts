// The dashboard's single State object and the pure functions that change it (no I/O, no blessed).

import type { ErrorGroup } from "../worker/api/find-and-fix.ts";
import type { JobType } from "../worker/api/job-types.ts";
import type { Job, JobEvent, JobListResponse, JobStatus } from "../worker/api/schema.ts";
import { type AlertsView, initialAlerts } from "./alerts-state.ts";
import { BULK_MAX, type BulkAction } from "./bulk.ts";
import { initialLanes, type LaneAction, type LanesPane, type LanesView } from "./lanes-state.ts";
import { initialMetrics, type MetricsView } from "./metrics-state.ts";
import type { PickerKind } from "./picker.ts";
import type { ScheduleAction, SchedulesView } from "./schedules-state.ts";

export interface Filter {
  status?: JobStatus;
  type?: JobType;
}

/**
 * What narrows the list beyond the filter, until Esc: a search on the server (`q`), or the jobs of one error group.
 * One at a time: a new search leaves a group and Enter on a group ends a search.
 */
export type Scope =
  | { kind: "search"; text: string }
  | {
      kind: "errors";
      signature: string;
      message: string;
      /**
       * The filter before the group was opened: the group fixes the type and its jobs' statuses vary, so the filter
       * is cleared while the group is shown and comes back with Esc.
       */
      before: Filter;
    };

/** What one list request asks the API for: the filter and the scope together. */
export interface ListQuery extends Filter {
  q?: string;
  errorSignature?: string;
}

/** The error groups pane (`e`): not live, `g` and a replay reload it. */
export interface ErrorsView {
  groups: ErrorGroup[];
  selected: number;
  loading: boolean;
  /** Why the groups could not be loaded (a member's 403, the server down), drawn in the pane itself. */
  failure: string | null;
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

/** A question asked before a destructive action; `declined` is said when the answer is not y. */
export type Confirm = { prompt: string; declined: string } & (
  | { kind: "one"; action: "cancel"; jobId: string }
  | { kind: "bulk"; action: BulkAction; ids: string[] }
  | { kind: "lane"; action: LaneAction; laneType: string }
  | { kind: "schedule"; action: ScheduleAction; scheduleId: string }
  | {
      kind: "replay";
      signature: string;
      /** Lines under the question: the jobs the dry run found invalid. */
      details: string[];
    }
);

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
  scope: Scope | null;
  /** Keyset paging: the cursor that produced each page visited so far; the last one is the current page. */
  pages: (string | null)[];
  nextCursor: string | null;
  pageSize: number;
  selected: number;
  detail: Detail | null;
  errors: ErrorsView | null;
  /** The workspace's lanes, for the header strip (always) and the lanes pane. */
  lanes: LanesView;
  /** The lanes pane (`L`), or null. */
  lanesPane: LanesPane | null;
  /** The schedules pane (`s`), or null. */
  schedules: SchedulesView | null;
  /** The last 30 minutes of throughput, for the header's sparkline. */
  metrics: MetricsView;
  /** The open alert incidents, for the header's alert segment. */
  alerts: AlertsView;
  connection: Connection;
  message: Message | null;
  confirm: Confirm | null;
  /** Text typed into the find prompt, or null while the prompt is closed. */
  find: string | null;
  /** The filter picker on the status line (`f`, `t`), or null. */
  picker: PickerKind | null;
  /**
   * Jobs selected for a bulk action, by id, with the latest copy seen (whose status says what the action would
   * skip). Kept across pages and filters, like a shopping basket; live events keep the copies current.
   */
  marked: ReadonlyMap<string, Job>;
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
    scope: null,
    pages: [null],
    nextCursor: null,
    pageSize: opts.pageSize ?? 20,
    selected: 0,
    detail: null,
    errors: null,
    lanes: initialLanes(),
    lanesPane: null,
    schedules: null,
    metrics: initialMetrics(),
    alerts: initialAlerts(),
    connection: { kind: "connecting" },
    message: null,
    confirm: null,
    find: null,
    picker: null,
    marked: new Map(),
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

export function listQuery(s: State): ListQuery {
  const { scope } = s;
  if (scope?.kind === "search") return { ...s.filter, q: scope.text };
  if (scope?.kind === "errors") return { ...s.filter, errorSignature: scope.signature };
  return s.filter;
}

function clampIndex(i: number, length: number): number {
  return Math.max(0, Math.min(i, length - 1));
}

export function listRequested(s: State): State {
  return { ...s, loading: true };
}

/** The marked copies of these jobs replaced by them, when they are newer; the same map when nothing changed. */
function refreshMarks(marked: State["marked"], jobs: Job[]): State["marked"] {
  let next: Map<string, Job> | null = null;
  for (const job of jobs) {
    const mine = marked.get(job.id);
    if (!mine || mine === job || mine.updated_at > job.updated_at) continue;
    next ??= new Map(marked);
    next.set(job.id, job);
  }
  return next ?? marked;
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
    marked: refreshMarks(s.marked, rows),
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

/** A new scope (or none) starts from its first page, like a filter change. */
function rescoped(s: State, scope: Scope | null, filter: Filter): State {
  return { ...s, scope, filter, pages: [null], nextCursor: null, selected: 0, loading: true };
}

/** The list shows the server's answer to `q`, combined with the filter. */
export function setSearch(s: State, text: string): State {
  return rescoped(s, { kind: "search", text }, scopeFilter(s));
}

/** The list shows one error group's jobs, whatever the filter was (it comes back with Esc). */
export function showErrorGroup(s: State, group: Pick<ErrorGroup, "signature" | "message">): State {
  const before = scopeFilter(s);
  const scope: Scope = { kind: "errors", signature: group.signature, message: group.message, before };
  return rescoped({ ...s, errors: null, detail: null }, scope, {});
}

/** The filter the list returns to when the scope ends. */
function scopeFilter(s: State): Filter {
  return s.scope?.kind === "errors" ? s.scope.before : s.filter;
}

/** Esc or an empty find: back to the filtered list; the same state when there was no scope. */
export function clearScope(s: State): State {
  return s.scope ? rescoped(s, null, scopeFilter(s)) : s;
}

export function setPicker(s: State, picker: PickerKind | null): State {
  return s.picker === picker ? s : { ...s, picker };
}

/** Loaded rows whose id contains `fragment` (case-insensitive: ULIDs are upper-case, people type either). */
export function rowsMatching(s: State, fragment: string): number[] {
  const q = fragment.toUpperCase();
  return s.rows.flatMap((job, i) => (job.id.toUpperCase().includes(q) ? [i] : []));
}

export function select(s: State, index: number): State {
  const selected = clampIndex(index, s.rows.length);
  return selected === s.selected ? s : { ...s, selected };
}

export function markedJobs(s: State): Job[] {
  return [...s.marked.values()];
}

function tooMany(s: State): State {
  return setMessage(s, `At most ${BULK_MAX} jobs can be selected at once.`, "error");
}

/** Space: the row under the cursor in or out of the selection, then the cursor moves on, so a run marks quickly. */
export function toggleMark(s: State): State {
  const job = selectedJob(s);
  if (!job) return s;
  const marked = new Map(s.marked);
  if (marked.has(job.id)) marked.delete(job.id);
  else if (marked.size >= BULK_MAX) return tooMany(s);
  else marked.set(job.id, job);
  return moveSelection({ ...s, marked }, 1);
}

/** Every loaded row in the selection, or, when they all are already, out of it (rows of other pages stay). */
export function toggleMarkAll(s: State): State {
  if (s.rows.length === 0) return s;
  const marked = new Map(s.marked);
  const all = s.rows.every((j) => marked.has(j.id));
  for (const job of s.rows) {
    if (all) marked.delete(job.id);
    else marked.set(job.id, job);
  }
  return marked.size > BULK_MAX ? tooMany(s) : { ...s, marked };
}

export function clearMarks(s: State): State {
  return s.marked.size === 0 ? s : { ...s, marked: new Map() };
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
  // Roughly the pane's line count, so scrolling past the end does not have to be undone key by key. A history row
  // may wrap its message onto a second line on a narrow pane, hence two per event.
  const { job, events } = s.detail;
  const textLines = (v: unknown) =>
    v == null ? 1 : String(typeof v === "string" ? v : JSON.stringify(v, null, 2)).split("\n").length;
  const max = 23 + 2 * events.length + textLines(job.error) + textLines(job.result);
  const scroll = Math.max(0, Math.min(max, s.detail.scroll + delta));
  return scroll === s.detail.scroll ? s : { ...s, detail: { ...s.detail, scroll } };
}

/** `e`: the pane opens at once, saying it is loading; it replaces the detail pane. */
export function openErrors(s: State): State {
  const selected = s.errors?.selected ?? 0;
  const errors = { groups: s.errors?.groups ?? [], selected, loading: true, failure: null };
  return { ...s, detail: null, lanesPane: null, schedules: null, errors };
}

/** Groups arrived: the cursor stays on the group it was on (a replay may have emptied the ones above it). */
export function errorsLoaded(s: State, groups: ErrorGroup[]): State {
  if (!s.errors) return s; // closed while the request was in flight
  const keep = s.errors.groups[s.errors.selected]?.signature;
  const kept = keep ? groups.findIndex((g) => g.signature === keep) : -1;
  const selected = kept >= 0 ? kept : clampIndex(s.errors.selected, groups.length);
  return { ...s, errors: { groups, selected: Math.max(0, selected), loading: false, failure: null } };
}

export function errorsFailed(s: State, failure: string): State {
  return s.errors ? { ...s, errors: { ...s.errors, loading: false, failure } } : s;
}

export function moveErrorSelection(s: State, delta: number): State {
  const view = s.errors;
  if (!view || view.groups.length === 0) return s;
  const selected = clampIndex(view.selected + delta, view.groups.length);
  return selected === view.selected ? s : { ...s, errors: { ...view, selected } };
}

export function selectedGroup(s: State): ErrorGroup | undefined {
  return s.errors?.groups[s.errors.selected];
}

export function closeErrors(s: State): State {
  return s.errors ? { ...s, errors: null } : s;
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

/**
 * Jobs left D1 (a `removed` event): their rows and marks go, the cursor stays on the same job where it can, and a
 * detail pane on one of them closes with a word of where the job went. Removed jobs off this page changed the counts
 * too, so the page is refetched soon (stale), which also fills it up again.
 */
export function jobsRemoved(s: State, jobIds: readonly string[], archiveDate: string): State {
  const gone = new Set(jobIds);
  const rows = s.rows.filter((job) => !gone.has(job.id));
  const above = s.rows.slice(0, s.selected).filter((job) => gone.has(job.id)).length;
  const counts = { ...s.counts };
  for (const job of s.rows) {
    if (gone.has(job.id)) counts[job.status] = Math.max(0, (counts[job.status] ?? 0) - 1);
  }
  let marked = s.marked;
  if (jobIds.some((id) => marked.has(id))) {
    marked = new Map([...marked].filter(([id]) => !gone.has(id)));
  }
  const next: State = {
    ...s,
    rows,
    counts,
    marked,
    selected: clampIndex(s.selected - above, rows.length),
    stale: true,
  };
  if (!s.detail || !gone.has(s.detail.job.id)) return next;
  const text = `Job ${s.detail.job.id} was archived and removed (archive of ${archiveDate})`;
  return setMessage({ ...next, detail: null }, text);
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
export function jobChanged(s0: State, job: Job): State {
  const marked = refreshMarks(s0.marked, [job]);
  const s = marked === s0.marked ? s0 : { ...s0, marked };
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
  // A search matches payloads and errors the event does not show, and a group's membership is the server's to say:
  // within a scope only the rows already listed follow events, and the resync brings in new ones.
  if (!matchesFilter(job, s.filter) || s.scope) return unchanged();
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
