// CCN cross-region records: regions from the VPCs, REJECT beyond the pair's bandwidth.
import { describe, expect, it } from "vitest";
import { buildCcnRecords } from "../../src/model/ccn-records";
import { FlowColumns } from "../../src/model/flow-columns";
import type { FlowLog } from "../../src/model/flow-log";
import type { Inventory } from "../../src/model/inventory";
import type { FlowInput } from "../../src/model/records";

const T = 1_700_000_400;
const inv: Inventory = {
  regions: [
    { id: "ap-guangzhou", name: "Guangzhou" },
    { id: "ap-shanghai", name: "Shanghai" },
  ],
  accounts: [{ id: "1", name: "a" }],
  vpcs: [
    { id: "vpc-gz", regionId: "ap-guangzhou", accountId: "1", name: "gz", cidrs: ["10.0.0.0/16"], ipv6Cidrs: [] },
    { id: "vpc-sh", regionId: "ap-shanghai", accountId: "1", name: "sh", cidrs: ["10.8.0.0/16"], ipv6Cidrs: [] },
    { id: "vpc-gz2", regionId: "ap-guangzhou", accountId: "1", name: "gz2", cidrs: ["10.1.0.0/16"], ipv6Cidrs: [] },
  ],
  vswitches: [],
  instances: [],
  enis: [],
  securityGroups: [],
  networkAcls: [],
  ccns: [
    {
      id: "ccn-abcd1234",
      name: "backbone",
      vpcIds: ["vpc-gz", "vpc-sh", "vpc-gz2"],
      bandwidthLimits: [{ fromRegion: "ap-guangzhou", toRegion: "ap-shanghai", mbps: 1 }],
    },
  ],
};
const fl: FlowLog = {
  id: "fl-ccn",
  name: "ccn",
  description: "",
  regionId: "ap-guangzhou",
  resourceType: "CCN",
  resourceId: "ccn-abcd1234",
  trafficType: "All",
  project: "p",
  logstore: "l",
  windowSeconds: 60,
  format: "ccn",
  analysisReport: false,
  tags: [],
  status: "Active",
  createdAt: "",
};
const flow = (src: string, dst: string, protocol: number, bytes: number, s: number): FlowInput => ({
  window: T,
  srcaddr: src,
  srcport: 40000,
  dstaddr: dst,
  dstport: 443,
  protocol,
  packets: bytes / 1000,
  bytes,
  startUs: (T + s) * 1e6,
  endUs: (T + s) * 1e6,
  tcpFlags: 0,
});

describe("CCN records", () => {
  it("record cross-region traffic only, with its regions; ports only for TCP and UDP", () => {
    const r = buildCcnRecords(
      FlowColumns.of([
        flow("10.0.0.5", "10.8.0.9", 6, 1000, 1),
        flow("10.0.0.5", "10.1.0.9", 6, 1000, 2),
        flow("10.8.0.9", "10.0.0.5", 1, 2000, 3),
      ]),
      fl,
      inv,
    );
    expect(
      r.map((e) => [e.srcregionid, e.dstregionid, e.srcport, e.dstport, e.protocol, e.bytes, e.action, e["region-id"], e.ccnid]),
    ).toEqual([
      ["ap-guangzhou", "ap-shanghai", 40000, 443, 6, 1000, "ACCEPT", "ap-guangzhou", "ccn-abcd1234"],
      ["ap-shanghai", "ap-guangzhou", null, null, 1, 2000, "ACCEPT", "ap-guangzhou", "ccn-abcd1234"],
    ]);
  });

  it("REJECT the bytes beyond the region pair's limit in the window (1 Mbps = 7.5 MB a minute)", () => {
    const r = buildCcnRecords(
      FlowColumns.of([flow("10.0.0.5", "10.8.0.9", 6, 5_000_000, 1), flow("10.0.0.6", "10.8.0.9", 6, 5_000_000, 2)]),
      fl,
      inv,
    );
    expect(r.map((e) => [e.srcaddr, e.bytes, e.packets, e.action])).toEqual([
      ["10.0.0.5", 5_000_000, 5000, "ACCEPT"],
      ["10.0.0.6", 2_500_000, 2500, "ACCEPT"],
      ["10.0.0.6", 2_500_000, 2500, "REJECT"],
    ]);
  });
});
