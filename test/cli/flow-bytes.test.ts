// `flowlens flows` lines written as bytes from the engine's structs against formatFlow's
// strings from Flow objects: the same text, for every format and any struct.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteLines, writeFlowLines } from "../../src/cli/flow-bytes";
import { type FlowFormat, formatFlow } from "../../src/cli/flow-output";
import { readFlows } from "../../src/engine/flow-record";
import { RECORD_SIZE } from "../../src/engine/wasm/layout";

const arbStruct = fc.record({
  v4: fc.boolean(),
  src: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  dst: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  iface: fc.nat(),
  sport: fc.nat(65535),
  dport: fc.nat(65535),
  proto: fc.nat(255),
  flags: fc.nat(65535),
  packets: fc.nat(),
  bytes: fc.oneof(fc.nat(), fc.maxSafeNat(), fc.constantFrom(0, 9, 10, 99, 100, 1e15, 2 ** 53 + 2, 1e21)),
  start: fc.oneof(fc.nat(3_600_000_000), fc.constantFrom(0, 999_999, 1_000_000, 59_999_999)),
  end: fc.nat(3_600_000_000),
});

type Struct = typeof arbStruct extends fc.Arbitrary<infer T> ? T : never;
function structs(list: Struct[]): Uint8Array {
  const b = new Uint8Array(list.length * RECORD_SIZE),
    v = new DataView(b.buffer);
  list.forEach((s, i) => {
    const at = i * RECORD_SIZE;
    b.set(s.src, at);
    b.set(s.dst, at + 16);
    if (s.v4) {
      b.fill(0, at, at + 10);
      b.fill(0xff, at + 10, at + 12);
      b.fill(0, at + 16, at + 26);
      b.fill(0xff, at + 26, at + 28);
    }
    v.setUint32(at + 32, s.iface, true);
    v.setUint16(at + 36, s.sport, true);
    v.setUint16(at + 38, s.dport, true);
    b[at + 40] = s.proto;
    b[at + 41] = s.v4 ? 4 : 6;
    v.setUint16(at + 42, s.flags, true);
    v.setUint32(at + 44, s.packets, true);
    v.setFloat64(at + 48, s.bytes, true);
    v.setUint32(at + 56, s.start, true);
    v.setUint32(at + 60, s.end, true);
  });
  return b;
}

describe("flow lines as bytes", () => {
  it.each(["text", "csv", "jsonl"] as FlowFormat[])("are formatFlow's %s lines", async (format) => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStruct, { maxLength: 40 }), fc.integer({ min: 0, max: 4_000_000_000 }), async (list, window) => {
        const records = structs(list);
        const parts: Uint8Array[] = [];
        // A small buffer, so that lines cross its spills.
        const out = new ByteLines(async (b) => {
          parts.push(b);
        }, 1024);
        await writeFlowLines(out, records, list.length, window, format);
        await out.spill();
        const want = [...readFlows(records, list.length, window)].map((f) => `${formatFlow(f, format)}\n`).join("");
        expect(Buffer.concat(parts).toString("latin1")).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});
