// Filter mode: instead of aggregating flows, the engine lists the packets of one flow (or
// of its two directions) inside a time range, so that a record's packets can be shown and
// saved (the viewer's "Packets"). The packets are decoded exactly as for aggregation, so a
// record and its packets cannot disagree about which packets are whose.
//
// JS writes two (want, mask) key pairs at KEY + FILTER_AT (an all-zero mask pair never
// matches: its want is set non-zero) and the range in H_FILTER_FROM/TO, then calls
// filterPackets(capacity). Matches are written to FLOWS (layout.ts, "Filter mode").
import * as L from "./layout";
import * as S from "./status";
import { hget, hset } from "./counters";
import { gFlags } from "./decode";
import { iface, pCaplen, pDataAt, pInterface, pOrigLen, recordOffset } from "./reader";

export let filtering = false;

/** Back to aggregation (configure() calls it). */
export function stopFilter(): void {
  filtering = false;
}

/** Switches to filter mode with room for `capacity` matches; 0 if memory cannot grow. */
export function startFilter(capacity: u32): i32 {
  if (capacity == 0 || capacity > 0x1000000) return 0;
  const end = L.FLOWS + <usize>capacity * L.MATCH_SIZE;
  const have = <usize>memory.size() << 16;
  if (end > have && memory.grow(<i32>((end - have + 0xffff) >> 16)) < 0) return 0;
  hset(L.H_MATCH_CAPACITY, <f64>capacity);
  hset(L.H_MATCH_COUNT, 0);
  filtering = true;
  return 1;
}

// @ts-ignore: decorator
@inline function matchesPair(at: usize): bool {
  const want = L.KEY + L.FILTER_AT + at;
  const mask = want + 48;
  const a = v128.xor(v128.and(v128.load(L.KEY), v128.load(mask)), v128.load(want));
  const b = v128.xor(v128.and(v128.load(L.KEY + 16), v128.load(mask + 16)), v128.load(want + 16));
  const c = v128.xor(v128.and(v128.load(L.KEY + 32), v128.load(mask + 32)), v128.load(want + 32));
  return !v128.any_true(v128.or(v128.or(a, b), c));
}

/**
 * The decoded packet (its key at KEY, time `us`): listed if it matches and falls in the range.
 * Returns -1 when done with it, or S_MATCHES when the buffer must be read first (the packet waits).
 */
export function filterPacket(us: f64): i32 {
  if (us < hget(L.H_FILTER_FROM) || us >= hget(L.H_FILTER_TO)) return -1;
  let reply: u32 = 0;
  if (!matchesPair(0)) {
    if (!matchesPair(L.FILTER_PAIR)) return -1;
    reply = L.M_REPLY;
  }
  const n = hget(L.H_MATCH_COUNT);
  if (n >= hget(L.H_MATCH_CAPACITY)) return S.S_MATCHES;
  const m = L.FLOWS + <usize>n * L.MATCH_SIZE;
  store<f64>(m + L.M_US, us);
  store<f64>(m + L.M_OFFSET, recordOffset);
  store<u32>(m + L.M_CAPLEN, pCaplen);
  store<u32>(m + L.M_ORIGLEN, pOrigLen);
  store<u16>(m + L.M_DATA_AT, <u16>pDataAt);
  store<u16>(m + L.M_FLAGS, <u16>gFlags);
  store<u16>(m + L.M_INTERFACE, <u16>(pInterface | reply));
  store<u16>(m + L.M_LINKTYPE, <u16>load<u32>(iface(pInterface) + L.IF_LINKTYPE));
  hset(L.H_MATCH_COUNT, n + 1);
  return -1;
}
