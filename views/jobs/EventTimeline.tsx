// A job's history: every transition and operator action in order, with when, who (a user's email or `system`), the
// run it belongs to and its message.
import type { JobEvent } from "../../worker/api/schema.ts";
import { LocalTime } from "../components/LocalTime.tsx";

/** `retry_scheduled` → `Retry scheduled`: event kinds are snake_case codes written by the engine and actions. */
export function eventLabel(kind: string): string {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function EventTimeline({ events }: { events: JobEvent[] }) {
  if (events.length === 0) return <p class="muted">No events recorded.</p>;
  return (
    <ol class="timeline">
      {events.map((event) => (
        <li class={`event event-${event.kind.replaceAll("_", "-")}`} data-kind={event.kind}>
          <div class="event-head">
            <span class="event-kind">{eventLabel(event.kind)}</span>
            <span class="event-actor">
              by <strong>{event.actor}</strong>
            </span>
            <span class="event-run">run {event.run}</span>
            <LocalTime iso={event.at} />
          </div>
          {event.message ? <p class="event-message">{event.message}</p> : null}
        </li>
      ))}
    </ol>
  );
}
