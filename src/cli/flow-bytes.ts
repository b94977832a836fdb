// `flowlens flows` output written as bytes straight from the engine's 64-byte structs
// (docs/history.md #11): the same lines as flow-output.ts's formatFlow, with no Flow object and no
// string per flow or field (IPv6 addresses, rare, still go through formatAddress). With a
// 600-s window the whole capture's flows come as one batch when the engine is done, so
// their formatting is not overlapped with anything: objects and strings made it half of
// `flowlens flows` (profiled: 0.8 of 1.6 s on a 1 M-packet capture).
import { AT, formatAddress } from "../engine/flow-record";
import { RECORD_SIZE } from "../engine/wasm/layout";
import { FLOW_FIELDS, type FlowFormat } from "./flow-output";

const KEYS = FLOW_FIELDS.map((k) => new TextEncoder().encode(`"${k}":`));

/** ASCII into a buffer handed on as it fills. */
export class ByteLines {
  private buf: Uint8Array;
  private at = 0;
  constructor(
    private readonly flush: (bytes: Uint8Array) => Promise<void>,
    size = 1 << 20,
  ) {
    this.buf = new Uint8Array(size);
  }

  /** Whether fewer than 512 bytes are left: room for a line, always. */
  get nearlyFull(): boolean {
    return this.buf.length - this.at < 512;
  }

  /** Hands on what is written so far. */
  async spill(): Promise<void> {
    if (!this.at) return;
    const out = this.buf.slice(0, this.at);
    this.at = 0;
    await this.flush(out);
  }

  // Every write makes its room: a line is usually far below the 512 bytes nearlyFull keeps,
  // but one long value (a 700-character id) must not push the rest of its line off the end.
  byte(c: number): void {
    if (this.at >= this.buf.length) this.grow(1);
    this.buf[this.at++] = c;
  }

  ascii(s: string): void {
    if (s.length > this.buf.length - this.at) this.grow(s.length);
    for (let k = 0; k < s.length; k++) this.buf[this.at++] = s.charCodeAt(k);
  }

  /** Text as UTF-8: ASCII copied as it is, anything else through a TextEncoder. */
  text(s: string): void {
    if (s.length > this.buf.length - this.at) this.grow(s.length);
    const from = this.at;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 128) {
        this.at = from;
        this.bytes(new TextEncoder().encode(s));
        return;
      }
      this.buf[this.at++] = c;
    }
  }

  bytes(b: Uint8Array): void {
    if (b.length > this.buf.length - this.at) this.grow(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  // A value longer than the room a line is given (a long id from a log): the buffer grows.
  private grow(more: number): void {
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.at + more + 512));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }

  /** A non-negative integer below 2^53 in decimal, as String() writes it; anything else through String(). */
  uint(v: number): void {
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v))) {
      this.ascii(String(v));
      return;
    }
    if (this.buf.length - this.at < 16) this.grow(16);
    if (v < 10) {
      this.buf[this.at++] = 48 + v;
      return;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    let end = this.at + digits;
    this.at = end;
    while (v >= 1) {
      const q = Math.floor(v / 10);
      this.buf[--end] = 48 + (v - q * 10);
      v = q;
    }
  }

  /** `window + off / 1e6` seconds with six fraction digits (formatSeconds, from the parts). */
  seconds(window: number, offUs: number): void {
    const whole = Math.floor(offUs / 1e6);
    this.uint(window + whole);
    this.byte(46);
    if (this.buf.length - this.at < 6) this.grow(6);
    let frac = offUs - whole * 1e6;
    for (let d = 100000; d >= 1; d /= 10) {
      const q = Math.floor(frac / d);
      this.buf[this.at++] = 48 + q;
      frac -= q * d;
    }
  }
}

/** The batch's flows as lines of `format` (text, csv or jsonl), as formatFlow writes them. */
export async function writeFlowLines(
  out: ByteLines,
  records: Uint8Array,
  count: number,
  window: number,
  format: FlowFormat,
): Promise<void> {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const sep = format === "csv" ? 44 : 32,
    json = format === "jsonl";
  for (let i = 0; i < count; i++) {
    const at = i * RECORD_SIZE,
      family = records[at + AT.family];
    field(out, 0, json, sep);
    out.uint(view.getUint32(at + AT.interface, true));
    field(out, 1, json, sep);
    out.uint(window);
    field(out, 2, json, sep);
    address(out, records, at + AT.src, family, json);
    field(out, 3, json, sep);
    out.uint(view.getUint16(at + AT.srcport, true));
    field(out, 4, json, sep);
    address(out, records, at + AT.dst, family, json);
    field(out, 5, json, sep);
    out.uint(view.getUint16(at + AT.dstport, true));
    field(out, 6, json, sep);
    out.uint(records[at + AT.protocol]);
    field(out, 7, json, sep);
    out.uint(view.getUint32(at + AT.packets, true));
    field(out, 8, json, sep);
    out.uint(view.getFloat64(at + AT.bytes, true));
    field(out, 9, json, sep);
    out.seconds(window, view.getUint32(at + AT.start, true));
    field(out, 10, json, sep);
    out.seconds(window, view.getUint32(at + AT.end, true));
    field(out, 11, json, sep);
    out.uint(view.getUint16(at + AT.tcpFlags, true));
    if (json) out.byte(125);
    out.byte(10);
    if (out.nearlyFull) await out.spill();
  }
}

/** What comes before field `k`: its key in JSON, else the separator. */
function field(out: ByteLines, k: number, json: boolean, sep: number): void {
  if (json) {
    out.byte(k === 0 ? 123 : 44);
    out.bytes(KEYS[k]);
  } else if (k) out.byte(sep);
}

function address(out: ByteLines, records: Uint8Array, from: number, family: number, json: boolean): void {
  if (json) out.byte(34);
  if (family === 4) {
    for (let k = 12; k < 16; k++) {
      if (k > 12) out.byte(46);
      out.uint(records[from + k]);
    }
  } else out.ascii(formatAddress(records, from, family));
  if (json) out.byte(34);
}
