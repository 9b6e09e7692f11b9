// The schedules pane (`s`): the workspace's schedules at any width with the selected one's next times and last run
// under them, one schedule's latest runs (Enter), and what run now, pause and resume ask and answer. Pure.
import { typeLabel, typeShortName } from "../worker/api/job-types.ts";
import { isActive } from "../worker/api/lifecycle.ts";
import { PRIORITY_LABELS } from "../worker/api/priority.ts";
import { nextRun, type ScheduleJson, type ScheduleRunJson } from "../worker/api/schedules.ts";
import { JOB_STATUSES, type JobStatus, STATUS_LABELS } from "../worker/api/schema.ts";
import { relativeText } from "../worker/api/time-text.ts";
import { clockText } from "./clock.ts";
import { windowStart } from "./errors.ts";
import { createdText, escapeTags, fitCell, paint, STATUS_COLORS, sanitize, textWidth, wrap } from "./format.ts";
import type { ScheduleRunResponse } from "./schedules-schema.ts";
import type { RunsRead, ScheduleAction, SchedulesView } from "./schedules-state.ts";

export interface SchedulesPaneOptions {
  /** Inside the border. */
  width: number;
  height: number;
  now: number;
  color: boolean;
  timeZone?: string;
}

const GAP = " ";

/** The run's job status as the lifecycle knows it; null when no job was made, it is gone, or the name is unknown. */
function jobStatus(status: string | null): JobStatus | null {
  return status && (JOB_STATUSES as readonly string[]).includes(status) ? (status as JobStatus) : null;
}

const quoted = (schedule: ScheduleJson) => `“${sanitize(schedule.name)}”`;

/** "in 5 h (02:00)" in the operator's zone; a due time in the past (missed while the app was down) reads "… ago". */
function whenText(iso: string, now: number, timeZone: string | undefined, clock: boolean): string {
  const rel = createdText(iso, now);
  const ms = Date.parse(iso);
  return clock && !Number.isNaN(ms) ? `${rel} (${clockText(ms, now, { timeZone, seconds: false })})` : rel;
}

/** "created, Completed", "skipped", "failed": what the run did and, when it made one, where its job is now. */
export function outcomeText(run: ScheduleRunJson): string {
  if (run.outcome !== "created") return run.outcome;
  const status = jobStatus(run.job_status);
  if (status) return `created, ${STATUS_LABELS[status]}`;
  return run.job_id ? "created, job removed" : "created";
}

const OUTCOME_COLORS: Partial<Record<ScheduleRunJson["outcome"], string>> = {
  skipped: "yellow-fg",
  failed: "red-fg",
};

function runColor(run: ScheduleRunJson): string | undefined {
  const status = jobStatus(run.job_status);
  return OUTCOME_COLORS[run.outcome] ?? (status ? STATUS_COLORS[status] : undefined);
}

// ---- the list ----

type Key = "name" | "cron" | "type" | "state" | "next" | "last";
const ORDER: Key[] = ["name", "cron", "type", "state", "next", "last"];
const TITLES: Record<Key, string> = {
  name: "Name",
  cron: "Cron",
  type: "Type",
  state: "State",
  next: "Next run",
  last: "Last run",
};
/** Wider than this a cell is cut; the block under the table says it whole. */
const CAPS: Partial<Record<Key, number>> = { cron: 26, state: 26, last: 30 };
const NAME_MIN = 16;

/** What the table adds when it has room, in this order; the block under it always has all of it. */
interface Forms {
  pauser: boolean;
  clock: boolean;
  when: boolean;
  labels: boolean;
  /** The pauser's whole address, not only its local part. */
  address: boolean;
}
const UPGRADES: (keyof Forms)[] = ["pauser", "clock", "when", "labels", "address"];

interface Column {
  key: Key;
  width: number;
}

interface Row {
  text: Record<Key, string>;
  /** The colours of the state and last-run cells (a paused schedule, a skipped or failed run). */
  style: Partial<Record<Key, string>>;
}

function row(schedule: ScheduleJson, read: RunsRead | undefined, forms: Forms, opts: SchedulesPaneOptions): Row {
  const { now, timeZone } = opts;
  // The local part, as the lanes strip says it: the block under the table has the whole address.
  const by = schedule.paused_by
    ? sanitize(forms.address ? schedule.paused_by : (schedule.paused_by.split("@")[0] ?? ""))
    : null;
  const run = read?.runs?.[0];
  let last: string;
  if (!read) last = "…";
  else if (read.failure !== null) last = "?";
  else if (!run) last = "never";
  else last = forms.when ? `${createdText(run.due_at, now)}: ${outcomeText(run)}` : outcomeText(run);
  const text: Record<Key, string> = {
    name: sanitize(schedule.name),
    cron: sanitize(`${schedule.cron} ${schedule.timezone}`),
    type: forms.labels ? typeLabel(schedule.type) : typeShortName(schedule.type),
    state: schedule.enabled ? "on" : forms.pauser && by ? `paused by ${by}` : "paused",
    next: schedule.next_run_at ? whenText(schedule.next_run_at, now, timeZone, forms.clock) : "-",
    last: sanitize(last),
  };
  const style: Row["style"] = {};
  if (!schedule.enabled) style.state = STATUS_COLORS.paused;
  if (run) style.last = runColor(run);
  if (read?.failure) style.last = "red-fg";
  return { text, style };
}

/** Every column but the name as wide as its widest cell (up to its cap); the name takes the rest, or null. */
function fitColumns(rows: Row[], width: number, nameMin: number, capped = true): Column[] | null {
  const fixed = ORDER.slice(1).map((key) => {
    const widest = Math.max(TITLES[key].length, ...rows.map((r) => textWidth(r.text[key])));
    return { key, width: capped ? Math.min(CAPS[key] ?? widest, widest) : widest };
  });
  const name = width - fixed.reduce((n, c) => n + c.width + GAP.length, 0);
  return name >= nameMin ? [{ key: "name", width: name }, ...fixed] : null;
}

/** The richest forms that leave the name its room; on a very narrow pane the cron and last run give up cells first. */
function layout(view: SchedulesView, opts: SchedulesPaneOptions): { cols: Column[]; rows: Row[] } {
  const widest = Math.max(4, ...view.schedules.map((s) => textWidth(sanitize(s.name))));
  const nameMin = Math.min(widest, NAME_MIN);
  const rowsFor = (forms: Forms) => view.schedules.map((s) => row(s, view.runs.get(s.id), forms, opts));
  let forms: Forms = { pauser: false, clock: false, when: false, labels: false, address: false };
  let rows = rowsFor(forms);
  let cols = fitColumns(rows, opts.width, nameMin);
  if (!cols) {
    cols = fitColumns(rows, Number.MAX_SAFE_INTEGER, 0) ?? [];
    let over = nameMin - (opts.width - cols.slice(1).reduce((n, c) => n + c.width + GAP.length, 0));
    for (const [key, least] of [
      ["cron", 9], // "0 2 * * *"
      ["last", 7], // "skipped"
    ] as const) {
      const col = cols.find((c) => c.key === key);
      if (!col || over <= 0) continue;
      const give = Math.min(over, Math.max(0, col.width - least));
      col.width -= give;
      over -= give;
    }
    const name = cols[0];
    if (name) name.width = Math.max(4, opts.width - cols.slice(1).reduce((n, c) => n + c.width + GAP.length, 0));
    return { cols, rows };
  }
  for (const upgrade of UPGRADES) {
    const richer = { ...forms, [upgrade]: true };
    const richerRows = rowsFor(richer);
    const richerCols = fitColumns(richerRows, opts.width, nameMin);
    if (richerCols) [forms, rows, cols] = [richer, richerRows, richerCols];
  }
  // A wide pane: nothing cut, and the name no wider than the longest (the rest of the line stays empty).
  cols = fitColumns(rows, opts.width, widest, false) ?? cols;
  const name = cols[0];
  if (name) name.width = Math.min(name.width, Math.max(widest, TITLES.name.length));
  return { cols, rows };
}

function line(r: Row, cols: Column[], color: boolean, selected: boolean): string {
  const cells = cols.map((c) => {
    const text = escapeTags(fitCell(r.text[c.key], c.width));
    const style = r.style[c.key];
    return style && !selected ? paint(text, style, color) : text;
  });
  const joined = cells.join(GAP);
  // Inverse is not a colour: the cursor stays visible under NO_COLOR.
  return selected ? `{inverse}${joined}{/inverse}` : joined;
}

/** The selected schedule in full, under the table: what the table cuts or leaves out at this width. */
function scheduleBlock(schedule: ScheduleJson, read: RunsRead | undefined, opts: SchedulesPaneOptions): string[] {
  const { now, timeZone, width, color } = opts;
  const fitted = (text: string) => escapeTags(fitCell(sanitize(text), width).trimEnd());
  const name = fitCell(sanitize(schedule.name), width).trimEnd();
  const priority = PRIORITY_LABELS[schedule.priority];
  const what = `${schedule.cron} ${schedule.timezone}, ${typeLabel(schedule.type)} (${schedule.type}), ${priority} priority, overlap ${schedule.overlap}`;
  const room = width - textWidth(name) - 2;
  const rest = room > 0 ? `  ${escapeTags(fitCell(sanitize(what), room).trimEnd())}` : "";
  const lines = [`{bold}${escapeTags(name)}{/bold}${rest}`];
  if (!schedule.enabled) {
    const by = schedule.paused_by ? ` by ${schedule.paused_by}` : "";
    lines.push(paint(fitted(`Paused${by}: no runs until it is resumed.`), STATUS_COLORS.paused, color));
  } else {
    const times = schedule.next_runs.map((iso) => clockText(Date.parse(iso), now, { timeZone, seconds: false }));
    const first = schedule.next_run_at ? `${createdText(schedule.next_run_at, now)}: ` : "";
    lines.push(fitted(`Next runs ${first}${times.join(", ") || "-"}`));
  }
  const run = read?.runs?.[0];
  if (!read) lines.push("Last run  reading its runs…");
  else if (read.failure !== null) lines.push(paint(fitted(`Last run  ${read.failure}`), "red-fg", color));
  else if (!run) lines.push("Last run  never: it has not run yet.");
  else {
    const job = run.job_id ? `, job ${run.job_id}` : "";
    const detail = run.detail ? `: ${run.detail}` : "";
    const kind = run.kind === "run_now" ? "run now" : "cron";
    lines.push(fitted(`Last run  ${createdText(run.due_at, now)} (${kind}): ${outcomeText(run)}${job}${detail}`));
  }
  return lines;
}

function failureLines(failure: string, width: number, color: boolean): string[] {
  return wrap(sanitize(failure), width).map((l) => paint(escapeTags(l), "red-fg", color));
}

/** The pane's content as blessed-tagged text: the list or, after Enter, one schedule's runs. */
export function schedulesPaneText(view: SchedulesView, opts: SchedulesPaneOptions): string {
  if (view.history) return runsText(view, view.history, opts);
  const { width, color } = opts;
  if (view.schedules.length === 0) {
    if (view.failure) return [...failureLines(view.failure, width, color), "", "g reads again, Esc closes."].join("\n");
    if (view.loading) return "Loading schedules…";
    return wrap("No schedules in this workspace; create them with POST /api/v1/schedules.", width).join("\n");
  }
  const footer: string[] = [];
  if (view.failure)
    footer.push(paint(escapeTags(fitCell(`Not refreshed: ${view.failure}`, width).trimEnd()), "red-fg", color));
  if (view.more) footer.push(`The first ${view.schedules.length} schedules; the API lists the rest.`);
  const selected = view.schedules[view.selected];
  const block = selected ? ["", ...scheduleBlock(selected, view.runs.get(selected.id), opts)] : [];
  const room = Math.max(1, opts.height - 1 - block.length - footer.length);
  const { cols, rows } = layout(view, opts);
  const start = windowStart(view.selected, rows.length, room);
  const header = cols.map((c) => fitCell(TITLES[c.key], c.width)).join(GAP);
  const body = [
    `{bold}${escapeTags(header.trimEnd())}{/bold}`,
    ...rows.slice(start, start + room).map((r, i) => line(r, cols, color, start + i === view.selected)),
  ];
  return [...body, ...block, ...footer].join("\n");
}

// ---- one schedule's runs ----

type RunKey = "due" | "kind" | "outcome" | "job" | "status" | "detail";
const RUN_TITLES: Record<RunKey, string> = {
  due: "Due",
  kind: "Kind",
  outcome: "Outcome",
  job: "Job",
  status: "Status",
  detail: "Detail",
};
/** A whole job id needs this much room beside a useful detail; below it the tail the job list shows too. */
const WHOLE_IDS_FROM = 110;

function runCells(run: ScheduleRunJson, opts: SchedulesPaneOptions): Record<RunKey, string> {
  const due = Date.parse(run.due_at);
  const status = jobStatus(run.job_status);
  const id = run.job_id ? (opts.width >= WHOLE_IDS_FROM ? run.job_id : `…${run.job_id.slice(-8)}`) : "-";
  return {
    due: Number.isNaN(due) ? sanitize(run.due_at) : clockText(due, opts.now, { timeZone: opts.timeZone }),
    kind: run.kind === "run_now" ? "run now" : "cron",
    outcome: run.outcome,
    job: sanitize(id),
    status: status ? STATUS_LABELS[status] : run.job_status ? sanitize(run.job_status) : "-",
    detail: run.detail ? sanitize(run.detail) : "-",
  };
}

function runsText(view: SchedulesView, history: { id: string; selected: number }, opts: SchedulesPaneOptions): string {
  const { width, color } = opts;
  const schedule = view.schedules.find((s) => s.id === history.id);
  const read = view.runs.get(history.id);
  // What it is and whether it is paused, above its runs: `r` and `p` still act on it here.
  const lines: string[] = schedule ? [...scheduleBlock(schedule, read, opts).slice(0, 2), ""] : [];
  if (!read) return [...lines, "Reading its runs…"].join("\n");
  if (read.failure !== null) return [...lines, ...failureLines(read.failure, width, color)].join("\n");
  if (read.runs.length === 0) return [...lines, "No runs yet."].join("\n");
  const cells = read.runs.map((r) => runCells(r, opts));
  const keys: RunKey[] = ["due", "kind", "outcome", "job", "status"];
  const widths = keys.map((k) => Math.max(RUN_TITLES[k].length, ...cells.map((c) => textWidth(c[k]))));
  const detailWidth = Math.max(6, width - widths.reduce((n, w) => n + w + GAP.length, 0));
  const cols: { key: RunKey; width: number }[] = [
    ...keys.map((key, i) => ({ key, width: widths[i] ?? 0 })),
    { key: "detail", width: detailWidth },
  ];
  const selected = read.runs[history.selected];
  // The selected run's detail in full under the table: the column cuts a long one.
  const tail = selected?.detail ? ["", ...wrap(`Detail: ${sanitize(selected.detail)}`, width).slice(0, 3)] : [];
  const room = Math.max(1, opts.height - lines.length - 1 - tail.length);
  const start = windowStart(history.selected, read.runs.length, room);
  lines.push(
    `{bold}${escapeTags(
      cols
        .map((c) => fitCell(RUN_TITLES[c.key], c.width))
        .join(GAP)
        .trimEnd(),
    )}{/bold}`,
  );
  read.runs.slice(start, start + room).forEach((run, i) => {
    const at = start + i;
    const c = cells[at] as Record<RunKey, string>;
    const style = runColor(run);
    const text = cols.map((col) => {
      const cell = escapeTags(fitCell(c[col.key], col.width));
      return style && at !== history.selected && (col.key === "outcome" || col.key === "status")
        ? paint(cell, style, color)
        : cell;
    });
    lines.push(at === history.selected ? `{inverse}${text.join(GAP)}{/inverse}` : text.join(GAP));
  });
  return [...lines, ...tail.map(escapeTags)].join("\n");
}

// ---- label, questions and answers ----

/** The pane's border label: how many schedules and how many paused, or whose runs are shown. */
export function schedulesLabel(view: SchedulesView): string {
  if (view.history) {
    const schedule = view.schedules.find((s) => s.id === view.history?.id);
    const n = view.runs.get(view.history.id)?.runs?.length;
    const name = schedule ? ` of ${fitCell(quoted(schedule), 40).trimEnd()}` : "";
    return ` Runs${name}${n ? `: the latest ${n}` : ""} `;
  }
  const n = view.schedules.length;
  if (n === 0) return " Schedules ";
  const paused = view.schedules.filter((s) => !s.enabled).length;
  return ` Schedules: ${n}${view.more ? "+" : ""}${paused ? `, ${paused} paused` : ""} `;
}

/** The y/n question before run now, pause or resume, saying what will and will not happen. */
export function schedulePrompt(
  schedule: ScheduleJson,
  action: ScheduleAction,
  read: RunsRead | undefined,
  now: number,
): string {
  const name = quoted(schedule);
  if (action === "run") {
    const last = read?.runs?.[0];
    const status = last ? jobStatus(last.job_status) : null;
    const effect =
      schedule.overlap === "skip" && status && isActive(status)
        ? `Its last job is still ${STATUS_LABELS[status]}, so the run is skipped (overlap skip).`
        : "It creates one job now; its cron times stay as they are.";
    return `Run ${name} (${typeLabel(schedule.type)}) now? ${effect} y/n`;
  }
  if (action === "pause") {
    const next = schedule.next_run_at ? ` (next run ${relativeText(schedule.next_run_at, now)})` : "";
    return `Pause ${name}? It creates no jobs until it is resumed${next}; missed times are not made up. y/n`;
  }
  let next: number | null = null;
  try {
    next = nextRun(schedule.cron, schedule.timezone, now);
  } catch {
    // The server checked the cron when it was saved; a preview that cannot be computed is only left out.
  }
  const when = next === null ? "" : ` It next runs ${relativeText(new Date(next).toISOString(), now)}.`;
  return `Resume ${name}?${when} Times missed while paused are not made up. y/n`;
}

export function scheduleDeclined(schedule: ScheduleJson, action: ScheduleAction): string {
  const name = quoted(schedule);
  return action === "run" ? `${name} not run.` : action === "pause" ? `${name} not paused.` : `${name} stays paused.`;
}

/** The status line after run now, from the answer: the job it created, or why it made none. */
export function runAnswerText(
  schedule: ScheduleJson,
  answer: ScheduleRunResponse,
): { text: string; level: "info" | "error" } {
  const name = quoted(schedule);
  const detail = answer.run?.detail ? sanitize(answer.run.detail).replace(/^skipped: /, "") : null;
  if (answer.outcome === "created") {
    const id = answer.run?.job_id;
    return { text: id ? `Ran ${name} now: job ${id} created.` : `Ran ${name} now.`, level: "info" };
  }
  if (answer.outcome === "skipped")
    return { text: `Run now of ${name} skipped${detail ? `: ${detail}` : "."}`, level: "info" };
  return { text: `Run now of ${name} failed${detail ? `: ${detail}` : "."}`, level: "error" };
}

/** The status line after a pause or a resume, from the schedule it answered. */
export function pauseAnswerText(schedule: ScheduleJson, action: "pause" | "resume", now: number): string {
  const name = quoted(schedule);
  if (action === "pause") {
    const by = schedule.paused_by ? ` (by ${sanitize(schedule.paused_by)})` : "";
    return `Paused ${name}${by}: no runs until it is resumed.`;
  }
  const next = schedule.next_run_at ? `: next run ${relativeText(schedule.next_run_at, now)}` : "";
  return `Resumed ${name}${next}.`;
}
