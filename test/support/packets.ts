// Packet builders for tests and benchmarks: real header layouts, checksums left zero
// (the engine never reads them; tshark is told not to check them).

export type Bytes = Uint8Array;

export function concat(...parts: Bytes[]): Bytes {
  return concatList(parts);
}

/** concat for long lists (a spread of 100,000 arguments overflows the stack). */
export function concatList(parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];

export function ipv4Bytes(a: string): number[] {
  return a.split(".").map(Number);
}

export function ipv6Bytes(a: string): number[] {
  const [head, tail = ""] = a.includes("::") ? a.split("::") : [a, undefined as unknown as string];
  const h = head ? head.split(":") : [];
  const t = a.includes("::") && tail ? tail.split(":") : [];
  const groups = a.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return groups.flatMap((g) => u16(parseInt(g, 16)));
}

export interface Ipv4Options {
  src: string;
  dst: string;
  protocol: number;
  id?: number;
  fragmentOffset?: number;
  moreFragments?: boolean;
  totalLength?: number;
  ttl?: number;
  options?: number[];
}

export function ipv4(o: Ipv4Options, payload: Bytes): Bytes {
  const opts = o.options ?? [];
  const ihl = 5 + opts.length / 4;
  const total = o.totalLength ?? ihl * 4 + payload.length;
  const flags = ((o.moreFragments ? 1 : 0) << 13) | ((o.fragmentOffset ?? 0) >> 3);
  return concat(
    new Uint8Array([
      0x40 | ihl,
      0,
      ...u16(total),
      ...u16(o.id ?? 0),
      ...u16(flags),
      o.ttl ?? 64,
      o.protocol,
      0,
      0,
      ...ipv4Bytes(o.src),
      ...ipv4Bytes(o.dst),
      ...opts,
    ]),
    payload,
  );
}

export interface Ipv6Options {
  src: string;
  dst: string;
  next: number;
  payloadLength?: number;
  extensions?: Bytes;
}

export function ipv6(o: Ipv6Options, payload: Bytes): Bytes {
  const ext = o.extensions ?? new Uint8Array(0);
  const plen = o.payloadLength ?? ext.length + payload.length;
  return concat(new Uint8Array([0x60, 0, 0, 0, ...u16(plen), o.next, 64, ...ipv6Bytes(o.src), ...ipv6Bytes(o.dst)]), ext, payload);
}

/** An IPv6 extension header of 8 bytes (hop-by-hop, destination options, routing). */
export function ipv6Extension(next: number): Bytes {
  return new Uint8Array([next, 0, 1, 4, 0, 0, 0, 0]);
}

export function ipv6Fragment(next: number, offset: number, more: boolean, id: number): Bytes {
  return new Uint8Array([next, 0, ...u16((offset & ~7) | (more ? 1 : 0)), ...u32(id)]);
}

export const TCP = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 };

export function tcp(sport: number, dport: number, flags: number, payloadLength = 0): Bytes {
  return concat(
    new Uint8Array([...u16(sport), ...u16(dport), 0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0xff, 0xff, 0, 0, 0, 0]),
    new Uint8Array(payloadLength),
  );
}

export function udp(sport: number, dport: number, payload: Bytes | number = 0): Bytes {
  const body = typeof payload === "number" ? new Uint8Array(payload) : payload;
  return concat(new Uint8Array([...u16(sport), ...u16(dport), ...u16(8 + body.length), 0, 0]), body);
}

export function sctp(sport: number, dport: number): Bytes {
  return new Uint8Array([...u16(sport), ...u16(dport), 0, 0, 0, 1, 0, 0, 0, 0]);
}

export function icmp(type: number, code: number, identifier = 0, sequence = 0, payloadLength = 8): Bytes {
  return concat(new Uint8Array([type, code, 0, 0, ...u16(identifier), ...u16(sequence)]), new Uint8Array(payloadLength));
}

export const ETH = { IPV4: 0x0800, IPV6: 0x86dd, ARP: 0x0806, VLAN: 0x8100, QINQ: 0x88a8, MPLS: 0x8847, PPPOE: 0x8864 };

export function ethernet(type: number, payload: Bytes, vlans: number[] = []): Bytes {
  const tags = vlans.flatMap((vid, i) => [...u16(i === 0 && vlans.length > 1 ? ETH.QINQ : ETH.VLAN), ...u16(vid)]);
  // With tags, the outer TPID sits where the type would be; each tag then names the next.
  const head = vlans.length ? [...tags.slice(0, 2)] : u16(type);
  const rest: number[] = [];
  for (let i = 0; i < vlans.length; i++) rest.push(...u16(vlans[i]), ...(i + 1 < vlans.length ? u16(ETH.VLAN) : u16(type)));
  return concat(new Uint8Array([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, ...head, ...rest]), payload);
}

export function mpls(labels: number[], payload: Bytes): Bytes {
  return concat(new Uint8Array(labels.flatMap((l, i) => u32(((l << 12) | (i === labels.length - 1 ? 0x100 : 0) | 64) >>> 0))), payload);
}

export function pppoe(pppProtocol: number, payload: Bytes): Bytes {
  return concat(new Uint8Array([0x11, 0, 0, 1, ...u16(payload.length + 2), ...u16(pppProtocol)]), payload);
}

export function vxlan(vni: number, innerFrame: Bytes): Bytes {
  return concat(new Uint8Array([0x08, 0, 0, 0, ...u32(vni << 8)]), innerFrame);
}

export function gre(protocolType: number, payload: Bytes, o: { key?: number; sequence?: number } = {}): Bytes {
  const flags = (o.key !== undefined ? 0x2000 : 0) | (o.sequence !== undefined ? 0x1000 : 0);
  return concat(
    new Uint8Array([
      ...u16(flags),
      ...u16(protocolType),
      ...(o.key !== undefined ? u32(o.key) : []),
      ...(o.sequence !== undefined ? u32(o.sequence) : []),
    ]),
    payload,
  );
}

/** ERSPAN type II header (8 bytes): version 1, VLAN 0, session id. */
export function erspan2(session: number, frame: Bytes): Bytes {
  return concat(new Uint8Array([0x10, 0, ...u16(session & 0x3ff), 0, 0, 0, 0]), frame);
}

/** ERSPAN type III header (12 bytes), optionally with the 8-byte platform subheader. */
export function erspan3(session: number, frame: Bytes, platform = false): Bytes {
  return concat(
    new Uint8Array([0x20, 0, ...u16(session & 0x3ff), 0, 0, 0, 0, 0, 0, 0, platform ? 1 : 0]),
    platform ? new Uint8Array(8) : new Uint8Array(0),
    frame,
  );
}

export function sll(protocol: number, payload: Bytes): Bytes {
  return concat(new Uint8Array([0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, ...u16(protocol)]), payload);
}

export function sll2(protocol: number, payload: Bytes): Bytes {
  return concat(new Uint8Array([...u16(protocol), 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0]), payload);
}

/** BSD loopback (NULL): the family in the capturing host's byte order (little-endian here). */
export function nullLoopback(family: number, payload: Bytes, bigEndian = false): Bytes {
  const f = bigEndian ? u32(family) : u32(family).reverse();
  return concat(new Uint8Array(f), payload);
}
