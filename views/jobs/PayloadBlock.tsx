// A job's stored payload as pretty JSON, cut short when it is large (an inline CSV may be up to ~1 MB).
import { formatCount } from "../format.ts";

const MAX_SHOWN = 20_000;

export function PayloadBlock({ payload }: { payload: string }) {
  let pretty = payload;
  try {
    pretty = JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // Not JSON (should not happen): show the stored text as it is.
  }
  const cut = pretty.length > MAX_SHOWN;
  return (
    <>
      <pre class="json">{cut ? `${pretty.slice(0, MAX_SHOWN)}\n…` : pretty}</pre>
      {cut ? (
        <p class="muted">
          Showing the first {formatCount(MAX_SHOWN)} of {formatCount(pretty.length)} characters.
        </p>
      ) : null}
    </>
  );
}
