// The content hash of a file as it streams through the engine (docs/history.md #12: the same capture
// dropped twice is told before it is stored twice): four XXH32-style lanes over 16-byte
// blocks (one SIMD round per block), the last partial block zero-padded, each lane then
// mixed with its neighbour and the length and avalanched: 128 bits, in four header slots.
// The twin (src/engine/twin/content-hash.ts) computes the same digest.
import { HEADER, H_DIGEST } from "./layout";

const P1: u32 = 2654435761, P2: u32 = 2246822519, P3: u32 = 3266489917, P5: u32 = 374761393;

let lanes: v128 = i32x4(0x24234428, 0x85ebca77, 0, 0x61c8864f);
let total: u64 = 0;
// The bytes of a block not yet complete (fewer than 16), across feeds.
const CARRY = memory.data(16);
let carried: i32 = 0;

// @ts-ignore: decorator
@inline function round(acc: v128, w: v128): v128 {
  const x = i32x4.add(acc, i32x4.mul(w, i32x4.splat(P2)));
  return i32x4.mul(v128.or(i32x4.shl(x, 13), i32x4.shr_u(x, 19)), i32x4.splat(P1));
}

export function hashBegin(): void {
  lanes = i32x4(0x24234428, 0x85ebca77, 0, 0x61c8864f);
  total = 0;
  carried = 0;
}

/** Takes `len` more bytes of the file, at `p`. */
export function hashUpdate(p: usize, len: i32): void {
  total += <u64>len;
  let at = 0;
  if (carried > 0) {
    const n = min(16 - carried, len);
    memory.copy(CARRY + <usize>carried, p, <usize>n);
    carried += n;
    at = n;
    if (carried < 16) return;
    lanes = round(lanes, v128.load(CARRY));
    carried = 0;
  }
  let acc = lanes;
  for (; at + 16 <= len; at += 16) acc = round(acc, v128.load(p + <usize>at));
  lanes = acc;
  if (at < len) { memory.copy(CARRY, p + <usize>at, <usize>(len - at)); carried = len - at; }
}

// @ts-ignore: decorator
@inline function avalanche(h: u32): u32 {
  h ^= h >> 15; h *= P2; h ^= h >> 13; h *= P3; h ^= h >> 16;
  return h;
}

/** Ends the file: the digest's four words in HEADER slots H_DIGEST.. H_DIGEST + 3. */
export function hashEnd(): void {
  let acc = lanes;
  if (carried > 0) {
    memory.fill(CARRY + <usize>carried, 0, <usize>(16 - carried));
    acc = round(acc, v128.load(CARRY));
  }
  const lo = <u32>total, hi = <u32>(total >> 32);
  const a0 = <u32>i32x4.extract_lane(acc, 0), a1 = <u32>i32x4.extract_lane(acc, 1);
  const a2 = <u32>i32x4.extract_lane(acc, 2), a3 = <u32>i32x4.extract_lane(acc, 3);
  const mix = lo ^ (hi * P5);
  store<f64>(HEADER + (<usize>(H_DIGEST) << 3), <f64>avalanche(a0 ^ rotl<u32>(a1, 7) ^ mix));
  store<f64>(HEADER + (<usize>(H_DIGEST + 1) << 3), <f64>avalanche(a1 ^ rotl<u32>(a2, 7) ^ mix ^ P3));
  store<f64>(HEADER + (<usize>(H_DIGEST + 2) << 3), <f64>avalanche(a2 ^ rotl<u32>(a3, 7) ^ mix ^ (P3 * 2)));
  store<f64>(HEADER + (<usize>(H_DIGEST + 3) << 3), <f64>avalanche(a3 ^ rotl<u32>(a0, 7) ^ mix ^ (P3 * 3)));
}
