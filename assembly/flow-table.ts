// Per-window five-tuple aggregation in fixed memory.
//
// Two slots hold the two windows that may still receive packets: the newest window and
// the one before it (timestamps may run up to one window out of order). Each slot is an
// open-addressing index (u32: entry number + 1 in the low 24 bits, hash tag in the high
// 8) over a dense array of 64-byte entries that are themselves the output records, so a
// finished window is handed to JS as one (pointer, count) with no copying or packing.
// A full slot counts further new flows as skipped (packets, bytes, and a 65536-bit sketch
// from which JS estimates how many distinct flows were lost) — never an overflow.

import {
  BITMAPS, BITMAP_BYTES, FLOWS, HEADER, H_CAPACITY, H_EMIT_COUNT, H_EMIT_PTR, H_EMIT_SKIP_BITS,
  H_EMIT_SKIP_BYTES, H_EMIT_SKIP_PACKETS, H_EMIT_WINDOW, H_WINDOW_SECONDS, RECORD_SIZE,
} from "./layout";
import { hashKey } from "./hash";
import * as L from "./layout";
import * as S from "./status";
import { countSkipRaw, hadd } from "./counters";

let capacity: u32 = 0;
// Each slot's index starts small and doubles at load 1/2 up to maxMask: a table sized for
// the live flows stays in cache, where one sized for the whole budget would not.
const INITIAL_MASK: u32 = 4095;
let maxMask: u32 = 0;
const slotMask = new StaticArray<u32>(2);
let windowSeconds: i64 = 600;
let newestWindow: i64 = -1;
const slotWindow = new StaticArray<i64>(2);
const slotStartUs = new StaticArray<f64>(2);
const slotCount = new StaticArray<u32>(2);
const slotSkipPackets = new StaticArray<f64>(2);
const slotSkipBytes = new StaticArray<f64>(2);
const slotIndex = new StaticArray<usize>(2);
const slotEntries = new StaticArray<usize>(2);
let pendingRelease: i32 = -1;

// @ts-ignore: decorator
@inline function setHeader(i: i32, v: f64): void { store<f64>(HEADER + (<usize>i << 3), v); }

/** Sizes the table for `flows` entries per window; returns false if memory cannot grow. */
export function configureTable(seconds: u32, flows: u32): bool {
  windowSeconds = <i64>seconds;
  capacity = flows;
  let indexSlots: u32 = INITIAL_MASK + 1;
  while (indexSlots < flows * 2) indexSlots <<= 1;
  maxMask = indexSlots - 1;
  const slotBytes = <usize>indexSlots * 4 + <usize>flows * RECORD_SIZE;
  const end = FLOWS + 2 * slotBytes;
  const have = <usize>memory.size() << 16;
  if (end > have && memory.grow(<i32>((end - have + 0xffff) >> 16)) < 0) return false;
  for (let s = 0; s < 2; s++) {
    unchecked(slotIndex[s] = FLOWS + <usize>s * slotBytes);
    unchecked(slotEntries[s] = FLOWS + <usize>s * slotBytes + <usize>indexSlots * 4);
  }
  setHeader(H_WINDOW_SECONDS, <f64>seconds);
  setHeader(H_CAPACITY, <f64>flows);
  resetTable();
  return true;
}

export function resetTable(): void {
  newestWindow = -1;
  pendingRelease = -1;
  for (let s = 0; s < 2; s++) clearSlot(s);
}

function clearSlot(s: i32): void {
  const mask = unchecked(slotMask[s]);
  memory.fill(unchecked(slotIndex[s]), 0, (<usize>(mask == 0 ? maxMask : mask) + 1) * 4);
  unchecked(slotMask[s] = INITIAL_MASK < maxMask ? INITIAL_MASK : maxMask);
  memory.fill(BITMAPS + <usize>s * BITMAP_BYTES, 0, BITMAP_BYTES);
  unchecked(slotWindow[s] = -1);
  unchecked(slotCount[s] = 0);
  unchecked(slotSkipPackets[s] = 0);
  unchecked(slotSkipBytes[s] = 0);
}

export function windowLength(): i64 {
  return windowSeconds;
}

export function windowOf(second: i64): i64 {
  return second - second % windowSeconds;
}

/** Frees the slot JS has just read. Called at the start of every run(). */
export function releaseEmitted(): void {
  if (pendingRelease >= 0) {
    clearSlot(pendingRelease);
    pendingRelease = -1;
  }
}

function emit(s: i32): void {
  let bits: u32 = 0;
  const bitmap = BITMAPS + <usize>s * BITMAP_BYTES;
  for (let i: usize = 0; i < BITMAP_BYTES; i += 8) bits += <u32>popcnt<u64>(load<u64>(bitmap + i));
  setHeader(H_EMIT_WINDOW, <f64>unchecked(slotWindow[s]));
  setHeader(H_EMIT_PTR, <f64>unchecked(slotEntries[s]));
  setHeader(H_EMIT_COUNT, <f64>unchecked(slotCount[s]));
  setHeader(H_EMIT_SKIP_BITS, <f64>bits);
  setHeader(H_EMIT_SKIP_PACKETS, unchecked(slotSkipPackets[s]));
  setHeader(H_EMIT_SKIP_BYTES, unchecked(slotSkipBytes[s]));
  pendingRelease = s;
}

export const ADMIT_LATE: i32 = -1;
export const ADMIT_EMITTED: i32 = -2;

/**
 * Finds the slot for a packet of window `w`. Opening a newer window first closes every
 * window older than the one before it: that window is emitted and ADMIT_EMITTED returned,
 * and the caller comes back with the same packet after JS has read it.
 */
export function admit(w: i64): i32 {
  if (w > newestWindow) {
    const limit = w - windowSeconds;
    let oldest = -1;
    for (let s = 0; s < 2; s++) {
      const sw = unchecked(slotWindow[s]);
      if (sw >= 0 && sw < limit && (oldest < 0 || sw < unchecked(slotWindow[oldest]))) oldest = s;
    }
    if (oldest >= 0) {
      emit(oldest);
      return ADMIT_EMITTED;
    }
    newestWindow = w;
  } else if (w < newestWindow - windowSeconds) {
    return ADMIT_LATE;
  }
  const s = <i32>((w / windowSeconds) & 1);
  if (unchecked(slotWindow[s]) < 0) {
    unchecked(slotWindow[s] = w);
    unchecked(slotStartUs[s] = <f64>w * 1e6);
  }
  return s;
}

/** Emits the oldest open window; false when none is left. */
export function flushOldest(): bool {
  let oldest = -1;
  for (let s = 0; s < 2; s++) {
    const sw = unchecked(slotWindow[s]);
    if (sw >= 0 && (oldest < 0 || sw < unchecked(slotWindow[oldest]))) oldest = s;
  }
  if (oldest < 0) return false;
  emit(oldest);
  return true;
}

// Bucket choice only (never seen outside the module): six independent 64-bit multiplies.
// @ts-ignore: decorator
@inline function bucketHash(k: usize): u32 {
  let x = load<u64>(k) * 0x9e3779b97f4a7c15
    ^ load<u64>(k + 8) * 0xc2b2ae3d27d4eb4f
    ^ load<u64>(k + 16) * 0x165667b19e3779f9
    ^ load<u64>(k + 24) * 0x85ebca77c2b2ae63
    ^ load<u64>(k + 32) * 0x27d4eb2f165667c5
    ^ <u64>load<u16>(k + 40) * 0xff51afd7ed558ccd;
  x ^= x >> 32;
  x *= 0x9e3779b97f4a7c15;
  return <u32>(x >> 32);
}

// Queued packet (QUEUE_ENTRY bytes): 0 key[48]  48 bucket hash u32  52 slot u32
//   56 us f64  64 IP bytes f64  72 record offset f64  80 tcp flags u32
export const Q_HASH: usize = 48;
export const Q_SLOT: usize = 52;
export const Q_US: usize = 56;
export const Q_BYTES: usize = 64;
export const Q_OFFSET: usize = 72;
export const Q_FLAGS: usize = 80;
let touched: u32 = 0;

/** Computes the bucket hash of a queued packet and touches its index bucket. */
export function prepareQueued(q: usize): void {
  const h = bucketHash(q);
  store<u32>(q + Q_HASH, h);
  const s = load<u32>(q + Q_SLOT);
  touched ^= load<u32>(unchecked(slotIndex[s]) + (<usize>(h & unchecked(slotMask[s])) << 2));
}

/** Touches the entry the queued packet's bucket points at (a second, overlapping miss). */
export function touchQueued(q: usize): void {
  const s = load<u32>(q + Q_SLOT);
  const v = load<u32>(unchecked(slotIndex[s]) + (<usize>(load<u32>(q + Q_HASH) & unchecked(slotMask[s])) << 2));
  if (v != 0) touched ^= load<u32>(unchecked(slotEntries[s]) + <usize>((v & 0xffffff) - 1) * RECORD_SIZE);
}

/** Doubles slot s's index and re-inserts its entries (whose order never changes). */
function growIndex(s: i32): void {
  const mask = (unchecked(slotMask[s]) << 1) | 1;
  unchecked(slotMask[s] = mask);
  const index = unchecked(slotIndex[s]);
  const entries = unchecked(slotEntries[s]);
  memory.fill(index, 0, (<usize>mask + 1) * 4);
  const n = unchecked(slotCount[s]);
  for (let k: u32 = 0; k < n; k++) {
    const h = bucketHash(entries + <usize>k * RECORD_SIZE);
    let i = h & mask;
    while (load<u32>(index + (<usize>i << 2)) != 0) i = (i + 1) & mask;
    store<u32>(index + (<usize>i << 2), (h & 0xff000000) | (k + 1));
  }
}

/** Stores the touch accumulator, so that the touching loads are observable and stay. */
export function keepTouches(at: usize): void {
  store<u32>(at, touched);
}

/** Adds a queued packet to its slot; false if the slot is full (the flow is skipped). */
export function accountQueued(q: usize): bool {
  const s = <i32>load<u32>(q + Q_SLOT);
  const h = load<u32>(q + Q_HASH);
  const at = <u32>(load<f64>(q + Q_US) - unchecked(slotStartUs[s]));
  const ipBytes = load<f64>(q + Q_BYTES);
  const flags = load<u32>(q + Q_FLAGS);
  const tag = h & 0xff000000;
  const index = unchecked(slotIndex[s]);
  const entries = unchecked(slotEntries[s]);
  const k0 = v128.load(q);
  const k1 = v128.load(q, 16);
  const k2 = load<u64>(q + L.REC_INTERFACE);
  const k3 = load<u16>(q + L.REC_PROTOCOL);
  const mask = unchecked(slotMask[s]);
  let i = h & mask;
  while (true) {
    const v = load<u32>(index + (<usize>i << 2));
    if (v == 0) break;
    if ((v & 0xff000000) == tag) {
      const e = entries + <usize>((v & 0xffffff) - 1) * RECORD_SIZE;
      if (!v128.any_true(v128.or(v128.xor(v128.load(e), k0), v128.xor(v128.load(e, 16), k1)))
          && load<u64>(e + L.REC_INTERFACE) == k2 && load<u16>(e + L.REC_PROTOCOL) == k3) {
        store<u16>(e + L.REC_TCP_FLAGS, load<u16>(e + L.REC_TCP_FLAGS) | <u16>flags);
        const packets = load<u32>(e + L.REC_PACKETS);
        store<u32>(e + L.REC_PACKETS, packets + <u32>(packets != 0xffffffff));
        store<f64>(e + L.REC_BYTES, load<f64>(e + L.REC_BYTES) + ipBytes);
        if (at < load<u32>(e + L.REC_START)) store<u32>(e + L.REC_START, at);
        if (at > load<u32>(e + L.REC_END)) store<u32>(e + L.REC_END, at);
        return true;
      }
    }
    i = (i + 1) & mask;
  }
  const n = unchecked(slotCount[s]);
  if (n >= capacity) {
    // The sketch uses the twin's hash, so both engines estimate the same count.
    const m = hashKey(q, 42);
    unchecked(slotSkipPackets[s] += 1);
    unchecked(slotSkipBytes[s] += ipBytes);
    const bit = BITMAPS + <usize>s * BITMAP_BYTES + <usize>((m & 0xffff) >> 3);
    store<u8>(bit, load<u8>(bit) | <u8>(<u32>1 << (m & 7)));
    return false;
  }
  store<u32>(index + (<usize>i << 2), tag | (n + 1));
  unchecked(slotCount[s] = n + 1);
  const e = entries + <usize>n * RECORD_SIZE;
  v128.store(e, k0);
  v128.store(e, k1, 16);
  store<u64>(e + L.REC_INTERFACE, k2);
  store<u16>(e + L.REC_PROTOCOL, k3);
  store<u16>(e + L.REC_TCP_FLAGS, <u16>flags);
  store<u32>(e + L.REC_PACKETS, 1);
  store<f64>(e + L.REC_BYTES, ipBytes);
  store<u32>(e + L.REC_START, at);
  store<u32>(e + L.REC_END, at);
  if ((n + 1) << 1 > mask && mask < maxMask) growIndex(s);  // after the entry is written
  return true;
}

export function newestWindowSeen(): i64 {
  return newestWindow;
}

// Decoded packets wait here (in order) to be aggregated together: see drainQueue().
let queued: i32 = 0;

/**
 * Aggregates the queued packets in their order. Three passes: hash and touch each
 * packet's bucket, touch each bucket's entry, then account — the first two issue
 * independent loads, so their cache misses overlap instead of following one another.
 * Called before anything that must see the table up to date: a window admission, a skip
 * sample (samples stay in packet order), and every return from run().
 */
export function drainQueue(): void {
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

/** Queues the decoded packet (its key at KEY) for window slot `s`; aggregates the queue when it is full. */
export function queuePacket(s: i32, us: f64, bytes: f64, offset: f64, flags: u32): void {
  const q = L.QUEUE + <usize>queued * L.QUEUE_ENTRY;
  memory.copy(q, L.KEY, 48);
  store<u32>(q + Q_SLOT, <u32>s);
  store<f64>(q + Q_US, us);
  store<f64>(q + Q_BYTES, bytes);
  store<f64>(q + Q_OFFSET, offset);
  store<u32>(q + Q_FLAGS, flags);
  if (++queued == L.QUEUE_SLOTS) drainQueue();
}
