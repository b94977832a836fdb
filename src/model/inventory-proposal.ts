// Quick start (SPEC §4.6): from the addresses a capture shows, a proposed network — one
// VPC per private /16 seen, one VSwitch per /24, one ENI per address — and a flow log
// covering each VPC, for the user to accept or edit.
import { ipv4Number } from "./cidr";
import type { Inventory } from "./inventory";
import { emptyInventory } from "./inventory";

const PRIVATE_V4 = [[0x0a000000, 8], [0xac100000, 12], [0xc0a80000, 16], [0x64400000, 10]] as const;

/** The IPv4 address as a number when it is private (RFC 1918, RFC 6598), else null. */
function privateV4(ip: string): number | null {
  const n = ipv4Number(ip);
  if (n === null) return null;
  return PRIVATE_V4.some(([base, len]) => n >>> (32 - len) === base >>> (32 - len)) ? n : null;
}

export const PROPOSAL_REGION = "local";
export const PROPOSAL_ACCOUNT = "0";

/** A network holding every private IPv4 address in `addresses`. */
export function proposeInventory(addresses: Iterable<string>): Inventory {
  const inv = emptyInventory();
  // Each address parsed once, the values sorted as numbers in a typed array, duplicates met
  // side by side; a VPC or VSwitch is new when its prefix changes (issue #11: a parse per
  // comparison and a some() per address made 200 k flows take 5 s, a sort of [text, value]
  // pairs was still a fifth of the proposal).
  const found: number[] = [];
  for (const a of addresses) { const v = privateV4(a); if (v !== null) found.push(v); }
  const values = Float64Array.from(found).sort();
  if (!values.length) return inv;
  inv.regions.push({ id: PROPOSAL_REGION, name: "proposed from a capture" });
  inv.accounts.push({ id: PROPOSAL_ACCOUNT, name: "proposed" });
  let vpcId = "", vswId = "", sgId = "";
  for (let k = 0; k < values.length; k++) {
    const n = values[k];
    if (k && n === values[k - 1]) continue;
    const a = n >>> 24, b = (n >>> 16) & 255, c = (n >>> 8) & 255, ip = `${a}.${b}.${c}.${n & 255}`;
    if (!k || n >>> 16 !== values[k - 1] >>> 16) {
      vpcId = `vpc-${a}-${b}`; sgId = `sg-${a}-${b}`;
      inv.vpcs.push({ id: vpcId, regionId: PROPOSAL_REGION, accountId: PROPOSAL_ACCOUNT, name: `${a}.${b}.0.0/16`, cidrs: [`${a}.${b}.0.0/16`], ipv6Cidrs: [] });
      inv.securityGroups.push({ id: sgId, vpcId, name: "open (proposed)", dialect: "flowlens", rules: [], defaultInbound: "accept", defaultOutbound: "accept" });
    }
    if (!k || n >>> 8 !== values[k - 1] >>> 8) {
      vswId = `vsw-${a}-${b}-${c}`;
      inv.vswitches.push({ id: vswId, vpcId, name: `${a}.${b}.${c}.0/24`, zone: "proposed", cidr: `${a}.${b}.${c}.0/24` });
    }
    inv.enis.push({ id: `eni-${a}-${b}-${c}-${n & 255}`, vswitchId: vswId, name: ip, ips: [ip], securityGroupIds: [sgId] });
  }
  return inv;
}
