// AWS flow-log text of every version (2-10): a file's header may name any of AWS's fields in
// any order, and every field it carries is kept — read by the string reader, the
// TypeScript byte reader and the WASM scanner alike, stored in the logstore, searchable,
// sortable, and written back by export. Fixtures: test/files/logs/README.md.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { beforeEach, describe, expect, it } from "vitest";
import { AWS_ALL_FIELDS } from "../../src/formats/fields";
import { createLineScanner } from "../../src/formats/line-scanner";
import { importFlowLogColumns, importFlowLogText } from "../../src/formats/log-import";
import { awsFields, writeRecord } from "../../src/formats/record-writers";
import { entryFromText } from "../../src/model/imported-records";
import type { FlowLogEntry } from "../../src/model/records";
import { decodeRecord } from "../../src/storage/record-columns";
import type { WorkspaceApi } from "../../src/workspace/api";
import { freshWorkspace, type Plane } from "../workspace/workspace-fixture";

const scanner = await createLineScanner(await WebAssembly.compile(await readFile(new URL("../../build/lines.wasm", import.meta.url))));
const fixture = (name: string) => readFileSync(new URL(`../files/logs/${name}`, import.meta.url), "utf8");
const V10 = fixture("aws-v10-all-fields.log");
const NAT = fixture("aws-v3-nat-custom.log");

const streamOf = (text: string, step = 333) => {
  const b = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < b.length; at += step) c.enqueue(b.slice(at, at + step));
      c.close();
    },
  });
};

/** The file's records by each reader: strings, TypeScript bytes, WASM bytes. */
async function readAllWays(text: string) {
  const viaText: FlowLogEntry[] = [];
  await importFlowLogText("f.log", streamOf(text), (r) => viaText.push(entryFromText(r, "file:f.log")));
  const viaColumns = async (withScanner: boolean) => {
    const out: FlowLogEntry[] = [];
    const report = await importFlowLogColumns("f.log", streamOf(text), "file:f.log", {
      scanner: withScanner ? scanner : null,
      onChunk: (b) => {
        const c = b.columns();
        for (let i = 0; i < c.count; i++) out.push(decodeRecord(c, i));
      },
    });
    expect(report.errorCount).toBe(0);
    return out;
  };
  return { viaText, viaBytes: await viaColumns(false), viaWasm: await viaColumns(true) };
}

describe("only the fields a reader needs", () => {
  it("fills just the kept fields' columns, with either byte reader, and still refuses a bad value elsewhere", async () => {
    const [header, ...rows] = V10.split("\n").filter(Boolean);
    const text = `${[header, ...rows.slice(0, 3)].join("\n")}\n`;
    const full = (await readAllWays(text)).viaWasm;
    // A fourth line whose dstport (a field not kept) is no number.
    const at = header.split(" ").indexOf("dstport");
    const bad = rows[0]
      .split(" ")
      .map((v, k) => (k === at ? "x" : v))
      .join(" ");
    for (const withScanner of [false, true]) {
      const out: FlowLogEntry[] = [];
      const report = await importFlowLogColumns("f.log", streamOf(`${text}${bad}\n`), "file:f.log", {
        scanner: withScanner ? scanner : null,
        fields: new Set(["srcaddr", "bytes"]),
        onChunk: (b) => {
          const c = b.columns();
          for (let i = 0; i < c.count; i++) out.push(decodeRecord(c, i));
        },
      });
      expect(out.map((r) => [r.srcaddr, r.bytes, r.start, r.action])).toEqual(full.map((r) => [r.srcaddr, r.bytes, r.start, r.action]));
      // Not kept: empty where the byte reader took the line (the string reader, for IPv6, fills every column).
      expect(out.filter((r) => r.dstaddr === null).length).toBeGreaterThan(0);
      expect(out.every((r, i) => r.dstaddr === null || r.dstaddr === full[i].dstaddr)).toBe(true);
      expect(report.errorCount).toBe(1);
      expect(report.errors[0].line).toBe(5);
    }
  });
});

describe("AWS text of versions 2 to 10", () => {
  it("knows every field AWS's table lists through version 10, in its order", () => {
    expect(AWS_ALL_FIELDS).toHaveLength(42);
    expect(AWS_ALL_FIELDS.slice(-3)).toEqual(["reject-reason", "resource-id", "encryption-status"]);
    expect(V10.split("\n")[0].split(" ")).toEqual(AWS_ALL_FIELDS);
  });

  it("keeps every field of a version-10 file, whichever reader takes its lines", async () => {
    const { viaText, viaBytes, viaWasm } = await readAllWays(V10);
    expect(viaBytes).toEqual(viaText);
    expect(viaWasm).toEqual(viaText);
    expect(viaText).toHaveLength(4);
    const [ecs, nat, bpa, nodata] = viaText;
    expect(ecs).toMatchObject({
      version: "10",
      "interface-id": "eni-0c1d2e3f4a5b6c7d8",
      direction: "in",
      "flow-direction": "ingress",
      type: "IPv4",
      region: "us-east-1",
      "az-id": "use1-az4",
      "ecs-cluster-name": "web",
      "ecs-service-name": "checkout",
      "ecs-task-definition-arn": "arn:aws:ecs:us-east-1:123456789010:task-definition/checkout:7",
      "ecs-task-id": "9a8b7c6d5e4f",
      "encryption-status": 1,
    });
    // "-" leaves a field out: the record has no value, not an empty one.
    expect(ecs).not.toHaveProperty("traffic-path");
    expect(ecs).not.toHaveProperty("ecs-second-container-id");
    expect(nat).toMatchObject({
      srcaddr: "10.0.2.10",
      "pkt-srcaddr": "10.0.3.77",
      direction: "out",
      "flow-direction": "egress",
      "traffic-path": 8,
      "resource-id": "nat-0a1b2c3d4e5f60718",
      "encryption-status": 0,
    });
    expect(bpa).toMatchObject({
      action: "REJECT",
      type: "IPv6",
      "reject-reason": "BPA",
      "sublocation-type": "outpost",
      "pkt-src-aws-service": "AMAZON",
    });
    expect(nodata).toMatchObject({ "log-status": "NODATA", region: "us-east-1", packets: null });
    expect(nodata).not.toHaveProperty("encryption-status");
  });

  it("reads a custom format in AWS's example order, with no start or action (the NAT gateway example)", async () => {
    const { viaText, viaBytes, viaWasm } = await readAllWays(NAT);
    expect(viaBytes).toEqual(viaText);
    expect(viaWasm).toEqual(viaText);
    expect(viaText.map((r) => [r["interface-id"], r.srcaddr, r["pkt-srcaddr"], r.dstaddr, r["pkt-dstaddr"]])).toEqual([
      ["eni-1235b8ca123456789", "10.0.1.5", "10.0.1.5", "10.0.0.220", "203.0.113.5"],
      ["eni-1235b8ca123456789", "10.0.0.220", "10.0.0.220", "203.0.113.5", "203.0.113.5"],
      ["eni-1235b8ca123456789", "203.0.113.5", "203.0.113.5", "10.0.0.220", "10.0.0.220"],
      ["eni-1235b8ca123456789", "10.0.0.220", "203.0.113.5", "10.0.1.5", "10.0.1.5"],
      ["eni-1111aaaa2222bbbb3", "10.0.1.5", "10.0.1.5", "203.0.113.5", "203.0.113.5"],
      ["eni-1111aaaa2222bbbb3", "203.0.113.5", "203.0.113.5", "10.0.1.5", "10.0.1.5"],
    ]);
  });

  it("refuses, by line, values AWS never writes in its later fields", async () => {
    const header =
      "version interface-id srcaddr dstaddr start end action log-status traffic-path encryption-status flow-direction pkt-srcaddr";
    const lines = [
      "5 eni-1 10.0.0.1 10.0.0.2 1700000000 1700000060 ACCEPT OK 1 0 ingress 10.0.0.1",
      "5 eni-1 10.0.0.1 10.0.0.2 1700000000 1700000060 ACCEPT OK 9 0 ingress 10.0.0.1",
      "5 eni-1 10.0.0.1 10.0.0.2 1700000000 1700000060 ACCEPT OK 1 4 ingress 10.0.0.1",
      "5 eni-1 10.0.0.1 10.0.0.2 1700000000 1700000060 ACCEPT OK 1 0 inbound 10.0.0.1",
      "5 eni-1 10.0.0.1 10.0.0.2 1700000000 1700000060 ACCEPT OK 1 0 ingress 10.0.0.999",
    ];
    const report = await importFlowLogColumns("bad.log", streamOf(`${header}\n${lines.join("\n")}\n`), "file:bad.log", {
      scanner,
      onChunk: () => {},
    });
    expect(report.records).toBe(1);
    expect(report.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, "traffic-path is 9, past its largest value 8"],
      [4, "encryption-status is 4, past its largest value 3"],
      [5, 'flow-direction is "inbound", not ingress or egress'],
      [6, 'pkt-srcaddr is "10.0.0.999", not an IPv4 or IPv6 address'],
    ]);
  });

  it("refuses a header naming a field AWS does not document, saying which", async () => {
    await expect(
      importFlowLogColumns("h.log", streamOf("version srcaddr dstaddr flow-dir\n"), "file:h.log", { onChunk: () => {} }),
    ).rejects.toThrow('h.log: line 1: not a flow-log file: a header line naming "flow-dir", which is no field of AWS\'s versions 2 to 10');
  });

  it("writes the records back as a custom format that reads to the same records", async () => {
    const { viaText } = await readAllWays(V10);
    const fields = awsFields(["traffic-path", "ecs-task-id", "flow-direction", "reject-reason"]);
    expect(fields.slice(14)).toEqual([
      "vpc-id",
      "subnet-id",
      "instance-id",
      "tcp-flags",
      "flow-direction",
      "traffic-path",
      "ecs-task-id",
      "reject-reason",
    ]);
    const all = awsFields(AWS_ALL_FIELDS);
    expect(all).toEqual(AWS_ALL_FIELDS);
    const text = `${all.join(" ")}\n${viaText.map((r) => writeRecord(r, "aws", all)).join("\n")}\n`;
    expect(text).toBe(V10);
  });
});

describe("AWS's later fields in a logstore", () => {
  let plane: Plane, ws: WorkspaceApi;
  beforeEach(async () => {
    ({ plane, ws } = await freshWorkspace());
    await plane.cp.createProject({ name: "lab", description: "" });
    await plane.cp.createLogstore({ project: "lab", name: "aws", retentionDays: 30 });
    const r = await ws.importFile(new File([V10], "v10.log"), { jobId: "v10", logTarget: { project: "lab", logstore: "aws" } });
    expect(r).toMatchObject({ status: "done", kind: "log", stored: [{ records: 4 }] });
  });

  const total = async (query: string) => {
    const s = await ws.openSearch("lab", "aws", query, {});
    if (!s.ok) throw new Error(JSON.stringify(s));
    return s.total;
  };

  it("are searched by name (either spelling), by range, by CIDR and as bare terms", async () => {
    expect(await total("reject-reason: BPA")).toBe(1);
    expect(await total("reject_reason: bpa")).toBe(1);
    expect(await total("traffic-path > 2")).toBe(1);
    expect(await total("encryption-status: 0 or encryption-status: 2")).toBe(2);
    expect(await total("not encryption-status: *")).toBe(1);
    expect(await total("pkt-srcaddr: 10.0.3.0/24")).toBe(1);
    expect(await total("flow-direction: egress")).toBe(1);
    expect(await total("checkout")).toBe(1);
    expect(await total("ecs-task-arn: *task/web/*")).toBe(1);
  });

  it("sort the result and export as AWS text naming them, which reads back the same", async () => {
    const s = await ws.openSearch("lab", "aws", "", {});
    if (!s.ok) throw new Error("search");
    expect(await ws.sortSearch(s.id, "traffic-path", true)).toBe(true);
    expect((await ws.rows(s.id, 0, 1))[0]["traffic-path"]).toBe(8);
    const out = await ws.exportSearch(s.id, "aws");
    const [header, ...lines] = out.text.trim().split("\n");
    expect(header.split(" ")).toEqual(AWS_ALL_FIELDS);
    const original = V10.trim().split("\n").slice(1);
    expect([...lines].sort()).toEqual([...original].sort());
  });
});
