// Attribution that follows the traffic (docs/history.md #12): the network extended so that every
// private IPv4 endpoint of a capture (RFC 1918, RFC 6598) is an ENI some Active flow log
// covers. What exists is preferred: an address an ENI holds only needs a flow log over its
// VPC; an address inside a known VSwitch becomes an ENI there, one inside a known VPC gets
// a VSwitch (its /24, narrowed to miss the VPC's other VSwitches) and an ENI; any other
// gets a proposed VPC for its whole private block (10/8, 172.16/12, 192.168/16, 100.64/10),
// so a capture needs at most four new VPCs and flow logs, not one per /16 (one per /16 once
// made 270 flow logs, far past the quota). Public addresses are never made ENIs; IPv6 unique
// local addresses are placed as told below.
//
// Known CIDR blocks are found through the /24 or /16 an address is in (BlockIndex, in
// address-blocks.ts), so a
// capture's thousands of addresses cost no scan over every VSwitch each.
import { BlockIndex, dashed, dotted, v4Block, v6Prefix } from "./address-blocks";
import { type Cidr, ipv4Number, parseCidr, parseIpv6 } from "./cidr";
import { english } from "./english";
import type { FlowLog, FlowLogInput } from "./flow-log";
import type { InterfaceMapping } from "./interface-mapping";
import { type Eni, emptyInventory, type Inventory, type SecurityGroup, type Vpc, type VSwitch } from "./inventory";
import { coveredEniIndices } from "./record-index";
import { type Text, text } from "./text";

export const PROPOSAL_REGION = "local";
export const PROPOSAL_ACCOUNT = "0";
export const PROPOSAL_PROJECT = "flowlens";
export const PROPOSAL_LOGSTORE = "captures";

const ULA = parseCidr("fc00::/7")!;

/** The private IPv4 blocks: [base, prefix length, id part]. */
const PRIVATE_BLOCKS = [
  [0x0a000000, 8, "10"],
  [0xac100000, 12, "172-16"],
  [0xc0a80000, 16, "192-168"],
  [0x64400000, 10, "100-64"],
] as const;

/** The private block holding IPv4 address `n`, or -1. */
function privateBlock(n: number): number {
  return PRIVATE_BLOCKS.findIndex(([base, len]) => n >>> (32 - len) === base >>> (32 - len));
}

export interface NetworkExtension {
  /** The network with what was added. */
  inventory: Inventory;
  /** Flow logs over the VPCs whose new or uncovered ENIs no Active flow log covers. */
  flowLogs: FlowLogInput[];
  added: { vpcs: Vpc[]; vswitches: number; enis: number; securityGroups: number };
  /** The ids of what was added, by kind: what undoing the change removes. */
  addedIds: AddedIds;
  /** Private addresses that needed it (new ENIs, or ENIs that had no flow log over them). */
  addresses: number;
  /** Where the flow logs would pass the quota: the change cannot be applied as it is. */
  overQuota: { region: string; have: number; adding: number; quota: number }[];
}

/** What the user changed in the confirmation: the new VPCs' region, and where their flow logs write, how often. */
export interface ExtensionEdits {
  regionId?: string;
  project?: string;
  logstore?: string;
  windowSeconds?: 60 | 300 | 600;
  /** Capture interfaces that are an ENI's NIC: their host addresses need no ENI of their own. */
  interfaces?: InterfaceMapping[];
}

export type AddedIds = Record<"regions" | "accounts" | "vpcs" | "vswitches" | "enis" | "securityGroups", string[]> & {
  /** IPv6 blocks added to VPCs that were there before. */
  vpcIpv6Cidrs: { vpcId: string; cidr: string }[];
};

/**
 * What the network needs so that every private IPv4 address in `addresses` is an ENI
 * covered by an Active flow log; null when it needs nothing. `quotaPerRegion` is the flow
 * logs a region may hold (the control plane's setting).
 */
export function extendNetwork(
  existing: Inventory,
  flowLogs: FlowLog[],
  addresses: readonly string[],
  quotaPerRegion: number,
  edits: ExtensionEdits = {},
  /** Renders the proposed entities' names and descriptions (in the user's language; English by default). */
  say: (t: Text) => string = english,
): NetworkExtension | null {
  const region = edits.regionId || PROPOSAL_REGION;
  const inv: Inventory = {
    ...existing,
    vpcs: [...existing.vpcs],
    vswitches: [...existing.vswitches],
    enis: [...existing.enis],
    securityGroups: [...existing.securityGroups],
    regions: [...existing.regions],
    accounts: [...existing.accounts],
  };
  const active = flowLogs.filter((f) => f.status === "Active" && f.resourceType !== "CCN");
  const covered = new Set<number>();
  for (const list of coveredEniIndices(existing, active)) for (const e of list) covered.add(e);
  const coveredVpcs = new Set(active.filter((f) => f.resourceType === "VPC").map((f) => f.resourceId));
  const coveredVswitches = new Set(active.filter((f) => f.resourceType === "VSwitch").map((f) => f.resourceId));
  const eniByIp = new Map<string, number>();
  existing.enis.forEach((e, k) => {
    for (const ip of e.ips) if (!eniByIp.has(ip) || covered.has(k)) eniByIp.set(ip, k);
  });

  // Private addresses no covered ENI holds, distinct, in numeric order (and the covered ENIs of the others).
  const found: number[] = [],
    coveredV4: number[] = [];
  for (const a of addresses) {
    const n = ipv4Number(a);
    if (n === null || privateBlock(n) < 0) continue;
    const e = eniByIp.get(a);
    if (e === undefined || !covered.has(e)) found.push(n);
    else coveredV4.push(e);
  }
  const values = Float64Array.from(found).sort();

  const vpcIndex = new Map(inv.vpcs.map((v, k) => [v.id, k]));
  const vswIndex = new Map(inv.vswitches.map((s, k) => [s.id, k]));
  const vpcs = new BlockIndex(),
    vsws = new BlockIndex();
  inv.vpcs.forEach((v, k) => {
    for (const c of v.cidrs) {
      const b = v4Block(c, k);
      if (b) vpcs.add(b);
    }
  });
  inv.vswitches.forEach((s, k) => {
    const b = s.cidr ? v4Block(s.cidr, k) : null;
    if (b) vsws.add(b);
  });
  const ids = new Set<string>([...inv.vpcs, ...inv.vswitches, ...inv.enis, ...inv.securityGroups].map((x) => x.id));
  const freshId = (want: string) => {
    let id = want;
    for (let k = 2; ids.has(id); k++) id = `${want}-${k}`;
    ids.add(id);
    return id;
  };

  const added: NetworkExtension["added"] = { vpcs: [], vswitches: 0, enis: 0, securityGroups: 0 };
  const addedIds: AddedIds = { regions: [], accounts: [], vpcs: [], vswitches: [], enis: [], securityGroups: [], vpcIpv6Cidrs: [] };
  const needsFlowLog = new Set<number>(); // VPC indices
  const openGroup = new Map<number, string>(); // VPC index -> the proposed open group
  const blockVpc = new Map<number, number>(); // private block -> proposed VPC index
  const needCover = (vpc: number, vsw: number) => {
    if (!coveredVpcs.has(inv.vpcs[vpc].id) && !coveredVswitches.has(inv.vswitches[vsw].id)) needsFlowLog.add(vpc);
  };
  const groupFor = (vpc: number) => {
    let id = openGroup.get(vpc);
    if (id) return id;
    id = freshId(`sg-open-${inv.vpcs[vpc].id.replace(/^vpc-/, "")}`);
    const g: SecurityGroup = {
      id,
      vpcId: inv.vpcs[vpc].id,
      name: say(text("proposed_open_group")),
      dialect: "flowlens",
      rules: [],
      defaultInbound: "accept",
      defaultOutbound: "accept",
    };
    inv.securityGroups.push(g);
    added.securityGroups++;
    addedIds.securityGroups.push(id);
    openGroup.set(vpc, id);
    return id;
  };
  const vpcOfVswitch = (s: number) => vpcIndex.get(inv.vswitches[s].vpcId) ?? -1;
  const vpcOfEni = (e: number) => {
    const s = vswIndex.get(inv.enis[e].vswitchId);
    return s === undefined ? -1 : vpcOfVswitch(s);
  };
  // How many of the capture's private IPv4 endpoints each VPC holds: an IPv6 block with no home goes to the most used.
  const vpcUse = new Map<number, number>();
  const use = (vpc: number) => {
    if (vpc >= 0) vpcUse.set(vpc, (vpcUse.get(vpc) ?? 0) + 1);
  };
  for (const e of coveredV4) use(vpcOfEni(e));
  const addVswitch = (vpc: number, n: number): number => {
    // The /24 around n, narrowed until it misses the VPC's other VSwitches, kept inside the VPC's block.
    const vpcBlock = vpcs.find(n, (b) => b.at === vpc)!;
    for (let prefix = Math.max(24, vpcBlock.prefix); prefix <= 32; prefix++) {
      const size = 2 ** (32 - prefix),
        lo = n - (n % size),
        hi = lo + size - 1;
      if (vsws.overlaps(lo, hi, (b) => vpcOfVswitch(b.at) === vpc)) continue;
      const cidr = `${dotted(lo)}/${prefix}`;
      const s: VSwitch = {
        id: freshId(`vsw-${dashed(lo, prefix <= 24 ? 3 : 4)}`),
        vpcId: inv.vpcs[vpc].id,
        name: cidr,
        zone: "proposed",
        cidr,
      };
      const at = inv.vswitches.push(s) - 1;
      vswIndex.set(s.id, at);
      vsws.add({ lo, hi, prefix, at });
      added.vswitches++;
      addedIds.vswitches.push(s.id);
      return at;
    }
    return -1; // every /32 taken: cannot be (n is in no VSwitch of this VPC)
  };
  const addVpc = (block: number): number => {
    const [base, len, part] = PRIVATE_BLOCKS[block];
    const cidr = `${dotted(base)}/${len}`;
    const v: Vpc = {
      id: freshId(`vpc-${part}`),
      regionId: region,
      accountId: PROPOSAL_ACCOUNT,
      name: say(text("proposed_named", cidr)),
      cidrs: [cidr],
      ipv6Cidrs: [],
    };
    const at = inv.vpcs.push(v) - 1;
    vpcIndex.set(v.id, at);
    vpcs.add(v4Block(cidr, at)!);
    added.vpcs.push(v);
    addedIds.vpcs.push(v.id);
    return at;
  };

  let needed = 0;
  for (let k = 0; k < values.length; k++) {
    const n = values[k];
    if (k && n === values[k - 1]) continue;
    needed++;
    const ip = dotted(n);
    const held = eniByIp.size ? eniByIp.get(ip) : undefined;
    if (held !== undefined) {
      // an ENI no Active flow log covers
      const s = vswIndex.get(inv.enis[held].vswitchId),
        vpc = s === undefined ? -1 : vpcOfVswitch(s);
      if (s !== undefined && vpc >= 0) needCover(vpc, s);
      use(vpc);
      continue;
    }
    let vsw = vsws.find(n)?.at ?? -1;
    if (vsw < 0) {
      let vpc = vpcs.find(n)?.at;
      if (vpc === undefined) {
        const block = privateBlock(n);
        vpc = blockVpc.get(block) ?? addVpc(block);
        blockVpc.set(block, vpc);
      }
      vsw = addVswitch(vpc, n);
      if (vsw < 0) continue;
    }
    const vpc = vpcOfVswitch(vsw);
    if (vpc < 0) continue; // a VSwitch of no known VPC: the inventory check refuses that already
    // An ENI's id is its address's: distinct here, so only the network's own ids can collide (a Set insertion
    // each was a sixth of the proposal).
    const want = `eni-${dashed(n, 4)}`;
    const eni: Eni = {
      id: ids.has(want) ? freshId(want) : want,
      vswitchId: inv.vswitches[vsw].id,
      name: ip,
      ips: [ip],
      securityGroupIds: [groupFor(vpc)],
    };
    inv.enis.push(eni);
    added.enis++;
    addedIds.enis.push(eni.id);
    use(vpc);
    needCover(vpc, vsw);
  }
  // IPv6 unique local addresses (fc00::/7): an ENI in the known VSwitch whose IPv6 block
  // holds it; else an IPv6-only VSwitch (its /64) in the VPC whose IPv6 blocks hold it; else
  // that and its /48 in the VPC this capture's private IPv4 endpoints use most (a dual-stack
  // host's IPv6 block beside its IPv4 one). With no such VPC they stay unattributed.
  // Blocks by their bits: a VSwitch /64 found by its prefix in a Map (one per new /64, so a
  // capture of thousands of IPv6 hosts costs no scan over every VSwitch each), other lengths
  // and the VPCs' blocks (few) tried in turn.
  const v6 = (cidr: string | undefined) => {
    const c = cidr ? parseCidr(cidr) : null;
    return c?.family === 6 ? c : null;
  };
  const by64 = new Map<bigint, number>(),
    otherV6: { c: Cidr; k: number }[] = [];
  inv.vswitches.forEach((sw, k) => {
    const c = v6(sw.ipv6Cidr);
    if (c && c.prefix === 64) by64.set(c.base >> 64n, k);
    else if (c) otherV6.push({ c, k });
  });
  const vpcBy48 = new Map<bigint, number>(),
    otherVpcV6: { c: Cidr; k: number }[] = [];
  inv.vpcs.forEach((v, k) => {
    for (const x of v.ipv6Cidrs) {
      const c = v6(x);
      if (c && c.prefix === 48) vpcBy48.set(c.base >> 80n, k);
      else if (c) otherVpcV6.push({ c, k });
    }
  });
  const newBlocks = new Map<number, string[]>(); // VPC index -> /48s to add, written once at the end
  const holds = (c: Cidr, value: bigint) => value >> BigInt(128 - c.prefix) === c.base >> BigInt(128 - c.prefix);
  let homeVpc = -1;
  for (const [vpc, n] of vpcUse) if (homeVpc < 0 || n > vpcUse.get(homeVpc)!) homeVpc = vpc;
  // An IPv6-only capture (no private IPv4 endpoint to tell the VPC): one proposed VPC holds its
  // new blocks. A VPC needs an IPv4 block (as in the clouds): the first private block no VPC holds.
  let ipv6Vpc = -1;
  const addIpv6Vpc = () => {
    const free = PRIVATE_BLOCKS.findIndex(([base, len]) => !vpcs.overlaps(base, base + 2 ** (32 - len) - 1, () => true));
    const at = addVpc(Math.max(free, 0));
    inv.vpcs[at].name = say(text("proposed_named", "IPv6"));
    return (ipv6Vpc = at);
  };
  for (const a of addresses) {
    if (!a.includes(":")) continue;
    const value = parseIpv6(a);
    if (value === null || !holds(ULA, value)) continue;
    const held = eniByIp.get(a);
    if (held !== undefined && covered.has(held)) continue;
    let sw = by64.get(value >> 64n) ?? otherV6.find((x) => holds(x.c, value))?.k ?? -1;
    if (sw < 0 && held === undefined) {
      const known = vpcBy48.get(value >> 80n) ?? otherVpcV6.find((x) => holds(x.c, value))?.k;
      const vpc = known ?? (homeVpc >= 0 ? homeVpc : (homeVpc = addIpv6Vpc()));
      if (known === undefined) {
        const block = v6Prefix(value, 48);
        const list = newBlocks.get(vpc);
        if (list) list.push(block);
        else newBlocks.set(vpc, [block]);
        vpcBy48.set(value >> 80n, vpc);
        if (vpc < existing.vpcs.length) addedIds.vpcIpv6Cidrs.push({ vpcId: inv.vpcs[vpc].id, cidr: block });
      }
      const cidr = v6Prefix(value, 64);
      const s: VSwitch = {
        id: freshId(`vsw-${cidr.replace(/::\/64$/, "").replace(/:/g, "-")}`),
        vpcId: inv.vpcs[vpc].id,
        name: cidr,
        zone: "proposed",
        ipv6Cidr: cidr,
      };
      sw = inv.vswitches.push(s) - 1;
      vswIndex.set(s.id, sw);
      by64.set(value >> 64n, sw);
      added.vswitches++;
      addedIds.vswitches.push(s.id);
    }
    const vpc = sw >= 0 ? vpcOfVswitch(sw) : held !== undefined ? vpcOfEni(held) : -1;
    if (vpc < 0) continue;
    needed++;
    if (held === undefined) {
      const id = freshId(`eni-${a.replace(/:/g, "-")}`);
      inv.enis.push({ id, vswitchId: inv.vswitches[sw].id, name: a, ips: [a], securityGroupIds: [groupFor(vpc)] });
      added.enis++;
      addedIds.enis.push(id);
    }
    needCover(vpc, sw >= 0 ? sw : vswIndex.get(inv.enis[held!].vswitchId)!);
  }
  // The network's own VPCs are copied, not changed; a proposed one (also in `added`) takes its blocks in place.
  for (const [vpc, blocks] of newBlocks) {
    if (vpc >= existing.vpcs.length) inv.vpcs[vpc].ipv6Cidrs.push(...blocks);
    else inv.vpcs[vpc] = { ...inv.vpcs[vpc], ipv6Cidrs: [...inv.vpcs[vpc].ipv6Cidrs, ...blocks] };
  }
  if (!added.enis && !needsFlowLog.size) return null;

  if (added.vpcs.length) {
    if (!inv.regions.some((r) => r.id === region)) {
      inv.regions.push({ id: region, name: region === PROPOSAL_REGION ? say(text("proposed_region")) : region });
      addedIds.regions.push(region);
    }
    if (!inv.accounts.some((a) => a.id === PROPOSAL_ACCOUNT)) {
      inv.accounts.push({ id: PROPOSAL_ACCOUNT, name: say(text("proposed_account")) });
      addedIds.accounts.push(PROPOSAL_ACCOUNT);
    }
  }
  const names = new Set(flowLogs.map((f) => f.name));
  const newFlowLogs = [...needsFlowLog].map((k): FlowLogInput => {
    const v = inv.vpcs[k];
    let name = `capture-${v.id}`;
    for (let j = 2; names.has(name); j++) name = `capture-${v.id}-${j}`;
    names.add(name);
    return {
      name,
      description: say(text("proposed_for", k === ipv6Vpc ? v.ipv6Cidrs : v.cidrs[0])),
      regionId: v.regionId,
      resourceType: "VPC",
      resourceId: v.id,
      project: edits.project || PROPOSAL_PROJECT,
      logstore: edits.logstore || PROPOSAL_LOGSTORE,
      windowSeconds: edits.windowSeconds ?? 600,
      format: "aws",
      trafficType: "All",
    };
  });
  const adding = new Map<string, number>();
  for (const f of newFlowLogs) adding.set(f.regionId, (adding.get(f.regionId) ?? 0) + 1);
  const overQuota = [...adding]
    .map(([region, n]) => ({ region, have: flowLogs.filter((f) => f.regionId === region).length, adding: n, quota: quotaPerRegion }))
    .filter((q) => q.have + q.adding > q.quota);
  return { inventory: inv, flowLogs: newFlowLogs, added, addedIds, addresses: needed, overQuota };
}

/** A whole network for the addresses, from nothing (the CLI without --inventory, benchmarks): quota aside. */
export function proposeNetwork(addresses: readonly string[]): Inventory {
  return extendNetwork(emptyInventory(), [], addresses, Infinity)?.inventory ?? emptyInventory();
}
