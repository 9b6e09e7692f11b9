// The browser's relative times (public/static/relative-time.js, plain JS served as is) say exactly what the server's
// worker/api/time-text.ts says, so a row does not change wording when app.js refreshes it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { relativeText } from "../../worker/api/time-text.ts";

const source = readFileSync(path.resolve(import.meta.dirname, "../../public/static/relative-time.js"), "utf8");
const context: { dutyleakRelativeText?: (iso: string, now: number) => string } = {};
runInNewContext(source, Object.assign(context, { globalThis: context }));

describe("relative-time.js", () => {
  const now = Date.parse("2026-12-01T12:00:00.000Z");
  const offsets = [0, 4_999, 5_000, 59_999, 60_000, 3_599_999, 3_600_000, 86_399_999, 86_400_000, 9 * 86_400_000];
  it.each(offsets.flatMap((ms) => [ms, -ms]))("agrees with the server %d ms from now", (ms) => {
    const iso = new Date(now + ms).toISOString();
    expect(context.dutyleakRelativeText?.(iso, now)).toBe(relativeText(iso, now));
  });
});
