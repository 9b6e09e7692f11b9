// Pure text formatting for the drawer: column layout per terminal width, cells, colours as blessed tags.

import { typeShortName } from "../worker/api/job-types.ts";
import { stopRequested } from "../worker/api/lifecycle.ts";
import { JOB_STATUSES, type Job, type JobControl, type JobStatus, STATUS_LABELS } from "../worker/api/schema.ts";
import type { Connection } from "./state.ts";

export type ColumnKey = "id" | "type" | "status" | "progress" | "created" | "started" | "completed" | "error";

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

const SPECS: ColumnSpec[] = [
  { key: "id", title: "ID", min: 8 },
  { key: "type", title: "Type", min: 8 },
  { key: "status", title: "Status", min: 11 }, // "Dead Letter", "Cancelling…": never cut a status
  { key: "progress", title: "Progress", min: 12 },
  // Times shrink to "HH:MM" (today) or "MM-DD" on narrow terminals; the detail pane has the full timestamps.
  { key: "created", title: "Created", min: 5 },
  { key: "started", title: "Started", min: 5 },
  { key: "completed", title: "Completed", min: 5 },
  { key: "error", title: "Error", min: 8 },
];
/** Dropped in this order when even the minimum widths do not fit (the detail pane still shows them). */
const DROP_ORDER: ColumnKey[] = ["started", "completed", "created", "type"];
/** Below this width Started goes first anyway: it is mostly Created + a moment, and Error needs the room. */
const STARTED_FROM = 120;
/** Spare width goes to these, each up to a cap, in order; whatever remains widens Error. */
const GROW: [ColumnKey, number][] = [
  ["progress", 22],
  ["type", 11],
  ["error", 20],
  ["created", 11],
  ["completed", 11],
  ["started", 11],
  ["id", 26], // a whole id can be copied into "/" or a support ticket
  ["type", 19],
  ["progress", 40],
];
const GAP = 1;

export function layoutColumns(width: number): Column[] {
  let specs = width < STARTED_FROM ? SPECS.filter((c) => c.key !== "started") : SPECS.slice();
  const total = (cols: { min: number }[]) => cols.reduce((n, c) => n + c.min, 0) + GAP * (cols.length - 1);
  for (const key of DROP_ORDER) {
    if (total(specs) <= width) break;
    specs = specs.filter((c) => c.key !== key);
  }
  const cols = specs.map((c) => ({ key: c.key, title: c.title, width: c.min }));
  let spare = width - total(specs);
  for (const [key, cap] of GROW) {
    const col = cols.find((c) => c.key === key);
    if (!col || spare <= 0) continue;
    const add = Math.min(spare, Math.max(0, cap - col.width));
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

export function progressText(job: Job, width: number): string {
  const pct = Math.round(job.progress);
  // About a third of the cell for the bar, so the current item (what a user watches) keeps some room.
  const inner = Math.max(4, Math.min(10, Math.floor((width - 6) / 3)));
  const filled = Math.round((pct / 100) * inner);
  const bar = `[${"#".repeat(filled)}${"-".repeat(inner - filled)}] ${String(pct).padStart(3)}%`;
  return job.current_item ? `${bar} ${sanitize(job.current_item)}` : bar;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "MM-DD HH:MM" in local time, or in 5 cells "HH:MM" for today and "MM-DD" before; the detail pane has ISO. */
export function shortTime(iso: string | null, width = 11, now = new Date()): string {
  if (!iso) return "-";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "?";
  const day = `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  if (width >= 11) return `${day} ${time}`;
  return d.toDateString() === now.toDateString() ? time : day;
}

export function headerLine(cols: Column[]): string {
  // A narrow column gets the title's first letters ("Compl"), which reads better than "Comp…".
  return cols.map((c) => fitCell(c.title.slice(0, c.width), c.width)).join(" ".repeat(GAP));
}

export function rowLine(job: Job, cols: Column[], color: boolean): string {
  const cells = cols.map((c) => {
    switch (c.key) {
      case "id":
        return escapeTags(fitCell(job.id, c.width, "start"));
      case "type":
        return escapeTags(fitCell(sanitize(job.type.length > c.width ? typeShortName(job.type) : job.type), c.width));
      case "status":
        return paint(fitCell(statusText(job), c.width), STATUS_COLORS[job.status], color);
      case "progress":
        return escapeTags(fitCell(progressText(job, c.width), c.width));
      case "created":
        return fitCell(shortTime(job.created_at, c.width), c.width);
      case "started":
        return fitCell(shortTime(job.started_at, c.width), c.width);
      case "completed":
        return fitCell(shortTime(job.completed_at, c.width), c.width);
      case "error":
        return escapeTags(fitCell(sanitize(job.error ?? ""), c.width));
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

const SHORT_LABELS: Record<JobStatus, string> = {
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
