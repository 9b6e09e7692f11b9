// A timestamp: exact UTC in the markup and on hover; /static/app.js rewrites the text into the viewer's locale.
import { utcText } from "../format.ts";

export function LocalTime({ iso }: { iso: string | null }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time datetime={iso} title={utcText(iso, true)}>
      {utcText(iso)}
    </time>
  );
}
