import { describe, expect, it } from "vitest";
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  MAX_WORKERS_PBKDF2_ITERATIONS,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from "../../worker/domain/passwords.ts";

describe("password hashes", () => {
  it("stays within the 100,000 PBKDF2 iterations production Workers accept", () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(MAX_WORKERS_PBKDF2_ITERATIONS);
    expect(MAX_WORKERS_PBKDF2_ITERATIONS).toBe(100_000);
  });

  it("stores scheme and cost with a random salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse", 1000);
    const b = await hashPassword("correct horse", 1000);
    expect(a).toMatch(/^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
  });

  it("refuses to hash above the Workers cap and never verifies malformed or over-cap hashes", async () => {
    await expect(hashPassword("x", 100_001)).rejects.toThrow(/100,000/);
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "pbkdf2-sha256$200000$AAAA$AAAA")).toBe(false);
    expect(await verifyPassword("anything", DUMMY_PASSWORD_HASH)).toBe(false);
  });
});
