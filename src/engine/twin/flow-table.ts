// The twin of assembly/flow-table.ts: the same two window slots and emission rule, with a
// Map per slot (insertion order = the WASM's dense entry order) instead of open addressing.
import * as L from "../wasm/layout";
import { BITMAP_BYTES, RECORD_SIZE } from "../wasm/layout";
import { hashKey } from "./hash";

interface Entry {
  flags: number;
  packets: number;
  bytes: number;
  start: number;
  end: number;
  key: Uint8Array;
}

interface Slot {
  window: number;
  flows: Map<string, Entry>;
  skipPackets: number;
  skipBytes: number;
  bitmap: Uint8Array;
}

export const ADMIT_LATE = -1;

export interface Emission {
  window: number;
  records: Uint8Array;
  count: number;
  skipBits: number;
  skipPackets: number;
  skipBytes: number;
}

export class TwinFlowTable {
  windowSeconds = 600;
  capacity = 0;
  newestWindow = -1;
  private slots: Slot[] = [0, 1].map(() => ({
    window: -1,
    flows: new Map(),
    skipPackets: 0,
    skipBytes: 0,
    bitmap: new Uint8Array(BITMAP_BYTES),
  }));
  private pendingRelease = -1;

  configure(seconds: number, flows: number): void {
    // (the core has checked seconds <= MAX_WINDOW_SECONDS)
    this.windowSeconds = seconds;
    this.capacity = flows;
    this.reset();
  }

  reset(): void {
    this.newestWindow = -1;
    this.pendingRelease = -1;
    for (let s = 0; s < 2; s++) this.clear(s);
  }

  private clear(s: number): void {
    const slot = this.slots[s];
    slot.window = -1;
    slot.flows = new Map();
    slot.skipPackets = 0;
    slot.skipBytes = 0;
    slot.bitmap.fill(0);
  }

  windowOf(second: number): number {
    return second - (second % this.windowSeconds);
  }

  releaseEmitted(): void {
    if (this.pendingRelease >= 0) {
      this.clear(this.pendingRelease);
      this.pendingRelease = -1;
    }
  }

  private emit(s: number): Emission {
    const slot = this.slots[s];
    const records = new Uint8Array(slot.flows.size * RECORD_SIZE);
    const view = new DataView(records.buffer);
    let at = 0;
    for (const e of slot.flows.values()) {
      const startUs = slot.window * 1e6;
      records.set(e.key.subarray(0, 42), at);
      view.setUint16(at + L.REC_TCP_FLAGS, e.flags, true);
      view.setUint32(at + L.REC_PACKETS, Math.min(e.packets, 0xffffffff), true);
      view.setFloat64(at + L.REC_BYTES, e.bytes, true);
      view.setUint32(at + L.REC_START, e.start - startUs, true);
      view.setUint32(at + L.REC_END, e.end - startUs, true);
      at += RECORD_SIZE;
    }
    let bits = 0;
    for (const byte of slot.bitmap) for (let v = byte; v; v &= v - 1) bits++;
    this.pendingRelease = s;
    return {
      window: slot.window,
      records,
      count: slot.flows.size,
      skipBits: bits,
      skipPackets: slot.skipPackets,
      skipBytes: slot.skipBytes,
    };
  }

  /** The slot for window w, ADMIT_LATE, or an Emission that must be read first. */
  admit(w: number): number | Emission {
    if (w > this.newestWindow) {
      const limit = w - this.windowSeconds;
      let oldest = -1;
      for (let s = 0; s < 2; s++) {
        const sw = this.slots[s].window;
        if (sw >= 0 && sw < limit && (oldest < 0 || sw < this.slots[oldest].window)) oldest = s;
      }
      if (oldest >= 0) return this.emit(oldest);
      this.newestWindow = w;
    } else if (w < this.newestWindow - this.windowSeconds) {
      return ADMIT_LATE;
    }
    const s = Math.floor(w / this.windowSeconds) & 1;
    if (this.slots[s].window < 0) this.slots[s].window = w;
    return s;
  }

  flushOldest(): Emission | null {
    let oldest = -1;
    for (let s = 0; s < 2; s++) {
      const sw = this.slots[s].window;
      if (sw >= 0 && (oldest < 0 || sw < this.slots[oldest].window)) oldest = s;
    }
    return oldest < 0 ? null : this.emit(oldest);
  }

  account(s: number, key: Uint8Array, us: number, ipBytes: number, flags: number): boolean {
    const slot = this.slots[s];
    const id = String.fromCharCode(...key.subarray(0, 42));
    const e = slot.flows.get(id);
    if (e) {
      e.flags |= flags;
      e.packets += 1;
      e.bytes += ipBytes;
      if (us < e.start) e.start = us;
      if (us > e.end) e.end = us;
      return true;
    }
    if (slot.flows.size >= this.capacity) {
      const h = hashKey(key, 42);
      slot.skipPackets += 1;
      slot.skipBytes += ipBytes;
      slot.bitmap[(h & 0xffff) >>> 3] |= 1 << (h & 7);
      return false;
    }
    slot.flows.set(id, { flags, packets: 1, bytes: ipBytes, start: us, end: us, key: key.slice(0, 42) });
    return true;
  }
}
