// The other clouds' JSON flow logs (docs/cloud-fields.md): CloudWatch Logs events as the AWS
// CLI prints them, GCP VPC Flow Logs as Cloud Logging's LogEntry (an array or JSON lines),
// Azure NSG v1/v2 and VNet v4 PT1H.json. Each fixture (test/files/logs/README.md) is read
// whole and in small slices, through the record reader and into chunk columns as the
// logstore stores them, and gives the records written beside it (*.expected.json).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseLogFormat } from "../../src/formats/json/cloudwatch-events";
import { importFlowLogColumns, importFlowLogText, type LogImportReport } from "../../src/formats/log-import";
import { entryFromText } from "../../src/model/imported-records";
import type { FlowLogEntry } from "../../src/model/records";
import { decodeRecord } from "../../src/storage/record-columns";

const fixture = (name: string) => readFileSync(new URL(`../files/logs/${name}`, import.meta.url));
const expected = (name: string) => JSON.parse(fixture(`${name}.expected.json`).toString()) as { fields: string[]; records: unknown[][] };

const streamOf = (bytes: Uint8Array, step = bytes.length) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < bytes.length; at += step) c.enqueue(bytes.slice(at, at + step));
      c.close();
    },
  });

const project = (e: FlowLogEntry, fields: string[]) => fields.map((f) => (e as unknown as Record<string, unknown>)[f] ?? null);

async function readBothWays(file: string, bytes: Uint8Array, logFormat?: string[], step?: number) {
  const viaText: FlowLogEntry[] = [];
  const report = await importFlowLogText(
    file,
    streamOf(bytes, step),
    (r) => viaText.push(entryFromText(r, `file:${file}`)),
    100,
    undefined,
    logFormat,
  );
  const stored: FlowLogEntry[] = [];
  await importFlowLogColumns(file, streamOf(bytes, step), `file:${file}`, {
    logFormat,
    onChunk: (b) => {
      const c = b.columns();
      for (let i = 0; i < c.count; i++) stored.push(decodeRecord(c, i));
    },
  });
  return { report, viaText, stored };
}

const FORMAT = parseLogFormat(fixture("cloudwatch-get-log-events-custom.format").toString()) as string[];
const CASES: [file: string, expectedName: string, format: string, logFormat?: string[]][] = [
  ["cloudwatch-filter-log-events.json", "cloudwatch-filter-log-events", "cloudwatch-json"],
  ["cloudwatch-get-log-events-custom.json", "cloudwatch-get-log-events-custom", "cloudwatch-json", FORMAT],
  ["gcp-vpc-flows.json", "gcp-vpc-flows", "gcp-json"],
  ["gcp-vpc-flows.jsonl", "gcp-vpc-flows", "gcp-json lines"],
  ["azure-nsg-v1-PT1H.json", "azure-nsg-v1-PT1H", "azure-json"],
  ["azure-nsg-v2-PT1H.json", "azure-nsg-v2-PT1H", "azure-json"],
  ["azure-vnet-v4-PT1H.json", "azure-vnet-v4-PT1H", "azure-json"],
];

describe("the clouds' JSON flow logs", () => {
  for (const [file, name, format, logFormat] of CASES)
    it(`reads ${file} into the records beside it, whole, in slices of 7 bytes and gzipped`, async () => {
      const want = expected(name);
      const bytes = fixture(file);
      for (const [input, step] of [
        [bytes, undefined],
        [bytes, 7],
        [gzipSync(bytes), 7],
      ] as const) {
        const { report, viaText, stored } = await readBothWays(file, input, logFormat, step);
        expect(report).toMatchObject({ format, errorCount: 0, records: want.records.length });
        expect(report.truncated).toBeUndefined();
        expect(viaText.map((e) => project(e, want.fields))).toEqual(want.records);
        expect(stored.map((e) => project(e, want.fields))).toEqual(want.records);
      }
    });

  it("parses a CloudWatch format string as AWS writes it, or a header's names, and refuses what is none", () => {
    expect(FORMAT.slice(0, 3)).toEqual(["version", "vpc-id", "subnet-id"]);
    expect(parseLogFormat("version account-id interface-id srcaddr")).toEqual(["version", "account-id", "interface-id", "srcaddr"]);
    expect(parseLogFormat(`\${version} \${srcaddr} \${no-such-field}`)).toEqual({ error: expect.stringContaining('"no-such-field"') });
    expect(parseLogFormat(`\${srcaddr} \${srcaddr}`)).toEqual({ error: "the log format names srcaddr twice" });
    expect(parseLogFormat("  ")).toEqual({ error: "an empty log format" });
  });

  it("asks for the format when CloudWatch messages are in a custom one, and names the first message", async () => {
    const bytes = fixture("cloudwatch-get-log-events-custom.json");
    const err = await importFlowLogText("cw.json", streamOf(bytes), () => {}).catch((e) => e);
    expect(err.message).toContain("cw.json");
    expect(err.message).toContain("$.events[0].message");
    expect(err.message).toContain("--log-format");
  });

  it("reads a headerless text file in the format given", async () => {
    const lines = JSON.parse(fixture("cloudwatch-get-log-events-custom.json").toString()).events.map((e: { message: string }) => e.message);
    const { report, viaText } = await readBothWays("copied.log", new TextEncoder().encode(`${lines.join("\n")}\n`), FORMAT);
    expect(report).toMatchObject({ errorCount: 0, records: 3 });
    expect(viaText.map((e) => project(e, expected("cloudwatch-get-log-events-custom").fields))).toEqual(
      expected("cloudwatch-get-log-events-custom").records,
    );
  });
});

describe("bad JSON flow logs: every bad element reported by line and JSON path, the rest kept", () => {
  const read = async (text: string, logFormat?: string[]) => {
    const records: unknown[] = [];
    const report = await importFlowLogText(
      "bad.json",
      streamOf(new TextEncoder().encode(text), 5),
      (r) => records.push(r),
      100,
      undefined,
      logFormat,
    );
    return { report, records };
  };
  const first = (r: LogImportReport) => r.errors[0];

  it("an Azure tuple with a bad value: its path and line, the other tuples kept", async () => {
    const doc = JSON.parse(fixture("azure-nsg-v2-PT1H.json").toString());
    doc.records[0].properties.flows[1].flows[0].flowTuples[2] = "1542110379,10.5.16.4,999.0.113.115,44931,443,T,O,A,C,30,16978,24,14008";
    doc.records[0].properties.flows[0].flows[0].flowTuples[0] = "1542110402,198.51.100.190,10.5.16.4,28746,443,U,X,D,B,,,,";
    const { report, records } = await read(JSON.stringify(doc, null, 2));
    expect(report.errorCount).toBe(2);
    expect(records).toHaveLength(8 - 3);
    expect(report.errors.map((e) => e.reason)).toEqual([
      '$.records[0].properties.flows[0].flows[0].flowTuples[0]: flow direction is "X", not I or O',
      expect.stringMatching(/^\$\.records\[0\]\.properties\.flows\[1\]\.flows\[0\]\.flowTuples\[2\]: dstaddr is "999\.0\.113\.115"/),
    ]);
    // The line where the record holding them ends, in the pretty-printed file.
    expect(first(report).line).toBe(JSON.stringify(doc, null, 2).split("\n").indexOf("    }") + 1);
  });

  it("a GCP entry without a reporter, a time that is no RFC 3339 and a line that is no JSON", async () => {
    const lines = fixture("gcp-vpc-flows.jsonl").toString().trim().split("\n");
    const a = JSON.parse(lines[1]);
    delete a.jsonPayload.reporter;
    const b = JSON.parse(lines[2]);
    b.jsonPayload.start_time = "yesterday";
    const { report, records } = await read([lines[0], JSON.stringify(a), JSON.stringify(b), '{"insertId": "x", ', lines[4]].join("\n"));
    expect(records).toHaveLength(2);
    expect(report.errors).toEqual([
      { file: "bad.json", line: 2, reason: "$.jsonPayload.reporter: reporter is missing, not SRC, DEST, SRC_GATEWAY or DEST_GATEWAY" },
      { file: "bad.json", line: 3, reason: '$.jsonPayload.start_time: start_time is "yesterday", not an RFC 3339 time' },
      { file: "bad.json", line: 4, reason: expect.stringMatching(/^not JSON/) },
    ]);
  });

  it("a CloudWatch document cut halfway keeps the events before the cut and says where it broke", async () => {
    const text = fixture("cloudwatch-filter-log-events.json").toString();
    const cut = text.slice(0, text.indexOf('"message"', text.indexOf("eni-11111111aaaaaaaaa-all")) + 20);
    const { report, records } = await read(cut);
    expect(records).toHaveLength(3);
    expect(report.truncated).toMatch(/the JSON breaks at byte \d+: .*\(line \d+\): the 3 records before it are kept/);
  });

  it("refuses a JSON document that holds no flow log, naming the first element", async () => {
    const err = await read('[{"hello": "world"}]').catch((e) => e);
    expect(err.message).toContain("$[0]: neither a CloudWatch event, a GCP LogEntry nor an Azure flow-log record");
    const empty = await read('{\n"nothing": []\n}').catch((e) => e);
    expect(empty.message).toContain("a JSON document with no events (CloudWatch), records (Azure) or LogEntry array (GCP)");
  });

  it("refuses an Azure version it does not know, by its path", async () => {
    const doc = JSON.parse(fixture("azure-vnet-v4-PT1H.json").toString());
    doc.records[0].flowLogVersion = 5;
    const { report, records } = await read(JSON.stringify(doc));
    expect(records).toHaveLength(0);
    expect(report.errors).toEqual([
      { file: "bad.json", line: 1, reason: "$.records[0].flowLogVersion: VNet flow log version 5: FlowLens reads 4" },
    ]);
  });
});
