// Quick start (SPEC §4.6): from the addresses a capture shows, a proposed network — one
// VPC per private /16 seen, one VSwitch per /24, one ENI per address — and a flow log
// covering each VPC, for the user to accept or edit.
import { parseIpv4 } from "./cidr";
import type { Inventory } from "./inventory";
import { emptyInventory } from "./inventory";

const PRIVATE_V4 = [[0x0a000000, 8], [0xac100000, 12], [0xc0a80000, 16], [0x64400000, 10]] as const;

function isPrivateV4(ip: string): boolean {
  const v = parseIpv4(ip);
  if (v === null) return false;
  return PRIVATE_V4.some(([base, len]) => Number(v) >>> (32 - len) === base >>> (32 - len));
}

export const PROPOSAL_REGION = "local";
export const PROPOSAL_ACCOUNT = "0";

/** A network holding every private IPv4 address in `addresses`. */
export function proposeInventory(addresses: Iterable<string>): Inventory {
  const inv = emptyInventory();
  const ips = [...new Set([...addresses].filter(isPrivateV4))].sort((a, b) => Number(parseIpv4(a)! - parseIpv4(b)!));
  if (!ips.length) return inv;
  inv.regions.push({ id: PROPOSAL_REGION, name: "proposed from a capture" });
  inv.accounts.push({ id: PROPOSAL_ACCOUNT, name: "proposed" });
  for (const ip of ips) {
    const [a, b, c] = ip.split(".");
    const vpcId = `vpc-${a}-${b}`, vswId = `vsw-${a}-${b}-${c}`;
    if (!inv.vpcs.some((v) => v.id === vpcId)) {
      inv.vpcs.push({ id: vpcId, regionId: PROPOSAL_REGION, accountId: PROPOSAL_ACCOUNT, name: `${a}.${b}.0.0/16`, cidrs: [`${a}.${b}.0.0/16`], ipv6Cidrs: [] });
      inv.securityGroups.push({ id: `sg-${a}-${b}`, vpcId, name: "open (proposed)", dialect: "flowlens", rules: [], defaultInbound: "accept", defaultOutbound: "accept" });
    }
    if (!inv.vswitches.some((s) => s.id === vswId)) inv.vswitches.push({ id: vswId, vpcId, name: `${a}.${b}.${c}.0/24`, zone: "proposed", cidr: `${a}.${b}.${c}.0/24` });
    inv.enis.push({ id: `eni-${ip.replace(/\./g, "-")}`, vswitchId: vswId, name: ip, ips: [ip], securityGroupIds: [`sg-${a}-${b}`] });
  }
  return inv;
}
