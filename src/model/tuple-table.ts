// A hash table from a fixed-width tuple of 32-bit integers to a non-negative integer, in
// typed arrays (issue #11): the record pipeline's keys (an address, a connection, a record's
// five-tuple with its flow log, ENI and window) without a string joined per flow. The caller
// writes the tuple into `key`, then calls get() or set(): no array is allocated per lookup.
export class TupleTable {
  /** The tuple to look up or store next. */
  readonly key: Int32Array;
  private keys: Int32Array;
  private values: Int32Array;
  private used = 0;

  constructor(readonly width: number, capacity = 1024) {
    this.key = new Int32Array(width);
    this.keys = new Int32Array(capacity * width);
    this.values = new Int32Array(capacity).fill(-1);
  }

  get size(): number { return this.used; }

  private hash(k: Int32Array, at: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.width; i++) { h = Math.imul(h ^ k[at + i], 0x01000193); h ^= h >>> 13; }
    return Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  }

  private find(): number {
    const k = this.key, w = this.width, mask = this.values.length - 1;
    let slot = this.hash(k, 0) & mask;
    for (;;) {
      if (this.values[slot] < 0) return slot;
      let i = 0;
      const base = slot * w;
      while (i < w && this.keys[base + i] === k[i]) i++;
      if (i === w) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The value stored under `key`, or -1. */
  get(): number {
    return this.values[this.find()];
  }

  /** The value stored under `key`; if there is none, stores `value` (>= 0) there and returns -1: one probe for both. */
  getOrAdd(value: number): number {
    let slot = this.find();
    const known = this.values[slot];
    if (known >= 0) return known;
    if ((this.used + 1) * 2 > this.values.length) { this.grow(); slot = this.find(); }
    this.used++;
    this.keys.set(this.key, slot * this.width);
    this.values[slot] = value;
    return -1;
  }

  /** Stores `value` (>= 0) under `key`. */
  set(value: number): void {
    let slot = this.find();
    if (this.values[slot] < 0) {
      if ((this.used + 1) * 2 > this.values.length) { this.grow(); slot = this.find(); }
      this.used++;
      this.keys.set(this.key, slot * this.width);
    }
    this.values[slot] = value;
  }

  private grow(): void {
    const oldKeys = this.keys, oldValues = this.values, w = this.width;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.values = new Int32Array(oldValues.length * 2).fill(-1);
    const mask = this.values.length - 1;
    for (let s = 0; s < oldValues.length; s++) {
      if (oldValues[s] < 0) continue;
      let slot = this.hash(oldKeys, s * w) & mask;
      while (this.values[slot] >= 0) slot = (slot + 1) & mask;
      this.values[slot] = oldValues[s];
      this.keys.set(oldKeys.subarray(s * w, s * w + w), slot * w);
    }
  }
}
