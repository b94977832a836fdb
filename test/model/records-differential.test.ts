// The typed record pipeline (docs/history.md #11) against the string-keyed builder it replaced
// (test/reference): the same records, in the same order, for random flows over a network
// with stateful groups and stateless ACLs, and for the test captures through the engine —
// with the engine's structs read straight into columns, as the CLI and the viewer do.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCapture } from "../../bench/capture-gen";
import { readFlows } from "../../src/engine/flow-record";
import { FlowColumns } from "../../src/model/flow-columns";
import type { FlowLog } from "../../src/model/flow-log";
import type { Inventory } from "../../src/model/inventory";
import { readDocument } from "../../src/model/inventory-document";
import { proposeNetwork } from "../../src/model/network-extension";
import { buildRecordRows } from "../../src/model/record-rows";
import { buildRecords, type FlowInput, type FlowLogEntry, type RecordOptions } from "../../src/model/records";
import { rowEntry } from "../../src/model/row-entry";
import { decodeRecord } from "../../src/storage/record-columns";
import { rowsIntoChunks } from "../../src/storage/row-chunks";
import { buildRecords as referenceRecords } from "../reference/records-reference";
import { runCapture } from "../support/engine";

const T = 1_700_000_400;
const inside = ["10.1.0.5", "10.1.0.6", "10.1.0.9", "10.1.1.7", "10.1.1.8", "fd00::5"];
const outside = ["203.0.113.9", "198.51.100.1", "169.254.169.254", "100.100.100.200", "2001:db8::1"];

function network(): Inventory {
  return {
    regions: [{ id: "r", name: "r" }],
    accounts: [{ id: "111", name: "a" }],
    vpcs: [{ id: "vpc-1", regionId: "r", accountId: "111", name: "v", cidrs: ["10.1.0.0/16"], ipv6Cidrs: ["fd00::/64"] }],
    vswitches: [
      { id: "vsw-a", vpcId: "vpc-1", name: "a", zone: "z", cidr: "10.1.0.0/24", aclId: "acl-a" },
      { id: "vsw-b", vpcId: "vpc-1", name: "b", zone: "z", cidr: "10.1.1.0/24" },
    ],
    instances: [{ id: "i-1", vswitchId: "vsw-a", instanceType: "ecs.g7.large", name: "one" }],
    enis: [
      { id: "eni-a", vswitchId: "vsw-a", instanceId: "i-1", name: "a", ips: ["10.1.0.5", "fd00::5"], securityGroupIds: ["sg-web"] },
      { id: "eni-b", vswitchId: "vsw-a", name: "b", ips: ["10.1.0.6"], securityGroupIds: ["sg-web", "sg-open"] },
      { id: "eni-c", vswitchId: "vsw-b", name: "c", ips: ["10.1.1.7"], securityGroupIds: ["sg-db"] },
      { id: "eni-d", vswitchId: "vsw-b", name: "d", ips: ["10.1.1.8"], securityGroupIds: [] },
      // Open groups behind an ACL: no connection state is kept, the ACL still decides.
      { id: "eni-e", vswitchId: "vsw-a", name: "e", ips: ["10.1.0.9"], securityGroupIds: ["sg-open"] },
    ],
    securityGroups: [
      {
        id: "sg-web",
        vpcId: "vpc-1",
        name: "web",
        dialect: "aws",
        defaultInbound: "drop",
        defaultOutbound: "drop",
        rules: [
          { id: "ssh", priority: 1, direction: "in", protocol: "tcp", ports: [22, 22], peer: "10.1.0.0/16", policy: "accept" },
          { id: "icmp", priority: 1, direction: "in", protocol: "icmp", peer: "0.0.0.0/0", policy: "accept" },
          { id: "out-tcp", priority: 1, direction: "out", protocol: "tcp", peer: "0.0.0.0/0", policy: "accept" },
        ],
      },
      { id: "sg-open", vpcId: "vpc-1", name: "open", dialect: "flowlens", defaultInbound: "accept", defaultOutbound: "accept", rules: [] },
      {
        id: "sg-db",
        vpcId: "vpc-1",
        name: "db",
        dialect: "alibaba",
        defaultInbound: "drop",
        defaultOutbound: "accept",
        rules: [
          { id: "mysql", priority: 1, direction: "in", protocol: "tcp", ports: [3306, 3306], peer: "10.1.0.0/24", policy: "accept" },
          { id: "no-udp", priority: 2, direction: "out", protocol: "udp", peer: "0.0.0.0/0", policy: "drop" },
        ],
      },
    ],
    networkAcls: [
      {
        id: "acl-a",
        vpcId: "vpc-1",
        name: "a",
        dialect: "aws",
        defaultInbound: "drop",
        defaultOutbound: "accept",
        rules: [
          { id: "in-100", priority: 100, direction: "in", protocol: "all", peer: "10.0.0.0/8", policy: "accept" },
          { id: "in-200", priority: 200, direction: "in", protocol: "icmp", peer: "0.0.0.0/0", policy: "accept" },
        ],
      },
    ],
    ccns: [],
  };
}

const flowLog = (id: string, o: Partial<FlowLog>): FlowLog => ({
  id,
  name: id,
  description: "",
  regionId: "r",
  resourceType: "VPC",
  resourceId: "vpc-1",
  trafficType: "All",
  project: "p",
  logstore: "l",
  windowSeconds: 600,
  format: "aws",
  analysisReport: false,
  tags: [],
  status: "Active",
  createdAt: "2026-11-22T00:00:00Z",
  ...o,
});

const arbFlow = fc
  .record({
    src: fc.constantFrom(...inside, ...outside),
    dst: fc.constantFrom(...inside, ...outside),
    srcport: fc.constantFrom(0, 22, 67, 68, 3306, 40000, 0x0800, 0x8000),
    dstport: fc.constantFrom(0, 22, 67, 68, 3306, 40000, 0x0800, 0x8100),
    protocol: fc.constantFrom(1, 6, 17, 58),
    at: fc.integer({ min: 0, max: 1300 }),
    packets: fc.integer({ min: 1, max: 50 }),
    tcpFlags: fc.constantFrom(0, 2, 18),
  })
  .map(({ src, dst, at, ...f }): FlowInput => {
    const s = T + at;
    return {
      ...f,
      srcaddr: src,
      dstaddr: dst,
      window: s - (s % 60),
      bytes: f.packets * 90,
      startUs: s * 1e6 + 1000,
      endUs: s * 1e6 + 800_000,
    };
  });

// A few conversations, each a five-tuple seen both ways at random times: the same tuple
// rejected, then accepted once its answer opened the connection (records that differ only
// in action), and answers that come first.
const arbConversations = fc
  .array(fc.tuple(arbFlow, fc.array(fc.tuple(fc.integer({ min: 0, max: 1300 }), fc.boolean()), { minLength: 1, maxLength: 8 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((talks) =>
    talks.flatMap(([f, events]) =>
      events.map(([at, back]): FlowInput => {
        const s = T + at;
        const ends = back ? { srcaddr: f.dstaddr, srcport: f.dstport, dstaddr: f.srcaddr, dstport: f.srcport } : {};
        return { ...f, ...ends, window: s - (s % 60), startUs: s * 1e6, endUs: s * 1e6 + 1000 };
      }),
    ),
  );

const arbFlowLogs = fc.subarray(
  [
    flowLog("fl-vpc", {}),
    flowLog("fl-vsw", { resourceType: "VSwitch", resourceId: "vsw-a", windowSeconds: 60, trafficType: "Drop" }),
    flowLog("fl-eni", { resourceType: "NetworkInterface", resourceId: "eni-c", trafficType: "Allow", format: "alibaba" }),
    flowLog("fl-off", { resourceType: "VSwitch", resourceId: "vsw-b", status: "Inactive" }),
  ],
  { minLength: 1 },
);

const arbOptions = fc.record(
  {
    maxRecordsPerEniWindow: fc.constantFrom(undefined, 1, 3),
    excludeDhcp: fc.boolean(),
    excludeMetadata: fc.boolean(),
    tableFull: fc.constantFrom(undefined, [{ window: T - (T % 60) + 120, flows: 7 }]),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<RecordOptions>;

describe("the typed record pipeline gives the records of the string-keyed one", () => {
  it("for random flows over a network of stateful groups and stateless ACLs", () => {
    fc.assert(
      fc.property(fc.array(arbFlow, { maxLength: 60 }), arbFlowLogs, arbOptions, (flows, fls, o) => {
        const inv = network();
        expect(buildRecords(flows, fls, inv, o)).toEqual(referenceRecords(flows, fls, network(), o));
      }),
      { numRuns: 400 },
    );
  });

  it("for conversations seen both ways, where a tuple's action changes as connections open", () => {
    fc.assert(
      fc.property(arbConversations, arbFlowLogs, arbOptions, (flows, fls, o) => {
        expect(buildRecords(flows, fls, network(), o)).toEqual(referenceRecords(flows, fls, network(), o));
      }),
      { numRuns: 400 },
    );
  });

  // The engine's structs into columns (addresses interned from their bytes), against the
  // flows read as objects into the reference: what the CLI and the viewer do.
  const throughEngine = async (bytes: Uint8Array[], inventory: (flows: FlowInput[]) => Inventory) => {
    const run = await runCapture("wasm", bytes, { windowSeconds: 60 });
    const columns = new FlowColumns();
    const objects: FlowInput[] = [];
    for (const b of run.batches) {
      columns.addEngineBatch(b.records, b.count, b.window);
      for (const f of readFlows(b.records, b.count, b.window)) objects.push(f);
    }
    const inv = inventory(objects);
    const fls = inv.vpcs.map((v, i) => flowLog(`fl-${i}`, { resourceId: v.id, windowSeconds: i % 2 ? 60 : 600 }));
    const rows = buildRecordRows(columns, fls, inv);
    const records = Array.from(rows.order, (r) => rowEntry(rows, r));
    const want = referenceRecords(objects, fls, inv);
    expect(objects.length).toBeGreaterThan(0);
    expect(records).toEqual(want.records);
    // Into chunks as the logstores store them: each logstore (here by flow log parity) gets its records, in order.
    const stored: FlowLogEntry[][] = [[], []];
    await rowsIntoChunks(
      rows,
      (c) => c % 2,
      async (s, b) => {
        const cols = b.columns();
        for (let k = 0; k < cols.count; k++) stored[s].push(decodeRecord(cols, k));
      },
    );
    expect(stored[0]).toEqual(want.records.filter((r) => fls.findIndex((f) => f.id === r.flowLogId) % 2 === 0));
    expect(stored[1]).toEqual(want.records.filter((r) => fls.findIndex((f) => f.id === r.flowLogId) % 2 === 1));
    expect(rows.unattributed).toEqual(want.unattributed);
    expect(rows.excluded).toEqual(want.excluded);
    return records.length;
  };
  const proposed = (flows: FlowInput[]) => proposeNetwork(flows.flatMap((f) => [f.srcaddr, f.dstaddr]));
  const files = new URL("../files/", import.meta.url);
  const captures = readdirSync(files).filter((f) => /\.(pcap|pcapng)$/.test(f));

  it.each(captures)("for the test capture %s with a proposed network", async (name) => {
    await throughEngine([readFileSync(new URL(name, files))], proposed);
  });

  it("for the veth captures with their network, and a generated capture of 2,000 flows", async () => {
    const veth = readDocument(JSON.parse(readFileSync(new URL("veth-network.json", files), "utf8"))).inventory!;
    expect(
      await throughEngine(
        [readFileSync(new URL("tcpdump-veth.pcap", files)), readFileSync(new URL("editcap-veth.pcapng", files))],
        () => veth,
      ),
    ).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "flowlens-diff-"));
    try {
      const path = join(dir, "gen.pcap");
      generateCapture(path, { packets: 40_000, flows: 2_000, seconds: 900, startUs: T * 1e6 });
      expect(await throughEngine([readFileSync(path)], proposed)).toBeGreaterThan(2_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
