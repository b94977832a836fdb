// What a capture's records are looked up by, built once per import (docs/history.md #11): the ENIs
// each flow log covers and the flow logs covering each address, as integer arrays; each
// ENI's policy, shared by ENIs of one set of groups and ACL; each ENI's VSwitch and VPC.

import type { FlowColumns } from "./flow-columns";
import type { FlowLog } from "./flow-log";
import { GrowingColumns } from "./growing-columns";
import type { Inventory } from "./inventory";
import { type EniPolicy, eniPolicy, groupsAcceptAll, policyIndex } from "./security";
import { TupleTable } from "./tuple-table";

/** Each Active flow log's covered ENIs, as ascending indices into inv.enis (flow-log.ts's coverage, docs/rules.md §2). */
export function coveredEniIndices(inv: Inventory, active: FlowLog[]): Int32Array[] {
  const byVswitch = new Map<string, number[]>(),
    vpcOf = new Map(inv.vswitches.map((s) => [s.id, s.vpcId]));
  const byVpc = new Map<string, number[]>();
  inv.enis.forEach((e, k) => {
    let list = byVswitch.get(e.vswitchId);
    if (!list) byVswitch.set(e.vswitchId, (list = []));
    list.push(k);
    const vpc = vpcOf.get(e.vswitchId);
    if (vpc === undefined) return;
    let inVpc = byVpc.get(vpc);
    if (!inVpc) byVpc.set(vpc, (inVpc = []));
    inVpc.push(k);
  });
  const vpcs = new Set(inv.vpcs.map((v) => v.id));
  return active.map((fl) => {
    if (fl.resourceType === "NetworkInterface") return Int32Array.from(inv.enis.flatMap((e, k) => (e.id === fl.resourceId ? [k] : [])));
    if (fl.resourceType === "VSwitch") return Int32Array.from(byVswitch.get(fl.resourceId) ?? []);
    return Int32Array.from(vpcs.has(fl.resourceId) ? (byVpc.get(fl.resourceId) ?? []) : []);
  });
}

/**
 * Address id -> the flow logs (ascending) covering an ENI holding it, with that ENI (within
 * one flow log, the last ENI holding the address): pairs (cover, eni) in coverPairs from
 * coverFrom[id] to coverFrom[id + 1]. Built once per import from the ENIs' addresses that
 * the flows show; a flow finds its flow logs by two array reads.
 */
export function coverageByAddress(addresses: FlowColumns["addresses"], inv: Inventory, coverage: Int32Array[]) {
  const eniAddresses = inv.enis.map((e) => e.ips.map((ip) => addresses.find(ip)).filter((id) => id >= 0));
  // Per address, a list of (cover, eni) nodes in cover order: appended at its tail.
  const head = new Int32Array(addresses.size).fill(-1),
    tail = new Int32Array(addresses.size).fill(-1);
  const node = new GrowingColumns({ cover: Int32Array, eni: Int32Array, next: Int32Array });
  coverage.forEach((enis, c) => {
    for (const e of enis)
      for (const id of eniAddresses[e]) {
        const t = tail[id];
        if (t >= 0 && node.cols.cover[t] === c) {
          node.cols.eni[t] = e;
          continue;
        } // the last ENI with an address wins
        const n = node.add(),
          N = node.cols;
        N.cover[n] = c;
        N.eni[n] = e;
        N.next[n] = -1;
        if (t >= 0) N.next[t] = n;
        else head[id] = n;
        tail[id] = n;
      }
  });
  const coverFrom = new Int32Array(addresses.size + 1),
    coverPairs = new Int32Array(node.count * 2);
  let p = 0;
  for (let id = 0; id < addresses.size; id++) {
    coverFrom[id] = p;
    for (let n = head[id]; n >= 0; n = node.cols.next[n]) {
      coverPairs[2 * p] = node.cols.cover[n];
      coverPairs[2 * p + 1] = node.cols.eni[n];
      p++;
    }
  }
  coverFrom[addresses.size] = p;
  return { coverFrom, coverPairs };
}

/** Each ENI's policy and whether its groups accept all, shared by the ENIs of one set of groups and ACL. */
export function eniPolicies(inv: Inventory, eniVswitch: Int32Array): (eni: number) => { policy: EniPolicy; acceptAll: boolean } {
  const index = policyIndex(inv);
  const groupIndex = new Map(inv.securityGroups.map((g, k) => [g.id, k]));
  const aclIndex = new Map(inv.networkAcls.map((a, k) => [a.id, k]));
  const vswitchAcl = Int32Array.from(inv.vswitches, (v) => (v.aclId ? (aclIndex.get(v.aclId) ?? -2) : -1));
  // (ACL, up to four groups) as numbers -> the policy; more groups than that by text.
  const byNumbers = new TupleTable(5, 1 << 8),
    list: { policy: EniPolicy; acceptAll: boolean }[] = [];
  const byText = new Map<string, number>();
  // Filled, not `new Array(n)`: past 100 k elements that is a dictionary, not an array.
  const byEni: ({ policy: EniPolicy; acceptAll: boolean } | null)[] = Array.from({ length: inv.enis.length }, () => null);
  return (e) => {
    const known = byEni[e];
    if (known) return known;
    const eni = inv.enis[e],
      groups = eni.securityGroupIds,
      k = byNumbers.key;
    let at: number;
    if (groups.length <= 4) {
      k[0] = eniVswitch[e] < 0 ? -3 : vswitchAcl[eniVswitch[e]];
      for (let g = 0; g < 4; g++) k[g + 1] = g < groups.length ? (groupIndex.get(groups[g]) ?? -2) : -1;
      at = byNumbers.getOrAdd(list.length);
    } else {
      const text = `${index.vswitches.get(eni.vswitchId)?.aclId ?? ""}\u0000${groups.join("\u0000")}`;
      at = byText.get(text) ?? -1;
      if (at < 0) byText.set(text, list.length);
    }
    if (at < 0) {
      const policy = eniPolicy(inv, eni, index);
      list.push({ policy, acceptAll: groupsAcceptAll(policy) });
      at = list.length - 1;
    }
    return (byEni[e] = list[at]);
  };
}

/** Each ENI's VSwitch and VPC, as indices (an ENI's identity fields are theirs). */
export function eniPlaces(inv: Inventory): { eniVswitch: Int32Array; eniVpc: Int32Array } {
  const vsw = new Map(inv.vswitches.map((v, k) => [v.id, k])),
    vpc = new Map(inv.vpcs.map((v, k) => [v.id, k]));
  const eniVswitch = new Int32Array(inv.enis.length),
    eniVpc = new Int32Array(inv.enis.length);
  inv.enis.forEach((e, k) => {
    eniVswitch[k] = vsw.get(e.vswitchId) ?? -1;
    eniVpc[k] = eniVswitch[k] < 0 ? -1 : (vpc.get(inv.vswitches[eniVswitch[k]].vpcId) ?? -1);
  });
  return { eniVswitch, eniVpc };
}
