// The record builder as it was before docs/history.md #11 (object per flow, string keys), kept only
// as the oracle of the differential test: the typed pipeline must give the same records.
// From aggregated flows to the records the clouds write (docs/rules.md §3, docs/history.md #4): one record
// per (flow log, ENI, direction, five-tuple, action) per window of the flow log.
//
// - Each flow is offered to the covered ENIs of every Active flow log: the ENI holding the
//   source address gets an `out` record, the one holding the destination an `in` record.
//   A flow that reaches no covered ENI is counted as unattributed, by address pair.
// - DHCP (UDP 67<->68) and link-local metadata traffic (169.254.0.0/16, 100.100.100.200)
//   are not recorded, as in the clouds; both are settings, and both are counted.
// - Security groups and ACLs decide the action (security.ts), over time: flows are taken
//   in order of their first packet, so an answer sees the connection it answers.
// - Traffic type All/Allow/Drop keeps all, ACCEPT or REJECT records; at most
//   maxRecordsPerEniWindow records per ENI and window, then one SKIPDATA record; every
//   covered ENI with no record in a window of the imported span gets a NODATA record.

import type { FlowLog } from "../../src/model/flow-log";
import { coverageIndex } from "../../src/model/flow-log";
import type { Eni, Inventory } from "../../src/model/inventory";
import type { FlowInput, FlowLogEntry, RecordOptions, RecordResult } from "../../src/model/records";
import { decide, type EniPolicy, eniPolicy, policyIndex } from "../../src/model/security";

const NONE: never[] = [];
const isMetadata = (a: string) => a === "100.100.100.200" || a.startsWith("169.254.");
const isDhcp = (f: FlowInput) => f.protocol === 17 && ((f.srcport === 67 && f.dstport === 68) || (f.srcport === 68 && f.dstport === 67));

/** The ports of a connection as both directions share them: ICMP echo reply maps to request. */
function connectionPorts(f: FlowInput): [number, number] {
  if (f.protocol === 1 && (f.dstport === 0 || f.dstport === 0x0800)) return [f.srcport, 0x0800];
  if (f.protocol === 58 && (f.dstport === 0x8000 || f.dstport === 0x8100)) return [f.srcport, 0x8000];
  return [f.srcport, f.dstport];
}

/**
 * Identifies the connection seen from the ENI (local end, remote end, protocol), so that a
 * packet and its answer give the same key. TCP, UDP and SCTP ports swap between the two
 * directions; ICMP echo keeps the identifier as srcport both ways and answers type 8 with
 * type 0 (ICMPv6 128 with 129), so its key is (identifier, request type).
 */
function connectionKey(f: FlowInput, direction: "in" | "out"): string {
  const local = direction === "out" ? f.srcaddr : f.dstaddr;
  const remote = direction === "out" ? f.dstaddr : f.srcaddr;
  if (f.protocol === 1 || f.protocol === 58) {
    const [id, type] = connectionPorts(f);
    return `${local}|${remote}|${f.protocol}|${id}|${type}`;
  }
  const [lp, rp] = direction === "out" ? [f.srcport, f.dstport] : [f.dstport, f.srcport];
  return `${local}|${lp}|${remote}|${rp}|${f.protocol}`;
}

export function buildRecords(flows: FlowInput[], flowLogs: FlowLog[], inv: Inventory, o: RecordOptions = {}): RecordResult {
  const excluded = { dhcp: 0, metadata: 0 };
  const kept = flows
    .filter((f) => {
      if ((o.excludeDhcp ?? true) && isDhcp(f)) {
        excluded.dhcp += f.packets;
        return false;
      }
      if ((o.excludeMetadata ?? true) && (isMetadata(f.srcaddr) || isMetadata(f.dstaddr))) {
        excluded.metadata += f.packets;
        return false;
      }
      return true;
    })
    .sort((a, b) => a.startUs - b.startUs);

  const active = flowLogs.filter((f) => f.status === "Active" && f.resourceType !== "CCN");
  const covered = coverageIndex(inv);
  const coverage = active.map((fl) => ({ fl, enis: covered(fl) }));
  // Address -> the flow logs that cover an ENI holding it (ascending), with that ENI.
  const coveredAt = new Map<string, { c: number; eni: Eni }[]>();
  coverage.forEach(({ enis }, c) => {
    const byIp = new Map<string, Eni>();
    for (const e of enis) for (const ip of e.ips) byIp.set(ip, e); // the last ENI with an address wins, as before
    for (const [ip, eni] of byIp) {
      let list = coveredAt.get(ip);
      if (!list) coveredAt.set(ip, (list = []));
      list.push({ c, eni });
    }
  });

  // Decisions are the ENI's, whichever flow log records them: judged once per flow and side.
  // The cache lives for one flow (a VPC and a VSwitch flow log over one ENI share it): a
  // string-keyed Map over every flow and side was a quarter of the time (profiled).
  // Per ENI (by the object: an identity lookup, no string hash), its policy and the
  // connections its groups accepted, by direction (bit 1: in, 2: out).
  const index = policyIndex(inv);
  const perEni = new Map<Eni, { policy: EniPolicy; accepted: Map<string, number> }>();
  let cachedFor = -1;
  const cache: { eni: Eni; direction: "in" | "out"; decision: ReturnType<typeof decide>["decision"] }[] = [];
  const judge = (eni: Eni, f: FlowInput, i: number, direction: "in" | "out") => {
    if (cachedFor !== i) {
      cachedFor = i;
      cache.length = 0;
    }
    for (let k = 0; k < cache.length; k++) if (cache[k].eni === eni && cache[k].direction === direction) return cache[k].decision;
    let own = perEni.get(eni);
    if (!own) {
      own = { policy: eniPolicy(inv, eni, index), accepted: new Map() };
      perEni.set(eni, own);
    }
    const policy = own.policy,
      state = own.accepted;
    const conn = connectionKey(f, direction);
    const peer = direction === "in" ? f.srcaddr : f.dstaddr;
    const seen = state.get(conn) ?? 0;
    const r = decide(policy, { direction, protocol: f.protocol, port: f.dstport, peer }, (seen & (direction === "in" ? 2 : 1)) !== 0);
    if (r.groupsAccepted) state.set(conn, seen | (direction === "in" ? 1 : 2));
    cache.push({ eni, direction, decision: r.decision });
    return r.decision;
  };

  const vswById = new Map(inv.vswitches.map((v) => [v.id, v]));
  const vpcById = new Map(inv.vpcs.map((v) => [v.id, v]));
  const identityOf = (fl: FlowLog, eni: Eni, window: number) => identity(fl, eni, vswById, vpcById, window);
  // Records found by their flow's five-tuple (interned once per flow), then among the few
  // of that tuple by flow log, ENI, direction, window and action: a key string per side
  // and a Map of 400 k of them were most of the time (profiled).
  const tupleIds = new Map<string, number>();
  const byTuple: FlowLogEntry[][] = [];
  // Records by flow log, ENI and window, in the order their first record came.
  interface Group {
    list: FlowLogEntry[];
    windowSeconds: number;
  }
  const groupIndex = new Map<string, Map<string, Map<number, Group>>>();
  const groupOrder: Group[] = [];
  const groupOf = (flId: string, eniId: string, window: number, windowSeconds: number, create: boolean): Group | undefined => {
    let byEni = groupIndex.get(flId);
    if (!byEni) {
      if (!create) return undefined;
      groupIndex.set(flId, (byEni = new Map()));
    }
    let byWindow = byEni.get(eniId);
    if (!byWindow) {
      if (!create) return undefined;
      byEni.set(eniId, (byWindow = new Map()));
    }
    let g = byWindow.get(window);
    if (!g && create) {
      g = { list: [], windowSeconds };
      byWindow.set(window, g);
      groupOrder.push(g);
    }
    return g;
  };
  const unattributed = new Map<string, { srcaddr: string; dstaddr: string; packets: number; bytes: number }>();
  // One side of a flow at one flow log: merged into its record of the flow log's window.
  const record = (fl: FlowLog, eni: Eni, f: FlowInput, i: number, direction: "in" | "out", tuple: number) => {
    const d = judge(eni, f, i, direction);
    if ((fl.trafficType === "Allow" && d.action !== "ACCEPT") || (fl.trafficType === "Drop" && d.action !== "REJECT")) return;
    const window = f.window - (f.window % fl.windowSeconds);
    const same = byTuple[tuple];
    let e: FlowLogEntry | undefined;
    for (let k = 0; k < same.length; k++) {
      const x = same[k];
      if (
        x.flowLogId === fl.id &&
        x["interface-id"] === eni.id &&
        x.direction === direction &&
        x.window === window &&
        x.action === d.action
      ) {
        e = x;
        break;
      }
    }
    const start = Math.floor(f.startUs / 1e6),
      end = Math.floor(f.endUs / 1e6);
    if (e) {
      e.packets! += f.packets;
      e.bytes! += f.bytes;
      e["tcp-flags"]! |= f.tcpFlags;
      e.start = Math.min(e.start, start);
      e.end = Math.max(e.end, end);
    } else {
      // One literal (a spread of the identity here cost ~40 µs a record: measured).
      const id = identityOf(fl, eni, window);
      const r: FlowLogEntry = {
        flowLogId: id.flowLogId,
        window,
        version: id.version,
        "account-id": id["account-id"],
        "interface-id": id["interface-id"],
        "vpc-id": id["vpc-id"],
        "subnet-id": id["subnet-id"],
        "instance-id": id["instance-id"],
        srcaddr: f.srcaddr,
        dstaddr: f.dstaddr,
        srcport: f.srcport,
        dstport: f.dstport,
        protocol: f.protocol,
        direction,
        packets: f.packets,
        bytes: f.bytes,
        start,
        end,
        action: d.action,
        "log-status": "OK",
        "tcp-flags": f.tcpFlags,
        "rule-id": d.action === "REJECT" ? d.ruleId : null,
      };
      same.push(r);
      groupOf(fl.id, eni.id, window, fl.windowSeconds, true)!.list.push(r);
    }
  };
  for (let i = 0; i < kept.length; i++) {
    const f = kept[i];
    const text = `${f.srcaddr}|${f.srcport}|${f.dstaddr}|${f.dstport}|${f.protocol}`;
    let tuple = tupleIds.get(text);
    if (tuple === undefined) {
      tuple = byTuple.length;
      tupleIds.set(text, tuple);
      byTuple.push([]);
    }
    // The flow logs covering either end, in flow-log order, the source's side first: two
    // lookups a flow, not two per flow log (256 proposed flow logs made that 88x the engine).
    const outs = coveredAt.get(f.srcaddr) ?? NONE,
      ins = coveredAt.get(f.dstaddr) ?? NONE;
    const attributed = outs.length > 0 || ins.length > 0;
    for (let a = 0, b = 0; a < outs.length || b < ins.length; ) {
      const c = Math.min(a < outs.length ? outs[a].c : Infinity, b < ins.length ? ins[b].c : Infinity);
      if (a < outs.length && outs[a].c === c) {
        record(coverage[c].fl, outs[a].eni, f, i, "out", tuple);
        a++;
      }
      if (b < ins.length && ins[b].c === c) {
        record(coverage[c].fl, ins[b].eni, f, i, "in", tuple);
        b++;
      }
    }
    if (!attributed) {
      const k = `${f.srcaddr}|${f.dstaddr}`;
      const u = unattributed.get(k) ?? { srcaddr: f.srcaddr, dstaddr: f.dstaddr, packets: 0, bytes: 0 };
      u.packets += f.packets;
      u.bytes += f.bytes;
      unattributed.set(k, u);
    }
  }

  // Per flow log, ENI and window: the record limit (SKIPDATA), then NODATA for idle windows.
  const limit = o.maxRecordsPerEniWindow ?? 100_000;
  const records: FlowLogEntry[] = [];
  for (const { list, windowSeconds } of groupOrder) {
    if (list.length <= limit) for (const r of list) records.push(r);
    else {
      for (let k = 0; k < limit; k++) records.push(list[k]);
      records.push({ ...empty(list[0], "SKIPDATA", windowSeconds), skipped: list.length - limit });
    }
  }
  const skips = new Map(
    records.filter((r) => r["log-status"] === "SKIPDATA").map((r) => [`${r.flowLogId}|${r["interface-id"]}|${r.window}`, r]),
  );
  for (const full of o.tableFull ?? []) {
    for (const { fl, enis } of coverage) {
      const w = full.window - (full.window % fl.windowSeconds);
      for (const eni of enis) {
        const k = `${fl.id}|${eni.id}|${w}`;
        const existing = skips.get(k);
        if (existing) existing.skipped = (existing.skipped ?? 0) + full.flows;
        else {
          const r = { ...empty({ ...identityOf(fl, eni, w) } as FlowLogEntry, "SKIPDATA", fl.windowSeconds), skipped: full.flows };
          records.push(r);
          skips.set(k, r);
        }
        groupOf(fl.id, eni.id, w, fl.windowSeconds, true); // data was lost here, so no NODATA
      }
    }
  }
  // The span is what was imported, excluded traffic included.
  let span = o.span ?? null;
  if (!span && flows.length) {
    span = { from: Infinity, to: -Infinity };
    for (const f of flows) {
      span.from = Math.min(span.from, Math.floor(f.startUs / 1e6));
      span.to = Math.max(span.to, Math.floor(f.endUs / 1e6));
    }
  }
  if (span) {
    for (const { fl, enis } of coverage) {
      const W = fl.windowSeconds;
      for (let w = span.from - (span.from % W); w <= span.to; w += W) {
        for (const eni of enis) {
          if (groupOf(fl.id, eni.id, w, W, false)) continue;
          records.push(empty({ ...identityOf(fl, eni, w) } as FlowLogEntry, "NODATA", W));
        }
      }
    }
  }
  return { records, unattributed: [...unattributed.values()], excluded };
}

function identity(
  fl: FlowLog,
  eni: Eni,
  vswById: Map<string, Inventory["vswitches"][number]>,
  vpcById: Map<string, Inventory["vpcs"][number]>,
  window: number,
) {
  const vsw = vswById.get(eni.vswitchId)!;
  const vpc = vpcById.get(vsw.vpcId)!;
  return {
    flowLogId: fl.id,
    window,
    version: fl.format === "alibaba" ? "1" : "2",
    "account-id": vpc.accountId,
    "interface-id": eni.id,
    "vpc-id": vpc.id,
    "subnet-id": vsw.id,
    "instance-id": eni.instanceId ?? null,
  };
}

/** A NODATA or SKIPDATA record: no addresses or counters; start and end are the window's. */
function empty(base: FlowLogEntry, status: "NODATA" | "SKIPDATA", windowSeconds: number): FlowLogEntry {
  const b = base;
  return {
    flowLogId: b.flowLogId,
    window: b.window,
    version: b.version,
    "account-id": b["account-id"],
    "interface-id": b["interface-id"],
    "vpc-id": b["vpc-id"],
    "subnet-id": b["subnet-id"],
    "instance-id": b["instance-id"],
    srcaddr: null,
    dstaddr: null,
    srcport: null,
    dstport: null,
    protocol: null,
    direction: null,
    packets: null,
    bytes: null,
    start: b.window,
    end: b.window + windowSeconds,
    action: null,
    "log-status": status,
    "tcp-flags": null,
    "rule-id": null,
  };
}
