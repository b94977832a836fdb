// The twin of assembly/packet-filter.ts: a flow's packets in a time range, listed as the
// WASM engine lists them (the same MATCH_SIZE entries, the same "buffer full" status).
import * as L from "../wasm/layout";
import type { Reader } from "./reader";

export class TwinPacketFilter {
  private pairs = new Uint8Array(4 * 48);
  private out = new Uint8Array(0);
  private view = new DataView(this.out.buffer);

  start(h: Float64Array, capacity: number, pairs: Uint8Array, fromUs: number, toUs: number): boolean {
    if (capacity === 0 || capacity > 0x1000000) return false;
    this.pairs.set(pairs);
    this.out = new Uint8Array(capacity * L.MATCH_SIZE);
    this.view = new DataView(this.out.buffer);
    h[L.H_MATCH_CAPACITY] = capacity;
    h[L.H_MATCH_COUNT] = 0;
    h[L.H_FILTER_FROM] = fromUs;
    h[L.H_FILTER_TO] = toUs;
    return true;
  }

  matches(h: Float64Array): Uint8Array {
    return this.out.subarray(0, h[L.H_MATCH_COUNT] * L.MATCH_SIZE);
  }

  private matchesPair(key: Uint8Array, at: number): boolean {
    const p = this.pairs;
    for (let i = 0; i < 48; i++) if ((key[i] & p[at + 48 + i]) !== p[at + i]) return false;
    return true;
  }

  /** -1 when done with the packet, or S_MATCHES when the buffer must be read first. */
  packet(r: Reader, us: number): number {
    const h = r.h;
    if (us < h[L.H_FILTER_FROM] || us >= h[L.H_FILTER_TO]) return -1;
    let reply = 0;
    if (!this.matchesPair(r.dec.key, 0)) {
      if (!this.matchesPair(r.dec.key, L.FILTER_PAIR)) return -1;
      reply = L.M_REPLY;
    }
    const n = h[L.H_MATCH_COUNT];
    if (n >= h[L.H_MATCH_CAPACITY]) return L.S_MATCHES;
    const v = this.view,
      m = n * L.MATCH_SIZE;
    v.setFloat64(m + L.M_US, us, true);
    v.setFloat64(m + L.M_OFFSET, r.recordOffset, true);
    v.setUint32(m + L.M_CAPLEN, r.pCaplen, true);
    v.setUint32(m + L.M_ORIGLEN, r.pOrigLen, true);
    v.setUint16(m + L.M_DATA_AT, r.pDataAt, true);
    v.setUint16(m + L.M_FLAGS, r.dec.flags, true);
    v.setUint16(m + L.M_INTERFACE, r.pInterface | reply, true);
    v.setUint16(m + L.M_LINKTYPE, r.interfaces[r.pInterface].linktype, true);
    h[L.H_MATCH_COUNT] = n + 1;
    return -1;
  }
}
