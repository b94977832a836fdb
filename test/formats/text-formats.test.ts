// The clouds' flow-log text (docs/rules.md §3): the seeds' example lines read as they stand, every
// format written and read back, detection, and line-by-line error reports.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/formats/detect";
import { type FlowLogRecord, V2_FIELDS } from "../../src/formats/fields";
import { importFlowLogText, LogFormatError } from "../../src/formats/log-import";
import {
  alibabaCsvHeader,
  readAlibabaJson,
  readCcn,
  readSpaced,
  writeAlibabaCsv,
  writeAlibabaJson,
  writeCcn,
  writeSpaced,
} from "../../src/formats/text-formats";

// The Tencent seed (shared/seeds/001_*, "示例"). Its PDF text wraps two records over two
// lines, once between fields and once inside the end time (14329|17142); rejoined here.
const SEED = {
  sshAccept: "2 1251762227 eni-lq6mkcis 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
  rdpReject: "2 1251762227 eni-lq6mkcis 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
  nodata: "V1 1251762227 eni-lq6mkcis - - - - - 1431280876 1431280934 - NODATA",
  skipdata: "V1 1251762227 eni-lq6mkcis - - - - - 1431280876 1431280934 - SKIPDATA",
  pingIn: "V1 1251762227 eni-lq6mkcis 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK",
  pingOut: "V1 1251762227 eni-lq6mkcis 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK",
};

const record = (line: string) => {
  const r = readSpaced(line, V2_FIELDS);
  if ("error" in r) throw new Error(r.error);
  return r.record;
};

describe("Tencent and AWS default format (v2)", () => {
  it("reads the seed's SSH and RDP records", () => {
    expect(record(SEED.sshAccept)).toEqual({
      version: "2",
      "account-id": "1251762227",
      "interface-id": "eni-lq6mkcis",
      srcaddr: "172.31.16.139",
      dstaddr: "172.31.16.21",
      srcport: 20641,
      dstport: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      start: 1418530010,
      end: 1418530070,
      action: "ACCEPT",
      "log-status": "OK",
    });
    expect(record(SEED.rdpReject)).toMatchObject({ srcport: 49761, dstport: 3389, action: "REJECT" });
  });

  it("reads the seed's NODATA and SKIPDATA rows, which have five dashes for seven fields", () => {
    expect(record(SEED.nodata)).toEqual({
      version: "V1",
      "account-id": "1251762227",
      "interface-id": "eni-lq6mkcis",
      srcaddr: null,
      dstaddr: null,
      srcport: null,
      dstport: null,
      protocol: null,
      packets: null,
      bytes: null,
      start: 1431280876,
      end: 1431280934,
      action: null,
      "log-status": "NODATA",
    });
    expect(record(SEED.skipdata)["log-status"]).toBe("SKIPDATA");
    expect(record("2 123456789010 eni-1235b8ca123456789 - - - - - -1 -1 1431280876 1431280934 - NODATA")).toMatchObject({
      packets: null,
      bytes: null,
    });
  });

  it("reads the seed's ping example: the request accepted, the reply rejected", () => {
    expect(
      [record(SEED.pingIn), record(SEED.pingOut)].map((r) => [
        r.srcaddr,
        r.dstaddr,
        r.srcport,
        r.dstport,
        r.protocol,
        r.packets,
        r.bytes,
        r.action,
      ]),
    ).toEqual([
      ["203.0.113.12", "172.31.16.139", 0, 0, 1, 4, 336, "ACCEPT"],
      ["172.31.16.139", "203.0.113.12", 0, 0, 1, 4, 336, "REJECT"],
    ]);
  });

  it("writes back exactly the lines it read (NODATA with every dash)", () => {
    for (const line of [SEED.sshAccept, SEED.rdpReject, SEED.pingIn, SEED.pingOut]) expect(writeSpaced(record(line), V2_FIELDS)).toBe(line);
    expect(writeSpaced(record(SEED.nodata), V2_FIELDS)).toBe("V1 1251762227 eni-lq6mkcis - - - - - - - 1431280876 1431280934 - NODATA");
  });

  it("says why a line does not parse", () => {
    expect(readSpaced("2 1 eni-a 10.0.0.1 10.0.0.2 x 22 6 1 1 1 2 ACCEPT OK", V2_FIELDS)).toEqual({
      error: 'srcport is "x", not a whole number',
    });
    expect(readSpaced("2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 1 1 2 ALLOW OK", V2_FIELDS)).toEqual({
      error: 'action is "ALLOW", not ACCEPT or REJECT',
    });
    expect(readSpaced("2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 1 1 2 ACCEPT FINE", V2_FIELDS)).toEqual({
      error: 'log-status is "FINE", not OK, NODATA or SKIPDATA',
    });
    expect(readSpaced("2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 -5 1 2 ACCEPT OK", V2_FIELDS)).toEqual({ error: "bytes is -5, below 0" });
    expect(readSpaced("2 1 eni-a 10.0.0.1 ACCEPT OK", V2_FIELDS)).toEqual({ error: "6 fields where the format has 14" });
  });
});

const alibaba: FlowLogRecord = {
  version: "1",
  "subnet-id": "vsw-hp3ph5vgf6vb40t9x",
  "instance-id": "i-hp3hq2kf6djycc4m",
  "vpc-id": "vpc-hp3xmqcmqekyq3yb",
  "account-id": "1776185279882315",
  "interface-id": "eni-hp3gsffkefg7r5fz",
  srcaddr: "192.168.1.10",
  srcport: 443,
  dstaddr: "203.0.113.9",
  dstport: 51234,
  protocol: 6,
  direction: "out",
  packets: 12,
  bytes: 9120,
  start: 1700000400,
  end: 1700000999,
  "log-status": "OK",
  action: "ACCEPT",
};

describe("Alibaba (SLS export: JSON lines and CSV with header)", () => {
  it("round-trips JSON lines in the seed's field order", () => {
    const line = writeAlibabaJson(alibaba);
    expect(line).toBe(
      '{"version":"1","vswitch-id":"vsw-hp3ph5vgf6vb40t9x","vm-id":"i-hp3hq2kf6djycc4m",' +
        '"vpc-id":"vpc-hp3xmqcmqekyq3yb","account-id":"1776185279882315","eni-id":"eni-hp3gsffkefg7r5fz",' +
        '"srcaddr":"192.168.1.10","srcport":"443","dstaddr":"203.0.113.9","dstport":"51234","protocol":"6",' +
        '"direction":"out","packets":"12","bytes":"9120","start":"1700000400","end":"1700000999",' +
        '"log-status":"OK","action":"ACCEPT"}',
    );
    expect(readAlibabaJson(line)).toEqual({ record: alibaba });
  });
  it("round-trips CSV with its header", () => {
    expect(alibabaCsvHeader()).toBe(
      "version,vswitch-id,vm-id,vpc-id,account-id,eni-id,srcaddr,srcport,dstaddr,dstport,protocol," +
        "direction,packets,bytes,start,end,log-status,action",
    );
    expect(writeAlibabaCsv(alibaba)).toBe(
      "1,vsw-hp3ph5vgf6vb40t9x,i-hp3hq2kf6djycc4m,vpc-hp3xmqcmqekyq3yb,1776185279882315," +
        "eni-hp3gsffkefg7r5fz,192.168.1.10,443,203.0.113.9,51234,6,out,12,9120,1700000400,1700000999,OK," +
        "ACCEPT",
    );
  });
  it("says what a JSON line lacks", () => {
    expect(readAlibabaJson('{"version":"1"}')).toEqual({
      error:
        "missing vswitch-id, vm-id, vpc-id, account-id, eni-id, srcaddr, srcport, dstaddr, dstport, " +
        "protocol, direction, packets, bytes, start, end, log-status, action",
    });
    expect(readAlibabaJson("{oops")).toMatchObject({ error: expect.stringMatching(/^not JSON: /) });
  });
});

describe("CCN cross-region format", () => {
  it("round-trips, with - for the ports of other protocols", () => {
    const line = "10.0.1.5 ap-shanghai - 1700000400 10.8.0.9 2 3 ccn-abcd1234 1 ap-guangzhou 252 ACCEPT ap-guangzhou - 1700000459 OK";
    const r = readCcn(line);
    expect(r).toEqual({
      record: {
        srcaddr: "10.0.1.5",
        dstregionid: "ap-shanghai",
        dstport: null,
        start: 1700000400,
        dstaddr: "10.8.0.9",
        version: "2",
        packets: 3,
        ccnid: "ccn-abcd1234",
        protocol: 1,
        srcregionid: "ap-guangzhou",
        bytes: 252,
        action: "ACCEPT",
        "region-id": "ap-guangzhou",
        srcport: null,
        end: 1700000459,
        "log-status": "OK",
      },
    });
    expect(writeCcn((r as { record: FlowLogRecord }).record)).toBe(line);
  });
});

async function importText(text: string | Uint8Array, name = "f.log") {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const records: [FlowLogRecord, number][] = [];
  const report = await importFlowLogText(name, new Blob([bytes as BlobPart]).stream(), (r, n) => records.push([r, n]));
  return { report, records };
}

describe("importing a file", () => {
  it("detects each format from its header or first line", () => {
    expect(detectFormat(SEED.sshAccept)).toEqual({ kind: "spaced", name: "aws", fields: V2_FIELDS, header: false });
    expect(
      detectFormat(
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags",
      ),
    ).toMatchObject({ kind: "spaced", name: "aws", header: true });
    expect(
      detectFormat("10.0.1.5 ap-shanghai - 1700000400 10.8.0.9 2 3 ccn-1 1 ap-guangzhou 252 ACCEPT ap-guangzhou - 1700000459 OK"),
    ).toMatchObject({ name: "ccn", header: false });
    expect(detectFormat(alibabaCsvHeader())).toMatchObject({ kind: "alibaba-csv" });
    expect(detectFormat('{"version":"1"}')).toEqual({ kind: "alibaba-json" });
    expect(detectFormat("hello world")).toEqual({
      error: "2 fields, which fits no flow-log format (AWS/Tencent 14, CCN 16, a header line, JSON or CSV)",
    });
  });

  it("reads an AWS custom format by its header line, gzip-compressed", async () => {
    const text =
      "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport " +
      "pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status\n" +
      "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 " +
      "123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 " +
      "1566848933 ACCEPT 2 OK\n";
    const { report, records } = await importText(new Uint8Array(gzipSync(text)), "custom.log.gz");
    expect(report).toMatchObject({ format: expect.stringMatching(/^aws \(version vpc-id/), lines: 2, records: 1, errorCount: 0 });
    expect(records[0][0]).toMatchObject({
      "vpc-id": "vpc-abcdefab012345678",
      type: "IPv4",
      "pkt-srcaddr": "52.213.180.42",
      "tcp-flags": 2,
      bytes: 568,
      packets: 8,
    });
  });

  it("reports each line that does not parse, by number, and goes on", async () => {
    const text = [
      SEED.sshAccept,
      "garbage here",
      "",
      SEED.nodata,
      "2 1 eni-a 10.0.0.1 10.0.0.2 x 22 6 1 1 1 2 ACCEPT OK",
      SEED.rdpReject,
    ].join("\r\n");
    const { report, records } = await importText(text);
    expect(records.map(([, n]) => n)).toEqual([1, 4, 6]);
    expect(report).toEqual({
      file: "f.log",
      format: "aws",
      lines: 5,
      records: 3,
      errorCount: 2,
      errors: [
        { file: "f.log", line: 2, reason: "2 fields where the format has 14" },
        { file: "f.log", line: 5, reason: 'srcport is "x", not a whole number' },
      ],
    });
  });

  it("refuses a file that is no flow log at all, naming the line", async () => {
    await expect(importText("\n\nwhat is this\n")).rejects.toThrow(
      new LogFormatError(
        "f.log",
        3,
        "not a flow-log file: 3 fields, which fits no flow-log format (AWS/Tencent 14, CCN 16, a header line, JSON or CSV)",
      ),
    );
    await expect(importText("")).rejects.toThrow("f.log: line 0: no flow-log line in the file");
  });

  it("reads Alibaba CSV by its header, and JSON lines", async () => {
    const csv = await importText([alibabaCsvHeader(), writeAlibabaCsv(alibaba), "1,2,3"].join("\n"));
    expect(csv.records.map(([r]) => r)).toEqual([alibaba]);
    expect(csv.report.errors).toEqual([{ file: "f.log", line: 3, reason: "3 values where the header names 18" }]);
    const json = await importText(`${writeAlibabaJson(alibaba)}\n${writeAlibabaJson(alibaba)}`);
    expect(json.report).toMatchObject({ format: "alibaba-json", records: 2 });
  });
});
