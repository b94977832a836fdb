// Space-Saving over numeric keys: exact below capacity, the heavy keys always found past
// it, counts never below the truth.
import { describe, expect, it } from "vitest";
import { addressKey, HeavyHitters, pairKey } from "../../src/query/heavy-hitters";

describe("addressKey", () => {
  it("is an IPv4 address's 32-bit value", () => {
    expect(addressKey("10.0.0.1")).toBe(0x0a000001);
    expect(addressKey("255.255.255.255")).toBe(0xffffffff);
    expect(addressKey("0.0.0.0")).toBe(0);
  });
  it("puts anything else above 2^32, the same text the same key", () => {
    for (const s of ["fd77::1", "10.0.0", "10.0.0.256", "1.2.3.4.5", "eni-1", ""]) {
      expect(addressKey(s)).toBeGreaterThanOrEqual(2 ** 32);
      expect(addressKey(s)).toBeLessThan(2 ** 53);
      expect(addressKey(s)).toBe(addressKey(s));
    }
    expect(addressKey("fd77::1")).not.toBe(addressKey("fd77::2"));
  });
  it("gives distinct pair keys for swapped pairs and 100 000 random pairs", () => {
    expect(pairKey(1, 2)).not.toBe(pairKey(2, 1));
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++)
      seen.add(pairKey(addressKey(`10.1.${i >> 8}.${i & 255}`), addressKey(`10.2.${(i * 7) & 255}.${(i * 13) & 255}`)));
    expect(seen.size).toBe(100_000);
  });
});

describe("HeavyHitters", () => {
  it("is exact while it holds every key", () => {
    const h = new HeavyHitters(16);
    for (let i = 0; i < 100; i++) h.add(i % 10, `k${i % 10}`, "", i % 10, 1);
    expect(h.approximate).toBe(false);
    expect(h.top(3)).toEqual([
      { a: "k9", b: "", bytes: 90, packets: 10, records: 10 },
      { a: "k8", b: "", bytes: 80, packets: 10, records: 10 },
      { a: "k7", b: "", bytes: 70, packets: 10, records: 10 },
    ]);
  });

  it("finds the heavy keys among 200 000 distinct light ones, with counts at least the truth", () => {
    const h = new HeavyHitters(256);
    const heavy = [11, 22, 33];
    for (let i = 0; i < 200_000; i++) {
      h.add(1000 + i, `light-${i}`, "", 1, 1);
      if (i % 1000 === 0) for (const k of heavy) h.add(k, `heavy-${k}`, "", 50, 1);
    }
    expect(h.approximate).toBe(true);
    const top = h.top(3);
    expect(top.map((x) => x.a).sort()).toEqual(["heavy-11", "heavy-22", "heavy-33"]);
    for (const x of top) expect(x.bytes).toBeGreaterThanOrEqual(200 * 50);
  });
});
