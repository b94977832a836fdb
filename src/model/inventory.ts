// The network being modelled (docs/rules.md §1). Plain data: what IndexedDB stores and what the
// inventory document carries. Relations point one way (a VSwitch names its VPC and ACL,
// an ENI its VSwitch, instance and security groups); the other direction is derived.

export interface Region {
  id: string;
  name: string;
}
export interface Account {
  id: string;
  name: string;
}

export interface Vpc {
  id: string;
  regionId: string;
  accountId: string;
  name: string;
  cidrs: string[];
  ipv6Cidrs: string[];
}
/** `cidr` is absent for an IPv6-only VSwitch (as AWS allows IPv6-only subnets): then `ipv6Cidr` is its block. */
export interface VSwitch {
  id: string;
  vpcId: string;
  name: string;
  zone: string;
  cidr?: string;
  ipv6Cidr?: string;
  aclId?: string;
}
export interface Instance {
  id: string;
  vswitchId: string;
  instanceType: string;
  name: string;
}
/** ips[0] is the primary private address; IPv6 addresses may follow the IPv4 ones. */
export interface Eni {
  id: string;
  vswitchId: string;
  instanceId?: string;
  name: string;
  ips: string[];
  securityGroupIds: string[];
}

export type RuleProtocol = "all" | "tcp" | "udp" | "icmp" | "icmpv6" | number;
export type Policy = "accept" | "drop";

/** A security-group or network-ACL rule (docs/rules.md §5). Lowest priority wins; drop wins a tie. */
export interface Rule {
  id: string;
  priority: number;
  direction: "in" | "out";
  protocol: RuleProtocol;
  /** Inclusive port range for tcp/udp; absent means all ports (and for other protocols). */
  ports?: [number, number];
  /** The other end: the source of inbound traffic, the destination of outbound. */
  peer: string;
  policy: Policy;
  description?: string;
}

/** Whose rule semantics a group or ACL keeps (docs/history.md #3: priorities and defaults differ). */
export type RuleDialect = "alibaba" | "aws" | "tencent" | "flowlens";

export interface SecurityGroup {
  id: string;
  vpcId: string;
  name: string;
  dialect: RuleDialect;
  rules: Rule[];
  /** What traffic no rule matches gets; stateful either way (docs/rules.md §5: drop in, accept out). */
  defaultInbound: Policy;
  defaultOutbound: Policy;
}

export interface NetworkAcl {
  id: string;
  vpcId: string;
  name: string;
  dialect: RuleDialect;
  rules: Rule[];
  defaultInbound: Policy;
  defaultOutbound: Policy;
}

export interface Ccn {
  id: string;
  name: string;
  vpcIds: string[];
  bandwidthLimits: { fromRegion: string; toRegion: string; mbps: number }[];
}

export interface Project {
  name: string;
  description: string;
}
export interface Logstore {
  project: string;
  name: string;
  retentionDays: number;
}

export interface Inventory {
  regions: Region[];
  accounts: Account[];
  vpcs: Vpc[];
  vswitches: VSwitch[];
  instances: Instance[];
  enis: Eni[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  ccns: Ccn[];
}

export const INVENTORY_KINDS = [
  "regions",
  "accounts",
  "vpcs",
  "vswitches",
  "instances",
  "enis",
  "securityGroups",
  "networkAcls",
  "ccns",
] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

export function emptyInventory(): Inventory {
  return { regions: [], accounts: [], vpcs: [], vswitches: [], instances: [], enis: [], securityGroups: [], networkAcls: [], ccns: [] };
}

/** Priority ranges per dialect: Alibaba 1-100, AWS ACL rule numbers 1-32767. */
export const PRIORITY_MAX: Record<RuleDialect, number> = { alibaba: 100, aws: 32767, tencent: 100, flowlens: 32767 };
