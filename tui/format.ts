// Pure text formatting for the drawer: column layout per terminal width, cells, colours as blessed tags.

import { JOB_TYPES, typeLabel, typeShortName } from "../worker/api/job-types.ts";
import { SUCCEEDED_STATUS, stopRequested } from "../worker/api/lifecycle.ts";
import { JOB_STATUSES, type Job, type JobControl, type JobStatus, STATUS_LABELS } from "../worker/api/schema.ts";
import { between, durationText, relativeText } from "../worker/api/time-text.ts";
import type { LaneContext } from "../worker/api/waiting.ts";
import { paceForms } from "./pace.ts";
import type { Connection } from "./state.ts";
import { waitTexts } from "./waiting.ts";

export type ColumnKey = "mark" | "id" | "type" | "status" | "progress" | "created" | "ran" | "error";

/** What a row cannot lose at any width (issue 15): which job it is, what state it is in, how far it got. */
type KeptColumn = "mark" | "id" | "status" | "progress";
type DroppableColumn = Exclude<ColumnKey, KeptColumn>;

interface ColumnSpec {
  key: ColumnKey;
  title: string;
  min: number;
}

export interface Column {
  key: ColumnKey;
  title: string;
  width: number;
}

/** Wide enough for every production type's label ("Bulk classification"); narrower columns use short names. */
export const TYPE_LABEL_WIDTH = Math.max(...JOB_TYPES.map((t) => typeLabel(t).length));

const SPECS: ColumnSpec[] = [
  { key: "mark", title: "", min: 1 }, // the bulk-selection marker
  // "…" + the last 8 characters, the short id the pages show too (the random part that tells neighbours apart).
  { key: "id", title: "ID", min: 9 },
  { key: "type", title: "Type", min: 8 }, // the short names ("classify") fit
  { key: "status", title: "Status", min: 11 }, // "Dead Letter", "Cancelling…": never cut a status
  { key: "progress", title: "Progress", min: 12 },
  { key: "created", title: "Created", min: 10 }, // "59 min ago"
  { key: "ran", title: "Ran", min: 11 }, // "59 min 59 s": a finished job's completed − started
  { key: "error", title: "Error", min: 8 },
];

/**
 * Dropped in this order (lowest first) when even the minimum widths do not fit; the detail pane still shows them.
 * A Record so the compiler insists every droppable column has a place, and no kept column can be given one.
 */
const DROP_RANK: Record<DroppableColumn, number> = { ran: 1, created: 2, type: 3, error: 4 };
export const DROP_ORDER = (Object.keys(DROP_RANK) as DroppableColumn[]).sort((a, b) => DROP_RANK[a] - DROP_RANK[b]);

/**
 * Spare width goes to these, each up to a cap, in order; whatever remains widens Error. Type grows only all the way
 * to the label width: a few more cells of short name would be wasted on every row.
 */
const GROW: { key: ColumnKey; cap: number; whole?: true }[] = [
  { key: "progress", cap: 22 },
  { key: "type", cap: TYPE_LABEL_WIDTH, whole: true },
  { key: "error", cap: 24 },
  { key: "id", cap: 26 }, // the whole id
  { key: "progress", cap: 40 },
];
const GAP = 1;

export function layoutColumns(width: number): Column[] {
  let specs = SPECS.slice();
  const total = (cols: { min: number }[]) => cols.reduce((n, c) => n + c.min, 0) + GAP * (cols.length - 1);
  for (const key of DROP_ORDER) {
    if (total(specs) <= width) break;
    specs = specs.filter((c) => c.key !== key);
  }
  const cols = specs.map((c) => ({ key: c.key, title: c.title, width: c.min }));
  let spare = width - total(specs);
  for (const { key, cap, whole } of GROW) {
    const col = cols.find((c) => c.key === key);
    if (!col || spare <= 0) continue;
    const wanted = Math.max(0, cap - col.width);
    if (whole && wanted > spare) continue;
    const add = Math.min(spare, wanted);
    col.width += add;
    spare -= add;
  }
  const error = cols.find((c) => c.key === "error");
  if (error && spare > 0) error.width += spare;
  return cols;
}

/** East Asian wide characters take two cells; product names and SKUs may well contain them. */
function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0) ?? 0);
  return w;
}

/** Server text may hold control characters; on a terminal those are escape-sequence injection, so flatten them. */
export function sanitize(s: string, keepNewlines = false): string {
  return keepNewlines
    ? // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      s.replace(/\r\n?/g, "\n").replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, " ")
    : // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      s.replace(/[\x00-\x1f\x7f-\x9f]/g, " ");
}

/** Word-wrap to `width` cells; a word longer than a line is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next) <= width) line = next;
    else {
      if (line) lines.push(line);
      line = textWidth(word) > width ? fitCell(word, width) : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** blessed reads `{…}` as tags: escape text that came from the server. */
export function escapeTags(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === "{" ? "{open}" : "{close}"));
}

/** Cut to `width` cells (with "…") and pad to exactly `width`. */
export function fitCell(s: string, width: number, from: "end" | "start" = "end"): string {
  if (width <= 0) return "";
  if (textWidth(s) <= width) return s + " ".repeat(width - textWidth(s));
  const chars = [...s];
  let out = "";
  let w = 1; // the ellipsis
  if (from === "end") {
    for (const ch of chars) {
      const cw = charWidth(ch.codePointAt(0) ?? 0);
      if (w + cw > width) break;
      out += ch;
      w += cw;
    }
    return `${out}…${" ".repeat(width - w)}`;
  }
  for (const ch of chars.reverse()) {
    const cw = charWidth(ch.codePointAt(0) ?? 0);
    if (w + cw > width) break;
    out = ch + out;
    w += cw;
  }
  return `…${out}${" ".repeat(width - w)}`;
}

export const STATUS_COLORS: Record<JobStatus, string> = {
  pending: "yellow-fg",
  running: "cyan-fg",
  completed: "green-fg",
  failed: "red-fg",
  cancelled: "magenta-fg",
  paused: "blue-fg",
  dead_letter: "red-fg}{bold",
};

export function paint(text: string, style: string, color: boolean): string {
  if (!color) return text;
  const closing = style
    .split("}{")
    .reverse()
    .map((s) => `{/${s}}`)
    .join("");
  return `{${style}}${text}${closing}`;
}

const STOPPING_LABELS: Record<JobControl, string> = { cancel: "Cancelling…", pause: "Pausing…" };

/** The status as text (never colour alone): a job asked to stop says what it is about to do. */
export function statusText(job: Job): string {
  const stop = stopRequested(job);
  return stop ? STOPPING_LABELS[stop] : STATUS_LABELS[job.status];
}

/** The shortest bar: four cells between the brackets. */
const SHORT_BAR = 4;

/** "[####------]  45%": the bar `inner` cells long, then the percentage; "45%" alone when `inner` is 0. */
function barText(job: Job, inner: number): string {
  const pct = Math.round(job.progress);
  if (inner === 0) return `${pct}%`;
  const filled = Math.round((pct / 100) * inner);
  return `[${"#".repeat(filled)}${"-".repeat(inner - filled)}] ${String(pct).padStart(3)}%`;
}

/** About a third of the cell for the bar, so the current item (what a user watches) keeps some room. */
const barLength = (width: number) => Math.max(SHORT_BAR, Math.min(10, Math.floor((width - 6) / 3)));

/**
 * A job that ended well has no current item, only a last one ("item 2 of 2"); one that failed or was stopped keeps it:
 * it says where.
 */
function currentItem(job: Job): string | null {
  return job.status === SUCCEEDED_STATUS || !job.current_item ? null : sanitize(job.current_item);
}

export function progressText(job: Job, width: number): string {
  const bar = barText(job, barLength(width));
  const item = currentItem(job);
  return item ? `${bar} ${item}` : bar;
}

/** Below this many cells a current item after the pace would be a stub ("S…"): it is left to the detail pane. */
const MIN_ITEM = 6;

/**
 * A running job's bar with its rate and time left ("[###---]  45% 52/s, 3 min left SKU-0450"), in the first of its
 * forms (tui/pace.ts, a declared drop order) that fits; the current item takes what room is left. Null when the job
 * has no pace to say, or not even the shortest form fits.
 */
function paceText(job: Job, width: number, now: number): string | null {
  const inner = { long: barLength(width), short: SHORT_BAR, none: 0 };
  for (const form of paceForms(job, now)) {
    const text = `${barText(job, inner[form.bar])} ${form.text}`;
    if (textWidth(text) > width) continue;
    const item = currentItem(job);
    return item && width - textWidth(text) - 1 >= MIN_ITEM ? `${text} ${item}` : text;
  }
  return null;
}

/** The type as on the web (its label), or its short name when the column is narrower than the labels. */
export function typeText(type: string, width: number): string {
  return width >= TYPE_LABEL_WIDTH ? typeLabel(type) : typeShortName(type);
}

/** "3 min ago": when the job was created, relative to the drawer's clock; the detail pane has the exact time. */
export function createdText(iso: string, now: number): string {
  return Number.isNaN(Date.parse(iso)) ? "?" : relativeText(iso, now);
}

/** How long a finished job ran (started → ended); "-" until it has both times. */
export function ranText(job: Pick<Job, "started_at" | "completed_at">): string {
  const ms = between(job.started_at, job.completed_at);
  return ms === null ? "-" : durationText(ms);
}

export const MARKER = "●";

/** A completed import that refused rows says so where an error would be ("Completed · N rejected" on the web). */
export function rejectedNote(job: Job): string {
  if (job.status !== SUCCEEDED_STATUS || job.rejected === 0) return "";
  return `${job.rejected.toLocaleString("en-US")} ${job.rejected === 1 ? "row" : "rows"} rejected`;
}

export function headerLine(cols: Column[]): string {
  // A narrow column gets the title's first letters ("Creat"), which reads better than "Cre…".
  return cols.map((c) => fitCell(c.title.slice(0, c.width), c.width)).join(" ".repeat(GAP));
}

export interface RowOptions {
  color: boolean;
  now: number;
  marked: boolean;
  /** The latest lanes, for the slot numbers a waiting row states. */
  lanes?: LaneContext | null;
  /** The zone a waiting row's "next attempt at" is said in; the system's when absent. */
  timeZone?: string;
}

/**
 * A job that waits says why where a running one shows its bar, its pace and its current item (an empty bar says
 * nothing).
 */
export function progressCell(job: Job, width: number, opts: RowOptions): string {
  const texts = waitTexts(job, { now: opts.now, lanes: opts.lanes, timeZone: opts.timeZone }).map((t) => sanitize(t));
  if (texts.length === 0) return fitCell(paceText(job, width, opts.now) ?? progressText(job, width), width);
  // A paused job that had started keeps its percentage (it resumes from there) where it fits. The first complete form
  // that fits, else the last (the shortest), cut.
  const pct = job.progress > 0 ? `${Math.round(job.progress)}% ` : "";
  const candidates = [...texts.map((t) => pct + t), ...(pct ? texts : [])];
  return fitCell(candidates.find((t) => textWidth(t) <= width) ?? candidates.at(-1) ?? "", width);
}

export function rowLine(job: Job, cols: Column[], opts: RowOptions): string {
  const cells = cols.map((c) => {
    switch (c.key) {
      case "mark":
        return fitCell(opts.marked ? MARKER : "", c.width);
      case "id":
        return escapeTags(fitCell(job.id, c.width, "start"));
      case "type":
        return escapeTags(fitCell(sanitize(typeText(job.type, c.width)), c.width));
      case "status":
        return paint(fitCell(statusText(job), c.width), STATUS_COLORS[job.status], opts.color);
      case "progress":
        return escapeTags(progressCell(job, c.width, opts));
      case "created":
        return fitCell(createdText(job.created_at, opts.now), c.width);
      case "ran":
        return fitCell(ranText(job), c.width);
      case "error":
        return escapeTags(fitCell(sanitize(job.error ?? rejectedNote(job)), c.width));
    }
    return "";
  });
  return cells.join(" ".repeat(GAP));
}

export function connectionText(c: Connection, now: number): string {
  if (c.kind === "live") return "live";
  if (c.kind === "connecting") return "connecting…";
  return `offline (retrying in ${Math.max(0, Math.ceil((c.retryAt - now) / 1000))}s)`;
}

export function connectionStyle(c: Connection): string {
  return c.kind === "live" ? "green-fg" : c.kind === "connecting" ? "yellow-fg" : "red-fg";
}

export const SHORT_LABELS: Record<JobStatus, string> = {
  pending: "Pend",
  running: "Run",
  completed: "Done",
  failed: "Fail",
  cancelled: "Canc",
  paused: "Paus",
  dead_letter: "Dead",
};

/** Counts per status, tightened until they fit: two-space gaps, then one, then short labels. */
export function countsLine(counts: Partial<Record<JobStatus, number>>, color: boolean, width: number): string {
  const variants: [Record<JobStatus, string>, string][] = [
    [STATUS_LABELS, "  "],
    [STATUS_LABELS, " "],
    [SHORT_LABELS, " "],
  ];
  const fits = ([labels, gap]: [Record<JobStatus, string>, string]) =>
    textWidth(JOB_STATUSES.map((st) => `${labels[st]} ${counts[st] ?? 0}`).join(gap)) <= width;
  const [labels, gap] = variants.find(fits) ?? [SHORT_LABELS, " "];
  return JOB_STATUSES.map((st) => `${paint(labels[st], STATUS_COLORS[st], color)} ${counts[st] ?? 0}`).join(gap);
}
