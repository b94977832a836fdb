// Where the container reading stands (container.ts drives it; pcap.ts and pcapng.ts read
// their records): the input window of the current feed(), the position in it, the record
// being read, and the file's byte order and interfaces. Module globals, shared by the
// readers, as one state machine's registers.
import * as L from "./layout";
import * as S from "./status";
import { countSkipRaw, hadd, hset } from "./counters";
import { decodePacket } from "./decode";
import { drainQueue } from "./flow-table";

export const PHASE_START = 0;
export const PHASE_BODY = 1;
export const PHASE_TRAILER = 2;
export const PHASE_COMMIT = 3;

export let format = L.FORMAT_UNKNOWN;
export let swapped = false;
export let pcapNano = false;
export let pcapRecordHeader: usize = 16;
export let sawSection = false;
export let interfaceCount: u32 = 0;
export let phase = PHASE_START;
export let inputBase: usize = L.INPUT;  // where the bytes of the current feed() start
export let inLen: usize = 0;
export let pos: usize = 0;
export let isFinal = false;
export let lastConsumed: usize = 0;
export let baseOffset: f64 = 0;
export let recordOffset: f64 = 0;
export let bodyRemaining: u64 = 0;
export let trailerLength: u32 = 0;
export let hasPacket = false;
export let pUs: f64 = 0;
// Where the decoded packet's bytes lie in its record, and its interface (filter mode reports them).
export let pDataAt: u32 = 0;
export let pCaplen: u32 = 0;
export let pOrigLen: u32 = 0;
export let pInterface: u32 = 0;
export let lastUs: f64 = 0;

// @ts-ignore: decorator
@inline export function rd16(p: usize): u32 { const v = load<u16>(p); return <u32>(swapped ? bswap<u16>(v) : v); }
// @ts-ignore: decorator
@inline export function rd32(p: usize): u32 { const v = load<u32>(p); return swapped ? bswap<u32>(v) : v; }
// @ts-ignore: decorator
@inline export function iface(i: u32): usize { return L.INTERFACES + <usize>i * L.IF_SIZE; }

export function error(code: i32, a: f64, b: f64): i32 {
  hset(L.H_ERROR_CODE, <f64>code);
  hset(L.H_ERROR_OFFSET, baseOffset + <f64>pos);
  hset(L.H_ERROR_A, a);
  hset(L.H_ERROR_B, b);
  return S.S_ERROR;
}

/** Counts a skipped packet, after the queued packets before it. */
export function countSkip(reason: i32, offset: f64, detail: f64): void {
  drainQueue();
  countSkipRaw(reason, offset, detail);
}

/** Not enough input for the next step: ask for more, or at the end count what is cut off. */
export function needMore(): i32 {
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

/** Decodes the packet whose data starts `dataAt` bytes into the record at pos. */
export function decodeRecord(ifid: u32, dataAt: usize, caplen: u32, origlen: u32, us: f64): void {
  recordOffset = baseOffset + <f64>pos;
  hasPacket = true;
  pUs = us;
  pDataAt = <u32>dataAt;
  pCaplen = caplen;
  pOrigLen = origlen;
  pInterface = ifid;
  store<u32>(L.KEY + 32, ifid);
  const data = inputBase + pos + dataAt;
  const n = min(caplen, <u32>L.DECODE_LIMIT);
  decodePacket(load<u32>(iface(ifid) + L.IF_LINKTYPE), data, data + <usize>n, origlen);
}
