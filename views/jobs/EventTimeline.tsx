// A job's history: every transition and operator action in order, with when, who (a user's email or `system`), the
// run it belongs to and its message.
import type { JobEvent } from "../../worker/api/schema.ts";
import { LocalTime } from "../components/LocalTime.tsx";

/** `retry_scheduled` → `Retry scheduled`: event kinds are snake_case codes written by the engine and actions. */
export function eventLabel(kind: string): string {
  // `fault:<point>` events are written by the soak's fault switch (worker/jobs/faults.ts).
  if (kind.startsWith("fault:")) return `Injected fault: ${kind.slice(6).replaceAll("_", " ")}`;
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `callback_failed` → `event-callback-failed`, `fault:hub_rpc` → `event-fault-hub-rpc`: always a plain CSS class. */
const eventClass = (kind: string) => `event-${kind.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

export function EventTimeline({ events }: { events: JobEvent[] }) {
  if (events.length === 0) return <p class="muted">No events recorded.</p>;
  return (
    <ol class="timeline">
      {events.map((event) => (
        <li class={`event ${eventClass(event.kind)}`} data-kind={event.kind}>
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
