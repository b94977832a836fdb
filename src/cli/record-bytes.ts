// AWS / Tencent v2 lines written as bytes straight from a chunk's columns (issue #11): the
// same text as writeRecord(decodeRecord(...), "aws"), with no entry per record and no string
// per field; each dictionary value is encoded once per chunk. A FlowLogEntry and a string
// per field were half of `flowlens records` over a 1 M-line log (profiled).
import { ACTIONS, STATUSES, type ChunkColumns, type F64Column, type TextColumn } from "../storage/record-columns";
import type { ByteLines } from "./flow-bytes";

const DASH = 45, SPACE = 32, NL = 10;
const TEXT_FIELDS: TextColumn[] = ["version", "account-id", "interface-id", "srcaddr", "dstaddr"];
const NUMBER_FIELDS: F64Column[] = ["srcport", "dstport", "protocol", "packets", "bytes"];
const encoder = new TextEncoder();
const ENUM_BYTES = (names: readonly (string | null)[]) => names.map((n) => (n === null ? null : encoder.encode(n)));
const ACTION_BYTES = ENUM_BYTES(ACTIONS), STATUS_BYTES = ENUM_BYTES(STATUSES);

/** The chunk's records as V2 lines (version ... log-status), as writeSpaced writes them: "-" for none. */
export async function writeChunkV2(c: ChunkColumns, out: ByteLines): Promise<void> {
  // Dictionary entries as bytes, made when first written ("" shows as "-", as showValue does).
  const dict: (Uint8Array | null | undefined)[] = new Array(c.dict.length).fill(undefined);
  const text = (code: number) => {
    let b = dict[code];
    if (b === undefined) b = dict[code] = code === 0 || c.dict[code] === "" ? null : encoder.encode(c.dict[code]);
    if (b) out.bytes(b); else out.byte(DASH);
  };
  for (let i = 0; i < c.count; i++) {
    for (let k = 0; k < TEXT_FIELDS.length; k++) { if (k) out.byte(SPACE); text(c.text[TEXT_FIELDS[k]][i]); }
    for (const f of NUMBER_FIELDS) {
      out.byte(SPACE);
      const v = c.f64[f][i];
      if (v < 0) out.byte(DASH); else out.uint(v);
    }
    out.byte(SPACE); out.uint(c.u32.start[i]);
    out.byte(SPACE); out.uint(c.u32.end[i]);
    out.byte(SPACE); const a = ACTION_BYTES[c.action[i]]; if (a) out.bytes(a); else out.byte(DASH);
    out.byte(SPACE); out.bytes(STATUS_BYTES[c.status[i]]!);
    out.byte(NL);
    if (out.nearlyFull) await out.spill();
  }
}
