// pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): any number of
// sections in either byte order, IDB (if_tsresol, if_tsoffset), EPB, SPB, OPB, and every
// other block skipped; a block's trailing length is always checked.
//
//   pcapng block:           0 type  4 total length  ...  total-4: total length again
import * as L from "./layout";
import * as S from "./status";
import { hadd, hset } from "./counters";
import {
  PHASE_BODY, countSkip, decodeRecord, error, iface, needMore, rd16, rd32,
  baseOffset, bodyRemaining, hasPacket, inputBase, interfaceCount, lastUs, phase, pos, recordOffset, sawSection, swapped, trailerLength,
} from "./reader";

export function startPcapngBlock(avail: usize): i32 {
  if (avail < 12) return needMore();
  const p = inputBase + pos;
  let type = load<u32>(p);
  if (type == L.BLOCK_SHB) return readSectionHeader(avail);
  if (!sawSection) return error(S.E_NO_SECTION, <f64>bswap<u32>(type), 0);
  type = rd32(p);
  const len = rd32(p + 4);
  const min_: u32 = type == L.BLOCK_EPB || type == L.BLOCK_OPB ? 32 : type == L.BLOCK_IDB ? 20 : type == L.BLOCK_SPB ? 16 : 12;
  if (len < min_) return error(S.E_BLOCK_TOO_SHORT, <f64>len, <f64>min_);
  if (len & 3) return error(S.E_BLOCK_NOT_ALIGNED, <f64>len, 0);
  if (len > <u32>L.RECORD_LIMIT) return error(S.E_RECORD_TOO_LARGE, <f64>len, <f64>L.RECORD_LIMIT);
  hasPacket = false;
  if (type == L.BLOCK_IDB) {
    if (len > <u32>L.META_LIMIT) return error(S.E_META_TOO_LARGE, <f64>len, <f64>L.META_LIMIT);
    if (avail < <usize>len) return needMore();
    const r = readInterface(p, len);
    if (r != -1) return r;
  } else if (type == L.BLOCK_EPB || type == L.BLOCK_OPB || type == L.BLOCK_SPB) {
    const head: usize = type == L.BLOCK_SPB ? 12 : 28;
    if (avail < head) return needMore();
    let ifid: u32;
    let caplen: u32;
    let origlen: u32;
    let hi: u32 = 0;
    let lo: u32 = 0;
    if (type == L.BLOCK_SPB) {
      ifid = 0;
      origlen = rd32(p + 8);
      caplen = min(origlen, len - 16);
      if (interfaceCount > 0) {
        const snap = load<u32>(iface(0) + L.IF_SNAPLEN);
        if (snap != 0 && snap < caplen) caplen = snap;
      }
    } else {
      ifid = type == L.BLOCK_EPB ? rd32(p + 8) : rd16(p + 8);
      hi = rd32(p + 12);
      lo = rd32(p + 16);
      caplen = rd32(p + 20);
      origlen = rd32(p + 24);
      if (caplen > len - 32) return error(S.E_CAPLEN_BEYOND_BLOCK, <f64>caplen, <f64>(len - 32));
    }
    if (avail < head + <usize>min(caplen, <u32>L.DECODE_LIMIT)) return needMore();
    if (ifid >= interfaceCount) {
      recordOffset = baseOffset + <f64>pos;
      hasPacket = false;
      hadd(L.H_PACKETS_READ, 1);
      countSkip(S.R_BAD_INTERFACE, recordOffset, <f64>ifid);
    } else {
      // A simple packet block has no timestamp: it takes the previous packet's.
      const us = type == L.BLOCK_SPB ? lastUs : timestamp(ifid, hi, lo);
      decodeRecord(ifid, head, caplen, origlen, us);
    }
  }
  bodyRemaining = <u64>len - 4;
  trailerLength = len;
  phase = PHASE_BODY;
  return -1;
}

function readSectionHeader(avail: usize): i32 {
  const p = inputBase + pos;
  const bom = load<u32>(p + 8);
  if (bom == L.BYTE_ORDER_MAGIC) swapped = false;
  else if (bom == 0x4d3c2b1a) swapped = true;
  else return error(S.E_BAD_BYTE_ORDER, <f64>bom, 0);
  const len = rd32(p + 4);
  if (len < 28) return error(S.E_BLOCK_TOO_SHORT, <f64>len, 28);
  if (len & 3) return error(S.E_BLOCK_NOT_ALIGNED, <f64>len, 0);
  if (len > <u32>L.META_LIMIT) return error(S.E_META_TOO_LARGE, <f64>len, <f64>L.META_LIMIT);
  if (avail < <usize>len) return needMore();
  const major = rd16(p + 12);
  if (major != 1) return error(S.E_BAD_VERSION, <f64>major, 1);
  const trailer = rd32(p + <usize>len - 4);
  if (trailer != len) {
    pos += <usize>len - 4;  // the error names the trailer's offset, as for other blocks
    return error(S.E_TRAILER_MISMATCH, <f64>len, <f64>trailer);
  }
  sawSection = true;
  interfaceCount = 0;
  hadd(L.H_SECTIONS, 1);
  pos += <usize>len;
  return -1;
}

function readInterface(p: usize, len: u32): i32 {
  if (interfaceCount >= <u32>L.MAX_INTERFACES) return error(S.E_TOO_MANY_INTERFACES, <f64>L.MAX_INTERFACES, 0);
  const e = iface(interfaceCount);
  store<u32>(e + L.IF_LINKTYPE, rd16(p + 8));
  store<u32>(e + L.IF_SNAPLEN, rd32(p + 12));
  store<u32>(e + L.IF_RES_BINARY, 0);
  store<u32>(e + L.IF_RES_EXP, 6);
  store<f64>(e + L.IF_TSOFFSET, 0);
  // Options: code u16, length u16, value padded to 4; a damaged list ends the walk.
  let o = p + 16;
  const end = p + <usize>len - 4;
  while (o + 4 <= end) {
    const code = rd16(o);
    const olen = <usize>rd16(o + 2);
    if (code == L.OPT_END || o + 4 + olen > end) break;
    if (code == L.OPT_IF_TSRESOL && olen >= 1) {
      const res = <u32>load<u8>(o + 4);
      const binary = (res & 0x80) != 0;
      const exp = res & 0x7f;
      if (binary ? exp > 44 : exp > 19) return error(S.E_BAD_RESOLUTION, <f64>res, 0);
      store<u32>(e + L.IF_RES_BINARY, binary ? 1 : 0);
      store<u32>(e + L.IF_RES_EXP, exp);
    } else if (code == L.OPT_IF_TSOFFSET && olen >= 8) {
      const lo = rd32(o + 4);
      const hi = rd32(o + 8);
      const v = swapped ? (<i64>lo << 32) | <i64>hi : (<i64>hi << 32) | <i64>lo;
      store<f64>(e + L.IF_TSOFFSET, <f64>v);
    }
    o += 4 + ((olen + 3) & ~3);
  }
  interfaceCount++;
  hset(L.H_INTERFACE_COUNT, <f64>interfaceCount);
  return -1;
}

/** pcapng timestamp (units of if_tsresol since if_tsoffset) to Unix microseconds. */
function timestamp(ifid: u32, hi: u32, lo: u32): f64 {
  const e = iface(ifid);
  const t = (<u64>hi << 32) | <u64>lo;
  const exp = load<u32>(e + L.IF_RES_EXP);
  let us: u64;
  if (load<u32>(e + L.IF_RES_BINARY)) {
    const mask = (<u64>1 << exp) - 1;
    us = (t >> exp) * 1000000 + (((t & mask) * 1000000) >> exp);
  } else if (exp >= 6) {
    let d: u64 = 1;
    for (let i: u32 = 6; i < exp; i++) d *= 10;
    us = t / d;
  } else {
    let m: u64 = 1;
    for (let i: u32 = exp; i < 6; i++) m *= 10;
    us = t * m;
  }
  return <f64>us + load<f64>(e + L.IF_TSOFFSET) * 1e6;
}
