// The blessed widgets and the one function that paints a State onto them, at most once per frame.
import type { Widgets } from "blessed";
import blessed from "blessed";
import type { JobEvent } from "../worker/api/schema.ts";
import * as F from "./format.ts";
import type { Detail, State } from "./state.ts";

export interface DrawerOptions {
  color: boolean;
  /** Minimum time between two renders: live events arrive far faster than a terminal should repaint. */
  frameMs?: number;
  helpLines: string[];
  now?: () => number;
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

const HEADER_LINES = 2;

export function createDrawer(screen: Widgets.Screen, opts: DrawerOptions): Drawer {
  const { color } = opts;
  const now = opts.now ?? Date.now;
  const frameMs = opts.frameMs ?? 50;
  const paint = (text: string, style: string) => F.paint(text, style, color);
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
  const help = blessed.box({
    parent: screen,
    top: "center",
    left: "center",
    width: 44,
    height: opts.helpLines.length + 4,
    tags: true,
    border: { type: "line" },
    label: " Keys ",
    hidden: true,
    content: `${opts.helpLines.map(F.escapeTags).join("\n")}\n\nany key closes this`,
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

    const who = s.workspace ? `${s.workspace} @ ${s.url}` : s.url;
    const conn = F.connectionText(s.connection, now());
    const left = F.fitCell(`DutyLeak Jobs  ${F.sanitize(who)}`, Math.max(10, width - F.textWidth(conn) - 1));
    header.setContent(
      `{bold}${F.escapeTags(left)}{/bold} ${paint(conn, F.connectionStyle(s.connection))}\n${F.countsLine(s.counts, color, width)}`,
    );

    const cols = F.layoutColumns(width);
    const lines = [`{bold}${F.escapeTags(F.headerLine(cols))}{/bold}`];
    s.rows.forEach((job, i) => {
      const line = F.rowLine(job, cols, color);
      // Inverse is not a colour, so the cursor stays visible under NO_COLOR.
      lines.push(i === s.selected ? `{inverse}${line}{/inverse}` : line);
    });
    if (s.rows.length === 0) lines.push(...emptyTable(s, width, color));
    table.setContent(lines.join("\n"));

    status.setContent(statusLine(s, width, color));

    if (s.detail) {
      detail.setContent(detailText(s.detail, color));
      detail.show();
      detail.scrollTo(s.detail.scroll);
    } else detail.hide();
    if (s.help) help.show();
    else help.hide();
    if (s.confirm) {
      confirm.setContent(`\n${F.escapeTags(F.sanitize(s.confirm.prompt))}`);
      confirm.show();
    } else confirm.hide();
    screen.render();
  }

  function draw(state: State): void {
    latest = state;
    if (timer || destroyed) return;
    timer = setTimeout(render, Math.max(0, lastRender + frameMs - now()));
  }

  function onResize(): void {
    // blessed keeps some widgets narrow after a shrink-then-grow; reset the widths explicitly (PLATFORM §9).
    // @types/blessed's Position lacks `width`, though blessed reads it on every render.
    for (const w of [header, table, status, detail]) (w.position as { width?: string | number }).width = "100%";
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
  return [s.filter.status || s.filter.type ? "No jobs match this filter (f/t change it)." : "No jobs yet."];
}

const HINTS = [
  "? help  q quit  Enter details  r retry  c cancel  p pause/resume  f/t filter  / find",
  "? help  q quit  r retry  c cancel  p pause/resume  f/t filter  / find",
  "? help  q quit  r/c/p retry/cancel/pause  f/t filter",
  "? help  q quit",
];

function statusLine(s: State, width: number, color: boolean): string {
  const filter = `status:${s.filter.status ?? "all"} type:${s.filter.type ?? "all"} page ${s.pages.length}`;
  let left: string;
  let style = "";
  if (s.find !== null) left = `Find job by id: ${s.find}_  (Enter find, Esc cancel)`;
  else if (s.message) {
    left = s.message.text;
    if (s.message.level === "error") style = "red-fg";
  } else left = HINTS.find((h) => h.length <= width - filter.length - 1) ?? "? help";
  const room = Math.max(0, width - filter.length - 1);
  const text = F.escapeTags(F.fitCell(F.sanitize(left), room));
  return `${style ? F.paint(text, style, color) : text} ${F.escapeTags(filter)}`;
}

function eventLine(e: JobEvent): string {
  const msg = e.message ? `  ${F.sanitize(e.message)}` : "";
  return `${e.at}  run ${e.run}  ${e.kind.padEnd(12)} by ${e.actor}${msg}`;
}

function detailText(d: Detail, color: boolean): string {
  const j = d.job;
  const esc = (s: string) => F.escapeTags(F.sanitize(s, true));
  const total = j.total === null ? "?" : String(j.total);
  const lines = [
    `{bold}${esc(j.id)}{/bold}  ${esc(j.type)}  ${F.paint(F.statusText(j), F.STATUS_COLORS[j.status], color)}  attempts ${j.attempts}/${j.max_attempts}`,
    `Progress   ${F.escapeTags(F.progressText(j, 22))}  (${j.processed}/${total})`,
    `Created    ${j.created_at}${j.created_by ? ` by ${esc(j.created_by)}` : ""}`,
    `Started    ${j.started_at ?? "-"}`,
    `Completed  ${j.completed_at ?? "-"}`,
    `Updated    ${j.updated_at}${j.run_after ? `   run after ${j.run_after}` : ""}`,
    "",
    "{bold}Error{/bold}",
    j.error ? esc(j.error) : "-",
    "",
    "{bold}Result{/bold}",
    j.result === null || j.result === undefined ? "-" : esc(JSON.stringify(j.result, null, 2)),
    "",
    "{bold}History{/bold}",
    ...(d.events.length ? d.events.map((e) => F.escapeTags(F.sanitize(eventLine(e)))) : ["-"]),
    "",
    "Esc/Enter close  ↑↓ scroll  r retry  c cancel  p pause/resume",
  ];
  return lines.join("\n");
}
