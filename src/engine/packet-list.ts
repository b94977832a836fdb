// A record's packets (Zui's "Packets"): the engine in filter mode (assembly/packet-filter.ts)
// lists the packets of one flow in a time range, and its replies if asked, as compact
// MATCH_SIZE entries in file order. The list is kept as those bytes: no object per packet.
import { parseIp } from "../model/cidr";
import * as L from "./wasm/layout";

/** The flow whose packets are wanted, as its record names it, and the time they lie in. */
export interface PacketRequest {
  srcaddr: string;
  dstaddr: string;
  srcport: number;
  dstport: number;
  protocol: number;
  /** [fromUs, toUs): Unix microseconds. */
  fromUs: number;
  toUs: number;
  /** The other direction too (the connection's replies), as Wireshark's "Conversation filter". */
  replies?: boolean;
}

/** Packets of one capture file: `count` MATCH_SIZE entries in `entries`; `total` counts those past the limit too. */
export interface PacketList {
  entries: Uint8Array;
  count: number;
  total: number;
}

/** A packet of a list, read from its entry. */
export interface Packet {
  us: number;
  offset: number;
  caplen: number;
  origlen: number;
  dataAt: number;
  flags: number;
  interface: number;
  reply: boolean;
  linktype: number;
}

export function packetAt(list: PacketList, i: number): Packet {
  const v = new DataView(list.entries.buffer, list.entries.byteOffset + i * L.MATCH_SIZE, L.MATCH_SIZE);
  const iface = v.getUint16(L.M_INTERFACE, true);
  return {
    us: v.getFloat64(L.M_US, true),
    offset: v.getFloat64(L.M_OFFSET, true),
    caplen: v.getUint32(L.M_CAPLEN, true),
    origlen: v.getUint32(L.M_ORIGLEN, true),
    dataAt: v.getUint16(L.M_DATA_AT, true),
    flags: v.getUint16(L.M_FLAGS, true),
    interface: iface & ~L.M_REPLY,
    reply: (iface & L.M_REPLY) !== 0,
    linktype: v.getUint16(L.M_LINKTYPE, true),
  };
}

function putAddress(key: Uint8Array, at: number, family: 4 | 6, value: bigint): void {
  const v = family === 4 ? value | 0xffff00000000n : value;
  for (let i = 15; i >= 0; i--) key[at + 15 - i] = Number((v >> BigInt(8 * i)) & 0xffn);
}

/** The engine's two (want, mask) key pairs for a request (layout.ts, "Filter mode"); null if an address does not parse. */
export function filterPairs(r: PacketRequest): Uint8Array | null {
  const src = parseIp(r.srcaddr),
    dst = parseIp(r.dstaddr);
  if (!src || !dst || src.family !== dst.family) return null;
  const pairs = new Uint8Array(4 * 48);
  const pair = (at: number, a: typeof src, b: typeof src, sport: number, dport: number | null) => {
    const want = pairs.subarray(at, at + 48),
      mask = pairs.subarray(at + 48, at + 96);
    putAddress(want, 0, a.family, a.value);
    putAddress(want, 16, b.family, b.value);
    mask.fill(0xff, 0, 32);
    want[36] = sport & 0xff;
    want[37] = sport >> 8;
    mask.fill(0xff, 36, 38);
    if (dport !== null) {
      want[38] = dport & 0xff;
      want[39] = dport >> 8;
      mask.fill(0xff, 38, 40);
    }
    want[40] = r.protocol;
    want[41] = a.family;
    mask.fill(0xff, 40, 42);
  };
  pair(0, src, dst, r.srcport, r.dstport);
  // An ICMP reply keeps the echo identifier (the key's source port) and has its own type and code.
  const icmp = r.protocol === 1 || r.protocol === 58;
  if (r.replies) pair(L.FILTER_PAIR, dst, src, icmp ? r.srcport : r.dstport, icmp ? null : r.srcport);
  else pairs[L.FILTER_PAIR] = 1; // want 1 under an all-zero mask: never matches
  return pairs;
}

/** Gathers the engine's match batches into one list of at most `limit` entries. */
export class PacketCollector {
  private parts: Uint8Array[] = [];
  private listed = 0;
  total = 0;

  constructor(private limit: number) {}

  add(matches: Uint8Array): void {
    const n = matches.length / L.MATCH_SIZE;
    this.total += n;
    const room = Math.min(n, this.limit - this.listed);
    if (room <= 0) return;
    this.parts.push(room === n ? matches : matches.slice(0, room * L.MATCH_SIZE));
    this.listed += room;
  }

  list(): PacketList {
    const entries = new Uint8Array(this.listed * L.MATCH_SIZE);
    let at = 0;
    for (const p of this.parts) {
      entries.set(p, at);
      at += p.length;
    }
    return { entries, count: this.listed, total: this.total };
  }
}
