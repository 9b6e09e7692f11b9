// The schedules pane's part of the State (`s`: the workspace's schedules and each one's latest runs) and its
// reducers. Pure.
import type { ScheduleJson, ScheduleRunJson } from "../worker/api/schedules.ts";
import type { Job } from "../worker/api/schema.ts";
import type { State } from "./state.ts";

/** What `r` and `p` in the pane ask the server to do to a schedule. */
export type ScheduleAction = "run" | "pause" | "resume";

/** One schedule's latest runs (newest first, as `GET /api/v1/schedules/:id` answers them), or why they are missing. */
export type RunsRead = { runs: ScheduleRunJson[]; failure: null } | { runs: null; failure: string };

/** The schedules pane (`s`): not live; `g`, opening it and each action reread it. */
export interface SchedulesView {
  schedules: ScheduleJson[];
  /** The server has more schedules than the one page the pane reads. */
  more: boolean;
  /**
   * By schedule id. The list answer carries no run outcome, so each schedule's runs are read after it: the rows'
   * last outcome and job status, and what Enter lists. Absent while being read.
   */
  runs: ReadonlyMap<string, RunsRead>;
  selected: number;
  loading: boolean;
  /** Why the list could not be read (a member's 403, the server down), drawn in the pane itself. */
  failure: string | null;
  /** Enter: one schedule's runs, with their own cursor, in place of the list; null while the list is shown. */
  history: { id: string; selected: number } | null;
}

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(i, length - 1));
}

function update(s: State, fn: (view: SchedulesView) => SchedulesView): State {
  return s.schedules ? { ...s, schedules: fn(s.schedules) } : s; // closed while a request was in flight
}

/** `s`: the pane opens at once, saying it is loading, in place of the detail, error and lanes panes. */
export function openSchedules(s: State): State {
  const schedules: SchedulesView = {
    schedules: [],
    more: false,
    runs: new Map(),
    selected: 0,
    loading: true,
    failure: null,
    history: null,
  };
  return { ...s, detail: null, errors: null, lanesPane: null, schedules };
}

export function closeSchedules(s: State): State {
  return s.schedules ? { ...s, schedules: null } : s;
}

export function schedulesRequested(s: State): State {
  return update(s, (v) => (v.loading ? v : { ...v, loading: true }));
}

/** A new list: the cursor stays on its schedule; runs of schedules no longer listed are forgotten. */
export function schedulesLoaded(s: State, schedules: ScheduleJson[], more: boolean): State {
  return update(s, (v) => {
    const keep = v.schedules[v.selected]?.id;
    const kept = keep ? schedules.findIndex((x) => x.id === keep) : -1;
    const ids = new Set(schedules.map((x) => x.id));
    const runs = new Map([...v.runs].filter(([id]) => ids.has(id)));
    const history = v.history && ids.has(v.history.id) ? v.history : null;
    const selected = Math.max(0, kept >= 0 ? kept : clamp(v.selected, schedules.length));
    return { ...v, schedules, more, runs, selected, history, loading: false, failure: null };
  });
}

/** The last list stays shown, marked as not refreshed. */
export function schedulesFailed(s: State, failure: string): State {
  return update(s, (v) => ({ ...v, loading: false, failure }));
}

/** A schedule as the server answered it just now (a pause, a resume, a read of its runs) replaces the listed copy. */
export function scheduleChanged(s: State, schedule: ScheduleJson): State {
  return update(s, (v) => {
    const at = v.schedules.findIndex((x) => x.id === schedule.id);
    if (at < 0) return v;
    const schedules = v.schedules.slice();
    schedules[at] = schedule;
    return { ...v, schedules };
  });
}

export function runsLoaded(s: State, schedule: ScheduleJson, runs: ScheduleRunJson[]): State {
  const next = update(scheduleChanged(s, schedule), (v) => {
    const map = new Map(v.runs);
    map.set(schedule.id, { runs, failure: null });
    const history =
      v.history?.id === schedule.id ? { ...v.history, selected: clamp(v.history.selected, runs.length) } : v.history;
    return { ...v, runs: map, history };
  });
  return next;
}

export function runsFailed(s: State, id: string, failure: string): State {
  return update(s, (v) => {
    const map = new Map(v.runs);
    map.set(id, { runs: null, failure });
    return { ...v, runs: map };
  });
}

/** ↑/↓: in the list, or in the runs while they are shown. */
export function moveScheduleSelection(s: State, delta: number): State {
  return update(s, (v) => {
    if (v.history) {
      const n = v.runs.get(v.history.id)?.runs?.length ?? 0;
      const selected = clamp(v.history.selected + delta, n);
      return n === 0 || selected === v.history.selected ? v : { ...v, history: { ...v.history, selected } };
    }
    const selected = clamp(v.selected + delta, v.schedules.length);
    return v.schedules.length === 0 || selected === v.selected ? v : { ...v, selected };
  });
}

/** Enter on a schedule: its runs replace the list (what was read with the list shows at once). */
export function openHistory(s: State, id: string): State {
  return update(s, (v) => ({ ...v, history: { id, selected: 0 } }));
}

export function closeHistory(s: State): State {
  return update(s, (v) => (v.history ? { ...v, history: null } : v));
}

/** The schedule `r` and `p` act on: the one whose runs are shown, else the one under the cursor. */
export function selectedSchedule(s: State): ScheduleJson | undefined {
  const v = s.schedules;
  if (!v) return undefined;
  if (v.history) {
    const id = v.history.id;
    return v.schedules.find((x) => x.id === id);
  }
  return v.schedules[v.selected];
}

/** The run under the cursor while a schedule's runs are shown. */
export function selectedRun(s: State): ScheduleRunJson | undefined {
  const h = s.schedules?.history;
  return h ? s.schedules?.runs.get(h.id)?.runs?.[h.selected] : undefined;
}

/**
 * A live job event: the runs that created this job show its new status. The same state when no run has it, which
 * spares the drawer a frame for the many events that are not about a schedule's job.
 */
export function runJobChanged(s: State, job: Pick<Job, "id" | "status">): State {
  const v = s.schedules;
  if (!v) return s;
  let runs: Map<string, RunsRead> | null = null;
  for (const [id, read] of v.runs) {
    if (!read.runs?.some((r) => r.job_id === job.id && r.job_status !== job.status)) continue;
    runs ??= new Map(v.runs);
    const moved = read.runs.map((r) => (r.job_id === job.id ? { ...r, job_status: job.status } : r));
    runs.set(id, { runs: moved, failure: null });
  }
  return runs ? { ...s, schedules: { ...v, runs } } : s;
}
