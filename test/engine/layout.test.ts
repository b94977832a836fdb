// The fixed memory layout (assembly/layout.ts, shared as-is with TypeScript): regions in
// order and apart, room for what each must hold, and a name for every code.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, SKIP_REASONS } from "../../src/engine/status";
import * as L from "../../src/engine/wasm/layout";

describe("memory layout", () => {
  it("keeps the regions in order, without overlap", () => {
    const regions: [string, number, number][] = [
      ["HEADER", L.HEADER, L.HEADER_SLOTS * 8],
      ["INTERFACES", L.INTERFACES, L.MAX_INTERFACES * L.IF_SIZE],
      ["KEY", L.KEY, L.QUEUE - L.KEY],
      ["QUEUE", L.QUEUE, L.QUEUE_SLOTS * L.QUEUE_ENTRY],
      ["FRAGMENTS", L.FRAGMENTS, L.FRAG_SLOTS * L.FRAG_SIZE],
      ["BITMAPS", L.BITMAPS, 2 * L.BITMAP_BYTES],
      ["INPUT", L.INPUT, L.INPUT_SIZE],
    ];
    for (let i = 1; i < regions.length; i++) {
      const [name, start] = regions[i];
      const [prev, pstart, plen] = regions[i - 1];
      expect(pstart + plen, `${prev} runs into ${name}`).toBeLessThanOrEqual(start);
    }
    expect(L.INPUT + L.INPUT_SIZE).toBeLessThanOrEqual(L.FLOWS);
    expect(L.INPUT_HALF).toBe(L.CARRY + L.CHUNK);
    expect(L.INPUT_SIZE).toBe(2 * L.INPUT_HALF);
  });

  it("carries any record the engine must see whole", () => {
    expect(L.CARRY).toBeGreaterThan(L.META_LIMIT + 28 + L.DECODE_LIMIT);
    expect(L.HEADER_SLOTS).toBeGreaterThanOrEqual(L.H_SAMPLE_BASE + 3 * L.MAX_SAMPLES);
    expect(L.H_SKIP_BASE + L.REASON_COUNT).toBeLessThanOrEqual(L.H_LINKTYPE_BASE);
  });

  it("ends the module's static data below HEADER", async () => {
    const { instance } = await WebAssembly.instantiate(await readFile(new URL("../../build/engine.wasm", import.meta.url)), {});
    expect((instance.exports.heapBase as () => number)()).toBeLessThan(L.HEADER);
    expect(WebAssembly.Module.imports(new WebAssembly.Module(await readFile(new URL("../../build/engine.wasm", import.meta.url))))).toEqual(
      [],
    );
  });

  it("names every skip reason and error code the module defines", async () => {
    const source = await readFile(new URL("../../assembly/status.ts", import.meta.url), "utf8");
    const codes = (prefix: string) =>
      [...source.matchAll(new RegExp(`export const ${prefix}_[A-Z_]+ = (\\d+);`, "g"))].map((m) => Number(m[1]));
    expect(
      codes("R")
        .filter((c) => c < L.REASON_COUNT)
        .every((c) => SKIP_REASONS[c]),
    ).toBe(true);
    expect(codes("E").every((c) => ERROR_CODES[c])).toBe(true);
    expect(codes("E").length).toBe(14);
  });
});
