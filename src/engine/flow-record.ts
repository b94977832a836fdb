// Reading the engine's 64-byte flow records (layout: assembly/layout.ts): the CLI's output,
// the flow columns, tests.
import type { FlowInput } from "../model/records";
import * as L from "./wasm/layout";
import { RECORD_SIZE } from "./wasm/layout";

/** A flow as the engine's record holds it: the model's flow, on a capture interface. */
export interface Flow extends FlowInput {
  interface: number;
}

/** IPv4 dotted quad, or IPv6 in RFC 5952 form (lowercase, longest zero run as ::). */
export function formatAddress(b: Uint8Array, at: number, family: number): string {
  if (family === 4) return `${b[at + 12]}.${b[at + 13]}.${b[at + 14]}.${b[at + 15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[at + i] << 8) | b[at + i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `::ffff:${b[at + 12]}.${b[at + 13]}.${b[at + 14]}.${b[at + 15]}`;
  let best = -1,
    bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** Where each field of a 64-byte flow record sits (assembly/layout.ts draws the record): every reader of the structs reads them here. */
export const AT = {
  src: L.REC_SRCADDR,
  dst: L.REC_DSTADDR,
  interface: L.REC_INTERFACE,
  srcport: L.REC_SRCPORT,
  dstport: L.REC_DSTPORT,
  protocol: L.REC_PROTOCOL,
  family: L.REC_FAMILY,
  tcpFlags: L.REC_TCP_FLAGS,
  packets: L.REC_PACKETS,
  bytes: L.REC_BYTES,
  start: L.REC_START,
  end: L.REC_END,
} as const;

/** Record `index` of a batch whose window starts at `window` (Unix seconds). */
export function readFlow(records: Uint8Array, index: number, window: number): Flow {
  const at = index * RECORD_SIZE;
  const v = new DataView(records.buffer, records.byteOffset + at, RECORD_SIZE);
  const family = records[at + AT.family];
  return {
    interface: v.getUint32(AT.interface, true),
    window,
    srcaddr: formatAddress(records, at + AT.src, family),
    srcport: v.getUint16(AT.srcport, true),
    dstaddr: formatAddress(records, at + AT.dst, family),
    dstport: v.getUint16(AT.dstport, true),
    protocol: records[at + AT.protocol],
    packets: v.getUint32(AT.packets, true),
    bytes: v.getFloat64(AT.bytes, true),
    startUs: window * 1e6 + v.getUint32(AT.start, true),
    endUs: window * 1e6 + v.getUint32(AT.end, true),
    tcpFlags: v.getUint16(AT.tcpFlags, true),
  };
}

export function* readFlows(records: Uint8Array, count: number, window: number): Generator<Flow> {
  for (let i = 0; i < count; i++) yield readFlow(records, i, window);
}

/** Unix microseconds as seconds with a six-digit fraction, exactly (no float rounding). */
export function formatSeconds(us: number): string {
  const s = Math.floor(us / 1e6);
  return `${s}.${String(us - s * 1e6).padStart(6, "0")}`;
}
