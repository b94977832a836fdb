// Totals per key for the analyses (query/analyses/), bounded; heavy-hitters.ts is its
// numeric-key, typed-array sibling for the top talkers.
import { kthLargest } from "./heavy-hitters";

/** A key's totals. */
export interface Totals {
  bytes: number;
  packets: number;
  records: number;
}

/**
 * Totals per key in bounded memory. Exact while it holds at most `capacity` keys; past
 * that, when it reaches twice that, it keeps the `capacity` heaviest and remembers the
 * heaviest weight it dropped: a key that arrives later starts from that weight, so every
 * count is an upper bound and the heavy keys keep their place (the Space-Saving idea,
 * pruned in batches so a key costs amortized O(log capacity)). Measured reason: exact
 * maps over 10 M distinct sources ran the process out of heap.
 */
export class Tally {
  private m = new Map<string | number, { bytes: number; packets: number; records: number }>();
  private floor = 0;
  approximate = false;
  constructor(
    private capacity = 8192,
    private by: "bytes" | "records" = "bytes",
  ) {}
  /** Keys are numbers where they can be: no string is built for each record. */
  add(key: string | number, bytes: number, packets: number) {
    let x = this.m.get(key);
    if (!x) {
      if (this.m.size >= 2 * this.capacity) this.prune();
      x = { bytes: this.by === "bytes" ? this.floor : 0, packets: 0, records: this.by === "records" ? this.floor : 0 };
      this.m.set(key, x);
    }
    x.bytes += bytes;
    x.packets += packets;
    x.records++;
  }
  /** Keeps the `capacity` heaviest: the cut is found by quickselect (measured: sorting here cost ~45 s over 10 M distinct keys). */
  private prune() {
    const weights = Float64Array.from(this.m.values(), (v) => v[this.by]);
    const cut = kthLargest(weights, this.capacity); // the weight of the (capacity+1)-th heaviest
    let kept = 0;
    const next = new Map<string | number, { bytes: number; packets: number; records: number }>();
    for (const [k, v] of this.m)
      if (v[this.by] > cut && kept < this.capacity) {
        next.set(k, v);
        kept++;
      }
    for (const [k, v] of this.m)
      if (v[this.by] === cut && kept < this.capacity) {
        next.set(k, v);
        kept++;
      }
    this.floor = Math.max(this.floor, cut);
    this.m = next;
    this.approximate = true;
  }
  /** The n largest by `by`, then by the other measure, then by key. */
  top(n: number, by: "bytes" | "records" = this.by) {
    const other = by === "bytes" ? "records" : "bytes";
    return [...this.m.entries()].sort((a, b) => b[1][by] - a[1][by] || b[1][other] - a[1][other] || (a[0] < b[0] ? -1 : 1)).slice(0, n) as [
      string,
      { bytes: number; packets: number; records: number },
    ][];
  }
  entries() {
    return [...this.m.entries()] as [string, { bytes: number; packets: number; records: number }][];
  }
}
