// The error groups pane (`e`) and the replay of a group: its table at any width and the texts it says. Pure.
import type { ErrorGroup, ReplayOutcome, ReplayPreview } from "../worker/api/find-and-fix.ts";
import type { JobStatus } from "../worker/api/schema.ts";
import { statusCountsText } from "./bulk.ts";
import {
  createdText,
  escapeTags,
  fitCell,
  paint,
  sanitize,
  TYPE_LABEL_WIDTH,
  textWidth,
  typeText,
  wrap,
} from "./format.ts";
import type { ErrorsView } from "./state.ts";

type GroupColumnKey = "type" | "count" | "failed" | "dead" | "last" | "message";

interface GroupColumn {
  key: GroupColumnKey;
  title: string;
  width: number;
  align: "left" | "right";
}

const GAP = " ";
/** Below this the type's short name ("classify"); the labels need the pane wider than 80 columns. */
const SHORT_TYPE_WIDTH = 8;
const LAST_SEEN_WIDTH = 10; // "59 min ago"
const MIN_MESSAGE = 12;

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * The columns for a pane `width` cells wide: counts as wide as their largest value (never cut: they are what the
 * operator compares), the type as a label when it fits beside a useful message, the message taking the rest.
 */
export function groupColumns(groups: ErrorGroup[], width: number): GroupColumn[] {
  const numeric = (key: GroupColumnKey, title: string, values: number[]): GroupColumn => ({
    key,
    title,
    width: Math.max(title.length, ...values.map((v) => count(v).length)),
    align: "right",
  });
  const fixed: GroupColumn[] = [
    numeric(
      "count",
      "Jobs",
      groups.map((g) => g.count),
    ),
    numeric(
      "failed",
      "Failed",
      groups.map((g) => g.failed),
    ),
    numeric(
      "dead",
      "Dead",
      groups.map((g) => g.dead_letter),
    ),
    { key: "last", title: "Last seen", width: LAST_SEEN_WIDTH, align: "left" },
  ];
  const used = (typeWidth: number) => fixed.reduce((n, c) => n + c.width + GAP.length, typeWidth + GAP.length);
  const typeWidth = width - used(TYPE_LABEL_WIDTH) >= 40 ? TYPE_LABEL_WIDTH : SHORT_TYPE_WIDTH;
  const message = Math.max(MIN_MESSAGE, width - used(typeWidth));
  return [
    { key: "type", title: "Type", width: typeWidth, align: "left" },
    ...fixed,
    { key: "message", title: "Error", width: message, align: "left" },
  ];
}

function cell(text: string, col: GroupColumn): string {
  if (col.align === "left") return fitCell(text, col.width);
  return textWidth(text) >= col.width ? fitCell(text, col.width) : " ".repeat(col.width - textWidth(text)) + text;
}

/** One line of the error's message: a stack trace's first line is what tells groups apart. */
export function firstLine(message: string): string {
  return sanitize(message.split(/\r?\n/, 1)[0] ?? "").trim();
}

/** Plain text (the caller escapes it) of one group's row. */
export function groupLine(group: ErrorGroup, cols: GroupColumn[], now: number): string {
  const text: Record<GroupColumnKey, string> = {
    type: typeText(group.type, cols.find((c) => c.key === "type")?.width ?? 0),
    count: count(group.count),
    failed: count(group.failed),
    dead: count(group.dead_letter),
    last: createdText(group.last_seen, now),
    message: firstLine(group.message),
  };
  return cols.map((c) => cell(text[c.key], c)).join(GAP);
}

export function groupHeader(cols: GroupColumn[]): string {
  return cols.map((c) => cell(c.title, c)).join(GAP);
}

/** The first row shown: the cursor's row stays in the window, which scrolls a page at a time. */
export function windowStart(selected: number, total: number, room: number): number {
  if (room <= 0 || total <= room) return 0;
  return Math.min(Math.floor(selected / room) * room, total - room);
}

/** Not editing is a choice, not an omission: the pane says where payloads are edited. */
export const EDIT_ON_WEB = "Retries keep each payload as it is; edit a payload on the web page.";

export interface PaneOptions {
  width: number;
  /** Lines inside the pane's border. */
  height: number;
  now: number;
  color: boolean;
}

/** The key hints that fit `width`, in the table's order (the first ones are what the pane is for). */
export function fitHints(hints: string[], width: number): string {
  let out = "";
  for (const hint of hints) {
    const next = out ? `${out}  ${hint}` : hint;
    if (textWidth(next) > width) break;
    out = next;
  }
  return out;
}

/**
 * The pane's content as blessed-tagged text: the table (cursor in inverse), or why it is empty, then where payloads
 * are edited. Its keys are on the status line, as the list's are.
 */
export function errorsPaneText(view: ErrorsView, opts: PaneOptions): string {
  const { width, color } = opts;
  const footer = ["", escapeTags(fitCell(EDIT_ON_WEB, width).trimEnd())];
  const room = Math.max(1, opts.height - footer.length - 1);
  let body: string[];
  if (view.failure) {
    body = wrap(sanitize(view.failure), width).map((l) => paint(escapeTags(l), "red-fg", color));
  } else if (view.groups.length === 0) {
    body = [view.loading ? "Loading error groups…" : "No failed or dead-letter jobs: no error groups."];
  } else {
    const cols = groupColumns(view.groups, width);
    const start = windowStart(view.selected, view.groups.length, room);
    const shown = view.groups.slice(start, start + room);
    body = [
      `{bold}${escapeTags(groupHeader(cols))}{/bold}`,
      ...shown.map((g, i) => {
        const line = escapeTags(groupLine(g, cols, opts.now));
        return start + i === view.selected ? `{inverse}${line}{/inverse}` : line;
      }),
    ];
    if (view.groups.length > room) {
      footer[0] = `groups ${start + 1}–${start + shown.length} of ${view.groups.length}`;
    }
  }
  const filler = Array.from({ length: Math.max(0, opts.height - body.length - footer.length) }, () => "");
  return [...body, ...filler, ...footer].join("\n");
}

/** The pane's border label: how many groups and jobs it holds, so a long list says how much is below. */
export function errorsLabel(view: ErrorsView): string {
  const jobs = view.groups.reduce((n, g) => n + g.count, 0);
  if (view.groups.length === 0) return " Error groups ";
  return ` Error groups: ${count(view.groups.length)}, ${count(jobs)} jobs `;
}

/** The status line's scope text for an open group: its message, cut short. */
export function groupScopeText(message: string, width: number): string {
  return `errors: ${fitCell(firstLine(message), width).trimEnd()}`;
}

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** How many jobs of each invalid one the confirmation lists; the rest is "and N more". */
const INVALID_LISTED = 3;

/** "…G7H9J1K1 payload.items: Required" for each of the first invalid jobs, then "and 4 more". */
export function invalidLines(invalid: ReplayPreview["invalid"]): string[] {
  const lines = invalid.slice(0, INVALID_LISTED).map(({ job_id, details }) => {
    const [field, messages] = Object.entries(details)[0] ?? ["payload", []];
    return sanitize(`…${job_id.slice(-8)} ${field}: ${messages[0] ?? "invalid"}`);
  });
  if (invalid.length > INVALID_LISTED) lines.push(`and ${count(invalid.length - INVALID_LISTED)} more`);
  return lines;
}

/** "Retry 12 jobs of this group? 2 invalid. y/n" */
export function replayPrompt(preview: ReplayPreview): string {
  const invalid = preview.invalid.length ? ` ${count(preview.invalid.length)} invalid.` : "";
  return `Retry ${plural(preview.would_retry, "job")} of this group?${invalid} y/n`;
}

/** Said instead of asking when the dry run found nothing the replay would retry. */
export function replayNothingText(preview: ReplayPreview): string {
  if (preview.matched === 0) return "No failed or dead-letter jobs are left in this group.";
  return `None of the ${plural(preview.matched, "job")} of this group can be retried: ${count(preview.invalid.length)} invalid.`;
}

/** "Retried 12; 2 invalid; skipped 1 (1 Running)" */
export function replayOutcomeText(outcome: ReplayOutcome): string {
  const skipped = outcome.skipped as Partial<Record<JobStatus, number>>;
  const n = Object.values(skipped).reduce<number>((sum, c) => sum + (c ?? 0), 0);
  const parts = [
    `Retried ${count(outcome.retried)}`,
    outcome.invalid.length ? `${count(outcome.invalid.length)} invalid` : "",
    n ? `skipped ${count(n)} (${statusCountsText(skipped)})` : "",
  ];
  return parts.filter(Boolean).join("; ");
}
