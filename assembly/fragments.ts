// First-fragment table (docs/rules.md §3): non-first IP fragments take the ports of the first
// fragment with the same (src, dst, protocol, IP id). Direct-mapped, 4096 slots, newest
// wins a slot: bounded memory, and a fragment whose first was evicted or never seen gets
// ports 0, as the spec says for an unseen first fragment.
//
// Entry (48 bytes): 0 src[16] 16 dst[16] 32 id u32 36 protocol u8 37 family u8
//                   38 valid u8 40 srcport u16 42 dstport u16
// The lookup key is built at FRAG_KEY (the same first 38 bytes, valid = 1).

import { FRAGMENTS, FRAG_SIZE, FRAG_SLOTS, KEY } from "./layout";
import { hashKey } from "./hash";

const FRAG_KEY: usize = KEY + 48;  // 64-byte scratch after the flow key's 42 bytes

export function setFragmentKey(id: u32, protocol: u32, family: u32): void {
  memory.copy(FRAG_KEY, KEY, 32);
  store<u32>(FRAG_KEY + 32, id);
  store<u8>(FRAG_KEY + 36, <u8>protocol);
  store<u8>(FRAG_KEY + 37, <u8>family);
}

// @ts-ignore: decorator
@inline function slotOf(): usize {
  return FRAGMENTS + <usize>(hashKey(FRAG_KEY, 38) & <u32>(FRAG_SLOTS - 1)) * FRAG_SIZE;
}

export function rememberFirstFragment(srcport: u32, dstport: u32): void {
  const e = slotOf();
  memory.copy(e, FRAG_KEY, 38);
  store<u8>(e + 38, 1);
  store<u16>(e + 40, <u16>srcport);
  store<u16>(e + 42, <u16>dstport);
}

// Returns srcport << 16 | dstport, or -1 when the first fragment is unknown. An i64:
// as an i32, any srcport from 32768 up would read as "unknown" (fast-check found it).
export function findFirstFragment(): i64 {
  const e = slotOf();
  if (load<u8>(e + 38) == 0) return -1;
  if (v128.any_true(v128.xor(v128.load(e), v128.load(FRAG_KEY)))) return -1;
  if (v128.any_true(v128.xor(v128.load(e, 16), v128.load(FRAG_KEY, 16)))) return -1;
  if (load<u32>(e + 32) != load<u32>(FRAG_KEY + 32) || load<u16>(e + 36) != load<u16>(FRAG_KEY + 36)) return -1;
  return (<i64>load<u16>(e + 40) << 16) | <i64>load<u16>(e + 42);
}

export function clearFragments(): void {
  memory.fill(FRAGMENTS, 0, <usize>FRAG_SLOTS * FRAG_SIZE);
}
