// Capture containers, streamed: classic pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-03.html)
// in micro- and nanosecond form, both byte orders, and the "modified" 24-byte record
// header; pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html) with
// any number of sections in either byte order, IDB (if_tsresol, if_tsoffset), EPB, SPB,
// OPB, and every other block skipped.
//
// Input arrives in INPUT in chunks that may split any record. A record is decoded from its
// first DECODE_LIMIT bytes and the rest of it is skipped as it streams past, so a record of
// any declared size costs no memory; a pcapng block's trailing length is always checked.
// run() is a resumable state machine: START (read a record header) -> BODY (consume it)
// -> TRAILER (pcapng only) -> COMMIT (aggregate the decoded packet, which may first need
// a finished window emitted).
//
//   pcap file header (24):  0 magic  4 major u16  6 minor u16  8 zone  12 sigfigs
//                           16 snaplen  20 linktype (low 16 bits)
//   pcap record (16 or 24): 0 seconds  4 micro/nanoseconds  8 caplen  12 origlen
//   pcapng block:           0 type  4 total length  ...  total-4: total length again

import { hashBegin, hashEnd, hashUpdate } from "./content-hash";
import * as L from "./layout";
import * as S from "./status";
import { decodePacket, gDetail, gFlags, gFragmentWithoutFirst, gIpBytes, gReason, gTunnels } from "./decode";
import {
  ADMIT_EMITTED, ADMIT_LATE, Q_BYTES, Q_FLAGS, Q_OFFSET, Q_SLOT, Q_US, accountQueued, admit, keepTouches,
  newestWindowSeen, prepareQueued, releaseEmitted, touchQueued, windowLength, windowOf,
} from "./flow-table";
import { clearFragments } from "./fragments";

const FORMAT_UNKNOWN = 0;
const FORMAT_PCAP = 1;
const FORMAT_PCAPNG = 2;
const PHASE_START = 0;
const PHASE_BODY = 1;
const PHASE_TRAILER = 2;
const PHASE_COMMIT = 3;
const SHB: u32 = 0x0a0d0d0a;

let format = FORMAT_UNKNOWN;
let swapped = false;
let pcapNano = false;
let pcapRecordHeader: usize = 16;
let sawSection = false;
let interfaceCount: u32 = 0;
let phase = PHASE_START;
let inputBase: usize = L.INPUT;  // where the bytes of the current feed() start
let inLen: usize = 0;
let pos: usize = 0;
let isFinal = false;
let lastConsumed: usize = 0;
let baseOffset: f64 = 0;
let recordOffset: f64 = 0;
let bodyRemaining: u64 = 0;
let trailerLength: u32 = 0;
let hasPacket = false;
let pUs: f64 = 0;
let lastUs: f64 = 0;
// The window (and its slot) of the last aggregated packet, as [lo, hi) in microseconds.
let cachedLoUs: f64 = 0;
let cachedHiUs: f64 = -1;
let cachedWindow: i64 = 0;
let cachedSlot: i32 = 0;

// Decoded packets wait here (in order) to be aggregated together: see drainQueue().
let queued: i32 = 0;

/**
 * Aggregates the queued packets in their order. Three passes: hash and touch each
 * packet's bucket, touch each bucket's entry, then account — the first two issue
 * independent loads, so their cache misses overlap instead of following one another.
 * Called before anything that must see the table up to date: a window admission, a skip
 * sample (samples stay in packet order), and every return from run().
 */
function drainQueue(): void {
  const n = queued;
  if (n == 0) return;
  queued = 0;
  for (let i = 0; i < n; i++) prepareQueued(L.QUEUE + <usize>i * L.QUEUE_ENTRY);
  for (let i = 0; i < n; i++) touchQueued(L.QUEUE + <usize>i * L.QUEUE_ENTRY);
  keepTouches(L.KEY + 1020);
  let aggregated: f64 = 0;
  let bytes: f64 = 0;
  for (let i = 0; i < n; i++) {
    const q = L.QUEUE + <usize>i * L.QUEUE_ENTRY;
    if (accountQueued(q)) {
      aggregated += 1;
      bytes += load<f64>(q + Q_BYTES);
    } else {
      countSkipRaw(S.R_FLOW_TABLE_FULL, load<f64>(q + Q_OFFSET), 0);
    }
  }
  hadd(L.H_PACKETS_AGGREGATED, aggregated);
  hadd(L.H_BYTES_AGGREGATED, bytes);
}

/** Forgets the cached window: the table was reset or a window was emitted. */
export function forgetWindow(): void {
  cachedHiUs = -1;
}

// @ts-ignore: decorator
@inline function hget(i: i32): f64 { return load<f64>(L.HEADER + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function hset(i: i32, v: f64): void { store<f64>(L.HEADER + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline function hadd(i: i32, v: f64): void { hset(i, hget(i) + v); }
// @ts-ignore: decorator
@inline function rd16(p: usize): u32 { const v = load<u16>(p); return <u32>(swapped ? bswap<u16>(v) : v); }
// @ts-ignore: decorator
@inline function rd32(p: usize): u32 { const v = load<u32>(p); return swapped ? bswap<u32>(v) : v; }
// @ts-ignore: decorator
@inline function iface(i: u32): usize { return L.INTERFACES + <usize>i * L.IF_SIZE; }

export function beginFile(): void {
  hashBegin();
  format = FORMAT_UNKNOWN;
  swapped = false;
  sawSection = false;
  interfaceCount = 0;
  phase = PHASE_START;
  inLen = 0;
  pos = 0;
  isFinal = false;
  lastConsumed = 0;
  baseOffset = 0;
  hasPacket = false;
  lastUs = 0;
  clearFragments();
  hset(L.H_CONSUMED, 0);
  hset(L.H_BASE_OFFSET, 0);
  hset(L.H_FORMAT, 0);
  hset(L.H_INTERFACE_COUNT, 0);
  hset(L.H_SECTIONS, 0);
  // Diagnostics are per file: JS reads them after the file's last run().
  memory.fill(L.HEADER + (<usize>L.H_PACKETS_READ << 3), 0, <usize>(L.H_TUNNELS_OPENED - L.H_PACKETS_READ + 1) << 3);
  memory.fill(L.HEADER + (<usize>L.H_SKIP_BASE << 3), 0, <usize>(L.H_SAMPLE_BASE + 3 * L.MAX_SAMPLES - L.H_SKIP_BASE) << 3);
}

/**
 * The next bytes are at INPUT + offset, `len` of them: the unconsumed tail of the last
 * feed, then new bytes (the last `fresh`, which go into the content hash). `final` when
 * the file ends with them.
 */
export function feed(offset: i32, len: i32, final: bool, fresh: i32): void {
  if (fresh > 0) hashUpdate(L.INPUT + <usize>(offset + len - fresh), fresh);
  if (final) hashEnd();
  baseOffset += <f64>lastConsumed;
  lastConsumed = 0;
  hset(L.H_BASE_OFFSET, baseOffset);
  inputBase = L.INPUT + <usize>offset;
  inLen = <usize>len;
  pos = 0;
  isFinal = final;
}

function error(code: i32, a: f64, b: f64): i32 {
  hset(L.H_ERROR_CODE, <f64>code);
  hset(L.H_ERROR_OFFSET, baseOffset + <f64>pos);
  hset(L.H_ERROR_A, a);
  hset(L.H_ERROR_B, b);
  return S.S_ERROR;
}

/** Counts a skipped packet, after the queued packets before it. */
function countSkip(reason: i32, offset: f64, detail: f64): void {
  drainQueue();
  countSkipRaw(reason, offset, detail);
}

function countSkipRaw(reason: i32, offset: f64, detail: f64): void {
  hadd(L.H_SKIP_BASE + reason, 1);
  if (reason == S.R_UNKNOWN_LINKTYPE) {
    for (let i = 0; i < L.LINKTYPE_PAIRS; i++) {
      const at = L.H_LINKTYPE_BASE + 2 * i;
      if (hget(at + 1) == 0) hset(at, detail);
      if (hget(at) == detail) { hadd(at + 1, 1); break; }
    }
  }
  const n = <i32>hget(L.H_SAMPLE_COUNT);
  if (n < L.MAX_SAMPLES && hget(L.H_SKIP_BASE + reason) <= <f64>L.SAMPLES_PER_REASON) {
    const at = L.H_SAMPLE_BASE + 3 * n;
    hset(at, <f64>reason);
    hset(at + 1, offset);
    hset(at + 2, detail);
    hset(L.H_SAMPLE_COUNT, <f64>(n + 1));
  }
}

/** Not enough input for the next step: ask for more, or at the end count what is cut off. */
function needMore(): i32 {
  if (!isFinal) {
    lastConsumed = pos;
    hset(L.H_CONSUMED, <f64>pos);
    return S.S_NEED_MORE;
  }
  if (phase != PHASE_START || pos < inLen) {
    hadd(L.H_PACKETS_READ, 1);
    countSkip(S.R_TRUNCATED_RECORD, phase == PHASE_START ? baseOffset + <f64>pos : recordOffset, <f64>(inLen - pos));
  }
  phase = PHASE_START;
  hasPacket = false;
  pos = inLen;
  return S.S_DONE;
}

export function run(): i32 {
  const status = step();
  drainQueue();
  return status;
}

function step(): i32 {
  releaseEmitted();
  while (true) {
    const avail = inLen - pos;
    if (phase == PHASE_START) {
      if (avail == 0) return isFinal && format != FORMAT_UNKNOWN ? S.S_DONE : needMoreOrEmpty();
      const r = format == FORMAT_UNKNOWN ? readFileHeader(avail)
        : format == FORMAT_PCAP ? startPcapRecord(avail) : startPcapngBlock(avail);
      if (r != -1) return r;
    } else if (phase == PHASE_BODY) {
      const n = bodyRemaining < <u64>avail ? <usize>bodyRemaining : avail;
      pos += n;
      bodyRemaining -= <u64>n;
      if (bodyRemaining > 0) return needMore();
      phase = trailerLength != 0 ? PHASE_TRAILER : PHASE_COMMIT;
    } else if (phase == PHASE_TRAILER) {
      if (avail < 4) return needMore();
      const trailer = rd32(inputBase + pos);
      if (trailer != trailerLength) return error(S.E_TRAILER_MISMATCH, <f64>trailerLength, <f64>trailer);
      pos += 4;
      phase = PHASE_COMMIT;
    } else {
      if (hasPacket) {
        const r = commitPacket();
        if (r != -1) return r;
      }
      phase = PHASE_START;
    }
  }
}

function needMoreOrEmpty(): i32 {
  if (isFinal && baseOffset == 0 && inLen == 0) return error(S.E_EMPTY, 0, 0);
  if (isFinal) return error(S.E_TRUNCATED_FILE_HEADER, <f64>inLen, 4);
  return needMore();
}

// Returns -1 to go on, or a status to return.
function readFileHeader(avail: usize): i32 {
  if (avail < 4) return isFinal ? error(S.E_TRUNCATED_FILE_HEADER, <f64>avail, 4) : needMore();
  const magic = load<u32>(inputBase + pos);
  if (magic == SHB) {
    format = FORMAT_PCAPNG;
    hset(L.H_FORMAT, 2);
    return -1;
  }
  let recordHeader: usize = 16;
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d || magic == 0xa1b2cd34) swapped = false;
  else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1 || magic == 0x34cdb2a1) swapped = true;
  else return error(S.E_BAD_MAGIC, <f64>bswap<u32>(magic), 0);
  const m = swapped ? bswap<u32>(magic) : magic;
  hset(L.H_FORMAT, 1);  // known from the magic, so that a cut-short header is named as pcap
  pcapNano = m == 0xa1b23c4d;
  if (m == 0xa1b2cd34) recordHeader = 24;  // Kuznetzov's patched libpcap: 8 more bytes a record
  if (avail < 24) return isFinal ? error(S.E_TRUNCATED_FILE_HEADER, <f64>avail, 24) : needMore();
  const major = rd16(inputBase + pos + 4);
  if (major != 2) return error(S.E_BAD_VERSION, <f64>major, 2);
  const e = iface(0);
  store<u32>(e + L.IF_LINKTYPE, rd32(inputBase + pos + 20) & 0xffff);
  store<u32>(e + L.IF_SNAPLEN, rd32(inputBase + pos + 16));
  store<u32>(e + L.IF_RES_BINARY, 0);
  store<u32>(e + L.IF_RES_EXP, pcapNano ? 9 : 6);
  store<f64>(e + L.IF_TSOFFSET, 0);
  interfaceCount = 1;
  pcapRecordHeader = recordHeader;
  format = FORMAT_PCAP;
  hset(L.H_FORMAT, 1);
  hset(L.H_INTERFACE_COUNT, 1);
  pos += 24;
  return -1;
}

/** Decodes the packet whose data starts `dataAt` bytes into the record at pos. */
function decodeRecord(ifid: u32, dataAt: usize, caplen: u32, origlen: u32, us: f64): void {
  recordOffset = baseOffset + <f64>pos;
  hasPacket = true;
  pUs = us;
  store<u32>(L.KEY + 32, ifid);
  const data = inputBase + pos + dataAt;
  const n = min(caplen, <u32>L.DECODE_LIMIT);
  decodePacket(load<u32>(iface(ifid) + L.IF_LINKTYPE), data, data + <usize>n, origlen);
}

function startPcapRecord(avail: usize): i32 {
  const hdr = pcapRecordHeader;
  if (avail < hdr) return needMore();
  const p = inputBase + pos;
  const caplen = rd32(p + 8);
  if (caplen > <u32>L.RECORD_LIMIT) return error(S.E_RECORD_TOO_LARGE, <f64>caplen, <f64>L.RECORD_LIMIT);
  if (avail < hdr + <usize>min(caplen, <u32>L.DECODE_LIMIT)) return needMore();
  const frac = rd32(p + 4);
  const us = <f64>rd32(p) * 1e6 + <f64>(pcapNano ? frac / 1000 : frac);
  decodeRecord(0, hdr, caplen, rd32(p + 12), us);
  bodyRemaining = <u64>hdr + <u64>caplen;
  trailerLength = 0;
  phase = PHASE_BODY;
  return -1;
}

function startPcapngBlock(avail: usize): i32 {
  if (avail < 12) return needMore();
  const p = inputBase + pos;
  let type = load<u32>(p);
  if (type == SHB) return readSectionHeader(avail);
  if (!sawSection) return error(S.E_NO_SECTION, <f64>bswap<u32>(type), 0);
  type = rd32(p);
  const len = rd32(p + 4);
  const min_: u32 = type == 6 || type == 2 ? 32 : type == 1 ? 20 : type == 3 ? 16 : 12;
  if (len < min_) return error(S.E_BLOCK_TOO_SHORT, <f64>len, <f64>min_);
  if (len & 3) return error(S.E_BLOCK_NOT_ALIGNED, <f64>len, 0);
  if (len > <u32>L.RECORD_LIMIT) return error(S.E_RECORD_TOO_LARGE, <f64>len, <f64>L.RECORD_LIMIT);
  hasPacket = false;
  if (type == 1) {
    if (len > <u32>L.META_LIMIT) return error(S.E_META_TOO_LARGE, <f64>len, <f64>L.META_LIMIT);
    if (avail < <usize>len) return needMore();
    const r = readInterface(p, len);
    if (r != -1) return r;
  } else if (type == 6 || type == 2 || type == 3) {
    const head: usize = type == 3 ? 12 : 28;
    if (avail < head) return needMore();
    let ifid: u32;
    let caplen: u32;
    let origlen: u32;
    let hi: u32 = 0;
    let lo: u32 = 0;
    if (type == 3) {
      ifid = 0;
      origlen = rd32(p + 8);
      caplen = min(origlen, len - 16);
      if (interfaceCount > 0) {
        const snap = load<u32>(iface(0) + L.IF_SNAPLEN);
        if (snap != 0 && snap < caplen) caplen = snap;
      }
    } else {
      ifid = type == 6 ? rd32(p + 8) : rd16(p + 8);
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
      const us = type == 3 ? lastUs : timestamp(ifid, hi, lo);
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
  if (bom == 0x1a2b3c4d) swapped = false;
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
    if (code == 0 || o + 4 + olen > end) break;
    if (code == 9 && olen >= 1) {
      const res = <u32>load<u8>(o + 4);
      const binary = (res & 0x80) != 0;
      const exp = res & 0x7f;
      if (binary ? exp > 44 : exp > 19) return error(S.E_BAD_RESOLUTION, <f64>res, 0);
      store<u32>(e + L.IF_RES_BINARY, binary ? 1 : 0);
      store<u32>(e + L.IF_RES_EXP, exp);
    } else if (code == 14 && olen >= 8) {
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

// Returns -1 when the packet is done with, or S_WINDOW when a window must be read first.
function commitPacket(): i32 {
  const reason = gReason;
  if (reason != 0) {
    hadd(L.H_PACKETS_READ, 1);
    countSkip(reason, recordOffset, gDetail);
    hasPacket = false;
    return -1;
  }
  const us = pUs;
  if (!(us >= 0 && us < 4294967296e6)) {
    hadd(L.H_PACKETS_READ, 1);
    countSkip(S.R_BAD_TIMESTAMP, recordOffset, Math.floor(us / 1e6));
    hasPacket = false;
    return -1;
  }
  // Fast path: the packet falls in the window of the previous one (no 64-bit division).
  let s: i32;
  let w: i64;
  if (us >= cachedLoUs && us < cachedHiUs) {
    s = cachedSlot;
    w = cachedWindow;
  } else {
    drainQueue();  // an admission may emit a window: the queue's packets belong in it
    w = windowOf(<i64>(<u64>us / 1000000));
    s = admit(w);
    if (s == ADMIT_EMITTED) {
      cachedHiUs = -1;
      return S.S_WINDOW;
    }
    if (s >= 0) {
      cachedWindow = w;
      cachedSlot = s;
      cachedLoUs = <f64>w * 1e6;
      cachedHiUs = cachedLoUs + <f64>windowLength() * 1e6;
    }
  }
  hadd(L.H_PACKETS_READ, 1);
  hasPacket = false;
  lastUs = us;
  if (s == ADMIT_LATE) {
    countSkip(S.R_LATE, recordOffset, <f64>(newestWindowSeen() - w));
    return -1;
  }
  const q = L.QUEUE + <usize>queued * L.QUEUE_ENTRY;
  memory.copy(q, L.KEY, 48);
  store<u32>(q + Q_SLOT, <u32>s);
  store<f64>(q + Q_US, us);
  store<f64>(q + Q_BYTES, gIpBytes);
  store<f64>(q + Q_OFFSET, recordOffset);
  store<u32>(q + Q_FLAGS, gFlags);
  // Decode facts count for every packet in an open window, aggregated or not.
  if (gFragmentWithoutFirst) hadd(L.H_FRAGMENTS_WITHOUT_FIRST, 1);
  if (gTunnels) hadd(L.H_TUNNELS_OPENED, <f64>gTunnels);
  if (++queued == L.QUEUE_SLOTS) drainQueue();
  return -1;
}
