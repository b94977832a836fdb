// Round trip (docs/history.md #4): for every format, write then read gives back the same record —
// on the fields the format carries — for any record, including NODATA and SKIPDATA.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALIBABA_FIELDS, AWS_FIELDS, CCN_FIELDS, canonicalAlibaba, type FlowLogRecord, V2_FIELDS } from "../../src/formats/fields";
import {
  readAlibabaJson,
  readCcn,
  readNamedValues,
  readSpaced,
  splitCsv,
  writeAlibabaCsv,
  writeAlibabaJson,
  writeCcn,
  writeSpaced,
} from "../../src/formats/text-formats";

const ip = fc.oneof(fc.ipV4(), fc.constantFrom("2001:db8::1", "fd00::a:1"));
const port = fc.integer({ min: 0, max: 65535 });
const id = (prefix: string) => fc.stringMatching(/^[a-z0-9]{8,17}$/).map((s) => prefix + s);
const ok = fc
  .record({
    version: fc.constantFrom("1", "2", "5"),
    "account-id": fc.stringMatching(/^\d{6,16}$/),
    "interface-id": id("eni-"),
    "vpc-id": id("vpc-"),
    "subnet-id": id("vsw-"),
    "instance-id": fc.option(id("i-"), { nil: null }),
    srcaddr: ip,
    dstaddr: ip,
    srcport: port,
    dstport: port,
    protocol: fc.integer({ min: 0, max: 255 }),
    direction: fc.constantFrom("in", "out"),
    packets: fc.integer({ min: 0, max: 2 ** 40 }),
    bytes: fc.integer({ min: 0, max: 2 ** 50 }),
    start: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    end: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    action: fc.constantFrom("ACCEPT", "REJECT"),
    "log-status": fc.constant("OK"),
    "tcp-flags": fc.integer({ min: 0, max: 511 }),
    type: fc.constantFrom("IPv4", "IPv6"),
    dstregionid: fc.constantFrom("ap-shanghai", "ap-guangzhou"),
    srcregionid: fc.constantFrom("ap-beijing"),
    ccnid: id("ccn-"),
    "region-id": fc.constantFrom("ap-beijing"),
  })
  // a record starts before it ends (docs/history.md #10)
  .map((r) => (r.start > r.end ? { ...r, start: r.end, end: r.start } : r)) as fc.Arbitrary<FlowLogRecord>;
const empty = ok.map(
  (r) =>
    ({
      ...r,
      srcaddr: null,
      dstaddr: null,
      srcport: null,
      dstport: null,
      protocol: null,
      direction: null,
      packets: null,
      bytes: null,
      action: null,
      "log-status": "NODATA",
    }) as FlowLogRecord,
);
const anyRecord = fc.oneof({ weight: 4, arbitrary: ok }, { weight: 1, arbitrary: empty });

const project = (r: FlowLogRecord, fields: string[]) => Object.fromEntries(fields.map((f) => [f, r[f] ?? null]));
const value = <T>(x: { record: T } | { error: string }) => {
  if ("error" in x) throw new Error(x.error);
  return x.record;
};

describe("write then read", () => {
  it("Tencent / AWS v2", () => {
    fc.assert(
      fc.property(anyRecord, (r) => {
        expect(value(readSpaced(writeSpaced(r, V2_FIELDS), V2_FIELDS))).toEqual(project(r, V2_FIELDS));
      }),
      { numRuns: 300 },
    );
  });
  it("AWS custom formats: any subset and order of the v2-v5 fields", () => {
    const names = Object.keys(AWS_FIELDS).filter((f) => f !== "log-status");
    fc.assert(
      fc.property(anyRecord, fc.shuffledSubarray(names, { minLength: 1 }), (r, picked) => {
        const fields = [...picked, "log-status"];
        expect(value(readSpaced(writeSpaced(r, fields), fields))).toEqual(project(r, fields));
      }),
      { numRuns: 300 },
    );
  });
  it("Alibaba JSON lines and CSV", () => {
    const canonical = ALIBABA_FIELDS.map(canonicalAlibaba);
    fc.assert(
      fc.property(anyRecord, (r) => {
        expect(value(readAlibabaJson(writeAlibabaJson(r)))).toEqual(project(r, canonical));
        expect(value(readNamedValues(ALIBABA_FIELDS, splitCsv(writeAlibabaCsv(r))!))).toEqual(project(r, canonical));
      }),
      { numRuns: 300 },
    );
  });
  it("CCN", () => {
    fc.assert(
      fc.property(ok, (r) => {
        expect(value(readCcn(writeCcn(r)))).toEqual(project(r, CCN_FIELDS));
      }),
      { numRuns: 300 },
    );
  });
});
