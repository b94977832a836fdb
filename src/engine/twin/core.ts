// The TypeScript twin of the WASM engine (assembly/container.ts and its callees): the
// reference in differential tests and the fallback where WASM cannot start. It keeps the
// same header slots, input region and statuses, so the driver cannot tell them apart.

import type { EngineCore } from "../core";
import * as L from "../wasm/layout";
import { ContentHash } from "./content-hash";
import { ADMIT_LATE, type Emission, TwinFlowTable } from "./flow-table";
import { TwinPacketFilter } from "./packet-filter";
import { readFileHeader, startPcapRecord } from "./pcap";
import { startPcapngBlock } from "./pcapng";
import { Phase, Reader } from "./reader";

export function createTwinCore(): EngineCore {
  return new TwinCore();
}

class TwinCore extends Reader implements EngineCore {
  readonly kind = "twin" as const;
  private table = new TwinFlowTable();
  private hash = new ContentHash();
  private emission: Emission | null = null;
  private filter: TwinPacketFilter | null = null;

  header(): Float64Array {
    return this.h;
  }
  input(): Uint8Array {
    return this.buf;
  } // the whole region: feed() says which part
  emitted(): Uint8Array {
    return this.emission ? this.emission.records : new Uint8Array(0);
  }

  startFilter(capacity: number, pairs: Uint8Array, fromUs: number, toUs: number): boolean {
    const f = new TwinPacketFilter();
    if (!f.start(this.h, capacity, pairs, fromUs, toUs)) return false;
    this.filter = f;
    return true;
  }
  matches(): Uint8Array {
    return this.filter ? this.filter.matches(this.h) : new Uint8Array(0);
  }

  configure(windowSeconds: number, flows: number): boolean {
    this.filter = null;
    if (windowSeconds === 0 || windowSeconds > L.MAX_WINDOW_SECONDS || flows === 0 || flows >= 0xffffff) return false;
    this.h.fill(0);
    this.table.configure(windowSeconds, flows);
    this.h[L.H_WINDOW_SECONDS] = windowSeconds;
    this.h[L.H_CAPACITY] = flows;
    return true;
  }

  reset(): void {
    this.table.reset();
  }

  beginFile(): void {
    this.hash.begin();
    this.format = L.FORMAT_UNKNOWN;
    this.swapped = false;
    this.sawSection = false;
    this.interfaces = [];
    this.phase = Phase.Start;
    this.inLen = this.pos = this.lastConsumed = this.baseOffset = 0;
    this.isFinal = false;
    this.hasPacket = false;
    this.lastUs = 0;
    this.dec.clearFragments();
    for (const i of [L.H_CONSUMED, L.H_BASE_OFFSET, L.H_FORMAT, L.H_INTERFACE_COUNT, L.H_SECTIONS]) this.h[i] = 0;
    this.h.fill(0, L.H_PACKETS_READ, L.H_TUNNELS_OPENED + 1);
    this.h.fill(0, L.H_SKIP_BASE, L.H_SAMPLE_BASE + 3 * L.MAX_SAMPLES);
  }

  feed(offset: number, length: number, final: boolean, fresh = 0): void {
    if (fresh > 0) this.hash.update(this.buf, offset + length - fresh, fresh);
    if (final) this.h.set(this.hash.end(), L.H_DIGEST);
    this.cur = this.buf.subarray(offset, offset + length);
    this.cv = new DataView(this.buf.buffer, offset, length);
    this.baseOffset += this.lastConsumed;
    this.lastConsumed = 0;
    this.h[L.H_BASE_OFFSET] = this.baseOffset;
    this.inLen = length;
    this.pos = 0;
    this.isFinal = final;
  }

  private publish(e: Emission): number {
    this.emission = e;
    this.h[L.H_EMIT_WINDOW] = e.window;
    this.h[L.H_EMIT_PTR] = 0;
    this.h[L.H_EMIT_COUNT] = e.count;
    this.h[L.H_EMIT_SKIP_BITS] = e.skipBits;
    this.h[L.H_EMIT_SKIP_PACKETS] = e.skipPackets;
    this.h[L.H_EMIT_SKIP_BYTES] = e.skipBytes;
    return L.S_WINDOW;
  }

  flush(): number {
    this.table.releaseEmitted();
    const e = this.table.flushOldest();
    return e ? this.publish(e) : L.S_DONE;
  }

  run(): number {
    this.table.releaseEmitted();
    for (;;) {
      const avail = this.inLen - this.pos;
      if (this.phase === Phase.Start) {
        if (avail === 0) {
          if (this.isFinal && this.format !== L.FORMAT_UNKNOWN) return L.S_DONE;
          if (this.isFinal && this.baseOffset === 0 && this.inLen === 0) return this.error(L.E_EMPTY, 0, 0);
          if (this.isFinal) return this.error(L.E_TRUNCATED_FILE_HEADER, this.inLen, 4);
          return this.needMore();
        }
        const r =
          this.format === L.FORMAT_UNKNOWN
            ? readFileHeader(this, avail)
            : this.format === L.FORMAT_PCAP
              ? startPcapRecord(this, avail)
              : startPcapngBlock(this, avail);
        if (r !== -1) return r;
      } else if (this.phase === Phase.Body) {
        const n = Math.min(this.bodyRemaining, avail);
        this.pos += n;
        this.bodyRemaining -= n;
        if (this.bodyRemaining > 0) return this.needMore();
        this.phase = this.trailerLength !== 0 ? Phase.Trailer : Phase.Commit;
      } else if (this.phase === Phase.Trailer) {
        if (avail < 4) return this.needMore();
        const trailer = this.rd32(this.pos);
        if (trailer !== this.trailerLength) return this.error(L.E_TRAILER_MISMATCH, this.trailerLength, trailer);
        this.pos += 4;
        this.phase = Phase.Commit;
      } else {
        if (this.hasPacket) {
          const r = this.commitPacket();
          if (r !== -1) return r;
        }
        this.phase = Phase.Start;
      }
    }
  }

  private commitPacket(): number {
    const h = this.h;
    const d = this.dec;
    if (d.reason !== 0) {
      h[L.H_PACKETS_READ]++;
      this.countSkip(d.reason, this.recordOffset, d.detail);
      this.hasPacket = false;
      return -1;
    }
    const us = this.pUs;
    if (!(us >= 0 && us < 4294967296e6)) {
      h[L.H_PACKETS_READ]++;
      this.countSkip(L.R_BAD_TIMESTAMP, this.recordOffset, Math.floor(us / 1e6));
      this.hasPacket = false;
      return -1;
    }
    if (this.filter) {
      const r = this.filter.packet(this, us);
      if (r !== -1) return r;
      h[L.H_PACKETS_READ]++;
      this.hasPacket = false;
      this.lastUs = us;
      return -1;
    }
    const w = this.table.windowOf(Math.floor(us / 1e6));
    const s = this.table.admit(w);
    if (typeof s !== "number") return this.publish(s);
    h[L.H_PACKETS_READ]++;
    this.hasPacket = false;
    this.lastUs = us;
    if (s === ADMIT_LATE) {
      this.countSkip(L.R_LATE, this.recordOffset, this.table.newestWindow - w);
      return -1;
    }
    // Decode facts count for every packet in an open window, aggregated or not.
    if (d.fragmentWithoutFirst) h[L.H_FRAGMENTS_WITHOUT_FIRST]++;
    if (d.tunnels) h[L.H_TUNNELS_OPENED] += d.tunnels;
    if (!this.table.account(s, d.key, us, d.ipBytes, d.flags)) {
      this.countSkip(L.R_FLOW_TABLE_FULL, this.recordOffset, 0);
      return -1;
    }
    h[L.H_PACKETS_AGGREGATED]++;
    h[L.H_BYTES_AGGREGATED] += d.ipBytes;
    return -1;
  }
}
