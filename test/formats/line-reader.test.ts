// Lines found in bytes (docs/history.md #10): any chunking gives the same lines, a line past the
// limit is reported by number and dropped in bounded memory, bytes that are not UTF-8
// are reported rather than replaced.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstBadByte, readLines } from "../../src/formats/line-reader";

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const x of chunks) c.enqueue(x);
      c.close();
    },
  });
const enc = (s: string) => new TextEncoder().encode(s);

async function collect(chunks: Uint8Array[], maxLine?: number) {
  const out: (string | [number, string])[] = [];
  const n = await readLines(streamOf(chunks), { line: (t) => out.push(t), bad: (k, why) => out.push([k, why]) }, maxLine);
  return { n, out };
}

describe("readLines", () => {
  it("splits on \\n, drops a \\r before it, keeps a last line without one", async () => {
    expect(await collect([enc("a\r\nb\n\nc")])).toEqual({ n: 4, out: ["a", "b", "", "c"] });
    expect(await collect([enc("a\n")])).toEqual({ n: 1, out: ["a"] });
  });

  it("gives the same lines for any chunking of the same bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("ab", "\n", "é", "\r\n", "xyz", "数"), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (parts, cuts) => {
          const bytes = enc(parts.join(""));
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, k) => bytes.subarray(from, k < at.length ? at[k] : bytes.length));
          expect(await collect(chunks)).toEqual(await collect([bytes]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reports a line past the limit by number and goes on with the next", async () => {
    const r = await collect([enc(`ok1\n${"x".repeat(30)}`), enc(`${"y".repeat(30)}\nok2\n`)], 50);
    expect(r).toEqual({ n: 3, out: ["ok1", [2, "60 bytes long, past the limit of 50 bytes for one line"], "ok2"] });
  });

  it("reads 200 MB with no newline in bounded memory, as one line past the limit", async () => {
    const piece = new Uint8Array(1 << 20).fill(97);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 200) c.enqueue(piece);
        else c.close();
      },
    });
    const bad: [number, string][] = [];
    const before = process.memoryUsage().arrayBuffers;
    await readLines(stream, {
      line: () => {
        throw new Error("no line expected");
      },
      bad: (k, why) => bad.push([k, why]),
    });
    expect(bad).toEqual([[1, `${200 * (1 << 20)} bytes long, past the limit of 1048576 bytes for one line`]]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 << 20);
  });

  it("reports bytes that are not UTF-8, with where they stand", async () => {
    const bad = new Uint8Array([...enc("eni-"), 0xff, ...enc("a\nfine\n")]);
    expect((await collect([bad])).out).toEqual([[1, "not UTF-8 text (byte 5 of the line)"], "fine"]);
    expect(firstBadByte(new Uint8Array([0x61, 0xe6, 0x95, 0xb0, 0xc0, 0x80]))).toBe(4); // 数 then an overlong NUL
    expect(firstBadByte(enc("数据"))).toBe(6);
  });
});
