// The engine's counters and diagnostics in the header (layout.ts H_*): what JS reads after
// each run(), as f64 slots; a skipped packet is counted by reason, with the first few
// samples' offsets and, for unknown link types, which ones.
import * as L from "./layout";
import * as S from "./status";

// @ts-ignore: decorator
@inline export function hget(i: i32): f64 { return load<f64>(L.HEADER + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function hset(i: i32, v: f64): void { store<f64>(L.HEADER + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline export function hadd(i: i32, v: f64): void { hset(i, hget(i) + v); }

export function countSkipRaw(reason: i32, offset: f64, detail: f64): void {
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
