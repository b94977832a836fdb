// The built-in analyses (issue #5): each a function of (logstore, time range, search)
// that returns a small table in one pass over the matching records' columns. Every row
// carries the search that shows its records.
import { SCAN_THRESHOLD } from "../model/analysis-defaults";
import { type Cidr, cidrTester, parseCidr } from "../model/cidr";
import type { ChunkSource, TimeRange } from "../storage/logstore";
import type { ChunkColumns } from "../storage/record-columns";
import { scanMatches } from "./execute";
import { addressKey, HeavyHitters, kthLargest, pairKey } from "./heavy-hitters";
import type { Query } from "./parse";

export interface AnalysisOptions {
  top?: number;
  bucketSeconds?: number;
  /** Address blocks that count as inside (admin ports from outside); default the private ranges. */
  insideCidrs?: string[];
  /** Addresses and blocks of a threat list (plain text or CSV, one per line, first column). */
  threatList?: string[];
  /** A source reaching at least this many destinations or ports in a window is a scan. */
  scanDestinations?: number;
  scanPorts?: number;
  /** traffic-with: the address. */
  address?: string;
  /** rare-protocols: protocols in fewer than this share of records. */
  rareShare?: number;
  /** Stops the analysis between two chunks (SearchCancelled). */
  signal?: AbortSignal;
}

export type Row = Record<string, string | number> & { search: string };
/** `approximate`: more distinct keys than the bounded tallies hold (counts are upper bounds). */
export interface AnalysisResult {
  name: string;
  rows: Row[];
  approximate: boolean;
}

const ADMIN_PORTS: Record<number, string> = {
  22: "SSH",
  23: "Telnet",
  3389: "RDP",
  5900: "VNC",
  5985: "WinRM",
  5986: "WinRM (TLS)",
  2375: "Docker",
  6443: "Kubernetes API",
};
const NO_RULE = "(no rule recorded)";
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

export const ANALYSES: Record<string, string> = {
  "traffic-over-time": "bytes, packets and records per time bucket, by action",
  "top-talkers": "sources, destinations and pairs with the most bytes",
  "top-ports": "destination ports with the most bytes",
  protocols: "bytes and records per protocol",
  "per-eni": "totals per ENI, inbound and outbound",
  "in-out": "inbound against outbound volume",
  rejected: "top rejected sources and ports, and the rules that decided, with hit counts",
  "admin-ports-from-outside": "SSH, RDP and other management ports reached from outside",
  "ip-versions": "IPv4 against IPv6 volume",
  "traffic-with": "traffic to or from one address (--address)",
  scans: "sources reaching many destinations or ports in one window",
  "threat-list": "traffic with any address on an imported threat list",
  "rare-protocols": "protocols rarely seen in this logstore",
};

const q = (s: string) => JSON.stringify(s);
/** What per-eni and in-out call the direction of a record whose log has none (AWS v2, Tencent). */
const UNKNOWN_DIRECTION = "unknown";
const directionSearch = (dir: string) => (dir === UNKNOWN_DIRECTION ? "not direction: *" : `direction: ${dir}`);
const and = (base: string, extra: string) => (base.trim() ? `(${base}) and ${extra}` : extra);

/**
 * Totals per key in bounded memory. Exact while it holds at most `capacity` keys; past
 * that, when it reaches twice that, it keeps the `capacity` heaviest and remembers the
 * heaviest weight it dropped: a key that arrives later starts from that weight, so every
 * count is an upper bound and the heavy keys keep their place (the Space-Saving idea,
 * pruned in batches so a key costs amortized O(log capacity)). Measured reason: exact
 * maps over 10 M distinct sources ran the process out of heap.
 */
class Tally {
  private m = new Map<string | number, { bytes: number; packets: number; records: number }>();
  private floor = 0;
  approximate = false;
  constructor(
    private capacity = 8192,
    private by: "bytes" | "records" = "bytes",
  ) {}
  /** Keys are numbers where they can be: no string is built for each record. */
  add(key: string | number, bytes: number, packets: number) {
    let x = this.m.get(key);
    if (!x) {
      if (this.m.size >= 2 * this.capacity) this.prune();
      x = { bytes: this.by === "bytes" ? this.floor : 0, packets: 0, records: this.by === "records" ? this.floor : 0 };
      this.m.set(key, x);
    }
    x.bytes += bytes;
    x.packets += packets;
    x.records++;
  }
  /** Keeps the `capacity` heaviest: the cut is found by quickselect (measured: sorting here cost ~45 s over 10 M distinct keys). */
  private prune() {
    const weights = Float64Array.from(this.m.values(), (v) => v[this.by]);
    const cut = kthLargest(weights, this.capacity); // the weight of the (capacity+1)-th heaviest
    let kept = 0;
    const next = new Map<string | number, { bytes: number; packets: number; records: number }>();
    for (const [k, v] of this.m)
      if (v[this.by] > cut && kept < this.capacity) {
        next.set(k, v);
        kept++;
      }
    for (const [k, v] of this.m)
      if (v[this.by] === cut && kept < this.capacity) {
        next.set(k, v);
        kept++;
      }
    this.floor = Math.max(this.floor, cut);
    this.m = next;
    this.approximate = true;
  }
  /** The n largest by `by`, then by the other measure, then by key. */
  top(n: number, by: "bytes" | "records" = this.by) {
    const other = by === "bytes" ? "records" : "bytes";
    return [...this.m.entries()].sort((a, b) => b[1][by] - a[1][by] || b[1][other] - a[1][other] || (a[0] < b[0] ? -1 : 1)).slice(0, n) as [
      string,
      { bytes: number; packets: number; records: number },
    ][];
  }
  entries() {
    return [...this.m.entries()] as [string, { bytes: number; packets: number; records: number }][];
  }
}

/** Distinct values up to a cap: enough to say "at least N" for scan detection. */
const SCAN_SET_CAP = 4096;
const SCAN_PAIRS_CAP = 200_000;

const text = (c: ChunkColumns, f: keyof ChunkColumns["text"], i: number) => c.dict[c.text[f][i]] ?? "";
const num = (x: number) => Math.max(x, 0);
const PROTOCOL_NAMES: Record<number, string> = { 1: "ICMP", 6: "TCP", 17: "UDP", 47: "GRE", 50: "ESP", 58: "ICMPv6", 132: "SCTP" };

export async function runAnalysis(
  ls: ChunkSource,
  project: string,
  logstore: string,
  name: string,
  query: Query,
  queryText: string,
  range: TimeRange,
  o: AnalysisOptions = {},
): Promise<AnalysisResult> {
  if (!Object.hasOwn(ANALYSES, name)) throw new Error(`unknown analysis ${name}; the analyses are ${Object.keys(ANALYSES).join(", ")}`);
  const top = o.top ?? 10;
  const byRecords = name === "rejected" || name === "admin-ports-from-outside" || name === "threat-list" || name === "rare-protocols";
  const t1 = new Tally(8192, byRecords ? "records" : "bytes"),
    t2 = new Tally(8192, byRecords ? "records" : "bytes"),
    t3 = new Tally(8192, name === "top-talkers" ? "bytes" : "records");
  let scanCapped = false;
  const inside = (o.insideCidrs ?? PRIVATE).map(parseCidr).filter((c): c is Cidr => !!c);
  const threats = (o.threatList ?? [])
    .map((x) => x.split(",")[0].trim())
    .filter(Boolean)
    .map((x) => parseCidr(x.includes("/") ? x : x.includes(":") ? `${x}/128` : `${x}/32`))
    .filter((c): c is Cidr => !!c);
  const bucket = o.bucketSeconds ?? 600;
  // window -> source -> what it reached: nested, so that no key string is built per record.
  const scanSeen = new Map<number, Map<string, { dst: Set<string>; ports: Set<number>; window: number; src: string }>>();
  let scanPairs = 0;
  let totalRecords = 0;
  // Address tests (inside? on the threat list?) decided once per dictionary entry of a
  // chunk, when first asked, with integer arithmetic for IPv4: parsing each record's
  // address with BigInt made admin-ports and threat-list take 35-38 s on 10 M records.
  const isInside = cidrTester(inside),
    isThreat = cidrTester(threats);
  let flagsFor: ChunkColumns | null = null;
  let insideCode = new Int8Array(0),
    threatCode = new Int8Array(0),
    keyCode = new Float64Array(0);
  const flags = (c: ChunkColumns) => {
    if (flagsFor === c) return;
    flagsFor = c;
    insideCode = new Int8Array(c.dict.length).fill(-1);
    threatCode = new Int8Array(c.dict.length).fill(-1);
    if (name === "top-talkers") keyCode = new Float64Array(c.dict.length).fill(-1);
  };
  // Top talkers: each address's numeric key, computed once per dictionary entry of a chunk.
  const h1 = new HeavyHitters(),
    h2 = new HeavyHitters(),
    h3 = new HeavyHitters();
  const keyAt = (c: ChunkColumns, code: number) => (keyCode[code] >= 0 ? keyCode[code] : (keyCode[code] = addressKey(c.dict[code])));
  const insideAt = (c: ChunkColumns, code: number) =>
    (insideCode[code] >= 0 ? insideCode[code] : (insideCode[code] = isInside(c.dict[code]) ? 1 : 0)) === 1;
  const threatAt = (c: ChunkColumns, code: number) =>
    code > 0 && (threatCode[code] >= 0 ? threatCode[code] : (threatCode[code] = isThreat(c.dict[code]) ? 1 : 0)) === 1;
  const usesText = !["traffic-over-time", "top-ports", "protocols", "rare-protocols", "per-eni", "in-out", "threat-list"].includes(name);
  await scanMatches(
    ls,
    project,
    logstore,
    query,
    range,
    (c, i) => {
      flags(c);
      totalRecords++;
      const bytes = num(c.f64.bytes[i]),
        packets = num(c.f64.packets[i]);
      // The addresses' text only for the analyses that use it (measured over 2 M records:
      // top-ports 0.36 -> 0.14 s, per-eni 0.47 -> 0.25 s).
      const src = usesText ? text(c, "srcaddr", i) : "",
        dst = usesText ? text(c, "dstaddr", i) : "";
      const action = c.action[i] === 2 ? "REJECT" : c.action[i] === 1 ? "ACCEPT" : "-";
      switch (name) {
        case "traffic-over-time": {
          const b = c.u32.start[i] - (c.u32.start[i] % bucket);
          t1.add(b * 4 + c.action[i], bytes, packets);
          break;
        }
        case "top-talkers":
          if (src) {
            const sk = keyAt(c, c.text.srcaddr[i]),
              dk = keyAt(c, c.text.dstaddr[i]);
            h1.add(sk, src, "", bytes, packets);
            h2.add(dk, dst, "", bytes, packets);
            h3.add(pairKey(sk, dk), src, dst, bytes, packets);
          }
          break;
        case "top-ports":
          if (c.f64.dstport[i] >= 0) t1.add(c.f64.dstport[i], bytes, packets);
          break;
        case "protocols":
        case "rare-protocols":
          if (c.f64.protocol[i] >= 0) t1.add(c.f64.protocol[i], bytes, packets);
          break;
        case "per-eni":
          (c.direction[i] === 1 ? t1 : c.direction[i] === 2 ? t2 : t3).add(text(c, "interface-id", i), bytes, packets);
          break;
        case "in-out":
          t1.add(c.direction[i] === 1 ? "in" : c.direction[i] === 2 ? "out" : UNKNOWN_DIRECTION, bytes, packets);
          break;
        case "rejected":
          if (action === "REJECT") {
            t1.add(src, bytes, packets);
            t2.add(String(c.f64.dstport[i]), bytes, packets);
            t3.add(text(c, "rule-id", i) || NO_RULE, bytes, packets);
          }
          break;
        case "admin-ports-from-outside": {
          const port = c.f64.dstport[i];
          if (c.direction[i] === 1 && ADMIN_PORTS[port] && src && !insideAt(c, c.text.srcaddr[i]))
            t1.add(`${src}|${port}|${action}`, bytes, packets);
          break;
        }
        case "ip-versions":
          if (src) t1.add(src.includes(":") ? "IPv6" : "IPv4", bytes, packets);
          break;
        case "traffic-with":
          if (src === o.address || dst === o.address)
            t1.add(`${src === o.address ? "from" : "to"}|${src === o.address ? dst : src}`, bytes, packets);
          break;
        case "scans": {
          if (!src) break;
          const w = c.u32.window[i];
          let perWindow = scanSeen.get(w);
          if (!perWindow) scanSeen.set(w, (perWindow = new Map()));
          let x = perWindow.get(src);
          if (!x) {
            if (scanPairs >= SCAN_PAIRS_CAP) {
              scanCapped = true;
              break;
            }
            x = { dst: new Set(), ports: new Set(), window: w, src };
            perWindow.set(src, x);
            scanPairs++;
          }
          if (x.dst.size < SCAN_SET_CAP) x.dst.add(dst);
          if (c.f64.dstport[i] >= 0 && x.ports.size < SCAN_SET_CAP) x.ports.add(c.f64.dstport[i]);
          break;
        }
        case "threat-list": {
          // Decided on the dictionary codes; the text is read for the (few) hits only.
          const s = threatAt(c, c.text.srcaddr[i]),
            d = threatAt(c, c.text.dstaddr[i]);
          if (s || d) {
            const sa = text(c, "srcaddr", i),
              da = text(c, "dstaddr", i);
            if (s) t1.add(`${sa}|${da}`, bytes, packets);
            if (d) t1.add(`${da}|${sa}`, bytes, packets);
          }
          break;
        }
      }
    },
    o.signal,
  );
  const rows: Row[] = [];
  const base = queryText;
  switch (name) {
    case "traffic-over-time":
      for (const [k, v] of t1.entries().sort((a, b) => Number(a[0]) - Number(b[0]))) {
        const b = Math.floor(Number(k) / 4),
          action = ["-", "ACCEPT", "REJECT"][Number(k) % 4];
        rows.push({
          bucket: b,
          action,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `start in [${b} ${b + bucket - 1}] and action: ${action}`),
        });
      }
      break;
    case "top-talkers":
      for (const v of h1.top(top))
        rows.push({
          kind: "source",
          address: v.a,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `srcaddr: ${q(v.a)}`),
        });
      for (const v of h2.top(top))
        rows.push({
          kind: "destination",
          address: v.a,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `dstaddr: ${q(v.a)}`),
        });
      for (const v of h3.top(top))
        rows.push({
          kind: "pair",
          address: `${v.a} > ${v.b}`,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `srcaddr: ${q(v.a)} and dstaddr: ${q(v.b)}`),
        });
      break;
    case "top-ports":
      for (const [k, v] of t1.top(top))
        rows.push({ dstport: Number(k), bytes: v.bytes, packets: v.packets, records: v.records, search: and(base, `dstport: ${k}`) });
      break;
    case "protocols":
      for (const [k, v] of t1.top(1000))
        rows.push({
          protocol: Number(k),
          name: PROTOCOL_NAMES[Number(k)] ?? "",
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `protocol: ${k}`),
        });
      break;
    case "rare-protocols": {
      const share = o.rareShare ?? 0.01;
      for (const [k, v] of t1.top(1000, "records").reverse())
        if (v.records / Math.max(1, totalRecords) < share)
          rows.push({
            protocol: Number(k),
            name: PROTOCOL_NAMES[Number(k)] ?? "",
            records: v.records,
            share: v.records / totalRecords,
            search: and(base, `protocol: ${k}`),
          });
      break;
    }
    case "per-eni": {
      // Logs without a direction field (AWS v2, Tencent) are totals per interface-id, their direction "unknown".
      const all = [
        ...t1.top(1000).map(([k, v]) => [k, "in", v] as const),
        ...t2.top(1000).map(([k, v]) => [k, "out", v] as const),
        ...t3.top(1000).map(([k, v]) => [k, UNKNOWN_DIRECTION, v] as const),
      ]
        .sort((a, b) => b[2].bytes - a[2].bytes || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
        .slice(0, 1000);
      for (const [eni, dir, v] of all)
        rows.push({
          eni,
          direction: dir,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, `interface-id: ${q(eni)} and ${directionSearch(dir)}`),
        });
      break;
    }
    case "in-out":
    case "ip-versions":
      for (const [k, v] of t1.top(10))
        rows.push({
          [name === "in-out" ? "direction" : "version"]: k,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(base, name === "in-out" ? directionSearch(k) : k === "IPv6" ? "srcaddr: ::/0" : "srcaddr: 0.0.0.0/0"),
        } as Row);
      break;
    case "rejected":
      // Rejected traffic ranks by hits (records), bytes breaking ties.
      for (const [k, v] of t1.top(top, "records"))
        rows.push({
          kind: "source",
          value: k,
          records: v.records,
          bytes: v.bytes,
          search: and(base, `action: REJECT and srcaddr: ${q(k)}`),
        });
      for (const [k, v] of t2.top(top, "records"))
        rows.push({ kind: "port", value: k, records: v.records, bytes: v.bytes, search: and(base, `action: REJECT and dstport: ${k}`) });
      for (const [k, v] of t3.top(top, "records"))
        rows.push({
          kind: "rule",
          value: k,
          records: v.records,
          bytes: v.bytes,
          search: and(base, k === NO_RULE ? "action: REJECT and not rule-id: *" : `action: REJECT and rule-id: ${q(k)}`),
        });
      break;
    case "admin-ports-from-outside":
      for (const [k, v] of t1.top(top, "records")) {
        const [s, port, action] = k.split("|");
        rows.push({
          srcaddr: s,
          dstport: Number(port),
          service: ADMIN_PORTS[Number(port)],
          action,
          records: v.records,
          bytes: v.bytes,
          search: and(base, `srcaddr: ${q(s)} and dstport: ${port} and direction: in`),
        });
      }
      break;
    case "traffic-with":
      for (const [k, v] of t1.top(top)) {
        const [dir, peer] = k.split("|");
        rows.push({
          direction: dir,
          peer,
          bytes: v.bytes,
          packets: v.packets,
          records: v.records,
          search: and(
            base,
            dir === "from" ? `srcaddr: ${q(o.address!)} and dstaddr: ${q(peer)}` : `dstaddr: ${q(o.address!)} and srcaddr: ${q(peer)}`,
          ),
        });
      }
      break;
    case "scans": {
      const minDst = o.scanDestinations ?? SCAN_THRESHOLD,
        minPorts = o.scanPorts ?? SCAN_THRESHOLD;
      const hits = [...scanSeen.values()]
        .flatMap((m) => [...m.values()])
        .filter((x) => x.dst.size >= minDst || x.ports.size >= minPorts)
        .sort((a, b) => b.dst.size + b.ports.size - a.dst.size - a.ports.size)
        .slice(0, top);
      for (const x of hits)
        rows.push({
          srcaddr: x.src,
          window: x.window,
          destinations: x.dst.size,
          ports: x.ports.size,
          search: and(base, `srcaddr: ${q(x.src)} and window: ${x.window}`),
        });
      break;
    }
    case "threat-list":
      for (const [k, v] of t1.top(top, "records")) {
        const [addr, peer] = k.split("|");
        rows.push({
          listed: addr,
          peer,
          records: v.records,
          bytes: v.bytes,
          search: and(base, `(srcaddr: ${q(addr)} or dstaddr: ${q(addr)})`),
        });
      }
      break;
  }
  return {
    name,
    rows,
    approximate: t1.approximate || t2.approximate || t3.approximate || h1.approximate || h2.approximate || h3.approximate || scanCapped,
  };
}
