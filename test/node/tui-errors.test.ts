// The error groups pane's pure parts: its columns at 80 and 120 columns, scrolling, and what a replay says.
import { describe, expect, it } from "vitest";
import {
  firstLine,
  fitHints,
  groupColumns,
  invalidLines,
  replayNothingText,
  replayOutcomeText,
  replayPrompt,
  windowStart,
} from "../../tui/errors.ts";
import type { ErrorGroup, ReplayPreview } from "../../worker/api/find-and-fix.ts";

const group = (count: number): ErrorGroup => ({
  signature: "0123456789abcdef",
  type: "bulk_classification",
  message: "x",
  count,
  failed: count,
  dead_letter: 0,
  first_seen: "2026-11-17T09:00:00Z",
  last_seen: "2026-11-17T10:00:00Z",
  sample_job_id: "01J",
});

describe("groupColumns", () => {
  // The pane's inner width is the terminal's less its border.
  it.each([
    [78, 8, 40],
    [118, 19, 69],
  ])("fills %i cells: the type %i wide, the message the rest (%i)", (width, type, message) => {
    const cols = groupColumns([group(1234)], width);
    expect(cols.reduce((n, c) => n + c.width, 0) + cols.length - 1).toBe(width);
    expect(cols.find((c) => c.key === "type")?.width).toBe(type);
    expect(cols.find((c) => c.key === "message")?.width).toBe(message);
  });

  it("widens a count column to its largest value instead of cutting it", () => {
    const cols = groupColumns([group(3), group(1_234_567)], 78);
    expect(cols.find((c) => c.key === "count")?.width).toBe("1,234,567".length);
  });
});

describe("windowStart", () => {
  it.each([
    [0, 10, 16, 0], // everything fits
    [15, 30, 16, 0],
    [16, 30, 16, 14], // the last page is a full one, not two rows
    [29, 30, 16, 14],
    [20, 50, 16, 16],
  ])("cursor %i of %i groups in %i rows starts at %i", (selected, total, room, start) => {
    expect(windowStart(selected, total, room)).toBe(start);
  });
});

describe("what a replay says", () => {
  const invalid = (n: number): ReplayPreview["invalid"] =>
    Array.from({ length: n }, (_, i) => ({
      job_id: `01JINV${String(i + 1).padStart(20, "0")}`,
      details: { [`payload.rows.${i}.sku`]: ["Required", "second message"] },
    }));

  it("asks with the count it would retry and how many are invalid", () => {
    expect(replayPrompt({ matched: 14, would_retry: 12, invalid: invalid(2), example: null })).toBe(
      "Retry 12 jobs of this group? 2 invalid. y/n",
    );
    expect(replayPrompt({ matched: 1, would_retry: 1, invalid: [], example: null })).toBe(
      "Retry 1 job of this group? y/n",
    );
  });

  it("lists the first three invalid jobs by short id, field and first message, then how many more", () => {
    expect(invalidLines(invalid(5))).toEqual([
      "…00000001 payload.rows.0.sku: Required",
      "…00000002 payload.rows.1.sku: Required",
      "…00000003 payload.rows.2.sku: Required",
      "and 2 more",
    ]);
    expect(invalidLines([{ job_id: "01JX", details: {} }])).toEqual(["…01JX payload: invalid"]);
  });

  it("says why it does not ask", () => {
    expect(replayNothingText({ matched: 2, would_retry: 0, invalid: invalid(2), example: null })).toBe(
      "None of the 2 jobs of this group can be retried: 2 invalid.",
    );
  });

  it.each([
    [{ matched: 12, retried: 12, invalid: [], skipped: {} }, "Retried 12"],
    [{ matched: 14, retried: 12, invalid: invalid(2), skipped: {} }, "Retried 12; 2 invalid"],
    [
      { matched: 15, retried: 12, invalid: invalid(1), skipped: { running: 1, pending: 1 } },
      "Retried 12; 1 invalid; skipped 2 (1 Pending, 1 Running)",
    ],
  ])("reports the outcome %j as %s", (outcome, text) => {
    expect(replayOutcomeText(outcome)).toBe(text);
  });
});

describe("small texts", () => {
  it("a group's message is its first line, flattened", () => {
    expect(firstLine("HS service unreachable\n    at classify (hs.ts:12)")).toBe("HS service unreachable");
    expect(firstLine("tab\there\x1b[2J")).toBe("tab here [2J");
  });

  it("key hints are dropped from the end until they fit", () => {
    expect(fitHints(["↑↓ move", "Enter its jobs", "r retry group"], 24)).toBe("↑↓ move  Enter its jobs");
    expect(fitHints(["↑↓ move"], 3)).toBe("");
  });
});
