// A job's history for the detail pane: readable event names and aligned columns (time, run, event, by, message).
import { eventLabel } from "../worker/api/event-names.ts";
import type { JobEvent } from "../worker/api/schema.ts";
import { fitCell, sanitize, textWidth, wrap } from "./format.ts";

const GAP = "  ";
/** Caps, so one long e-mail address or label cannot push the messages off a narrow pane. */
const MAX_EVENT = 24;
const MAX_ACTOR = 26;
/** Below this, a message column is a ribbon of one-word lines: messages go on their own lines under the row instead. */
const MIN_MESSAGE = 28;
const HANGING = "    ";

/**
 * The history as plain text lines (the caller escapes and styles them): a header, then one row per event with the
 * exact time, the run, the readable event name, the actor and the message, wrapped inside its column.
 */
export function historyLines(events: JobEvent[], width: number): string[] {
  if (events.length === 0) return ["-"];
  const rows = events.map((e) => ({
    at: sanitize(e.at),
    run: String(e.run),
    event: eventLabel(e.kind, e.actor),
    actor: sanitize(e.actor),
    message: e.message ? sanitize(e.message) : "",
  }));
  const widest = (title: string, values: string[], cap = Number.POSITIVE_INFINITY) =>
    Math.min(cap, Math.max(textWidth(title), ...values.map(textWidth)));
  const w = {
    at: widest(
      "Time",
      rows.map((r) => r.at),
    ),
    run: widest(
      "Run",
      rows.map((r) => r.run),
    ),
    event: widest(
      "Event",
      rows.map((r) => r.event),
      MAX_EVENT,
    ),
    actor: widest(
      "By",
      rows.map((r) => r.actor),
      MAX_ACTOR,
    ),
  };
  const lead = w.at + w.run + w.event + w.actor + GAP.length * 4;
  const inline = width - lead >= MIN_MESSAGE;
  const cells = (at: string, run: string, event: string, actor: string) =>
    [fitCell(at, w.at), fitCell(run, w.run), fitCell(event, w.event), fitCell(actor, w.actor)].join(GAP);
  // On a pane too narrow for a message column the messages sit under their rows, so the header has no title for one.
  const lines = [`${cells("Time", "Run", "Event", "By")}${inline ? `${GAP}Message` : ""}`.trimEnd()];
  for (const r of rows) {
    const head = cells(r.at, r.run, r.event, r.actor);
    if (!r.message) {
      lines.push(head.trimEnd());
      continue;
    }
    if (!inline) {
      lines.push(head.trimEnd(), ...wrap(r.message, Math.max(8, width - HANGING.length)).map((l) => HANGING + l));
      continue;
    }
    const [first = "", ...more] = wrap(r.message, width - lead);
    lines.push(`${head}${GAP}${first}`, ...more.map((l) => " ".repeat(lead) + l));
  }
  return lines;
}
