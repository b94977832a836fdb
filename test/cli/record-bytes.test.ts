// V2 lines written as bytes from chunk columns against writeRecord's strings from the
// decoded entries: the same text, for any record a chunk can hold.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteLines } from "../../src/cli/flow-bytes";
import { writeChunkV2, writeRowsV2 } from "../../src/cli/record-bytes";
import { writeRecord } from "../../src/formats/record-writers";
import { FlowColumns } from "../../src/model/flow-columns";
import { completeFlowLog } from "../../src/model/flow-log";
import { proposeNetwork } from "../../src/model/network-extension";
import { buildRecordRows } from "../../src/model/record-rows";
import type { FlowInput, FlowLogEntry } from "../../src/model/records";
import { rowEntry } from "../../src/model/row-entry";
import { decodeRecord, encodeChunk } from "../../src/storage/record-columns";

const text = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  fc.constantFrom("2", "123456789010", "eni-0a1b2c", "10.0.0.1", "fd00::1", "网卡-1", "x".repeat(700)),
);
const num = (max: number) => fc.oneof(fc.constant(null), fc.integer({ min: 0, max }));
const arbEntry: fc.Arbitrary<FlowLogEntry> = fc.record({
  flowLogId: fc.constant("fl"),
  window: fc.nat(),
  version: text,
  "account-id": text,
  "interface-id": text,
  "vpc-id": text,
  "subnet-id": text,
  "instance-id": text,
  srcaddr: text,
  dstaddr: text,
  srcport: num(65535),
  dstport: num(65535),
  protocol: num(255),
  direction: fc.constantFrom(null, "in", "out"),
  packets: fc.oneof(num(2 ** 32), fc.constant(2 ** 53 + 2)),
  bytes: fc.oneof(num(Number.MAX_SAFE_INTEGER), fc.constant(1e21)),
  start: fc.nat(),
  end: fc.nat(),
  action: fc.constantFrom(null, "ACCEPT", "REJECT"),
  "log-status": fc.constantFrom("OK", "NODATA", "SKIPDATA"),
  "tcp-flags": num(4095),
  "rule-id": text,
}) as fc.Arbitrary<FlowLogEntry>;

describe("V2 lines as bytes from chunk columns", () => {
  it("are writeRecord's aws lines of the decoded records", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbEntry, { maxLength: 30 }), async (entries) => {
        const c = encodeChunk(entries);
        const parts: Uint8Array[] = [];
        const out = new ByteLines(async (b) => {
          parts.push(b);
        }, 1024);
        await writeChunkV2(c, out);
        await out.spill();
        const want = Array.from({ length: c.count }, (_, i) => `${writeRecord(decodeRecord(c, i), "aws")}\n`).join("");
        expect(new TextDecoder().decode(Buffer.concat(parts))).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe("V2 lines as bytes from a capture's record rows", () => {
  const T = 1_700_000_400;
  const arbFlow = fc
    .record({
      src: fc.constantFrom("10.0.0.1", "10.0.0.2", "10.0.1.3", "192.168.0.9", "203.0.113.5", "fd00::1"),
      dst: fc.constantFrom("10.0.0.1", "10.0.0.2", "10.0.1.3", "192.168.0.9", "203.0.113.5", "fd00::1"),
      srcport: fc.nat(65535),
      dstport: fc.constantFrom(22, 443, 0x0800),
      protocol: fc.constantFrom(1, 6, 17),
      at: fc.nat(1500),
      packets: fc.integer({ min: 1, max: 2 ** 32 }),
    })
    .map(
      ({ src, dst, at, ...f }): FlowInput => ({
        ...f,
        srcaddr: src,
        dstaddr: dst,
        window: T + at - ((T + at) % 60),
        bytes: f.packets * 1500,
        startUs: (T + at) * 1e6,
        endUs: (T + at) * 1e6 + 999_999,
        tcpFlags: 2,
      }),
    );

  it("are writeRecord's aws lines of rowEntry, NODATA and SKIPDATA included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbFlow, { maxLength: 40 }), fc.constantFrom(1, 100), async (flows, limit) => {
        const inv = proposeNetwork(flows.flatMap((f) => [f.srcaddr, f.dstaddr]));
        const fls = inv.vpcs.map((v, i) =>
          completeFlowLog(
            {
              name: `f${i}`,
              regionId: v.regionId,
              resourceType: "VPC",
              resourceId: v.id,
              project: "p",
              logstore: "l",
              windowSeconds: i % 2 ? 60 : 600,
            },
            `fl-${i}`,
            new Date(0),
          ),
        );
        const rows = buildRecordRows(FlowColumns.of(flows), fls, inv, {
          maxRecordsPerEniWindow: limit,
          tableFull: [{ window: T - (T % 60) + 60, flows: 3 }],
        });
        const parts: Uint8Array[] = [];
        const out = new ByteLines(async (b) => {
          parts.push(b);
        }, 1024);
        await writeRowsV2(rows, rows.order, out);
        await out.spill();
        const want = Array.from(rows.order, (r) => `${writeRecord(rowEntry(rows, r), "aws")}\n`).join("");
        expect(new TextDecoder().decode(Buffer.concat(parts))).toBe(want);
      }),
      { numRuns: 200 },
    );
  });
});
