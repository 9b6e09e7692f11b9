// The lanes' part of the State (GET /api/v1/lanes: the header strip and the `L` pane) and its reducers. Pure.
import type { Lane, LanesResponse } from "../worker/api/lanes.ts";
import type { LaneContext } from "../worker/api/waiting.ts";
import type { State } from "./state.ts";

/** What `POST /api/v1/lanes/:type/<action>` does to a job type. */
export type LaneAction = "pause" | "resume";

/** The workspace's lanes as last read; the header strip and the lanes pane both draw them. */
export interface LanesView {
  data: LanesResponse | null;
  /** The dashboard's clock when `data` arrived: oldest waits keep growing from there between reads. */
  fetchedAt: number;
  loading: boolean;
  /** Why the last read failed (the server down, an older server without lanes); the last data stays shown. */
  failure: string | null;
}

/** The lanes pane (`L`): its cursor; the lanes themselves are `State.lanes`, which it shares with the header. */
export interface LanesPane {
  selected: number;
}

export function initialLanes(): LanesView {
  return { data: null, fetchedAt: 0, loading: true, failure: null };
}

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(i, length - 1));
}

export function lanesRequested(s: State): State {
  return s.lanes.loading ? s : { ...s, lanes: { ...s.lanes, loading: true } };
}

/** New lanes (a read or the answer to a pause/resume); the pane's cursor stays on its type. */
export function lanesLoaded(s: State, data: LanesResponse, at: number): State {
  const pane = s.lanesPane;
  let lanesPane = pane;
  if (pane) {
    const keep = s.lanes.data?.lanes[pane.selected]?.type;
    const kept = keep ? data.lanes.findIndex((l) => l.type === keep) : -1;
    lanesPane = { selected: kept >= 0 ? kept : clamp(pane.selected, data.lanes.length) };
  }
  return { ...s, lanes: { data, fetchedAt: at, loading: false, failure: null }, lanesPane };
}

export function lanesFailed(s: State, failure: string): State {
  return { ...s, lanes: { ...s.lanes, loading: false, failure } };
}

/** `L`: the pane replaces the detail, error and schedules panes; its lanes are the header's, refreshed as it opens. */
export function openLanes(s: State): State {
  return { ...s, detail: null, errors: null, schedules: null, lanesPane: { selected: s.lanesPane?.selected ?? 0 } };
}

export function closeLanes(s: State): State {
  return s.lanesPane ? { ...s, lanesPane: null } : s;
}

export function moveLaneSelection(s: State, delta: number): State {
  const n = s.lanes.data?.lanes.length ?? 0;
  if (!s.lanesPane || n === 0) return s;
  const selected = clamp(s.lanesPane.selected + delta, n);
  return selected === s.lanesPane.selected ? s : { ...s, lanesPane: { selected } };
}

export function selectedLane(s: State): Lane | undefined {
  return s.lanesPane ? s.lanes.data?.lanes[s.lanesPane.selected] : undefined;
}

/**
 * The lanes as the wait reasons need them (worker/api/waiting.ts), or null before the first read. Newer than a
 * waiting row's copy as a rule: a freed slot sends no event for the jobs still waiting, but makes the strip reload.
 */
export function laneContext(view: LanesView): LaneContext | null {
  const data = view.data;
  if (!data) return null;
  const paused = new Map(data.lanes.filter((l) => l.paused).map((l) => [l.type, l.paused_by ?? "someone"]));
  return { maxRunning: data.max_running, inUse: data.in_use, paused };
}
