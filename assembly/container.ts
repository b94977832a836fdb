// Capture containers, streamed: the driver loop over pcap (pcap.ts) and pcapng (pcapng.ts)
// records, whose reading state is reader.ts's.

// Input arrives in INPUT in chunks that may split any record. A record is decoded from its
// first DECODE_LIMIT bytes and the rest of it is skipped as it streams past, so a record of
// any declared size costs no memory; a pcapng block's trailing length is always checked.
// run() is a resumable state machine: START (read a record header) -> BODY (consume it)
// -> TRAILER (pcapng only) -> COMMIT (aggregate the decoded packet, which may first need
// a finished window emitted).


import { hashBegin, hashEnd, hashUpdate } from "./content-hash";
import * as L from "./layout";
import * as S from "./status";
import { hadd, hset } from "./counters";
import { gDetail, gFlags, gFragmentWithoutFirst, gIpBytes, gReason, gTunnels } from "./decode";
import {
  ADMIT_EMITTED, ADMIT_LATE, admit, drainQueue, newestWindowSeen, queuePacket, releaseEmitted, windowLength, windowOf,
} from "./flow-table";
import { clearFragments } from "./fragments";
import { filtering, filterPacket } from "./packet-filter";
import { readFileHeader, startPcapRecord } from "./pcap";
import { startPcapngBlock } from "./pcapng";
import {
  PHASE_BODY, PHASE_COMMIT, PHASE_START, PHASE_TRAILER, countSkip, error, needMore, rd32,
  baseOffset, bodyRemaining, format, hasPacket, inLen, inputBase, interfaceCount, isFinal, lastConsumed, lastUs, phase, pos, pUs,
  recordOffset, sawSection, swapped, trailerLength,
} from "./reader";

// The window (and its slot) of the last aggregated packet, as [lo, hi) in microseconds.
let cachedLoUs: f64 = 0;
let cachedHiUs: f64 = -1;
let cachedWindow: i64 = 0;
let cachedSlot: i32 = 0;

/** Forgets the cached window: the table was reset or a window was emitted. */
export function forgetWindow(): void {
  cachedHiUs = -1;
}

export function beginFile(): void {
  hashBegin();
  format = L.FORMAT_UNKNOWN;
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
  hset(L.H_FORMAT, L.FORMAT_UNKNOWN);
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
      if (avail == 0) return isFinal && format != L.FORMAT_UNKNOWN ? S.S_DONE : needMoreOrEmpty();
      const r = format == L.FORMAT_UNKNOWN ? readFileHeader(avail)
        : format == L.FORMAT_PCAP ? startPcapRecord(avail) : startPcapngBlock(avail);
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
  if (filtering) {
    const r = filterPacket(us);
    if (r != -1) return r;
    hadd(L.H_PACKETS_READ, 1);
    hasPacket = false;
    lastUs = us;
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
  // Decode facts count for every packet in an open window, aggregated or not.
  if (gFragmentWithoutFirst) hadd(L.H_FRAGMENTS_WITHOUT_FIRST, 1);
  if (gTunnels) hadd(L.H_TUNNELS_OPENED, <f64>gTunnels);
  queuePacket(s, us, gIpBytes, recordOffset, gFlags);
  return -1;
}
