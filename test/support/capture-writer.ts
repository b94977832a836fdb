// Writes pcap and pcapng files (either byte order, any timestamp resolution) for tests
// and benchmarks, following the same specifications the engine reads.
import { type Bytes, concatList } from "./packets";

export interface PacketRecord {
  us: number;
  data: Bytes;
  origlen?: number;
  caplen?: number;
}

class Writer {
  private parts: Bytes[] = [];
  constructor(private bigEndian: boolean) {}
  u8(v: number) {
    this.parts.push(new Uint8Array([v]));
    return this;
  }
  u16(v: number) {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, !this.bigEndian);
    this.parts.push(b);
    return this;
  }
  u32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, !this.bigEndian);
    this.parts.push(b);
    return this;
  }
  u64(v: bigint) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), !this.bigEndian);
    this.parts.push(b);
    return this;
  }
  bytes(b: Bytes) {
    this.parts.push(b);
    return this;
  }
  pad4(n: number) {
    if (n % 4) this.parts.push(new Uint8Array(4 - (n % 4)));
    return this;
  }
  done(): Bytes {
    return concatList(this.parts);
  }
}

export interface PcapOptions {
  linktype: number;
  nano?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
  modified?: boolean;
}

export function writePcap(o: PcapOptions, records: PacketRecord[]): Bytes {
  const w = new Writer(!!o.bigEndian);
  w.u32(o.modified ? 0xa1b2cd34 : o.nano ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(o.snaplen ?? 262144)
    .u32(o.linktype);
  for (const r of records) {
    const sec = Math.floor(r.us / 1e6);
    const frac = r.us - sec * 1e6;
    w.u32(sec)
      .u32(o.nano ? frac * 1000 : frac)
      .u32(r.caplen ?? r.data.length)
      .u32(r.origlen ?? r.data.length);
    if (o.modified) w.u32(2).u16(0x0800).u8(0).u8(0); // ifindex, protocol, packet type, pad
    w.bytes(r.data);
  }
  return w.done();
}

export interface PcapngInterface {
  linktype: number;
  snaplen?: number;
  tsresol?: number;
  tsoffset?: bigint;
}

export type PcapngBlock =
  | { type: "epb"; iface: number; us?: number; ticks?: bigint; data: Bytes; origlen?: number }
  | { type: "spb"; data: Bytes; origlen?: number }
  | { type: "opb"; iface: number; us: number; data: Bytes; origlen?: number }
  | { type: "raw"; blockType: number; body: Bytes };

export interface PcapngSection {
  bigEndian?: boolean;
  interfaces: PcapngInterface[];
  blocks: PcapngBlock[];
}

/** Ticks of an interface's resolution for a time in microseconds. */
export function ticksFor(iface: PcapngInterface, us: number): bigint {
  const res = iface.tsresol ?? 6;
  const t = BigInt(us) - (iface.tsoffset ?? 0n) * 1000000n;
  // Rounded up, so that the engine's floor on the way back gives the same microsecond.
  if (res & 0x80) return ((t << BigInt(res & 0x7f)) + 999999n) / 1000000n;
  return res >= 6 ? t * 10n ** BigInt(res - 6) : t / 10n ** BigInt(6 - res);
}

function block(bigEndian: boolean, type: number, body: Bytes): Bytes {
  const len = 12 + body.length + ((4 - (body.length % 4)) % 4);
  return new Writer(bigEndian).u32(type).u32(len).bytes(body).pad4(body.length).u32(len).done();
}

export function writePcapng(sections: PcapngSection[]): Bytes {
  const out: Bytes[] = [];
  for (const s of sections) {
    const be = !!s.bigEndian;
    out.push(block(be, 0x0a0d0d0a, new Writer(be).u32(0x1a2b3c4d).u16(1).u16(0).u64(-1n).done()));
    for (const i of s.interfaces) {
      const w = new Writer(be)
        .u16(i.linktype)
        .u16(0)
        .u32(i.snaplen ?? 262144);
      if (i.tsresol !== undefined) w.u16(9).u16(1).u8(i.tsresol).u8(0).u16(0);
      if (i.tsoffset !== undefined) w.u16(14).u16(8).u64(i.tsoffset);
      if (i.tsresol !== undefined || i.tsoffset !== undefined) w.u16(0).u16(0);
      out.push(block(be, 1, w.done()));
    }
    for (const b of s.blocks) {
      if (b.type === "epb") {
        const t = b.ticks ?? ticksFor(s.interfaces[b.iface] ?? { linktype: 1 }, b.us ?? 0);
        out.push(
          block(
            be,
            6,
            new Writer(be)
              .u32(b.iface)
              .u32(Number(t >> 32n))
              .u32(Number(t & 0xffffffffn))
              .u32(b.data.length)
              .u32(b.origlen ?? b.data.length)
              .bytes(b.data)
              .done(),
          ),
        );
      } else if (b.type === "spb") {
        out.push(
          block(
            be,
            3,
            new Writer(be)
              .u32(b.origlen ?? b.data.length)
              .bytes(b.data)
              .done(),
          ),
        );
      } else if (b.type === "opb") {
        const t = ticksFor(s.interfaces[b.iface], b.us);
        out.push(
          block(
            be,
            2,
            new Writer(be)
              .u16(b.iface)
              .u16(0)
              .u32(Number(t >> 32n))
              .u32(Number(t & 0xffffffffn))
              .u32(b.data.length)
              .u32(b.origlen ?? b.data.length)
              .bytes(b.data)
              .done(),
          ),
        );
      } else {
        out.push(block(be, b.blockType, b.body));
      }
    }
  }
  return concatList(out);
}
