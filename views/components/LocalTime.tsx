// A timestamp: exact UTC in the markup and on hover; /static/app.js rewrites the text into the viewer's locale (and
// the hover into the local time with its zone, followed by the UTC instant when `utc` asks for it: times people
// compare with a zone of their own, such as a schedule's next runs).
import { utcText } from "../format.ts";

export function LocalTime({ iso, utc }: { iso: string | null; utc?: boolean }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time datetime={iso} title={utcText(iso, true)} data-utc={utc ? utcText(iso) : undefined}>
      {utcText(iso)}
    </time>
  );
}
