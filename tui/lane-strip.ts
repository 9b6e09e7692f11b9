// The header's lanes strip: per job type running n/limit, queued, the oldest wait and who paused it, tightened in a
// declared order until it fits the terminal (the lanes pane, `L`, has everything). Pure; returns blessed-tagged text.
import { typeLabel, typeShortName } from "../worker/api/job-types.ts";
import type { Lane, LanesResponse } from "../worker/api/lanes.ts";
import { durationText } from "../worker/api/time-text.ts";
import { escapeTags, fitCell, paint, STATUS_COLORS, sanitize, textWidth } from "./format.ts";
import type { LanesView } from "./lanes-state.ts";

/**
 * What the strip gives up, first to last, until it fits: type labels become short names, idle types fold into a
 * count, the words go ("running", "oldest waits"), then the pauser's domain, the oldest wait's seconds, the word
 * "queued" ("12q"), the oldest wait, "0/4" on a type with nothing running, and who paused at all. What is still too
 * long is cut; the lanes pane (`L`) shows it all. The wait outlasts the words around it: it says a lane is starving.
 */
export const STRIP_DROP_ORDER = [
  "labels",
  "idle",
  "words",
  "domain",
  "seconds",
  "queued",
  "wait",
  "zero",
  "pauser",
] as const;
type Drop = (typeof STRIP_DROP_ORDER)[number];

interface Piece {
  text: string;
  style?: string;
}

// ASCII: blessed draws "·" and "│" as line-drawing characters on terminals it thinks lack Unicode.
const SEP: Piece = { text: " | " };

function idle(lane: Lane): boolean {
  return lane.running === 0 && lane.queued === 0 && !lane.paused;
}

function pausedText(lane: Lane, drops: ReadonlySet<Drop>): string {
  if (!lane.paused_by || drops.has("pauser")) return "paused";
  const by = drops.has("domain") ? lane.paused_by.replace(/@.*$/, "") : lane.paused_by;
  return `paused by ${sanitize(by)}`;
}

/** "4 min 05 s" → "4 min": the wait in its largest unit. */
const largestUnit = (text: string) => text.split(" ").slice(0, 2).join(" ");

/** One lane: "Data import 2/4 running, 3 queued, oldest waits 4 min 05 s", or "export paused by admin, 0/4, 2q". */
function lanePieces(lane: Lane, drops: ReadonlySet<Drop>, waitedMs: number | null): Piece[] {
  const name = sanitize(drops.has("labels") ? typeShortName(lane.type) : typeLabel(lane.type));
  const parts: Piece[] = [];
  if (lane.paused) parts.push({ text: pausedText(lane, drops), style: STATUS_COLORS.paused });
  if (lane.running > 0 || !drops.has("zero")) {
    const run = `${lane.running}/${lane.limit}${drops.has("words") ? "" : " running"}`;
    parts.push({ text: run, style: lane.running > 0 ? STATUS_COLORS.running : undefined });
  }
  if (lane.queued > 0) {
    const queued = drops.has("queued") ? `${lane.queued}q` : `${lane.queued} queued`;
    parts.push({ text: queued, style: STATUS_COLORS.pending });
  }
  const pieces: Piece[] = [{ text: `${name} ` }];
  for (const [i, part] of parts.entries()) pieces.push(...(i > 0 ? [{ text: ", " }] : []), part);
  if (lane.queued > 0 && waitedMs !== null && !drops.has("wait")) {
    const waited = drops.has("seconds") ? largestUnit(durationText(waitedMs)) : durationText(waitedMs);
    pieces.push({ text: drops.has("words") ? ` (${waited})` : `, oldest waits ${waited}` });
  }
  return pieces;
}

function stripPieces(data: LanesResponse, drops: ReadonlySet<Drop>, grown: number, stale: boolean): Piece[] {
  const full = data.in_use >= data.max_running;
  const slots = drops.has("words")
    ? `Slots ${data.in_use}/${data.max_running}`
    : `Lanes: ${data.in_use} of ${data.max_running} slots in use`;
  const pieces: Piece[] = [];
  if (stale) pieces.push({ text: "(not refreshed) ", style: "red-fg" });
  pieces.push({ text: slots, style: full ? "yellow-fg" : undefined });
  const shown = drops.has("idle") ? data.lanes.filter((l) => !idle(l)) : data.lanes;
  for (const lane of shown) {
    const waited = lane.oldest_wait_ms === null ? null : lane.oldest_wait_ms + grown;
    pieces.push(SEP, ...lanePieces(lane, drops, waited));
  }
  const folded = data.lanes.length - shown.length;
  if (folded > 0) pieces.push(SEP, { text: `${folded} idle` });
  if (data.lanes.length === 0) pieces.push(SEP, { text: "no job types" });
  return pieces;
}

const plain = (pieces: Piece[]) => pieces.map((p) => p.text).join("");

/**
 * The strip for `width` cells: the first variant of the drop order that fits, coloured (never colour alone: every
 * state is also a word); before the first read it says it is loading, and a failed read is said in full.
 */
export function laneStrip(view: LanesView, width: number, now: number, color: boolean): string {
  const data = view.data;
  if (!data) {
    if (view.failure) return paint(escapeTags(fitCell(`Lanes: ${view.failure}`, width).trimEnd()), "red-fg", color);
    return "Lanes: loading…";
  }
  // Between reads the oldest job keeps waiting: the strip redraws every second, so its wait moves with the clock.
  const grown = Math.max(0, now - view.fetchedAt);
  const stale = view.failure !== null;
  let pieces: Piece[] = [];
  for (let k = 0; k <= STRIP_DROP_ORDER.length; k++) {
    pieces = stripPieces(data, new Set(STRIP_DROP_ORDER.slice(0, k)), grown, stale);
    if (textWidth(plain(pieces)) <= width) {
      return pieces.map((p) => (p.style ? paint(escapeTags(p.text), p.style, color) : escapeTags(p.text))).join("");
    }
  }
  return escapeTags(fitCell(plain(pieces), width).trimEnd());
}
