// The content hash the engine computes while a file streams (docs/history.md #12): the same bytes give
// the same digest whatever the chunking and in both engines; any change of a byte or of the
// length gives another.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCapture } from "../support/engine";

const veth = new Uint8Array(readFileSync(new URL("../files/tcpdump-veth.pcap", import.meta.url)));
const hashOf = async (kind: "wasm" | "twin", bytes: Uint8Array, chunk?: number) =>
  (await runCapture(kind, bytes, { chunk })).reports[0].contentHash;

describe("the engine's content hash", () => {
  it("is one digest of the bytes, whatever the chunks, in WASM and in the twin", async () => {
    const want = await hashOf("wasm", veth);
    expect(want).toMatch(/^[0-9a-f]{32}$/);
    for (const chunk of [1, 7, 15, 16, 17, 1000, 4096]) {
      expect([chunk, await hashOf("wasm", veth, chunk)]).toEqual([chunk, want]);
      expect([chunk, await hashOf("twin", veth, chunk)]).toEqual([chunk, want]);
    }
  });

  it("changes with any byte and with the length, and is per file", async () => {
    const want = await hashOf("wasm", veth);
    const digests = [want];
    for (const at of [0, 24, 5000, veth.length - 1]) {
      const other = veth.slice();
      other[at] ^= 1;
      // A header byte may make the capture unreadable: then there is no digest to compare.
      const r = await runCapture("wasm", other).catch(() => null);
      if (r) digests.push(r.reports[0].contentHash);
    }
    digests.push(await hashOf("wasm", veth.slice(0, veth.length - 1)));
    expect(digests.length).toBeGreaterThanOrEqual(4);
    expect(new Set(digests).size).toBe(digests.length);
    // Two files in one import: each its own digest; the same file twice, the same.
    const both = await runCapture("wasm", [veth, veth.slice(0, 24), veth]);
    expect(both.reports.map((x) => x.contentHash)).toEqual([want, await hashOf("wasm", veth.slice(0, 24)), want]);
  });
});
