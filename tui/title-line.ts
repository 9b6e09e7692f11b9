// The header's first line: the title, the open alerts, the throughput sparkline and the connection state, fitted to
// the terminal's width in a declared order. Pure; returns blessed-tagged text.
import { type AlertBanner, alertBanner, alertCount } from "./alert-banner.ts";
import { connectionStyle, connectionText, escapeTags, fitCell, paint, sanitize, textWidth } from "./format.ts";
import { type Sparkline, sparkline } from "./sparkline.ts";
import type { State } from "./state.ts";

const NAME = "DutyLeak Jobs";
/** The title is never cut shorter than this. */
const MIN_TITLE = 10;

/**
 * The connection state keeps its place at the right end at any width. With no alert open, the sparkline gives up
 * before the title. While alerts are open they come before the sparkline and the server's address: what gives up
 * first is the sparkline, then the URL in the title (the workspace stays), then the end of the newest incident's
 * summary, then the incident (the count stays), then the title is cut; on a terminal too narrow even for that the
 * alerts go too.
 */
export function titleLine(s: State, width: number, now: number, color: boolean): string {
  const conn = connectionText(s.connection, now);
  const end = paint(conn, connectionStyle(s.connection), color);
  const room = width - textWidth(conn) - 1; // a space before the connection
  const full = `${NAME}  ${sanitize(s.workspace ? `${s.workspace} @ ${s.url}` : s.url)}`;
  // Two spaces between the title and the banner, and at least two before whatever follows it.
  const compose = (title: string, banner: AlertBanner | null, spark: Sparkline | null) => {
    const left = room - (spark ? spark.width + 2 : 0);
    const rest = ` ${spark ? `${spark.text}  ` : ""}${end}`;
    if (!banner) return `{bold}${escapeTags(fitCell(title, Math.max(MIN_TITLE, left)))}{/bold}${rest}`;
    const pad = " ".repeat(Math.max(0, left - textWidth(title) - 2 - banner.width));
    return `{bold}${escapeTags(title)}{/bold}  ${banner.text}${pad}${rest}`;
  };
  const whole = alertBanner(s.alerts, Number.POSITIVE_INFINITY, color);
  if (whole) {
    const spark = sparkline(s.metrics, room - textWidth(full) - 2 - whole.width - 3, color);
    if (spark) return compose(full, whole, spark);
    const short = s.workspace ? `${NAME}  ${sanitize(s.workspace)}` : NAME;
    for (const title of [full, short]) {
      if (whole.width <= room - textWidth(title) - 3) return compose(title, whole, null);
    }
    const cut = alertBanner(s.alerts, room - textWidth(short) - 3, color);
    if (cut) return compose(short, cut, null);
    const count = alertCount(s.alerts, color);
    if (count && count.width <= room - MIN_TITLE - 3) {
      return compose(fitCell(short, room - count.width - 3).trimEnd(), count, null);
    }
  }
  // The sparkline sits before the connection state in what the whole title leaves, with a gap either side.
  const spark = sparkline(s.metrics, room - textWidth(full) - 3, color);
  return compose(full, null, spark);
}
