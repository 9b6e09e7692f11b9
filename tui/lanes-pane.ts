// The lanes pane (`L`): each job type's slots, queue, oldest wait and pause at any width, the latest lane changes,
// and what pausing or resuming a type asks and answers. Pure.
import { typeLabel } from "../worker/api/job-types.ts";
import type { Lane, LaneChangeJson, LanesResponse } from "../worker/api/lanes.ts";
import { durationText, relativeText } from "../worker/api/time-text.ts";
import { clockText } from "./clock.ts";
import {
  createdText,
  escapeTags,
  fitCell,
  paint,
  STATUS_COLORS,
  sanitize,
  TYPE_LABEL_WIDTH,
  textWidth,
  typeText,
  wrap,
} from "./format.ts";
import type { LaneAction, LanesView } from "./lanes-state.ts";

export interface LanesPaneOptions {
  /** Inside the border. */
  width: number;
  height: number;
  now: number;
  color: boolean;
  timeZone?: string;
}

type Key = "type" | "running" | "queued" | "wait" | "paused";
interface Column {
  key: Key;
  title: string;
  width: number;
  align: "left" | "right";
}

const GAP = " ";
/** Type labels need this much room beside a useful "Paused by" column; below it the short names. */
const LABELS_FROM = 70;

function columns(data: LanesResponse, width: number): Column[] {
  const widest = (title: string, values: string[]) => Math.max(title.length, ...values.map(textWidth));
  const running = widest(
    "Running",
    data.lanes.map((l) => `${l.running}/${l.limit}`),
  );
  const queued = widest(
    "Queued",
    data.lanes.map((l) => String(l.queued)),
  );
  const type = width >= LABELS_FROM ? TYPE_LABEL_WIDTH : 8; // "classify"
  const fixed: Column[] = [
    { key: "type", title: "Type", width: type, align: "left" },
    { key: "running", title: "Running", width: running, align: "right" },
    { key: "queued", title: "Queued", width: queued, align: "right" },
    { key: "wait", title: "Oldest wait", width: 11, align: "left" }, // "59 min 59 s"
  ];
  const used = fixed.reduce((n, c) => n + c.width + GAP.length, 0);
  return [...fixed, { key: "paused", title: "Paused by", width: Math.max(8, width - used), align: "left" }];
}

function cell(text: string, col: Column): string {
  if (col.align === "left" || textWidth(text) >= col.width) return fitCell(text, col.width);
  return " ".repeat(col.width - textWidth(text)) + text;
}

/** "admin@acme.test, 3 min ago", or "-" for a type that runs. */
function pausedCell(lane: Lane, now: number): string {
  if (!lane.paused) return "-";
  const since = lane.paused_at ? `, ${createdText(lane.paused_at, now)}` : "";
  return `${sanitize(lane.paused_by ?? "someone")}${since}`;
}

function laneLine(lane: Lane, cols: Column[], now: number, grown: number): string {
  const text: Record<Key, string> = {
    type: typeText(lane.type, cols[0]?.width ?? 0),
    running: `${lane.running}/${lane.limit}`,
    queued: String(lane.queued),
    wait: lane.oldest_wait_ms === null ? "-" : durationText(lane.oldest_wait_ms + grown),
    paused: pausedCell(lane, now),
  };
  return cols.map((c) => cell(text[c.key], c)).join(GAP);
}

const ACTIONS: Record<LaneChangeJson["action"], (detail: string) => string> = {
  type_paused: (type) => `paused ${typeLabel(type)}`,
  type_resumed: (type) => `resumed ${typeLabel(type)}`,
  max_running_set: (n) => `set the running limit to ${n}`,
};

/** "14:03:05  admin@acme.test  paused Data export", in the operator's time zone. */
export function changeLine(change: LaneChangeJson, now: number, timeZone?: string): string {
  const at = Date.parse(change.at);
  const when = Number.isNaN(at) ? sanitize(change.at) : clockText(at, now, { timeZone });
  return sanitize(`${when}  ${change.actor}  ${ACTIONS[change.action](change.detail ?? "?")}`);
}

/** The pane's content as blessed-tagged text: the table (cursor in inverse), the slots, then the latest changes. */
export function lanesPaneText(view: LanesView, selected: number, opts: LanesPaneOptions): string {
  const { width, color, now } = opts;
  const data = view.data;
  if (!data) {
    if (view.failure)
      return wrap(sanitize(view.failure), width)
        .map((l) => paint(escapeTags(l), "red-fg", color))
        .join("\n");
    return "Loading lanes…";
  }
  const cols = columns(data, width);
  const grown = Math.max(0, now - view.fetchedAt);
  const header = cols.map((c) => cell(c.title, c)).join(GAP);
  const body = [
    `{bold}${escapeTags(header)}{/bold}`,
    ...data.lanes.map((lane, i) => {
      const line = escapeTags(laneLine(lane, cols, now, grown));
      const styled = lane.paused ? paint(line, STATUS_COLORS.paused, color) : line;
      return i === selected ? `{inverse}${line}{/inverse}` : styled;
    }),
    "",
    escapeTags(
      fitCell(
        `${data.in_use} of ${data.max_running} slots in use; every type shares them (the owner sets the limit).`,
        width,
      ).trimEnd(),
    ),
  ];
  if (view.failure)
    body.push(paint(escapeTags(fitCell(`Not refreshed: ${view.failure}`, width).trimEnd()), "red-fg", color));
  const room = opts.height - body.length - 2;
  if (data.changes.length > 0 && room > 0) {
    body.push("", "{bold}Latest changes{/bold}");
    for (const change of data.changes.slice(0, room)) {
      body.push(escapeTags(fitCell(changeLine(change, now, opts.timeZone), width).trimEnd()));
    }
  }
  return body.join("\n");
}

/** The pane's border label: how many slots are in use, which is what a pause or a resume changes. */
export function lanesLabel(view: LanesView): string {
  const data = view.data;
  return data ? ` Lanes: ${data.in_use} of ${data.max_running} slots in use ` : " Lanes ";
}

const jobsText = (n: number) => `${n} queued job${n === 1 ? "" : "s"}`;

/** The y/n question before a pause or a resume, saying what happens to the type's jobs. */
export function lanePrompt(lane: Lane, action: LaneAction): string {
  const name = `${typeLabel(lane.type)} (${lane.type})`;
  if (action === "pause") {
    const waiting = lane.queued > 0 ? `Its ${jobsText(lane.queued)} wait` : "Its new jobs wait";
    const running =
      lane.running === 1
        ? " 1 running finishes its run."
        : lane.running > 1
          ? ` ${lane.running} running finish their run.`
          : "";
    return `Pause ${name}? ${waiting} until it is resumed.${running} y/n`;
  }
  const waiting =
    lane.queued > 0 ? `Its ${jobsText(lane.queued)} may start as slots free.` : "No job of it is waiting.";
  return `Resume ${name}? ${waiting} y/n`;
}

export function laneDeclined(lane: Lane, action: LaneAction): string {
  return action === "pause" ? `${typeLabel(lane.type)} not paused.` : `${typeLabel(lane.type)} stays paused.`;
}

/** The status line after the answer, from the lanes it returned: "Paused Data export; 3 queued jobs wait." */
export function laneOutcomeText(type: string, action: LaneAction, data: LanesResponse, now: number): string {
  const lane = data.lanes.find((l) => l.type === type);
  const name = typeLabel(type);
  if (!lane) return `${action === "pause" ? "Paused" : "Resumed"} ${name}.`;
  if (action === "pause") {
    const by = lane.paused_by
      ? ` (paused by ${sanitize(lane.paused_by)}${lane.paused_at ? `, ${relativeText(lane.paused_at, now)}` : ""})`
      : "";
    return `Paused ${name}; ${jobsText(lane.queued)} wait until it is resumed${by}.`;
  }
  return `Resumed ${name}; ${jobsText(lane.queued)}, ${data.in_use} of ${data.max_running} slots in use.`;
}
