// Schedule times (worker/api/schedules.ts over croner): a cron in an IANA zone gives the right UTC instants across
// DST changes (a 02:30 schedule runs once on a spring-forward day, once on a fall-back day), and bad expressions or
// zones are named.
import { describe, expect, it } from "vitest";
import { cronProblem, nextRuns } from "../../worker/api/schedules.ts";

const utc = (times: number[]) => times.map((t) => new Date(t).toISOString());

describe("schedule times", () => {
  it("runs a Berlin 02:30 once on the spring-forward day, at the shifted hour", () => {
    // 2027-03-28: clocks go from 02:00 to 03:00 CEST, so 02:30 does not exist that day.
    expect(utc(nextRuns("30 2 * * *", "Europe/Berlin", Date.parse("2027-03-26T12:00:00Z"), 4))).toEqual([
      "2027-03-27T01:30:00.000Z",
      "2027-03-28T01:30:00.000Z",
      "2027-03-29T00:30:00.000Z",
      "2027-03-30T00:30:00.000Z",
    ]);
  });

  it("runs a New York 01:30 once on the fall-back day, when 01:30 happens twice", () => {
    const times = nextRuns("30 1 * * *", "America/New_York", Date.parse("2027-11-06T12:00:00Z"), 3);
    expect(utc(times)).toEqual(["2027-11-07T05:30:00.000Z", "2027-11-08T06:30:00.000Z", "2027-11-09T06:30:00.000Z"]);
  });

  it("keeps weekday schedules in local time across the change", () => {
    const times = nextRuns("0 9 * * 1-5", "Europe/London", Date.parse("2027-03-26T12:00:00Z"), 2);
    expect(utc(times)).toEqual(["2027-03-29T08:00:00.000Z", "2027-03-30T08:00:00.000Z"]);
  });

  it("names what is wrong with an expression or a zone", () => {
    expect(cronProblem("* * * * *", "UTC")).toBeNull();
    expect(cronProblem("61 * * * *", "UTC")?.field).toBe("cron");
    expect(cronProblem("0 0 * * * *", "UTC")).toEqual({
      field: "cron",
      message: "must have 5 fields: minute hour day-of-month month day-of-week",
    });
    expect(cronProblem("* * * * *", "Europe/Atlantis")?.field).toBe("timezone");
  });
});
