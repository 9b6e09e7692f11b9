// The header's open alerts: "▲ 2 alerts firing: Dead letters — 3 data_import jobs dead-lettered in the last 60 minutes
// (+1 more)", the newest incident named, in the form that fits the room the title line leaves. Pure; blessed-tagged.
import type { AlertsView } from "./alerts-state.ts";
import { escapeTags, fitCell, paint, sanitize, textWidth } from "./format.ts";

/**
 * Red and bold, as a dead-letter status is: red reads on dark and light backgrounds alike (yellow does not on light
 * ones), and bold keeps it apart from the red of an offline connection. The words and the mark say it without colour.
 */
const ALERT_STYLE = "red-fg}{bold";
const MARK = "▲";
/** Below this many cells the newest incident's name and summary would be a stub: the count alone is said. */
const MIN_NAMED = 12;

export interface AlertBanner {
  /** blessed-tagged. */
  text: string;
  /** Its width in cells. */
  width: number;
}

const headline = (view: AlertsView, n: number) =>
  // A second page (more than 50 open) makes the count a lower bound.
  `${MARK} ${n}${view.more ? "+" : ""} ${n === 1 && !view.more ? "alert" : "alerts"} firing`;

function painted(text: string, color: boolean): AlertBanner {
  const escaped = escapeTags(text);
  // Bold is not a colour, so it stays under NO_COLOR, where the mark and the words carry the rest.
  return { text: color ? paint(escaped, ALERT_STYLE, true) : `{bold}${escaped}{/bold}`, width: textWidth(text) };
}

/** The shortest form, the count alone ("▲ 2 alerts firing"), or null while nothing is open. */
export function alertCount(view: AlertsView, color: boolean): AlertBanner | null {
  const n = view.firing?.length ?? 0;
  return n > 0 ? painted(headline(view, n), color) : null;
}

/**
 * The banner for `room` cells, or null: nothing open (none, not read yet, refused, failed) or not even the count fits.
 * What it gives up first is the end of the newest incident's name and summary (cut with "…", the "(+n more)" after it
 * stays), then all of it: the count stays.
 */
export function alertBanner(view: AlertsView, room: number, color: boolean): AlertBanner | null {
  const firing = view.firing ?? [];
  const newest = firing[0];
  if (!newest) return null;
  const n = firing.length;
  const count = headline(view, n);
  const named = sanitize(`${newest.rule_name} — ${newest.summary}`);
  const tail = n > 1 ? ` (+${n - 1} more)` : "";
  let text = `${count}: ${named}${tail}`;
  if (textWidth(text) > room) {
    const namedRoom = room - textWidth(`${count}: ${tail}`);
    text = namedRoom >= MIN_NAMED ? `${count}: ${fitCell(named, namedRoom).trimEnd()}${tail}` : count;
  }
  return textWidth(text) <= room ? painted(text, color) : null;
}
