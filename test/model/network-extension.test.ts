// The network extended to a capture's private endpoints (docs/history.md #12): what exists is used
// first, new VPCs go one per private block seen, public addresses never become ENIs, and
// the flow logs a change needs are checked against the quota.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { completeFlowLog, type FlowLog, type FlowLogInput } from "../../src/model/flow-log";
import { emptyInventory, type Inventory } from "../../src/model/inventory";
import { checkInventory } from "../../src/model/inventory-check";
import { readDocument } from "../../src/model/inventory-document";
import { extendNetwork } from "../../src/model/network-extension";
import { sayIn } from "../../src/workspace/catalogues";

const veth = readDocument(JSON.parse(readFileSync(new URL("../files/veth-network.json", import.meta.url), "utf8"))).inventory!;
const made = (inputs: FlowLogInput[], from = 0): FlowLog[] => inputs.map((f, k) => completeFlowLog(f, `fl-${from + k}`, new Date(0)));
const vethFlowLog = made(
  [{ name: "lab", regionId: "cn-hangzhou", resourceType: "VPC", resourceId: "vpc-veth", project: "lab", logstore: "flows" }],
  100,
);

describe("extendNetwork", () => {
  it("names what it proposes in the user's language (English unless told)", () => {
    const addresses = ["10.77.0.1", "10.77.0.2"];
    const en = extendNetwork(emptyInventory(), [], addresses, 10)!;
    expect([en.added.vpcs[0].name, en.flowLogs[0].description, en.inventory.regions[0].name]).toEqual([
      "10.0.0.0/8 (proposed)",
      "proposed for 10.0.0.0/8",
      "proposed from a capture",
    ]);
    const zh = extendNetwork(emptyInventory(), [], addresses, 10, {}, sayIn("zh_CN"))!;
    expect([zh.added.vpcs[0].name, zh.flowLogs[0].description, zh.inventory.regions[0].name, zh.inventory.securityGroups[0].name]).toEqual([
      "10.0.0.0/8（建议）",
      "为 10.0.0.0/8 建议",
      "根据抓包建议",
      "开放（建议）",
    ]);
  });

  it("proposes, on an empty network, one VPC per private block seen, a VSwitch per /24 and an ENI per address; no public address", () => {
    const x = extendNetwork(
      emptyInventory(),
      [],
      ["10.77.0.1", "10.77.0.2", "10.1.2.3", "192.168.1.5", "8.8.8.8", "100.64.0.9", "172.20.0.1", "10.77.0.1", "fd77::1"],
      10,
    )!;
    expect(x.added.vpcs.map((v) => [v.id, v.cidrs[0], v.regionId])).toEqual([
      ["vpc-10", "10.0.0.0/8", "local"],
      ["vpc-100-64", "100.64.0.0/10", "local"],
      ["vpc-172-16", "172.16.0.0/12", "local"],
      ["vpc-192-168", "192.168.0.0/16", "local"],
    ]);
    expect(x.inventory.vswitches.map((s) => [s.id, s.vpcId, s.cidr])).toEqual([
      ["vsw-10-1-2", "vpc-10", "10.1.2.0/24"],
      ["vsw-10-77-0", "vpc-10", "10.77.0.0/24"],
      ["vsw-100-64-0", "vpc-100-64", "100.64.0.0/24"],
      ["vsw-172-20-0", "vpc-172-16", "172.20.0.0/24"],
      ["vsw-192-168-1", "vpc-192-168", "192.168.1.0/24"],
      // The unique local address: an IPv6-only VSwitch for its /64 in the VPC most of the private IPv4 endpoints are in.
      ["vsw-fd77", "vpc-10", undefined],
    ]);
    expect(x.inventory.vswitches[5].ipv6Cidr).toBe("fd77::/64");
    expect(x.inventory.vpcs.find((v) => v.id === "vpc-10")!.ipv6Cidrs).toEqual(["fd77::/48"]);
    expect(x.inventory.enis.map((e) => e.ips[0])).toEqual([
      "10.1.2.3",
      "10.77.0.1",
      "10.77.0.2",
      "100.64.0.9",
      "172.20.0.1",
      "192.168.1.5",
      "fd77::1",
    ]);
    expect([x.addresses, x.added.enis, x.added.vswitches, x.added.securityGroups]).toEqual([7, 7, 6, 4]);
    expect(x.flowLogs.map((f) => [f.name, f.resourceType, f.resourceId, f.regionId, f.project, f.logstore])).toEqual(
      ["vpc-10", "vpc-100-64", "vpc-172-16", "vpc-192-168"].map((id) => [`capture-${id}`, "VPC", id, "local", "flowlens", "captures"]),
    );
    expect(x.overQuota).toEqual([]);
    expect(checkInventory(x.inventory)).toEqual([]);
  });

  it("needs nothing when every private address is on a covered ENI", () => {
    expect(extendNetwork(veth, vethFlowLog, ["10.77.0.1", "10.77.0.2", "224.0.0.251", "fe80::1"], 10)).toBeNull();
  });

  it(
    "uses what exists: an ENI in a known VSwitch, a VSwitch in a known VPC (no flow log: the VPC's " + "covers them), a new VPC outside",
    () => {
      const x = extendNetwork(veth, vethFlowLog, ["10.77.0.1", "10.77.0.9", "10.77.5.5", "10.9.0.1"], 10)!;
      const enis = x.inventory.enis.slice(veth.enis.length);
      expect(enis.map((e) => [e.id, e.vswitchId, e.ips[0], e.securityGroupIds])).toEqual([
        ["eni-10-9-0-1", "vsw-10-9-0", "10.9.0.1", ["sg-open-10"]],
        ["eni-10-77-0-9", "vsw-veth", "10.77.0.9", ["sg-open-veth"]],
        ["eni-10-77-5-5", "vsw-10-77-5", "10.77.5.5", ["sg-open-veth"]],
      ]);
      expect(x.inventory.vswitches.slice(veth.vswitches.length).map((s) => [s.id, s.vpcId, s.cidr])).toEqual([
        ["vsw-10-9-0", "vpc-10", "10.9.0.0/24"],
        ["vsw-10-77-5", "vpc-veth", "10.77.5.0/24"],
      ]);
      // vpc-veth's flow log covers what was added to it; only the new VPC needs one.
      expect(x.flowLogs.map((f) => f.resourceId)).toEqual(["vpc-10"]);
      expect(checkInventory(x.inventory)).toEqual([]);
      // Applied, the same addresses need nothing more.
      expect(
        extendNetwork(x.inventory, [...vethFlowLog, ...made(x.flowLogs)], ["10.77.0.1", "10.77.0.9", "10.77.5.5", "10.9.0.1"], 10),
      ).toBeNull();
    },
  );

  it(
    "makes IPv6 unique local addresses ENIs: in the known VSwitch holding them, else an IPv6-only " +
      "VSwitch in the VPC the capture's IPv4 is in",
    () => {
      // The lab network is dual-stack: fd77::/48 in the VPC, fd77::/64 in its VSwitch, fd77::1 on the client's ENI.
      const x = extendNetwork(
        veth,
        vethFlowLog,
        ["10.77.0.1", "fd77::1", "fd77::9", "fd77:0:0:5::7", "fd78::1", "fe80::1", "2001:db8::1", "ff02::16"],
        10,
      )!;
      expect(x.inventory.enis.slice(veth.enis.length).map((e) => [e.id, e.vswitchId, e.ips])).toEqual([
        ["eni-fd77--9", "vsw-veth", ["fd77::9"]],
        ["eni-fd77-0-0-5--7", "vsw-fd77-0-0-5", ["fd77:0:0:5::7"]],
        ["eni-fd78--1", "vsw-fd78", ["fd78::1"]],
      ]);
      expect(x.inventory.vswitches.slice(1).map((s) => [s.id, s.cidr, s.ipv6Cidr])).toEqual([
        ["vsw-fd77-0-0-5", undefined, "fd77:0:0:5::/64"],
        ["vsw-fd78", undefined, "fd78::/64"],
      ]);
      // fd78:: is in no IPv6 block of the VPC: its /48 is added, and an undo knows it.
      expect([x.inventory.vpcs[0].ipv6Cidrs, x.addedIds.vpcIpv6Cidrs]).toEqual([
        ["fd77::/48", "fd78::/48"],
        [{ vpcId: "vpc-veth", cidr: "fd78::/48" }],
      ]);
      expect([x.addresses, x.flowLogs]).toEqual([3, []]);
      expect(checkInventory(x.inventory)).toEqual([]);
    },
  );

  it("gives an IPv6-only capture one proposed VPC for its blocks, its IPv4 block one no VPC holds", () => {
    const x = extendNetwork(veth, vethFlowLog, ["fd01::1", "fd01::2", "fd02:0:0:3::4", "2001:db8::1"], 10)!;
    const vpc = x.inventory.vpcs[1];
    expect([vpc.id, vpc.name, vpc.cidrs, vpc.ipv6Cidrs]).toEqual([
      "vpc-172-16",
      "IPv6 (proposed)",
      ["172.16.0.0/12"],
      ["fd01::/48", "fd02::/48"],
    ]);
    expect(x.added.vpcs).toEqual([vpc]);
    expect(x.inventory.vswitches.slice(1).map((s) => [s.vpcId, s.ipv6Cidr])).toEqual([
      ["vpc-172-16", "fd01::/64"],
      ["vpc-172-16", "fd02:0:0:3::/64"],
    ]);
    expect(x.inventory.enis.slice(veth.enis.length).map((e) => e.ips[0])).toEqual(["fd01::1", "fd01::2", "fd02:0:0:3::4"]);
    // The blocks belong to the new VPC (undoing it removes them): none is listed as added to a VPC that was there.
    expect(x.addedIds.vpcIpv6Cidrs).toEqual([]);
    expect(x.flowLogs.map((f) => [f.resourceId, f.description])).toEqual([["vpc-172-16", "proposed for fd01::/48, fd02::/48"]]);
    expect(checkInventory(x.inventory)).toEqual([]);
    expect(extendNetwork(x.inventory, [...vethFlowLog, ...made(x.flowLogs)], ["fd01::1", "fd02:0:0:3::4"], 10)).toBeNull();
    expect(extendNetwork(emptyInventory(), [], ["fd77::1"], 10)!.inventory.vpcs.map((v) => v.cidrs)).toEqual([["10.0.0.0/8"]]);
  });

  it("narrows a new VSwitch below /24 to miss the VPC's VSwitches", () => {
    const inv: Inventory = {
      ...veth,
      vpcs: [{ ...veth.vpcs[0], cidrs: ["10.0.0.0/16"] }],
      vswitches: [{ ...veth.vswitches[0], cidr: "10.0.0.0/26" }],
      enis: [],
      instances: [],
    };
    const x = extendNetwork(inv, [], ["10.0.0.100"], 10)!;
    expect(x.inventory.vswitches.map((s) => s.cidr)).toEqual(["10.0.0.0/26", "10.0.0.64/26"]);
    expect(checkInventory(x.inventory)).toEqual([]);
  });

  it("asks only for a flow log over an ENI that exists but no active flow log covers", () => {
    const inactive = made([
      { name: "off", regionId: "cn-hangzhou", resourceType: "VPC", resourceId: "vpc-veth", project: "lab", logstore: "flows" },
    ]).map((f) => ({ ...f, status: "Inactive" as const }));
    const x = extendNetwork(veth, inactive, ["10.77.0.1"], 10)!;
    expect([x.added.enis, x.added.vswitches, x.added.vpcs, x.flowLogs.map((f) => [f.resourceId, f.regionId])]).toEqual([
      0,
      0,
      [],
      [["vpc-veth", "cn-hangzhou"]],
    ]);
  });

  it("keeps 300 /24 subnets to one VPC and one flow log, and says when the quota left is too small", () => {
    const addresses = Array.from({ length: 300 }, (_, k) => `10.${k >> 8}.${k & 255}.7`);
    const x = extendNetwork(emptyInventory(), [], addresses, 10)!;
    expect([x.added.vpcs.length, x.added.vswitches, x.added.enis, x.flowLogs.length, x.overQuota]).toEqual([1, 300, 300, 1, []]);
    expect(checkInventory(x.inventory)).toEqual([]);
    const ten = made(
      Array.from(
        { length: 10 },
        (_, k): FlowLogInput => ({
          name: `f${k}`,
          regionId: "local",
          resourceType: "VPC",
          resourceId: "vpc-x",
          project: "p",
          logstore: "l",
        }),
      ),
    );
    expect(extendNetwork(emptyInventory(), ten, [...addresses, "192.168.0.1"], 10)!.overQuota).toEqual([
      { region: "local", have: 10, adding: 2, quota: 10 },
    ]);
  });
});
