import { describe, expect, it } from "vitest";
import { backoffSeconds } from "../../worker/jobs/backoff.ts";

const config = { baseSeconds: 2, capSeconds: 60, jitter: 0.2 };
const middle = () => 0.5; // no jitter

describe("backoffSeconds", () => {
  it("doubles from the base per failed attempt", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffSeconds(n, config, middle))).toEqual([2, 4, 8, 16, 32]);
  });

  it("never exceeds the cap, even with jitter or huge attempt counts", () => {
    expect(backoffSeconds(6, config, middle)).toBe(60);
    expect(backoffSeconds(1000, config, () => 0.999)).toBe(60);
  });

  it("spreads delays by at most ±jitter and never returns less than one second", () => {
    expect(backoffSeconds(4, config, () => 0)).toBe(Math.round(16 * 0.8));
    expect(backoffSeconds(4, config, () => 1)).toBe(Math.round(16 * 1.2));
    expect(backoffSeconds(1, { baseSeconds: 0.1, capSeconds: 5, jitter: 0.5 }, () => 0)).toBe(1);
  });
});
