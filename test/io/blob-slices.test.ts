// The Blob reader the extension's imports use: every byte once and in order, whatever the
// size against the slice, and a failed read reported where its slice is taken.
import { describe, expect, it } from "vitest";
import { readSlices, sliceStream } from "../../src/io/blob-slices";

const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 9)) & 255);

describe("blob slices", () => {
  it("gives every byte once, in order, for sizes around the slice", async () => {
    for (const n of [0, 1, (8 << 20) - 1, 8 << 20, (8 << 20) + 1, (19 << 20) + 123]) {
      const want = bytesOf(n);
      const r = readSlices(new Blob([want]));
      const got = new Uint8Array(n);
      let at = 0;
      for (let b = await r.next(); b; b = await r.next()) {
        got.set(b, at);
        at += b.length;
      }
      expect(at).toBe(n);
      expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
      expect(await r.next()).toBeNull();
    }
  });

  it("hands out at most the bytes asked for, the rest of a slice next", async () => {
    const want = bytesOf((8 << 20) + 10);
    const r = readSlices(new Blob([want]));
    const sizes: number[] = [];
    const got: number[] = [];
    for (let b = await r.next(3 << 20); b; b = await r.next(3 << 20)) {
      sizes.push(b.length);
      got.push(...b.subarray(0, 2));
    }
    expect(sizes).toEqual([3 << 20, 3 << 20, 2 << 20, 10]);
    expect(got).toEqual([0, 3 << 20, 6 << 20, 8 << 20].flatMap((at) => [want[at], want[at + 1]]));
  });

  it("streams the same bytes", async () => {
    const want = bytesOf((9 << 20) + 5);
    const got = new Uint8Array(await new Response(sliceStream(new Blob([want]))).arrayBuffer());
    expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
  });

  it("rejects at the slice whose read failed, and only there", async () => {
    const good = new Blob([bytesOf(20 << 20)]);
    // A Blob whose second slice cannot be read, as a file deleted or changed on disk.
    const failing = {
      size: good.size,
      slice: (a: number, b: number) =>
        a >= 8 << 20 ? { arrayBuffer: () => Promise.reject(new Error("NotReadableError: the file changed")) } : good.slice(a, b),
    } as unknown as Blob;
    const r = readSlices(failing);
    expect((await r.next())!.length).toBe(8 << 20);
    await expect(r.next()).rejects.toThrow(/the file changed/);
  });
});
