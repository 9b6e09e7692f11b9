// A job's history: every transition and operator action in order, in aligned columns (when, run, event, by whom, the
// message). A list whose column names are visible once above it and spoken in each item for screen readers.
import { eventLabel } from "../../worker/api/event-names.ts";
import type { JobEvent } from "../../worker/api/schema.ts";
import { LocalTime } from "../components/LocalTime.tsx";
import { TimeAgo } from "./TimeAgo.tsx";

/** `callback_failed` → `event-callback-failed`, `fault:hub_rpc` → `event-fault-hub-rpc`: always a plain CSS class. */
const eventClass = (kind: string) => `event-${kind.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

/** Spoken before a cell's value; the visible header row is hidden from screen readers, which hear these instead. */
const Label = ({ text }: { text: string }) => <span class="visually-hidden">{text} </span>;

/** `now` (the render time) adds "3 min ago" after each exact time; without it only the exact time shows. */
export function EventTimeline({ events, now }: { events: JobEvent[]; now?: number }) {
  if (events.length === 0) return <p class="muted">No events recorded.</p>;
  return (
    <ol class="timeline">
      <li class="timeline-head" aria-hidden="true">
        <span>Time</span>
        <span>Run</span>
        <span>Event</span>
        <span>By</span>
        <span>Message</span>
      </li>
      {events.map((event) => (
        <li class={`event ${eventClass(event.kind)}`} data-kind={event.kind}>
          <span class="event-at">
            {now === undefined ? <LocalTime iso={event.at} /> : <TimeAgo iso={event.at} now={now} />}
          </span>
          <span class="event-run">
            <Label text="run" />
            {event.run}
          </span>
          <span class="event-kind">{eventLabel(event.kind, event.actor)}</span>
          <span class="event-actor">
            <Label text="by" />
            <strong>{event.actor}</strong>
          </span>
          <span class="event-message">{event.message ?? ""}</span>
        </li>
      ))}
    </ol>
  );
}
