// The twin of assembly/pcapng.ts: sections, interfaces (if_tsresol, if_tsoffset) and packet blocks.
import * as L from "../wasm/layout";
import { type Interface, Phase, type Reader } from "./reader";

export function startPcapngBlock(r: Reader, avail: number): number {
  if (avail < 12) return r.needMore();
  const p = r.pos;
  if (r.cv.getUint32(p, true) === L.BLOCK_SHB) return readSectionHeader(r, avail);
  if (!r.sawSection) return r.error(L.E_NO_SECTION, r.cv.getUint32(p, false), 0);
  const type = r.rd32(p);
  const len = r.rd32(p + 4);
  const minimum = type === L.BLOCK_EPB || type === L.BLOCK_OPB ? 32 : type === L.BLOCK_IDB ? 20 : type === L.BLOCK_SPB ? 16 : 12;
  if (len < minimum) return r.error(L.E_BLOCK_TOO_SHORT, len, minimum);
  if (len & 3) return r.error(L.E_BLOCK_NOT_ALIGNED, len, 0);
  if (len > L.RECORD_LIMIT) return r.error(L.E_RECORD_TOO_LARGE, len, L.RECORD_LIMIT);
  r.hasPacket = false;
  if (type === L.BLOCK_IDB) {
    if (len > L.META_LIMIT) return r.error(L.E_META_TOO_LARGE, len, L.META_LIMIT);
    if (avail < len) return r.needMore();
    const done = readInterface(r, p, len);
    if (done !== -1) return done;
  } else if (type === L.BLOCK_EPB || type === L.BLOCK_OPB || type === L.BLOCK_SPB) {
    const head = type === L.BLOCK_SPB ? 12 : 28;
    if (avail < head) return r.needMore();
    let ifid = 0,
      caplen: number,
      origlen: number,
      hi = 0,
      lo = 0;
    if (type === L.BLOCK_SPB) {
      origlen = r.rd32(p + 8);
      caplen = Math.min(origlen, len - 16);
      const snap = r.interfaces.length > 0 ? r.interfaces[0].snaplen : 0;
      if (snap !== 0 && snap < caplen) caplen = snap;
    } else {
      ifid = type === L.BLOCK_EPB ? r.rd32(p + 8) : r.rd16(p + 8);
      hi = r.rd32(p + 12);
      lo = r.rd32(p + 16);
      caplen = r.rd32(p + 20);
      origlen = r.rd32(p + 24);
      if (caplen > len - 32) return r.error(L.E_CAPLEN_BEYOND_BLOCK, caplen, len - 32);
    }
    if (avail < head + Math.min(caplen, L.DECODE_LIMIT)) return r.needMore();
    if (ifid >= r.interfaces.length) {
      r.recordOffset = r.baseOffset + r.pos;
      r.hasPacket = false;
      r.h[L.H_PACKETS_READ]++;
      r.countSkip(L.R_BAD_INTERFACE, r.recordOffset, ifid);
    } else {
      const us = type === L.BLOCK_SPB ? r.lastUs : timestamp(r.interfaces[ifid], hi, lo);
      r.decodeRecord(ifid, head, caplen, origlen, us);
    }
  }
  r.bodyRemaining = len - 4;
  r.trailerLength = len;
  r.phase = Phase.Body;
  return -1;
}

export function readSectionHeader(r: Reader, avail: number): number {
  const p = r.pos;
  const bom = r.cv.getUint32(p + 8, true);
  if (bom === L.BYTE_ORDER_MAGIC) r.swapped = false;
  else if (bom === 0x4d3c2b1a) r.swapped = true;
  else return r.error(L.E_BAD_BYTE_ORDER, bom, 0);
  const len = r.rd32(p + 4);
  if (len < 28) return r.error(L.E_BLOCK_TOO_SHORT, len, 28);
  if (len & 3) return r.error(L.E_BLOCK_NOT_ALIGNED, len, 0);
  if (len > L.META_LIMIT) return r.error(L.E_META_TOO_LARGE, len, L.META_LIMIT);
  if (avail < len) return r.needMore();
  const major = r.rd16(p + 12);
  if (major !== 1) return r.error(L.E_BAD_VERSION, major, 1);
  const trailer = r.rd32(p + len - 4);
  if (trailer !== len) {
    r.pos += len - 4;
    return r.error(L.E_TRAILER_MISMATCH, len, trailer);
  }
  r.sawSection = true;
  r.interfaces = [];
  r.h[L.H_SECTIONS]++;
  r.pos += len;
  return -1;
}

export function readInterface(r: Reader, p: number, len: number): number {
  if (r.interfaces.length >= L.MAX_INTERFACES) return r.error(L.E_TOO_MANY_INTERFACES, L.MAX_INTERFACES, 0);
  const e: Interface = { linktype: r.rd16(p + 8), snaplen: r.rd32(p + 12), binary: false, exp: 6, tsoffset: 0 };
  let o = p + 16;
  const end = p + len - 4;
  while (o + 4 <= end) {
    const code = r.rd16(o);
    const olen = r.rd16(o + 2);
    if (code === L.OPT_END || o + 4 + olen > end) break;
    if (code === L.OPT_IF_TSRESOL && olen >= 1) {
      const res = r.cur[o + 4];
      const binary = (res & 0x80) !== 0;
      const exp = res & 0x7f;
      if (binary ? exp > 44 : exp > 19) return r.error(L.E_BAD_RESOLUTION, res, 0);
      e.binary = binary;
      e.exp = exp;
    } else if (code === L.OPT_IF_TSOFFSET && olen >= 8) {
      e.tsoffset = Number(r.cv.getBigInt64(o + 4, !r.swapped));
    }
    o += 4 + ((olen + 3) & ~3);
  }
  r.interfaces.push(e);
  r.h[L.H_INTERFACE_COUNT] = r.interfaces.length;
  return -1;
}

/** pcapng timestamp (units of if_tsresol since if_tsoffset) to Unix microseconds. */
export function timestamp(e: Interface, hi: number, lo: number): number {
  const u64 = (v: bigint) => BigInt.asUintN(64, v);
  const t = (BigInt(hi) << 32n) | BigInt(lo);
  let us: bigint;
  if (e.binary) us = u64(u64((t >> BigInt(e.exp)) * 1000000n) + (u64((t & ((1n << BigInt(e.exp)) - 1n)) * 1000000n) >> BigInt(e.exp)));
  else if (e.exp >= 6) us = t / 10n ** BigInt(e.exp - 6);
  else us = u64(t * 10n ** BigInt(6 - e.exp));
  return Number(us) + e.tsoffset * 1e6;
}
