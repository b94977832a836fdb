// A hash table from a fixed-width tuple of 32-bit integers to a non-negative integer, in
// one typed array (docs/history.md #11): the record pipeline's keys (an address, a connection, a
// record's five-tuple with its flow log, ENI and window) without a string joined per flow.
// The caller writes the tuple into `key`, then calls get(), getOrAdd() or set(): nothing is
// allocated per lookup. Each slot holds its value then its key, side by side, in one array.
export class TupleTable {
  /** The tuple to look up or store next. */
  readonly key: Int32Array;
  private readonly stride: number;
  // Slot s: slots[s * stride] is its value (-1: empty), then its `width` key integers.
  private slots: Int32Array;
  private capacity: number;
  private used = 0;

  constructor(
    readonly width: number,
    capacity = 1024,
  ) {
    this.key = new Int32Array(width);
    this.stride = width + 1;
    this.capacity = capacity;
    this.slots = TupleTable.empty(capacity, this.stride);
  }

  private static empty(capacity: number, stride: number): Int32Array {
    const a = new Int32Array(capacity * stride);
    for (let s = 0; s < a.length; s += stride) a[s] = -1;
    return a;
  }

  get size(): number {
    return this.used;
  }

  // FNV-1a's constants as int32 (`| 0`), so the hash stays in 32-bit integers.
  private hash(k: Int32Array, at: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < this.width; i++) {
      h = Math.imul(h ^ k[at + i], 0x01000193);
      h ^= h >>> 13;
    }
    return Math.imul(h ^ (h >>> 16), 0x85ebca6b | 0);
  }

  /** The offset of the slot holding `key`, or of the empty slot where it would go. */
  private find(): number {
    const k = this.key,
      w = this.width,
      stride = this.stride,
      slots = this.slots,
      mask = this.capacity - 1;
    let s = this.hash(k, 0) & mask;
    for (;;) {
      const at = s * stride;
      if (slots[at] < 0) return at;
      let i = 0;
      while (i < w && slots[at + 1 + i] === k[i]) i++;
      if (i === w) return at;
      s = (s + 1) & mask;
    }
  }

  /** The value stored under `key`, or -1. */
  get(): number {
    return this.slots[this.find()];
  }

  /** The value stored under `key`; if there is none, stores `value` (>= 0) there and returns -1: one probe for both. */
  getOrAdd(value: number): number {
    let at = this.find();
    const known = this.slots[at];
    if (known >= 0) return known;
    if ((this.used + 1) * 2 > this.capacity) {
      this.grow();
      at = this.find();
    }
    this.used++;
    this.slots[at] = value;
    for (let i = 0; i < this.width; i++) this.slots[at + 1 + i] = this.key[i];
    return -1;
  }

  /** Stores `value` (>= 0) under `key`. */
  set(value: number): void {
    if (this.getOrAdd(value) >= 0) this.slots[this.find()] = value;
  }

  private grow(): void {
    const old = this.slots,
      stride = this.stride;
    this.capacity *= 2;
    this.slots = TupleTable.empty(this.capacity, stride);
    const mask = this.capacity - 1;
    for (let from = 0; from < old.length; from += stride) {
      if (old[from] < 0) continue;
      let s = this.hash(old, from + 1) & mask;
      while (this.slots[s * stride] >= 0) s = (s + 1) & mask;
      this.slots.set(old.subarray(from, from + stride), s * stride);
    }
  }
}
