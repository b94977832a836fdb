// The chunk builder's dictionary: one code per value, whether the value came as a string
// (the string reader, entries) or as bytes (the byte readers), in either order.
import { describe, expect, it } from "vitest";
import { ascii, ChunkBuilder } from "../../src/storage/chunk-builder";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("ChunkBuilder dictionary", () => {
  it("gives one value one code whichever way it comes first", () => {
    const b = new ChunkBuilder(16);
    const a = b.code("eni-1");
    expect(b.codeBytes(bytes("xx eni-1 yy"), 3, 8)).toBe(a);
    const c = b.codeBytes(bytes("10.0.0.1"), 0, 8);
    expect(b.code("10.0.0.1")).toBe(c);
    expect(b.code("数据")).toBe(b.code("数据"));
    expect(b.code(null)).toBe(0);
    expect(b.dict).toEqual(["", "eni-1", "10.0.0.1", "数据"]);
  });

  it("keeps every code right while its table grows", () => {
    const b = new ChunkBuilder(16);
    const codes = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? b.code(`v${i}`) : b.codeBytes(bytes(`v${i}`), 0, `v${i}`.length)));
    expect(new Set(codes).size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997)
      expect([b.code(`v${i}`), b.codeBytes(bytes(`v${i}`), 0, `v${i}`.length)]).toEqual([codes[i], codes[i]]);
    expect(b.dict.length).toBe(100_001);
  });

  it("makes text of bytes, any length", () => {
    for (const s of ["", "a", "12345678", "123456789", "fd00::1:2:3:4:5:6:7", "x".repeat(300)])
      expect(ascii(bytes(`<${s}>`), 1, s.length + 1)).toBe(s);
  });
});
