// CCN cross-region flow logs (docs/rules.md §3, §5; the Tencent CCN seed): records of traffic
// between VPCs attached to a CCN in different regions, per five-tuple and 60-s window,
// with the source and destination regions. Bytes beyond the region pair's bandwidth
// limit in a window are REJECT: the flow that crosses the limit is split, what fits is
// ACCEPT and the rest REJECT (packets shared in proportion, at least one each side).
import { type Cidr, ipInCidr, parseCidr } from "./cidr";
import type { FlowColumns } from "./flow-columns";
import type { FlowLog } from "./flow-log";
import type { Inventory } from "./inventory";
import type { FlowLogEntry } from "./records";

export interface CcnEntry {
  flowLogId: string;
  window: number;
  version: string;
  ccnid: string;
  "region-id": string;
  srcregionid: string;
  dstregionid: string;
  srcaddr: string;
  dstaddr: string;
  srcport: number | null;
  dstport: number | null;
  protocol: number;
  packets: number;
  bytes: number;
  start: number;
  end: number;
  action: "ACCEPT" | "REJECT";
  "log-status": "OK";
}

/**
 * The CCN flow log's records of the flows: each address's region found once (by address id), the cross-region
 * flows taken in start order.
 */
export function buildCcnRecords(flows: FlowColumns, fl: FlowLog, inv: Inventory): CcnEntry[] {
  const ccn = inv.ccns.find((c) => c.id === fl.resourceId);
  if (!ccn || fl.status !== "Active") return [];
  const vpcs = inv.vpcs
    .filter((v) => ccn.vpcIds.includes(v.id))
    .map((v) => ({ region: v.regionId, cidrs: [...v.cidrs, ...v.ipv6Cidrs].map(parseCidr).filter((c): c is Cidr => !!c) }));
  const texts = flows.addresses.texts;
  // Per address id: undefined until looked up, null outside every attached VPC.
  const regions: (string | null | undefined)[] = new Array(texts.length);
  const regionOf = (id: number) =>
    regions[id] === undefined ? (regions[id] = vpcs.find((v) => v.cidrs.some((c) => ipInCidr(texts[id], c)))?.region ?? null) : regions[id];
  const c = flows.cols;
  const crossing: number[] = [];
  for (let i = 0; i < flows.count; i++) {
    const src = regionOf(c.src[i]),
      dst = regionOf(c.dst[i]);
    if (src && dst && src !== dst) crossing.push(i);
  }
  crossing.sort((a, b) => c.startUs[a] - c.startUs[b]);
  const limitBytes = (from: string, to: string) => {
    const l = ccn.bandwidthLimits.find((b) => b.fromRegion === from && b.toRegion === to);
    return l ? ((l.mbps * 1e6) / 8) * fl.windowSeconds : Infinity;
  };
  const used = new Map<string, number>();
  const merged = new Map<string, CcnEntry>();
  const add = (e: CcnEntry) => {
    const key = [e.window, e.srcaddr, e.srcport, e.dstaddr, e.dstport, e.protocol, e.action].join("|");
    const x = merged.get(key);
    if (!x) {
      merged.set(key, e);
      return;
    }
    x.packets += e.packets;
    x.bytes += e.bytes;
    x.start = Math.min(x.start, e.start);
    x.end = Math.max(x.end, e.end);
  };
  for (const i of crossing) {
    const f = flows.flow(i),
      src = regions[c.src[i]]!,
      dst = regions[c.dst[i]]!;
    const window = f.window - (f.window % fl.windowSeconds);
    const pair = `${window}|${src}|${dst}`;
    const before = used.get(pair) ?? 0;
    const room = Math.max(0, limitBytes(src, dst) - before);
    used.set(pair, before + f.bytes);
    const portful = f.protocol === 6 || f.protocol === 17;
    const base = {
      flowLogId: fl.id,
      window,
      version: "2",
      ccnid: ccn.id,
      "region-id": fl.regionId,
      srcregionid: src,
      dstregionid: dst,
      srcaddr: f.srcaddr,
      dstaddr: f.dstaddr,
      srcport: portful ? f.srcport : null,
      dstport: portful ? f.dstport : null,
      protocol: f.protocol,
      start: Math.floor(f.startUs / 1e6),
      end: Math.floor(f.endUs / 1e6),
      "log-status": "OK" as const,
    };
    // Packets are not split: a flow that crosses the limit keeps at least one packet on
    // each side, and a single packet that does not fit whole is rejected whole.
    let fits = Math.min(room, f.bytes);
    let fitPackets = f.packets;
    if (fits < f.bytes) {
      if (f.packets < 2) {
        fits = 0;
        fitPackets = 0;
      } else fitPackets = Math.min(f.packets - 1, Math.max(1, Math.round((f.packets * fits) / f.bytes)));
      if (fits === 0) fitPackets = 0;
    }
    if (fits > 0) add({ ...base, packets: fitPackets, bytes: fits, action: "ACCEPT" });
    if (fits < f.bytes) add({ ...base, packets: f.packets - fitPackets, bytes: f.bytes - fits, action: "REJECT" });
  }
  return [...merged.values()];
}

/** A CCN record as the logstore keeps it: a flow-log entry with the CCN fields, no ENI, VPC or direction. */
export function ccnLogEntry(e: CcnEntry): FlowLogEntry {
  return {
    flowLogId: e.flowLogId,
    window: e.window,
    version: e.version,
    "account-id": "",
    "interface-id": "",
    "vpc-id": "",
    "subnet-id": "",
    "instance-id": null,
    srcaddr: e.srcaddr,
    dstaddr: e.dstaddr,
    srcport: e.srcport,
    dstport: e.dstport,
    protocol: e.protocol,
    direction: null,
    packets: e.packets,
    bytes: e.bytes,
    start: e.start,
    end: e.end,
    action: e.action,
    "log-status": e["log-status"],
    "tcp-flags": null,
    "rule-id": null,
    ccnid: e.ccnid,
    "region-id": e["region-id"],
    srcregionid: e.srcregionid,
    dstregionid: e.dstregionid,
  };
}
