// "3 min ago" in the browser, the same words as worker/api/time-text.ts's relativeText (the server's rendering), so a
// page that stays open keeps its times current. test/node/relative-time-js.test.ts checks the two agree.
(() => {
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  function relativeText(iso, now) {
    const delta = Date.parse(iso) - now;
    const abs = Math.abs(delta);
    if (abs < 5 * SECOND) return "just now";
    const unit =
      abs < MINUTE
        ? `${Math.floor(abs / SECOND)} s`
        : abs < HOUR
          ? `${Math.floor(abs / MINUTE)} min`
          : abs < DAY
            ? `${Math.floor(abs / HOUR)} h`
            : `${Math.floor(abs / DAY)} d`;
    return delta < 0 ? `${unit} ago` : `in ${unit}`;
  }
  globalThis.dutyleakRelativeText = relativeText;
})();
