import { describe, expect, it } from "vitest";
import { faultsFromVars, noFaults } from "../../worker/jobs/faults.ts";

describe("the fault switch", () => {
  it("is off without FAULTS and always off in production", () => {
    expect(faultsFromVars({})).toBe(noFaults);
    expect(faultsFromVars({ ENVIRONMENT: "production", FAULTS: '{"step_retryable":1}' })).toBe(noFaults);
  });

  it("fires each point at its configured rate", () => {
    const draws = [0.05, 0.5, 0.05];
    const faults = faultsFromVars({ FAULTS: '{"step_retryable":0.1}' }, () => draws.shift() ?? 1);
    expect([faults.hit("step_retryable"), faults.hit("step_retryable"), faults.hit("hub_rpc")]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("refuses unknown fault points and rates outside 0..1", () => {
    expect(() => faultsFromVars({ FAULTS: '{"explode":1}' })).toThrow();
    expect(() => faultsFromVars({ FAULTS: '{"hub_rpc":2}' })).toThrow();
  });
});
