// The TypeScript twin of the WASM engine (assembly/container.ts and its callees): the
// reference in differential tests and the fallback where WASM cannot start. It keeps the
// same header slots, input region and statuses, so the driver cannot tell them apart.

import type { EngineCore } from "../core";
import * as L from "../wasm/layout";
import { ContentHash } from "./content-hash";
import { TwinDecoder } from "./decode";
import { ADMIT_LATE, type Emission, TwinFlowTable } from "./flow-table";

const SHB = 0x0a0d0d0a;
enum Format {
  Unknown,
  Pcap,
  Pcapng,
}
enum Phase {
  Start,
  Body,
  Trailer,
  Commit,
}

interface Interface {
  linktype: number;
  snaplen: number;
  binary: boolean;
  exp: number;
  tsoffset: number;
}

export function createTwinCore(): EngineCore {
  return new TwinCore();
}

class TwinCore implements EngineCore {
  readonly kind = "twin" as const;
  private h = new Float64Array(L.HEADER_SLOTS);
  private buf = new Uint8Array(L.INPUT_SIZE);
  // The bytes of the current feed(): a view of `buf` from the feed's offset.
  private cur = this.buf;
  private cv = new DataView(this.buf.buffer);
  private table = new TwinFlowTable();
  private dec = new TwinDecoder();
  private hash = new ContentHash();
  private emission: Emission | null = null;

  private format = Format.Unknown;
  private swapped = false;
  private pcapNano = false;
  private pcapRecordHeader = 16;
  private sawSection = false;
  private interfaces: Interface[] = [];
  private phase = Phase.Start;
  private inLen = 0;
  private pos = 0;
  private isFinal = false;
  private lastConsumed = 0;
  private baseOffset = 0;
  private recordOffset = 0;
  private bodyRemaining = 0;
  private trailerLength = 0;
  private hasPacket = false;
  private pUs = 0;
  private lastUs = 0;

  header(): Float64Array {
    return this.h;
  }
  input(): Uint8Array {
    return this.buf;
  } // the whole region: feed() says which part
  emitted(): Uint8Array {
    return this.emission ? this.emission.records : new Uint8Array(0);
  }

  configure(windowSeconds: number, flows: number): boolean {
    if (windowSeconds === 0 || windowSeconds > L.MAX_WINDOW_SECONDS || flows === 0 || flows >= 0xffffff) return false;
    this.h.fill(0);
    this.table.configure(windowSeconds, flows);
    this.h[L.H_WINDOW_SECONDS] = windowSeconds;
    this.h[L.H_CAPACITY] = flows;
    return true;
  }

  reset(): void {
    this.table.reset();
  }

  beginFile(): void {
    this.hash.begin();
    this.format = Format.Unknown;
    this.swapped = false;
    this.sawSection = false;
    this.interfaces = [];
    this.phase = Phase.Start;
    this.inLen = this.pos = this.lastConsumed = this.baseOffset = 0;
    this.isFinal = false;
    this.hasPacket = false;
    this.lastUs = 0;
    this.dec.clearFragments();
    for (const i of [L.H_CONSUMED, L.H_BASE_OFFSET, L.H_FORMAT, L.H_INTERFACE_COUNT, L.H_SECTIONS]) this.h[i] = 0;
    this.h.fill(0, L.H_PACKETS_READ, L.H_TUNNELS_OPENED + 1);
    this.h.fill(0, L.H_SKIP_BASE, L.H_SAMPLE_BASE + 3 * L.MAX_SAMPLES);
  }

  feed(offset: number, length: number, final: boolean, fresh = 0): void {
    if (fresh > 0) this.hash.update(this.buf, offset + length - fresh, fresh);
    if (final) this.h.set(this.hash.end(), L.H_DIGEST);
    this.cur = this.buf.subarray(offset, offset + length);
    this.cv = new DataView(this.buf.buffer, offset, length);
    this.baseOffset += this.lastConsumed;
    this.lastConsumed = 0;
    this.h[L.H_BASE_OFFSET] = this.baseOffset;
    this.inLen = length;
    this.pos = 0;
    this.isFinal = final;
  }

  private publish(e: Emission): number {
    this.emission = e;
    this.h[L.H_EMIT_WINDOW] = e.window;
    this.h[L.H_EMIT_PTR] = 0;
    this.h[L.H_EMIT_COUNT] = e.count;
    this.h[L.H_EMIT_SKIP_BITS] = e.skipBits;
    this.h[L.H_EMIT_SKIP_PACKETS] = e.skipPackets;
    this.h[L.H_EMIT_SKIP_BYTES] = e.skipBytes;
    return L.S_WINDOW;
  }

  flush(): number {
    this.table.releaseEmitted();
    const e = this.table.flushOldest();
    return e ? this.publish(e) : L.S_DONE;
  }

  private rd16(p: number): number {
    return this.cv.getUint16(p, !this.swapped);
  }
  private rd32(p: number): number {
    return this.cv.getUint32(p, !this.swapped);
  }

  private error(code: number, a: number, b: number): number {
    this.h[L.H_ERROR_CODE] = code;
    this.h[L.H_ERROR_OFFSET] = this.baseOffset + this.pos;
    this.h[L.H_ERROR_A] = a;
    this.h[L.H_ERROR_B] = b;
    return L.S_ERROR;
  }

  private countSkip(reason: number, offset: number, detail: number): void {
    const h = this.h;
    h[L.H_SKIP_BASE + reason]++;
    if (reason === L.R_UNKNOWN_LINKTYPE) {
      for (let i = 0; i < L.LINKTYPE_PAIRS; i++) {
        const at = L.H_LINKTYPE_BASE + 2 * i;
        if (h[at + 1] === 0) h[at] = detail;
        if (h[at] === detail) {
          h[at + 1]++;
          break;
        }
      }
    }
    const n = h[L.H_SAMPLE_COUNT];
    if (n < L.MAX_SAMPLES && h[L.H_SKIP_BASE + reason] <= L.SAMPLES_PER_REASON) {
      const at = L.H_SAMPLE_BASE + 3 * n;
      h[at] = reason;
      h[at + 1] = offset;
      h[at + 2] = detail;
      h[L.H_SAMPLE_COUNT] = n + 1;
    }
  }

  private needMore(): number {
    if (!this.isFinal) {
      this.lastConsumed = this.pos;
      this.h[L.H_CONSUMED] = this.pos;
      return L.S_NEED_MORE;
    }
    if (this.phase !== Phase.Start || this.pos < this.inLen) {
      this.h[L.H_PACKETS_READ]++;
      const offset = this.phase === Phase.Start ? this.baseOffset + this.pos : this.recordOffset;
      this.countSkip(L.R_TRUNCATED_RECORD, offset, this.inLen - this.pos);
    }
    this.phase = Phase.Start;
    this.hasPacket = false;
    this.pos = this.inLen;
    return L.S_DONE;
  }

  run(): number {
    this.table.releaseEmitted();
    for (;;) {
      const avail = this.inLen - this.pos;
      if (this.phase === Phase.Start) {
        if (avail === 0) {
          if (this.isFinal && this.format !== Format.Unknown) return L.S_DONE;
          if (this.isFinal && this.baseOffset === 0 && this.inLen === 0) return this.error(L.E_EMPTY, 0, 0);
          if (this.isFinal) return this.error(L.E_TRUNCATED_FILE_HEADER, this.inLen, 4);
          return this.needMore();
        }
        const r =
          this.format === Format.Unknown
            ? this.readFileHeader(avail)
            : this.format === Format.Pcap
              ? this.startPcapRecord(avail)
              : this.startPcapngBlock(avail);
        if (r !== -1) return r;
      } else if (this.phase === Phase.Body) {
        const n = Math.min(this.bodyRemaining, avail);
        this.pos += n;
        this.bodyRemaining -= n;
        if (this.bodyRemaining > 0) return this.needMore();
        this.phase = this.trailerLength !== 0 ? Phase.Trailer : Phase.Commit;
      } else if (this.phase === Phase.Trailer) {
        if (avail < 4) return this.needMore();
        const trailer = this.rd32(this.pos);
        if (trailer !== this.trailerLength) return this.error(L.E_TRAILER_MISMATCH, this.trailerLength, trailer);
        this.pos += 4;
        this.phase = Phase.Commit;
      } else {
        if (this.hasPacket) {
          const r = this.commitPacket();
          if (r !== -1) return r;
        }
        this.phase = Phase.Start;
      }
    }
  }

  private readFileHeader(avail: number): number {
    if (avail < 4) return this.isFinal ? this.error(L.E_TRUNCATED_FILE_HEADER, avail, 4) : this.needMore();
    const magic = this.cv.getUint32(this.pos, true);
    if (magic === SHB) {
      this.format = Format.Pcapng;
      this.h[L.H_FORMAT] = 2;
      return -1;
    }
    if ([0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34].includes(magic)) this.swapped = false;
    else if ([0xd4c3b2a1, 0x4d3cb2a1, 0x34cdb2a1].includes(magic)) this.swapped = true;
    else return this.error(L.E_BAD_MAGIC, this.cv.getUint32(this.pos, false), 0);
    const m = this.rd32(this.pos);
    this.h[L.H_FORMAT] = 1;
    this.pcapNano = m === 0xa1b23c4d;
    if (avail < 24) return this.isFinal ? this.error(L.E_TRUNCATED_FILE_HEADER, avail, 24) : this.needMore();
    const major = this.rd16(this.pos + 4);
    if (major !== 2) return this.error(L.E_BAD_VERSION, major, 2);
    this.interfaces = [
      {
        linktype: this.rd32(this.pos + 20) & 0xffff,
        snaplen: this.rd32(this.pos + 16),
        binary: false,
        exp: this.pcapNano ? 9 : 6,
        tsoffset: 0,
      },
    ];
    this.pcapRecordHeader = m === 0xa1b2cd34 ? 24 : 16;
    this.format = Format.Pcap;
    this.h[L.H_FORMAT] = 1;
    this.h[L.H_INTERFACE_COUNT] = 1;
    this.pos += 24;
    return -1;
  }

  private decodeRecord(ifid: number, dataAt: number, caplen: number, origlen: number, us: number): void {
    this.recordOffset = this.baseOffset + this.pos;
    this.hasPacket = true;
    this.pUs = us;
    new DataView(this.dec.key.buffer).setUint32(32, ifid, true);
    const data = this.pos + dataAt;
    this.dec.decode(this.cur, this.interfaces[ifid].linktype, data, data + Math.min(caplen, L.DECODE_LIMIT), origlen);
  }

  private startPcapRecord(avail: number): number {
    const hdr = this.pcapRecordHeader;
    if (avail < hdr) return this.needMore();
    const p = this.pos;
    const caplen = this.rd32(p + 8);
    if (caplen > L.RECORD_LIMIT) return this.error(L.E_RECORD_TOO_LARGE, caplen, L.RECORD_LIMIT);
    if (avail < hdr + Math.min(caplen, L.DECODE_LIMIT)) return this.needMore();
    const frac = this.rd32(p + 4);
    const us = this.rd32(p) * 1e6 + (this.pcapNano ? Math.floor(frac / 1000) : frac);
    this.decodeRecord(0, hdr, caplen, this.rd32(p + 12), us);
    this.bodyRemaining = hdr + caplen;
    this.trailerLength = 0;
    this.phase = Phase.Body;
    return -1;
  }

  private startPcapngBlock(avail: number): number {
    if (avail < 12) return this.needMore();
    const p = this.pos;
    if (this.cv.getUint32(p, true) === SHB) return this.readSectionHeader(avail);
    if (!this.sawSection) return this.error(L.E_NO_SECTION, this.cv.getUint32(p, false), 0);
    const type = this.rd32(p);
    const len = this.rd32(p + 4);
    const minimum = type === 6 || type === 2 ? 32 : type === 1 ? 20 : type === 3 ? 16 : 12;
    if (len < minimum) return this.error(L.E_BLOCK_TOO_SHORT, len, minimum);
    if (len & 3) return this.error(L.E_BLOCK_NOT_ALIGNED, len, 0);
    if (len > L.RECORD_LIMIT) return this.error(L.E_RECORD_TOO_LARGE, len, L.RECORD_LIMIT);
    this.hasPacket = false;
    if (type === 1) {
      if (len > L.META_LIMIT) return this.error(L.E_META_TOO_LARGE, len, L.META_LIMIT);
      if (avail < len) return this.needMore();
      const r = this.readInterface(p, len);
      if (r !== -1) return r;
    } else if (type === 6 || type === 2 || type === 3) {
      const head = type === 3 ? 12 : 28;
      if (avail < head) return this.needMore();
      let ifid = 0,
        caplen: number,
        origlen: number,
        hi = 0,
        lo = 0;
      if (type === 3) {
        origlen = this.rd32(p + 8);
        caplen = Math.min(origlen, len - 16);
        const snap = this.interfaces.length > 0 ? this.interfaces[0].snaplen : 0;
        if (snap !== 0 && snap < caplen) caplen = snap;
      } else {
        ifid = type === 6 ? this.rd32(p + 8) : this.rd16(p + 8);
        hi = this.rd32(p + 12);
        lo = this.rd32(p + 16);
        caplen = this.rd32(p + 20);
        origlen = this.rd32(p + 24);
        if (caplen > len - 32) return this.error(L.E_CAPLEN_BEYOND_BLOCK, caplen, len - 32);
      }
      if (avail < head + Math.min(caplen, L.DECODE_LIMIT)) return this.needMore();
      if (ifid >= this.interfaces.length) {
        this.recordOffset = this.baseOffset + this.pos;
        this.hasPacket = false;
        this.h[L.H_PACKETS_READ]++;
        this.countSkip(L.R_BAD_INTERFACE, this.recordOffset, ifid);
      } else {
        const us = type === 3 ? this.lastUs : this.timestamp(this.interfaces[ifid], hi, lo);
        this.decodeRecord(ifid, head, caplen, origlen, us);
      }
    }
    this.bodyRemaining = len - 4;
    this.trailerLength = len;
    this.phase = Phase.Body;
    return -1;
  }

  private readSectionHeader(avail: number): number {
    const p = this.pos;
    const bom = this.cv.getUint32(p + 8, true);
    if (bom === 0x1a2b3c4d) this.swapped = false;
    else if (bom === 0x4d3c2b1a) this.swapped = true;
    else return this.error(L.E_BAD_BYTE_ORDER, bom, 0);
    const len = this.rd32(p + 4);
    if (len < 28) return this.error(L.E_BLOCK_TOO_SHORT, len, 28);
    if (len & 3) return this.error(L.E_BLOCK_NOT_ALIGNED, len, 0);
    if (len > L.META_LIMIT) return this.error(L.E_META_TOO_LARGE, len, L.META_LIMIT);
    if (avail < len) return this.needMore();
    const major = this.rd16(p + 12);
    if (major !== 1) return this.error(L.E_BAD_VERSION, major, 1);
    const trailer = this.rd32(p + len - 4);
    if (trailer !== len) {
      this.pos += len - 4;
      return this.error(L.E_TRAILER_MISMATCH, len, trailer);
    }
    this.sawSection = true;
    this.interfaces = [];
    this.h[L.H_SECTIONS]++;
    this.pos += len;
    return -1;
  }

  private readInterface(p: number, len: number): number {
    if (this.interfaces.length >= L.MAX_INTERFACES) return this.error(L.E_TOO_MANY_INTERFACES, L.MAX_INTERFACES, 0);
    const e: Interface = { linktype: this.rd16(p + 8), snaplen: this.rd32(p + 12), binary: false, exp: 6, tsoffset: 0 };
    let o = p + 16;
    const end = p + len - 4;
    while (o + 4 <= end) {
      const code = this.rd16(o);
      const olen = this.rd16(o + 2);
      if (code === 0 || o + 4 + olen > end) break;
      if (code === 9 && olen >= 1) {
        const res = this.cur[o + 4];
        const binary = (res & 0x80) !== 0;
        const exp = res & 0x7f;
        if (binary ? exp > 44 : exp > 19) return this.error(L.E_BAD_RESOLUTION, res, 0);
        e.binary = binary;
        e.exp = exp;
      } else if (code === 14 && olen >= 8) {
        e.tsoffset = Number(this.cv.getBigInt64(o + 4, !this.swapped));
      }
      o += 4 + ((olen + 3) & ~3);
    }
    this.interfaces.push(e);
    this.h[L.H_INTERFACE_COUNT] = this.interfaces.length;
    return -1;
  }

  private timestamp(e: Interface, hi: number, lo: number): number {
    const u64 = (v: bigint) => BigInt.asUintN(64, v);
    const t = (BigInt(hi) << 32n) | BigInt(lo);
    let us: bigint;
    if (e.binary) us = u64(u64((t >> BigInt(e.exp)) * 1000000n) + (u64((t & ((1n << BigInt(e.exp)) - 1n)) * 1000000n) >> BigInt(e.exp)));
    else if (e.exp >= 6) us = t / 10n ** BigInt(e.exp - 6);
    else us = u64(t * 10n ** BigInt(6 - e.exp));
    return Number(us) + e.tsoffset * 1e6;
  }

  private commitPacket(): number {
    const h = this.h;
    const d = this.dec;
    if (d.reason !== 0) {
      h[L.H_PACKETS_READ]++;
      this.countSkip(d.reason, this.recordOffset, d.detail);
      this.hasPacket = false;
      return -1;
    }
    const us = this.pUs;
    if (!(us >= 0 && us < 4294967296e6)) {
      h[L.H_PACKETS_READ]++;
      this.countSkip(L.R_BAD_TIMESTAMP, this.recordOffset, Math.floor(us / 1e6));
      this.hasPacket = false;
      return -1;
    }
    const w = this.table.windowOf(Math.floor(us / 1e6));
    const s = this.table.admit(w);
    if (typeof s !== "number") return this.publish(s);
    h[L.H_PACKETS_READ]++;
    this.hasPacket = false;
    this.lastUs = us;
    if (s === ADMIT_LATE) {
      this.countSkip(L.R_LATE, this.recordOffset, this.table.newestWindow - w);
      return -1;
    }
    // Decode facts count for every packet in an open window, aggregated or not.
    if (d.fragmentWithoutFirst) h[L.H_FRAGMENTS_WITHOUT_FIRST]++;
    if (d.tunnels) h[L.H_TUNNELS_OPENED] += d.tunnels;
    if (!this.table.account(s, d.key, us, d.ipBytes, d.flags)) {
      this.countSkip(L.R_FLOW_TABLE_FULL, this.recordOffset, 0);
      return -1;
    }
    h[L.H_PACKETS_AGGREGATED]++;
    h[L.H_BYTES_AGGREGATED] += d.ipBytes;
    return -1;
  }
}
