// AWS / Tencent v2 lines written as bytes straight from a chunk's columns or a capture's
// record rows (docs/history.md #11): the same text as writeRecord(decodeRecord(...) or rowEntry(...),
// "aws"), with no entry per record and no string per field; each text is encoded once. A FlowLogEntry and a string
// per field were half of `flowlens records` over a 1 M-line log (profiled).
import { type RecordRows, STATUS_OK } from "../model/record-rows";
import { versionOf } from "../model/row-entry";
import { ACTIONS, type ChunkColumns, type F64Column, STATUSES, type TextColumn } from "../storage/record-columns";
import type { ByteLines } from "./flow-bytes";

const DASH = 45,
  SPACE = 32,
  NL = 10;
const TEXT_FIELDS: TextColumn[] = ["version", "account-id", "interface-id", "srcaddr", "dstaddr"];
const NUMBER_FIELDS: F64Column[] = ["srcport", "dstport", "protocol", "packets", "bytes"];
const encoder = new TextEncoder();
const ENUM_BYTES = (names: readonly (string | null)[]) => names.map((n) => (n === null ? null : encoder.encode(n)));
const ACTION_BYTES = ENUM_BYTES(ACTIONS),
  STATUS_BYTES = ENUM_BYTES(STATUSES);

/** The chunk's records as V2 lines (version ... log-status), as writeSpaced writes them: "-" for none. */
export async function writeChunkV2(c: ChunkColumns, out: ByteLines): Promise<void> {
  // Dictionary entries as bytes, made when first written ("" shows as "-", as showValue does).
  const dict: (Uint8Array | null | undefined)[] = new Array(c.dict.length).fill(undefined);
  const text = (code: number) => {
    let b = dict[code];
    if (b === undefined) b = dict[code] = code === 0 || c.dict[code] === "" ? null : encoder.encode(c.dict[code]);
    if (b) out.bytes(b);
    else out.byte(DASH);
  };
  for (let i = 0; i < c.count; i++) {
    for (let k = 0; k < TEXT_FIELDS.length; k++) {
      if (k) out.byte(SPACE);
      text(c.text[TEXT_FIELDS[k]][i]);
    }
    for (const f of NUMBER_FIELDS) {
      out.byte(SPACE);
      const v = c.f64[f][i];
      if (v < 0) out.byte(DASH);
      else out.uint(v);
    }
    out.byte(SPACE);
    out.uint(c.u32.start[i]);
    out.byte(SPACE);
    out.uint(c.u32.end[i]);
    out.byte(SPACE);
    const a = ACTION_BYTES[c.action[i]];
    if (a) out.bytes(a);
    else out.byte(DASH);
    out.byte(SPACE);
    out.bytes(STATUS_BYTES[c.status[i]]!);
    out.byte(NL);
    if (out.nearlyFull) await out.spill();
  }
}

/** A capture's record rows in `order` as V2 lines, as writeRecord(rowEntry(...), "aws") writes them. */
export async function writeRowsV2(x: RecordRows, order: Int32Array, out: ByteLines): Promise<void> {
  const R = x.rows;
  // A text as it shows: "-" for none or "" (showValue). ENI ids and addresses are written as
  // they come (most appear in a record or two: a cache of their bytes held 130 MB more).
  const show = (t: string | null) => {
    if (t === null || t === "") out.byte(DASH);
    else out.text(t);
  };
  const version = (c: number) => show(versionOf(x.flowLogs[c])),
    account = (v: number) => show(x.inv.vpcs[v].accountId);
  const eniId = (e: number) => show(x.enis[e].id),
    address = (a: number) => show(x.addresses[a]);
  const dashes = (n: number) => {
    for (let k = 0; k < n; k++) {
      out.byte(SPACE);
      out.byte(DASH);
    }
  };
  for (const r of order) {
    const e = R.eni[r];
    version(R.cover[r]);
    out.byte(SPACE);
    account(x.eniVpc[e]);
    out.byte(SPACE);
    eniId(e);
    if (R.status[r] === STATUS_OK) {
      out.byte(SPACE);
      address(R.src[r]);
      out.byte(SPACE);
      address(R.dst[r]);
      out.byte(SPACE);
      out.uint(R.srcport[r]);
      out.byte(SPACE);
      out.uint(R.dstport[r]);
      out.byte(SPACE);
      out.uint(R.protocol[r]);
      out.byte(SPACE);
      out.uint(R.packets[r]);
      out.byte(SPACE);
      out.uint(R.bytes[r]);
      out.byte(SPACE);
      out.uint(R.start[r]);
      out.byte(SPACE);
      out.uint(R.end[r]);
      out.byte(SPACE);
      out.bytes(ACTION_BYTES[R.action[r]]!);
    } else {
      dashes(7); // addresses, ports, protocol, packets, bytes: none
      const w = R.window[r];
      out.byte(SPACE);
      out.uint(w);
      out.byte(SPACE);
      out.uint(w + x.flowLogs[R.cover[r]].windowSeconds);
      dashes(1); // no action
    }
    out.byte(SPACE);
    out.bytes(STATUS_BYTES[R.status[r]]!);
    out.byte(NL);
    if (out.nearlyFull) await out.spill();
  }
}
