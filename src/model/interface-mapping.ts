// Capture interfaces mapped to ENIs (docs/history.md #12): a capture taken on a host's NIC is that
// host's ENI's traffic whatever the addresses are. The host's address on an interface is the
// endpoint of the most flows seen on it (a NIC's own address is in every one of its flows);
// for the import, the mapped ENI also holds that address, so the records of those flows are
// the ENI's — in when the host receives, out when it sends. Nothing of it is stored in the
// network: the alias lives only for the import.
import type { FlowColumns } from "./flow-columns";
import type { Inventory } from "./inventory";

export interface InterfaceMapping {
  index: number;
  eniId: string;
}

/** The host address of each mapped interface that carried a flow: its text, by interface index. */
export function interfaceHosts(flows: FlowColumns, indices: number[]): Map<number, string> {
  const counts = new Map(indices.map((k) => [k, new Uint32Array(flows.addresses.size)]));
  const c = flows.cols;
  for (let i = 0; i < flows.count; i++) {
    const n = counts.get(c.iface[i]);
    if (n) {
      n[c.src[i]]++;
      n[c.dst[i]]++;
    }
  }
  const out = new Map<number, string>();
  for (const [k, n] of counts) {
    let best = -1;
    for (let a = 0; a < n.length; a++) if (n[a] && (best < 0 || n[a] > n[best])) best = a;
    if (best >= 0) out.set(k, flows.addresses.texts[best]);
  }
  return out;
}

/** The network for this import: each mapped ENI also holding its interface's host address (the mapping's ENIs must exist). */
export function withInterfaceAliases(inv: Inventory, mapping: InterfaceMapping[], hosts: Map<number, string>): Inventory {
  if (!mapping.length) return inv;
  const extra = new Map<string, string[]>();
  for (const m of mapping) {
    const host = hosts.get(m.index);
    if (host) extra.set(m.eniId, [...(extra.get(m.eniId) ?? []), host]);
  }
  return {
    ...inv,
    enis: inv.enis.map((e) => (extra.has(e.id) ? { ...e, ips: [...e.ips, ...extra.get(e.id)!.filter((ip) => !e.ips.includes(ip))] } : e)),
  };
}
