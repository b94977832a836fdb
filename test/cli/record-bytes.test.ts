// V2 lines written as bytes from chunk columns against writeRecord's strings from the
// decoded entries: the same text, for any record a chunk can hold.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteLines } from "../../src/cli/flow-bytes";
import { writeChunkV2 } from "../../src/cli/record-bytes";
import { writeRecord } from "../../src/formats/record-writers";
import type { FlowLogEntry } from "../../src/model/records";
import { decodeRecord, encodeChunk } from "../../src/storage/record-columns";

const text = fc.oneof(fc.constant(null), fc.constant(""), fc.constantFrom("2", "123456789010", "eni-0a1b2c", "10.0.0.1", "fd00::1", "网卡-1", "x".repeat(700)));
const num = (max: number) => fc.oneof(fc.constant(null), fc.integer({ min: 0, max }));
const arbEntry: fc.Arbitrary<FlowLogEntry> = fc.record({
  flowLogId: fc.constant("fl"), window: fc.nat(), version: text, "account-id": text, "interface-id": text, "vpc-id": text, "subnet-id": text, "instance-id": text,
  srcaddr: text, dstaddr: text, srcport: num(65535), dstport: num(65535), protocol: num(255), direction: fc.constantFrom(null, "in", "out"),
  packets: fc.oneof(num(2 ** 32), fc.constant(2 ** 53 + 2)), bytes: fc.oneof(num(Number.MAX_SAFE_INTEGER), fc.constant(1e21)), start: fc.nat(), end: fc.nat(),
  action: fc.constantFrom(null, "ACCEPT", "REJECT"), "log-status": fc.constantFrom("OK", "NODATA", "SKIPDATA"), "tcp-flags": num(4095), "rule-id": text,
}) as fc.Arbitrary<FlowLogEntry>;

describe("V2 lines as bytes from chunk columns", () => {
  it("are writeRecord's aws lines of the decoded records", async () => {
    await fc.assert(fc.asyncProperty(fc.array(arbEntry, { maxLength: 30 }), async (entries) => {
      const c = encodeChunk(entries);
      const parts: Uint8Array[] = [];
      const out = new ByteLines(async (b) => { parts.push(b); }, 1024);
      await writeChunkV2(c, out);
      await out.spill();
      const want = Array.from({ length: c.count }, (_, i) => writeRecord(decodeRecord(c, i), "aws") + "\n").join("");
      expect(new TextDecoder().decode(Buffer.concat(parts))).toBe(want);
    }), { numRuns: 300 });
  });
});
