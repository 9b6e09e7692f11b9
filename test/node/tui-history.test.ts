// The detail pane's history: readable event names and aligned columns that stay inside the pane.
import { describe, expect, it } from "vitest";
import { historyLines } from "../../tui/history.ts";
import { eventLabel } from "../../worker/api/event-names.ts";
import type { JobEvent } from "../../worker/api/schema.ts";

function event(id: number, kind: string, actor: string, message: string | null = null, run = 1): JobEvent {
  return { id, job_id: "01J", at: `2026-11-17T10:00:0${id}.000Z`, kind, actor, message, run };
}

describe("eventLabel", () => {
  const cases: [string, string, string][] = [
    ["created", "admin@acme.test", "Created"],
    ["retry_scheduled", "system", "Retry scheduled"],
    ["attempts_exhausted", "system", "Attempts exhausted"],
    ["dead_lettered", "system", "Dead-lettered"],
    ["retried", "admin@acme.test", "Retried"],
    ["cancel_requested", "admin@acme.test", "Cancel requested"],
    // A person cancelled at once; the engine stopped a running job at a chunk boundary after a request.
    ["cancelled", "admin@acme.test", "Cancelled by operator"],
    ["cancelled", "system", "Cancelled"],
    ["paused", "owner@acme.test", "Paused by operator"],
    ["recovered", "system", "Recovered (lease lost)"],
    ["callback_failed", "system", "Callback failed"],
    ["fault:step_retryable", "system", "Injected fault: step retryable"],
    ["something_newer", "system", "Something newer"],
  ];
  for (const [kind, actor, label] of cases) {
    it(`${kind} by ${actor} reads "${label}"`, () => expect(eventLabel(kind, actor)).toBe(label));
  }
});

describe("historyLines", () => {
  const events = [
    event(1, "created", "admin@acme.test"),
    event(2, "started", "system", "attempt 1 of 5"),
    event(3, "retry_scheduled", "system", "HS service unreachable; the next attempt follows in a few seconds"),
    event(4, "cancelled", "admin@acme.test", null, 2),
  ];

  it("puts time, run, event, actor and message in columns that start at the same place on every row", () => {
    const lines = historyLines(events, 160);
    expect(lines[0]).toMatch(/^Time +Run +Event +By +Message$/);
    const eventAt = (lines[0] as string).indexOf("Event");
    const byAt = (lines[0] as string).indexOf("By");
    const messageAt = (lines[0] as string).indexOf("Message");
    expect(lines.slice(1).map((l) => l.slice(eventAt).split("  ")[0])).toEqual([
      "Created",
      "Started",
      "Retry scheduled",
      "Cancelled by operator",
    ]);
    expect(lines[1]?.slice(byAt)).toBe("admin@acme.test");
    expect(lines[3]?.slice(messageAt)).toBe("HS service unreachable; the next attempt follows in a few seconds");
    expect(lines[4]?.slice(0, eventAt)).toMatch(/^2026-11-17T10:00:04\.000Z +2 +$/);
  });

  it("wraps a long message inside its column on a 120-column pane", () => {
    const lines = historyLines(events, 118);
    expect(lines.every((l) => l.length <= 118)).toBe(true);
    const messageAt = (lines[0] as string).indexOf("Message");
    const wrapped = lines.findIndex((l) => l.includes("HS service"));
    expect(lines[wrapped + 1]?.slice(0, messageAt).trim()).toBe("");
    expect(`${lines[wrapped]?.slice(messageAt)} ${lines[wrapped + 1]?.trim()}`).toContain("follows in a few");
  });

  it("at 80 (and 90) columns puts messages under their rows instead of in a sliver of a column", () => {
    expect(historyLines(events, 88)).toContain("    attempt 1 of 5");
    const lines = historyLines(events, 78);
    expect(lines[0]).toMatch(/^Time +Run +Event +By$/);
    expect(lines.every((l) => l.length <= 78)).toBe(true);
    expect(lines).toContain("    attempt 1 of 5");
  });

  it("flattens control characters in server text and says - for no events", () => {
    expect(historyLines([event(1, "failed", "system", "boom\x1b[2J")], 118).join("\n")).not.toContain("\x1b");
    expect(historyLines([], 80)).toEqual(["-"]);
  });
});
