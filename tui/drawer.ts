// The blessed widgets and the one function that paints a State onto them, at most once per frame.
import type { Widgets } from "blessed";
import blessed from "blessed";
import { typeLabel, typeShortName } from "../worker/api/job-types.ts";
import { PRIORITY_LABELS } from "../worker/api/priority.ts";
import { STATUS_LABELS } from "../worker/api/schema.ts";
import { errorsLabel, errorsPaneText, fitHints, groupScopeText } from "./errors.ts";
import * as F from "./format.ts";
import { historyLines } from "./history.ts";
import { laneStrip } from "./lane-strip.ts";
import { lanesLabel, lanesPaneText } from "./lanes-pane.ts";
import { laneContext } from "./lanes-state.ts";
import { paceLines } from "./pace.ts";
import { pickerLine } from "./picker.ts";
import { schedulesLabel, schedulesPaneText } from "./schedules-pane.ts";
import type { Detail, State } from "./state.ts";
import { titleLine } from "./title-line.ts";
import { type WaitOptions, waitSentence } from "./waiting.ts";

export interface DrawerOptions {
  color: boolean;
  /** Minimum time between two renders: live events arrive far faster than a terminal should repaint. */
  frameMs?: number;
  helpLines: string[];
  /** The error groups pane's keys ("↑↓ move", "Enter its jobs", …), from its table: the status line while it is open. */
  paneHints?: string[];
  /** The lanes pane's keys, from its table: the status line while it is open. */
  laneHints?: string[];
  /** The schedules pane's keys while it lists schedules, and while it shows one's runs. */
  scheduleHints?: string[];
  scheduleRunHints?: string[];
  now?: () => number;
  /** The zone local times are said in (tests); the system's when absent. */
  timeZone?: string;
}

export interface Drawer {
  /** Remember `state` and paint it at the next frame; many calls per frame cost one render. */
  draw(state: State): void;
  /** Paint now (tests, resize, exit). */
  flush(): void;
  /** How many job rows fit on screen: the page size the app asks the API for. */
  pageSize(): number;
  destroy(): void;
}

/** The title, the open alerts, the throughput sparkline and the connection; the counts per status; the lanes. */
const HEADER_LINES = 3;

export function createDrawer(screen: Widgets.Screen, opts: DrawerOptions): Drawer {
  const { color } = opts;
  const now = opts.now ?? Date.now;
  const frameMs = opts.frameMs ?? 50;
  // Every widget gets `parent: screen`: a parentless widget attaches to Screen.global, i.e. maybe another SSH
  // session's screen (PLATFORM §9).
  const header = blessed.box({
    parent: screen,
    top: 0,
    left: 0,
    width: "100%",
    height: HEADER_LINES,
    tags: true,
    wrap: false,
  });
  const table = blessed.box({
    parent: screen,
    top: HEADER_LINES,
    left: 0,
    width: "100%",
    height: `100%-${HEADER_LINES + 1}`,
    tags: true,
    wrap: false,
  });
  const status = blessed.box({ parent: screen, bottom: 0, left: 0, width: "100%", height: 1, tags: true, wrap: false });
  const detail = blessed.box({
    parent: screen,
    top: HEADER_LINES,
    left: 0,
    width: "100%",
    height: `100%-${HEADER_LINES + 1}`,
    tags: true,
    border: { type: "line" },
    label: " Job ",
    scrollable: true,
    alwaysScroll: true,
    hidden: true,
  });
  // The error groups, lanes and schedules panes cover the list below the header, one at a time.
  const pane = (label: string) =>
    blessed.box({
      parent: screen,
      top: HEADER_LINES,
      left: 0,
      width: "100%",
      height: `100%-${HEADER_LINES + 1}`,
      tags: true,
      wrap: false,
      border: { type: "line" },
      label,
      hidden: true,
    });
  const errors = pane(" Error groups ");
  const lanes = pane(" Lanes ");
  const schedules = pane(" Schedules ");
  const help = blessed.box({
    parent: screen,
    top: "center",
    left: "center",
    width: Math.max(...opts.helpLines.map(F.textWidth), 20) + 4,
    height: opts.helpLines.length + 4,
    tags: true,
    border: { type: "line" },
    label: " Keys ",
    hidden: true,
  });
  const confirm = blessed.box({
    parent: screen,
    top: "center",
    left: "center",
    width: "90%",
    height: 6,
    tags: true,
    border: { type: "line" },
    padding: { left: 1, right: 1 },
    label: " Confirm ",
    hidden: true,
  });

  let latest: State | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRender = 0;
  let destroyed = false;

  const tableWidth = () => Math.max(20, (screen.width as number) || 80);
  const pageSize = () => Math.max(1, ((screen.height as number) || 24) - HEADER_LINES - 2);

  function render(): void {
    timer = null;
    if (destroyed || !latest) return;
    lastRender = now();
    const s = latest;
    const width = tableWidth();

    const at = now();
    const heading = [
      titleLine(s, width, at, color),
      F.countsLine(s.counts, color, width),
      laneStrip(s.lanes, width, at, color),
    ];
    header.setContent(heading.join("\n"));

    const cols = F.layoutColumns(width);
    const lines = [`{bold}${F.escapeTags(F.headerLine(cols))}{/bold}`];
    const wait: WaitOptions = { now: at, lanes: laneContext(s.lanes), timeZone: opts.timeZone };
    s.rows.forEach((job, i) => {
      const line = F.rowLine(job, cols, { ...wait, color, marked: s.marked.has(job.id) });
      // Inverse is not a colour, so the cursor stays visible under NO_COLOR.
      lines.push(i === s.selected ? `{inverse}${line}{/inverse}` : line);
    });
    if (s.rows.length === 0) lines.push(...emptyTable(s, width, color));
    table.setContent(lines.join("\n"));

    status.setContent(statusLine(s, width, color, paneHints(s)));

    if (s.detail) {
      // The pane's border takes a column on each side.
      detail.setContent(detailText(s.detail, color, width - 2, wait));
      detail.show();
      detail.scrollTo(s.detail.scroll);
    } else detail.hide();
    if (s.errors) {
      const rows = ((screen.height as number) || 24) - HEADER_LINES - 1;
      errors.setLabel(errorsLabel(s.errors));
      // Inside the border: a column each side, a line top and bottom.
      errors.setContent(errorsPaneText(s.errors, { width: width - 2, height: rows - 2, now: at, color }));
      errors.show();
    } else errors.hide();
    if (s.lanesPane) {
      const rows = ((screen.height as number) || 24) - HEADER_LINES - 1;
      lanes.setLabel(lanesLabel(s.lanes));
      const paneOpts = { width: width - 2, height: rows - 2, now: at, color, timeZone: opts.timeZone };
      lanes.setContent(lanesPaneText(s.lanes, s.lanesPane.selected, paneOpts));
      lanes.show();
    } else lanes.hide();
    // Created after the detail box, the pane would cover a job opened from one of its runs: it waits behind instead.
    if (s.schedules && !s.detail) {
      const rows = ((screen.height as number) || 24) - HEADER_LINES - 1;
      schedules.setLabel(schedulesLabel(s.schedules));
      const paneOpts = { width: width - 2, height: rows - 2, now: at, color, timeZone: opts.timeZone };
      schedules.setContent(schedulesPaneText(s.schedules, paneOpts));
      schedules.show();
    } else schedules.hide();
    if (s.help) {
      const fit = helpLayout(opts.helpLines, (screen.height as number) || 24);
      help.setLabel(fit.label);
      help.setContent(fit.content);
      help.height = fit.height;
      help.show();
    } else help.hide();
    if (s.confirm) {
      const details = s.confirm.kind === "replay" ? s.confirm.details : [];
      const inner = Math.max(10, Math.floor(width * 0.9) - 4); // the border and the padding
      const text = [F.sanitize(s.confirm.prompt), ...details.flatMap((d) => F.wrap(F.sanitize(d), inner))];
      confirm.setContent(`\n${text.map(F.escapeTags).join("\n")}`);
      // Tall enough for the listed invalid jobs (the question wraps onto a second line on a narrow screen).
      confirm.height = Math.min(((screen.height as number) || 24) - 2, 6 + details.length);
      confirm.show();
    } else confirm.hide();
    screen.render();
  }

  /** The open pane's key bar, from its table; null over the list and the detail pane. */
  function paneHints(s: State): string[] | null {
    if (s.errors) return opts.paneHints ?? [];
    if (s.lanesPane) return opts.laneHints ?? [];
    if (s.schedules && !s.detail) return (s.schedules.history ? opts.scheduleRunHints : opts.scheduleHints) ?? [];
    return null;
  }

  function draw(state: State): void {
    latest = state;
    if (timer || destroyed) return;
    timer = setTimeout(render, Math.max(0, lastRender + frameMs - now()));
  }

  function onResize(): void {
    // blessed keeps some widgets narrow after a shrink-then-grow; reset the widths explicitly (PLATFORM §9).
    // @types/blessed's Position lacks `width`, though blessed reads it on every render.
    for (const w of [header, table, status, detail, errors, lanes, schedules])
      (w.position as { width?: string | number }).width = "100%";
    if (timer) clearTimeout(timer);
    render();
  }
  screen.on("resize", onResize);

  return {
    draw,
    flush() {
      if (timer) clearTimeout(timer);
      render();
    },
    pageSize,
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      screen.removeListener("resize", onResize);
    },
  };
}

/** An empty page says why: still loading, an error (in full: the status line may cut it), or no matches. */
function emptyTable(s: State, width: number, color: boolean): string[] {
  if (s.message?.level === "error") {
    return F.wrap(F.sanitize(s.message.text), width).map((l) => F.paint(F.escapeTags(l), "red-fg", color));
  }
  if (s.loading) return ["Loading…"];
  const filtered = s.filter.status || s.filter.type;
  if (s.scope?.kind === "search") {
    const within = filtered ? " with this filter (f/t change it)" : "";
    return F.wrap(F.sanitize(`No job matches "${s.scope.text}"${within}; Esc returns to the list.`), width).map(
      F.escapeTags,
    );
  }
  if (s.scope?.kind === "errors") return ["No jobs of this group here (f/t change the filter, Esc returns)."];
  return [filtered ? "No jobs match this filter (f/t change it)." : "No jobs yet."];
}

/** While a search or a group is shown, Esc (back to the list) is the hint a user needs first. */
const SCOPED_HINTS = [
  "Esc back  ? help  q quit  Enter details  r retry  c cancel  f/t filter  / find",
  "Esc back  ? help  q quit  f/t filter  / find",
  "Esc back  ? help",
];

const HINTS = [
  "? help  q quit  Enter details  r retry  c cancel  p pause  +/- priority  f/t filter  / find  L lanes  s schedules  Space select  y copy id",
  "? help  q quit  Enter details  r retry  c cancel  p pause  f/t filter  / find  L lanes",
  "? help  q quit  r/c/p retry/cancel/pause  f/t filter  L lanes",
  "? help  q quit  f/t filter  / find  L lanes",
  "? help  q quit",
];

/** At most this share of the line goes to the search text or the group's message; the filter and page stay. */
const SCOPE_SHARE = 0.3;

/** "search: 0ff1ce" or "errors: HS service unreachable…", cut to fit its share of the status line. */
function scopeText(s: State, width: number): string {
  const room = Math.max(8, Math.floor(width * SCOPE_SHARE));
  if (s.scope?.kind === "search") return `search: ${F.fitCell(F.sanitize(s.scope.text), room).trimEnd()}  `;
  if (s.scope?.kind === "errors") return `${groupScopeText(s.scope.message, room)}  `;
  return "";
}

/** The right end of the status line: the scope, the selection, the filter (readable names) and the page. */
function whereText(s: State, width: number): string {
  const status = s.filter.status ? STATUS_LABELS[s.filter.status] : "all";
  const type = s.filter.type ? typeShortName(s.filter.type) : "all";
  const marked = s.marked.size > 0 ? `${s.marked.size} selected  ` : "";
  return `${scopeText(s, width)}${marked}status:${status} type:${type} page ${s.pages.length}`;
}

const FIND_PROMPTS = [
  "Find (part of an id, key, creator, payload or error): ",
  "Find (id, key, creator, payload, error): ",
  "Find: ",
];

/** The find prompt, with the cursor's end always visible: a long text is cut from its start, not its end. */
function findText(find: string, room: number): string {
  const tail = "  (Enter find, Esc cancel)";
  for (const prompt of FIND_PROMPTS) {
    const text = `${prompt}${find}_${tail}`;
    if (F.textWidth(text) <= room) return text;
  }
  const prompt = FIND_PROMPTS.at(-1) ?? "";
  return prompt + F.fitCell(`${find}_`, Math.max(1, room - prompt.length), "start");
}

function statusLine(s: State, width: number, color: boolean, paneHints: string[] | null): string {
  // The picker needs the whole line at 80 columns; the filter it changes is what it shows highlighted.
  if (s.picker) return pickerLine(s.picker, s.filter, width);
  const where = whereText(s, width);
  const room = Math.max(0, width - F.textWidth(where) - 1);
  let left: string;
  let style = "";
  if (s.find !== null) left = findText(F.sanitize(s.find), room);
  else if (s.message) {
    left = s.message.text;
    if (s.message.level === "error") style = "red-fg";
  } else if (paneHints) left = fitHints(paneHints, room);
  else left = (s.scope ? SCOPED_HINTS : HINTS).find((h) => h.length <= room) ?? "? help";
  const text = F.escapeTags(F.fitCell(F.sanitize(left), room));
  return `${style ? F.paint(text, style, color) : text} ${F.escapeTags(where)}`;
}

/** An exact time with what people ask about it beside it (how long ago). */
function timeLine(label: string, iso: string | null, note: string): string {
  const line = `${label.padEnd(10)} ${(iso ?? "-").padEnd(24)}${note ? `  ${note}` : ""}`;
  return F.escapeTags(F.sanitize(line.trimEnd()));
}

function detailText(d: Detail, color: boolean, width: number, wait: WaitOptions): string {
  const j = d.job;
  const now = wait.now;
  const waits = waitSentence(j, wait);
  const esc = (s: string) => F.escapeTags(F.sanitize(s, true));
  const total = j.total === null ? "?" : String(j.total);
  const by = j.created_by ? `by ${j.created_by}, ` : "";
  const pace = paceLines(j, { now, timeZone: wait.timeZone }).map(
    ([label, value]) => `${label.padEnd(10)} ${esc(value)}`,
  );
  const history = historyLines(d.events, width).map((l) => F.escapeTags(l));
  const lines = [
    `{bold}${esc(j.id)}{/bold}  ${esc(typeLabel(j.type))} (${esc(j.type)})  ${F.paint(F.statusText(j), F.STATUS_COLORS[j.status], color)}  attempts ${j.attempts}/${j.max_attempts}`,
    `Progress   ${F.escapeTags(F.progressText(j, 22))}  (${j.processed}/${total})`,
    `Priority   ${PRIORITY_LABELS[j.priority]}`,
    ...(waits ? [`Waiting    ${esc(waits)}`] : []),
    // How long it waited and ran, its rate and expected end: the exact times below say when.
    ...pace,
    timeLine("Created", j.created_at, `${by}${F.createdText(j.created_at, now)}`),
    timeLine("Started", j.started_at, ""),
    // "Ended", not "Completed": a failed, cancelled or dead-lettered job has an end time too.
    timeLine("Ended", j.completed_at, ""),
    `Updated    ${j.updated_at}${j.run_after ? `   run after ${j.run_after}` : ""}`,
    "",
    "{bold}Error{/bold}",
    j.error ? esc(j.error) : "-",
    "",
    "{bold}Result{/bold}",
    j.result === null || j.result === undefined ? "-" : esc(JSON.stringify(j.result, null, 2)),
    "",
    "{bold}History{/bold}",
    ...history.map((l, i) => (i === 0 && d.events.length > 0 ? `{bold}${l}{/bold}` : l)),
    "",
    "Esc/Enter close  ↑↓ scroll  r retry  c cancel  p pause/resume  +/- priority  y copy id",
  ];
  return lines.join("\n");
}

/**
 * The help overlay for a screen `rows` lines tall: the keys, then how to close it; on a short screen that sentence
 * moves into the border, and a key's second line (its note) goes before any key does.
 */
export function helpLayout(lines: string[], rows: number): { content: string; height: number; label: string } {
  const esc = (l: string) => F.escapeTags(l);
  if (lines.length + 4 <= rows) {
    return {
      content: `${lines.map(esc).join("\n")}\n\nany key closes this`,
      height: lines.length + 4,
      label: " Keys ",
    };
  }
  // Notes are the lines indented past the key column.
  const kept = lines.length + 2 <= rows ? lines : lines.filter((l) => !l.startsWith(" "));
  return {
    content: kept.map(esc).join("\n"),
    height: Math.min(rows, kept.length + 2),
    label: " Keys (any key closes) ",
  };
}
