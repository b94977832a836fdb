// The Tencent seed's network (docs/rules.md §5: the ping whose reply the ACL refuses), its flow log
// and flows, for the record pipeline's tests and the replay's.
import type { FlowLog } from "../../src/model/flow-log";
import type { Inventory } from "../../src/model/inventory";
import type { FlowInput } from "../../src/model/records";

export const T = 1432917000; // a multiple of 60 and 600: the window of the seed's ping
export function network(): Inventory {
  return {
    regions: [{ id: "ap-guangzhou", name: "Guangzhou" }],
    accounts: [{ id: "1251762227", name: "seed" }],
    vpcs: [{ id: "vpc-seed", regionId: "ap-guangzhou", accountId: "1251762227", name: "seed", cidrs: ["172.31.0.0/16"], ipv6Cidrs: [] }],
    vswitches: [{ id: "vsw-seed", vpcId: "vpc-seed", name: "seed", zone: "ap-guangzhou-3", cidr: "172.31.16.0/20", aclId: "acl-seed" }],
    instances: [{ id: "ins-1", vswitchId: "vsw-seed", instanceType: "S5.MEDIUM2", name: "web" }],
    enis: [
      {
        id: "eni-lq6mkcis",
        vswitchId: "vsw-seed",
        instanceId: "ins-1",
        name: "web",
        ips: ["172.31.16.139"],
        securityGroupIds: ["sg-seed"],
      },
      { id: "eni-db", vswitchId: "vsw-seed", name: "db", ips: ["172.31.16.21"], securityGroupIds: ["sg-db"] },
    ],
    securityGroups: [
      // The seed: the group allows inbound ICMP and no outbound ICMP, and is stateful.
      {
        id: "sg-seed",
        vpcId: "vpc-seed",
        name: "web",
        dialect: "aws",
        defaultInbound: "drop",
        defaultOutbound: "drop",
        rules: [
          { id: "icmp-in", priority: 1, direction: "in", protocol: "icmp", peer: "0.0.0.0/0", policy: "accept" },
          { id: "ssh-in", priority: 1, direction: "in", protocol: "tcp", ports: [22, 22], peer: "172.31.0.0/16", policy: "accept" },
          { id: "all-out-vpc", priority: 1, direction: "out", protocol: "tcp", peer: "172.31.0.0/16", policy: "accept" },
        ],
      },
      {
        id: "sg-db",
        vpcId: "vpc-seed",
        name: "db",
        dialect: "alibaba",
        defaultInbound: "drop",
        defaultOutbound: "accept",
        rules: [
          { id: "mysql", priority: 1, direction: "in", protocol: "tcp", ports: [3306, 3306], peer: "172.31.16.0/20", policy: "accept" },
        ],
      },
    ],
    // The seed: the ACL allows inbound but not outbound ICMP; it is stateless.
    networkAcls: [
      {
        id: "acl-seed",
        vpcId: "vpc-seed",
        name: "seed",
        dialect: "aws",
        defaultInbound: "drop",
        defaultOutbound: "drop",
        rules: [
          { id: "in-100", priority: 100, direction: "in", protocol: "all", peer: "0.0.0.0/0", policy: "accept" },
          { id: "out-100", priority: 100, direction: "out", protocol: "tcp", peer: "0.0.0.0/0", policy: "accept" },
        ],
      },
    ],
    ccns: [],
  };
}

export const flowLog = (o: Partial<FlowLog> = {}): FlowLog => ({
  id: "fl-seed",
  name: "seed",
  description: "",
  regionId: "ap-guangzhou",
  resourceType: "VPC",
  resourceId: "vpc-seed",
  trafficType: "All",
  project: "p",
  logstore: "l",
  windowSeconds: 600,
  format: "tencent",
  analysisReport: false,
  tags: [],
  status: "Active",
  createdAt: "2026-11-22T00:00:00Z",
  ...o,
});

export const flow = (
  src: string,
  sport: number,
  dst: string,
  dport: number,
  protocol: number,
  startS: number,
  o: Partial<FlowInput> = {},
): FlowInput => ({
  window: startS - (startS % 60),
  srcaddr: src,
  srcport: sport,
  dstaddr: dst,
  dstport: dport,
  protocol,
  packets: 4,
  bytes: 336,
  startUs: startS * 1e6,
  endUs: startS * 1e6 + 500_000,
  tcpFlags: 0,
  ...o,
});

/** The seed's ACL opened to outbound ICMP (the ping's reply then passes), as an edit of `inv`. */
export function allowIcmpOut(inv: Inventory): Inventory {
  inv.networkAcls[0].rules.push({ id: "out-icmp", priority: 90, direction: "out", protocol: "icmp", peer: "0.0.0.0/0", policy: "accept" });
  return inv;
}
