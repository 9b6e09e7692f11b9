// Pure row formatting: the status text, the declared column layout per width, type names, times, the pickers, OSC 52.
import { describe, expect, it } from "vitest";
import { osc52 } from "../../tui/clipboard.ts";
import {
  createdText,
  DROP_ORDER,
  layoutColumns,
  progressText,
  ranText,
  rejectedNote,
  rowLine,
  statusText,
  TYPE_LABEL_WIDTH,
  typeText,
} from "../../tui/format.ts";
import { pickerLine, pickFilter } from "../../tui/picker.ts";
import type { Job, JobControl, JobStatus } from "../../worker/api/schema.ts";
import { jobFixture } from "../support/job-fixture.ts";

function job(status: JobStatus, control: JobControl | null): Job {
  return jobFixture({
    id: "01JFMT0000000000000000000A",
    status,
    attempts: 1,
    updated_at: "2026-11-17T10:00:00Z",
    control,
  });
}

describe("rejectedNote", () => {
  it("flags a completed import that refused rows, and nothing else", () => {
    expect(rejectedNote({ ...job("completed", null), rejected: 1200 })).toBe("1,200 rows rejected");
    expect(rejectedNote({ ...job("completed", null), rejected: 1 })).toBe("1 row rejected");
    expect(rejectedNote(job("completed", null))).toBe("");
    expect(rejectedNote({ ...job("failed", null), rejected: 3 })).toBe("");
  });

  it("shows in the Error column of a completed import's row", () => {
    const line = rowLine({ ...job("completed", null), rejected: 8 }, layoutColumns(120), {
      color: false,
      now: Date.now(),
      marked: false,
    });
    expect(line).toMatch(/8 rows rejected\s*$/);
  });
});

describe("statusText", () => {
  const cases: [JobStatus, JobControl | null, string][] = [
    ["running", "cancel", "Cancelling…"],
    ["running", "pause", "Pausing…"],
    ["running", null, "Running"],
    // Only a running job honours a control; a leftover one on any other status changes nothing.
    ["paused", "pause", "Paused"],
    ["pending", "cancel", "Pending"],
    ["cancelled", "cancel", "Cancelled"],
    ["dead_letter", null, "Dead Letter"],
  ];
  for (const [status, control, text] of cases) {
    it(`says "${text}" for a ${status} job with control ${control}`, () => {
      expect(statusText(job(status, control))).toBe(text);
    });
  }
});

describe("layoutColumns", () => {
  const keys = (width: number) => layoutColumns(width).map((c) => c.key);

  it("at 120 columns shows every column, type names at label width", () => {
    expect(keys(120)).toEqual(["mark", "id", "type", "status", "progress", "created", "ran", "error"]);
    expect(layoutColumns(120).find((c) => c.key === "type")?.width).toBe(TYPE_LABEL_WIDTH);
  });

  it("at 80 columns still shows every column, with short type names", () => {
    expect(keys(80)).toEqual(["mark", "id", "type", "status", "progress", "created", "ran", "error"]);
    expect(layoutColumns(80).find((c) => c.key === "type")?.width).toBeLessThan(TYPE_LABEL_WIDTH);
  });

  it("declares Ran, Created, Type, Error as the order columns go in", () => {
    expect(DROP_ORDER).toEqual(["ran", "created", "type", "error"]);
    expect(keys(60)).toEqual(["mark", "id", "type", "status", "progress", "error"]);
  });

  it("from 140 down to 36 columns drops only in the declared order and never the id, status or progress", () => {
    for (let width = 140; width >= 36; width--) {
      const cols = layoutColumns(width);
      const shown = cols.map((c) => c.key);
      const dropped = DROP_ORDER.filter((k) => !shown.includes(k));
      expect(dropped, `at ${width}`).toEqual(DROP_ORDER.slice(0, dropped.length));
      expect(shown, `at ${width}`).toEqual(expect.arrayContaining(["mark", "id", "status", "progress"]));
      expect(cols.find((c) => c.key === "id")?.width, `at ${width}`).toBeGreaterThanOrEqual(9); // "…" + 8
      expect(cols.find((c) => c.key === "status")?.width, `at ${width}`).toBeGreaterThanOrEqual(11);
      expect(cols.reduce((n, c) => n + c.width, 0) + cols.length - 1, `at ${width}`).toBe(width);
    }
  });
});

describe("cells", () => {
  const NOW = Date.parse("2026-11-17T10:10:00Z");
  const row = (extra: Partial<Job>, width: number) =>
    rowLine({ ...job("completed", null), ...extra }, layoutColumns(width), { color: false, now: NOW, marked: true });

  it("names types by their label when the column is wide enough, else by their short name", () => {
    expect(typeText("bulk_classification", TYPE_LABEL_WIDTH)).toBe("Bulk classification");
    expect(typeText("bulk_classification", TYPE_LABEL_WIDTH - 1)).toBe("classify");
    expect(typeText("data_import", 8)).toBe("import");
    expect(typeText("something_new", 30)).toBe("something_new"); // a type this build does not know
  });

  it("says how long ago a job was created, and how long a finished one ran", () => {
    expect(createdText("2026-11-17T10:07:00Z", NOW)).toBe("3 min ago");
    expect(createdText("not a time", NOW)).toBe("?");
    expect(ranText({ started_at: "2026-11-17T10:00:01Z", completed_at: "2026-11-17T10:02:05Z" })).toBe("2 min 04 s");
    expect(ranText({ started_at: "2026-11-17T10:00:01Z", completed_at: null })).toBe("-");
    expect(ranText({ started_at: null, completed_at: "2026-11-17T10:00:01Z" })).toBe("-"); // cancelled before it ran
  });

  it("a row at 80 columns: marker, the id's last 8 (as the pages show it), short type, status, bar, created, ran", () => {
    const line = row(
      { created_at: "2026-11-17T10:07:00Z", started_at: "2026-11-17T10:07:01Z", completed_at: "2026-11-17T10:09:05Z" },
      80,
    );
    expect(line).toMatch(/^● …0000000A import +Completed +\[-+\] +0% +3 min ago +2 min 04 s/);
    expect(line).toHaveLength(80);
  });

  it("a completed job shows no stale current item; a failed one keeps it (where it stopped)", () => {
    const at = { current_item: "item 2 of 2" };
    expect(progressText({ ...job("completed", null), ...at }, 30)).not.toContain("item");
    expect(progressText({ ...job("failed", null), ...at }, 30)).toContain("item 2 of 2");
  });

  it("a row at 120 columns: the type's label", () => {
    expect(row({ type: "duty_optimization" }, 120)).toMatch(/^● …0+A +Duty optimisation +Completed /);
  });
});

describe("the filter pickers", () => {
  it("offer every status by digit on one line at 120 columns, the current one in inverse", () => {
    expect(pickerLine("status", { status: "failed" }, 120)).toBe(
      "Status: 0 all  1 Pending  2 Running  3 Completed  {inverse}4 Failed{/inverse}  5 Cancelled  6 Paused  7 Dead Letter  Esc cancels",
    );
  });

  it("fit 80 columns by shortening the longest labels first", () => {
    const line = pickerLine("status", {}, 80).replace(/\{\/?inverse\}/g, "");
    expect(line).toBe("Status: 0 all 1 Pending 2 Running 3 Done 4 Failed 5 Cancelled 6 Paused 7 Dead");
    expect(pickerLine("type", {}, 80).replace(/\{\/?inverse\}/g, "").length).toBeLessThanOrEqual(80);
  });

  it("turn a digit into a filter, keeping the other field, and ignore other keys", () => {
    expect(pickFilter("status", { type: "data_export" }, "7")).toEqual({ type: "data_export", status: "dead_letter" });
    expect(pickFilter("status", { status: "failed" }, "0")).toEqual({ status: undefined });
    expect(pickFilter("type", {}, "1")).toEqual({ type: "data_import" });
    expect(pickFilter("type", {}, "5")).toBeNull(); // four production types
    expect(pickFilter("status", {}, "x")).toBeNull();
  });
});

describe("osc52", () => {
  it("wraps the text in base64 inside an OSC 52 clipboard sequence", () => {
    expect(osc52("01JCZ3A5B7C9D1E3F5G7H9J1K3")).toBe(`\x1b]52;c;${btoa("01JCZ3A5B7C9D1E3F5G7H9J1K3")}\x07`);
    // Whatever the text, nothing in it can end the sequence early or start another one.
    const seq = osc52("a\x07\x1b]0;x\x07");
    expect([seq.slice(0, 7), seq.slice(-1)]).toEqual(["\x1b]52;c;", "\x07"]);
    expect(seq.slice(7, -1)).toMatch(/^[A-Za-z0-9+/=]+$/);
  });
});
