// The twin of assembly/reader.ts: where the container reading stands (the input of the
// current feed(), the position in it, the record being read, the byte order and the
// interfaces), with what pcap.ts and pcapng.ts read records with.
import * as L from "../wasm/layout";
import { TwinDecoder } from "./decode";

export enum Phase {
  Start,
  Body,
  Trailer,
  Commit,
}

export interface Interface {
  linktype: number;
  snaplen: number;
  binary: boolean;
  exp: number;
  tsoffset: number;
}

export class Reader {
  h = new Float64Array(L.HEADER_SLOTS);
  buf = new Uint8Array(L.INPUT_SIZE);
  // The bytes of the current feed(): a view of `buf` from the feed's offset.
  cur = this.buf;
  cv = new DataView(this.buf.buffer);
  dec = new TwinDecoder();
  format: number = L.FORMAT_UNKNOWN;
  swapped = false;
  pcapNano = false;
  pcapRecordHeader = 16;
  sawSection = false;
  interfaces: Interface[] = [];
  phase = Phase.Start;
  inLen = 0;
  pos = 0;
  isFinal = false;
  lastConsumed = 0;
  baseOffset = 0;
  recordOffset = 0;
  bodyRemaining = 0;
  trailerLength = 0;
  hasPacket = false;
  pUs = 0;
  lastUs = 0;
  // Where the decoded packet's bytes lie in its record, and its interface (filter mode reports them).
  pDataAt = 0;
  pCaplen = 0;
  pOrigLen = 0;
  pInterface = 0;

  rd16(p: number): number {
    return this.cv.getUint16(p, !this.swapped);
  }
  rd32(p: number): number {
    return this.cv.getUint32(p, !this.swapped);
  }

  error(code: number, a: number, b: number): number {
    this.h[L.H_ERROR_CODE] = code;
    this.h[L.H_ERROR_OFFSET] = this.baseOffset + this.pos;
    this.h[L.H_ERROR_A] = a;
    this.h[L.H_ERROR_B] = b;
    return L.S_ERROR;
  }

  countSkip(reason: number, offset: number, detail: number): void {
    const h = this.h;
    h[L.H_SKIP_BASE + reason]++;
    if (reason === L.R_UNKNOWN_LINKTYPE) {
      for (let i = 0; i < L.LINKTYPE_PAIRS; i++) {
        const at = L.H_LINKTYPE_BASE + 2 * i;
        if (h[at + 1] === 0) h[at] = detail;
        if (h[at] === detail) {
          h[at + 1]++;
          break;
        }
      }
    }
    const n = h[L.H_SAMPLE_COUNT];
    if (n < L.MAX_SAMPLES && h[L.H_SKIP_BASE + reason] <= L.SAMPLES_PER_REASON) {
      const at = L.H_SAMPLE_BASE + 3 * n;
      h[at] = reason;
      h[at + 1] = offset;
      h[at + 2] = detail;
      h[L.H_SAMPLE_COUNT] = n + 1;
    }
  }

  needMore(): number {
    if (!this.isFinal) {
      this.lastConsumed = this.pos;
      this.h[L.H_CONSUMED] = this.pos;
      return L.S_NEED_MORE;
    }
    if (this.phase !== Phase.Start || this.pos < this.inLen) {
      this.h[L.H_PACKETS_READ]++;
      const offset = this.phase === Phase.Start ? this.baseOffset + this.pos : this.recordOffset;
      this.countSkip(L.R_TRUNCATED_RECORD, offset, this.inLen - this.pos);
    }
    this.phase = Phase.Start;
    this.hasPacket = false;
    this.pos = this.inLen;
    return L.S_DONE;
  }

  decodeRecord(ifid: number, dataAt: number, caplen: number, origlen: number, us: number): void {
    this.recordOffset = this.baseOffset + this.pos;
    this.hasPacket = true;
    this.pUs = us;
    this.pDataAt = dataAt;
    this.pCaplen = caplen;
    this.pOrigLen = origlen;
    this.pInterface = ifid;
    new DataView(this.dec.key.buffer).setUint32(32, ifid, true);
    const data = this.pos + dataAt;
    this.dec.decode(this.cur, this.interfaces[ifid].linktype, data, data + Math.min(caplen, L.DECODE_LIMIT), origlen);
  }
}
