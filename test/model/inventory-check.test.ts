// Every inventory rule (docs/rules.md §1, §5) with its exact code and path: a valid network, then
// one change at a time that breaks exactly one rule.
import { describe, expect, it } from "vitest";
import type { Inventory } from "../../src/model/inventory";
import { checkInventory } from "../../src/model/inventory-check";
import { chinese, english } from "../support/catalogues";

function valid(): Inventory {
  return {
    regions: [
      { id: "cn-hangzhou", name: "Hangzhou" },
      { id: "cn-beijing", name: "Beijing" },
    ],
    accounts: [{ id: "1234", name: "main" }],
    vpcs: [
      { id: "vpc-a", regionId: "cn-hangzhou", accountId: "1234", name: "a", cidrs: ["10.0.0.0/16"], ipv6Cidrs: ["2408:4000::/56"] },
      { id: "vpc-b", regionId: "cn-beijing", accountId: "1234", name: "b", cidrs: ["10.1.0.0/16"], ipv6Cidrs: [] },
    ],
    vswitches: [{ id: "vsw-a", vpcId: "vpc-a", name: "a", zone: "z", cidr: "10.0.1.0/24", ipv6Cidr: "2408:4000::/64", aclId: "acl-a" }],
    instances: [{ id: "i-a", vswitchId: "vsw-a", instanceType: "ecs.g6.large", name: "a" }],
    enis: [
      { id: "eni-a", vswitchId: "vsw-a", instanceId: "i-a", name: "a", ips: ["10.0.1.5", "2408:4000::5"], securityGroupIds: ["sg-a"] },
    ],
    securityGroups: [
      {
        id: "sg-a",
        vpcId: "vpc-a",
        name: "a",
        dialect: "alibaba",
        rules: [{ id: "r", priority: 1, direction: "in", protocol: "all", peer: "0.0.0.0/0", policy: "accept" }],
        defaultInbound: "drop",
        defaultOutbound: "accept",
      },
      { id: "sg-b", vpcId: "vpc-b", name: "b", dialect: "alibaba", rules: [], defaultInbound: "drop", defaultOutbound: "accept" },
    ],
    networkAcls: [
      { id: "acl-a", vpcId: "vpc-a", name: "a", dialect: "aws", rules: [], defaultInbound: "drop", defaultOutbound: "drop" },
      { id: "acl-b", vpcId: "vpc-b", name: "b", dialect: "aws", rules: [], defaultInbound: "drop", defaultOutbound: "drop" },
    ],
    ccns: [
      {
        id: "ccn-a",
        name: "a",
        vpcIds: ["vpc-a", "vpc-b"],
        bandwidthLimits: [{ fromRegion: "cn-hangzhou", toRegion: "cn-beijing", mbps: 10 }],
      },
    ],
  };
}

const cases: [string, (inv: Inventory) => void, string, string][] = [
  [
    "an id with a space",
    (i) => {
      i.ccns[0].id = "ccn a";
    },
    "id.invalid",
    "ccns[0].id",
  ],
  [
    "an id used twice across kinds",
    (i) => {
      i.instances[0].id = "eni-a";
      i.enis[0].instanceId = undefined;
    },
    "id.duplicate",
    "enis[0].id",
  ],
  [
    "an account id that is not digits",
    (i) => {
      i.accounts[0].id = "main";
      for (const v of i.vpcs) v.accountId = "main";
    },
    "account.bad-id",
    "accounts[0].id",
  ],
  [
    "a VPC in an unknown region",
    (i) => {
      i.vpcs[1].regionId = "mars";
    },
    "vpc.region-missing",
    "vpcs[1].regionId",
  ],
  [
    "a VPC of an unknown account",
    (i) => {
      i.vpcs[1].accountId = "999";
    },
    "vpc.account-missing",
    "vpcs[1].accountId",
  ],
  [
    "a VPC without a CIDR block",
    (i) => {
      i.vpcs[1].cidrs = [];
    },
    "vpc.no-cidr",
    "vpcs[1].cidrs",
  ],
  [
    "a VPC with an IPv6 block as IPv4",
    (i) => {
      i.vpcs[1].cidrs = ["2408::/56"];
    },
    "vpc.bad-cidr",
    "vpcs[1].cidrs[0]",
  ],
  [
    "a VPC with a bad IPv6 block",
    (i) => {
      i.vpcs[1].ipv6Cidrs = ["10.0.0.0/8"];
    },
    "vpc.bad-ipv6-cidr",
    "vpcs[1].ipv6Cidrs[0]",
  ],
  [
    "a VSwitch IPv6 block outside the VPC's",
    (i) => {
      i.vswitches[0].ipv6Cidr = "2409::/64";
      i.enis[0].ips = ["10.0.1.5"];
    },
    "vswitch.ipv6-cidr-outside-vpc",
    "vswitches[0].ipv6Cidr",
  ],
  [
    "a VSwitch without a zone",
    (i) => {
      i.vswitches[0].zone = "";
    },
    "vswitch.no-zone",
    "vswitches[0].zone",
  ],
  [
    "a VSwitch bound to an unknown ACL",
    (i) => {
      i.vswitches[0].aclId = "acl-x";
    },
    "vswitch.acl-missing",
    "vswitches[0].aclId",
  ],
  [
    "a VSwitch bound to another VPC's ACL",
    (i) => {
      i.vswitches[0].aclId = "acl-b";
    },
    "vswitch.acl-other-vpc",
    "vswitches[0].aclId",
  ],
  [
    "an instance on an unknown VSwitch",
    (i) => {
      i.instances[0].vswitchId = "vsw-x";
    },
    "instance.vswitch-missing",
    "instances[0].vswitchId",
  ],
  [
    "an instance type with spaces",
    (i) => {
      i.instances[0].instanceType = "big box";
    },
    "instance.bad-type",
    "instances[0].instanceType",
  ],
  [
    "an ENI on an unknown instance",
    (i) => {
      i.enis[0].instanceId = "i-x";
    },
    "eni.instance-missing",
    "enis[0].instanceId",
  ],
  [
    "an ENI without an IP",
    (i) => {
      i.enis[0].ips = [];
    },
    "eni.no-ip",
    "enis[0].ips",
  ],
  [
    "an ENI in another VPC's group",
    (i) => {
      i.enis[0].securityGroupIds = ["sg-b"];
    },
    "eni.security-group-other-vpc",
    "enis[0].securityGroupIds[0]",
  ],
  [
    "a group in an unknown VPC",
    (i) => {
      i.securityGroups[1].vpcId = "vpc-x";
    },
    "security-group.vpc-missing",
    "securityGroups[1].vpcId",
  ],
  [
    "a group with an unknown dialect",
    (i) => {
      i.securityGroups[1].dialect = "gcp" as never;
    },
    "security-group.bad-dialect",
    "securityGroups[1].dialect",
  ],
  [
    "a group with a bad default",
    (i) => {
      i.securityGroups[1].defaultOutbound = "allow" as never;
    },
    "security-group.bad-default",
    "securityGroups[1].defaultOutbound",
  ],
  [
    "an ACL in an unknown VPC",
    (i) => {
      i.networkAcls[1].vpcId = "vpc-x";
    },
    "acl.vpc-missing",
    "networkAcls[1].vpcId",
  ],
  [
    "a rule with a bad direction",
    (i) => {
      i.securityGroups[0].rules[0].direction = "inbound" as never;
    },
    "rule.bad-direction",
    "securityGroups[0].rules[0].direction",
  ],
  [
    "a rule with a bad protocol",
    (i) => {
      i.securityGroups[0].rules[0].protocol = 300;
    },
    "rule.bad-protocol",
    "securityGroups[0].rules[0].protocol",
  ],
  [
    "a rule with a bad policy",
    (i) => {
      i.securityGroups[0].rules[0].policy = "allow" as never;
    },
    "rule.bad-policy",
    "securityGroups[0].rules[0].policy",
  ],
  [
    "an Alibaba priority of 101",
    (i) => {
      i.securityGroups[0].rules[0].priority = 101;
    },
    "rule.priority-out-of-range",
    "securityGroups[0].rules[0].priority",
  ],
  [
    "a CCN on an unknown VPC",
    (i) => {
      i.ccns[0].vpcIds.push("vpc-x");
    },
    "ccn.vpc-missing",
    "ccns[0].vpcIds[2]",
  ],
  [
    "a CCN limit between unknown regions",
    (i) => {
      i.ccns[0].bandwidthLimits[0].toRegion = "mars";
    },
    "ccn.region-missing",
    "ccns[0].bandwidthLimits[0]",
  ],
  [
    "a CCN limit of 0 Mbps",
    (i) => {
      i.ccns[0].bandwidthLimits[0].mbps = 0;
    },
    "ccn.bad-bandwidth",
    "ccns[0].bandwidthLimits[0].mbps",
  ],
];

describe("checkInventory", () => {
  it("finds nothing wrong with a valid network", () => {
    expect(checkInventory(valid())).toEqual([]);
  });
  for (const [label, breakIt, code, path] of cases) {
    it(`refuses ${label}: ${code}`, () => {
      const inv = valid();
      breakIt(inv);
      expect(checkInventory(inv).map((p) => [p.code, p.field])).toEqual([[code, path]]);
    });
  }
  it("names entities by id when asked (the store's view)", () => {
    const inv = valid();
    inv.vswitches[0].zone = "";
    expect(checkInventory(inv, "id").map((p) => p.field)).toEqual(["vswitches[vsw-a].zone"]);
  });
  it("gives every problem in English and Chinese", () => {
    const inv = valid();
    inv.enis[0].ips = ["10.0.9.9"];
    const found = checkInventory(inv);
    expect(found.map((p) => [p.code, p.field, english(p.text), chinese(p.text)])).toEqual([
      [
        "eni.ip-outside-vswitch",
        "enis[0].ips[0]",
        "10.0.9.9 is not inside VSwitch vsw-a's CIDR block",
        "10.0.9.9 不在交换机 vsw-a 的网段内",
      ],
    ]);
  });
});
