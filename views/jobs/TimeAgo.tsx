// A time on the job page: the exact time (localised by /static/app.js) followed by how long ago it was, in the
// shared relative format the lists use (kept current by app.js while the page stays open; the exact time on hover).
import { LocalTime } from "../components/LocalTime.tsx";
import { RelativeTime } from "../components/RelativeTime.tsx";

/** `now` comes from the handler (Date.now() at render), so the server-rendered words match the page's moment. */
export function TimeAgo({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <LocalTime iso={null} />;
  return (
    <>
      <LocalTime iso={iso} />{" "}
      <span class="time-ago">
        <RelativeTime iso={iso} now={now} />
      </span>
    </>
  );
}
