// The per-isolate principal cache: entries live PRINCIPAL_CACHE_MS (or less), can be evicted, and the oldest go first.
import { describe, expect, it } from "vitest";
import { PRINCIPAL_CACHE_MS, PrincipalCache } from "../../worker/db/principal-cache.ts";

describe("PrincipalCache", () => {
  it("forgets an entry once its time is up, and honours a shorter time", () => {
    let now = 1_000;
    const cache = new PrincipalCache<string>(() => now);
    cache.set("a", "alice");
    cache.set("b", "bob", 100);
    now += 99;
    expect([cache.get("a"), cache.get("b")]).toEqual(["alice", "bob"]);
    now += 1;
    expect(cache.get("b")).toBeUndefined();
    now = 1_000 + PRINCIPAL_CACHE_MS - 1;
    expect(cache.get("a")).toBe("alice");
    now += 1;
    expect(cache.get("a")).toBeUndefined();
  });

  it("evicts by key and by value, so a revoked token or an ended session stops working at once", () => {
    const cache = new PrincipalCache<{ tokenId: string }>();
    cache.set("h1", { tokenId: "t1" });
    cache.set("h2", { tokenId: "t2" });
    cache.deleteWhere((p) => p.tokenId === "t1");
    cache.delete("h2");
    expect([cache.get("h1"), cache.get("h2")]).toEqual([undefined, undefined]);
  });
});
