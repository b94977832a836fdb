// A chunk of flow-log records in columns (docs/history.md #4): numbers in typed arrays, text in a
// per-chunk dictionary, "none" as -1 (or 0 for the small enums). IndexedDB stores typed
// arrays as they are, so a chunk costs a few dozen bytes a record, not an object each.
import { EXTRA_NUMBER_FIELDS, EXTRA_TEXT_FIELDS, type ExtraNumberField, type ExtraTextField } from "../model/aws-fields";
import { ACTIONS, DIRECTIONS, STATUSES } from "../model/record-codes";
import type { FlowLogEntry } from "../model/records";
import { ChunkBuilder } from "./chunk-builder";

export const CHUNK_RECORDS = 8192;
/** Summaries list a chunk's ENIs only up to this many (measured: 2,000-id lists made reading all summaries ~0.9 s for 10 M records). */
export const SUMMARY_ENIS = 64;

export const TEXT_COLUMNS = [
  "flowLogId",
  "version",
  "account-id",
  "interface-id",
  "vpc-id",
  "subnet-id",
  "instance-id",
  "srcaddr",
  "dstaddr",
  "rule-id",
] as const;
export const U32_COLUMNS = ["window", "start", "end"] as const;
export const F64_COLUMNS = ["srcport", "dstport", "protocol", "packets", "bytes", "tcp-flags", "skipped"] as const; // -1 = none
// The codes of direction, action and log-status columns (model/record-codes.ts).
export { ACTIONS, DIRECTIONS, STATUSES } from "../model/record-codes";

/**
 * CCN records' own fields (docs/rules.md §3): text columns a chunk has only when one of its records carries a ccnid,
 * so other chunks do not grow.
 */
export const CCN_COLUMNS = ["ccnid", "region-id", "srcregionid", "dstregionid"] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];
export type CcnColumn = (typeof CCN_COLUMNS)[number];
export type F64Column = (typeof F64_COLUMNS)[number];

export interface ChunkColumns {
  count: number;
  dict: string[];
  text: Record<TextColumn, Uint32Array>; // index into dict; 0 = none
  u32: Record<(typeof U32_COLUMNS)[number], Uint32Array>;
  f64: Record<F64Column, Float64Array>;
  direction: Uint8Array;
  action: Uint8Array;
  status: Uint8Array;
  /** Dictionary codes of the CCN fields (0 = none), present only in chunks that hold CCN records. */
  ccn?: Record<CcnColumn, Uint32Array>;
  /**
   * AWS's later fields (model/aws-fields.ts), each only in chunks where a record carries it:
   * text as dictionary codes (0 = none), numbers as they are (-1 = none).
   */
  extra?: Partial<Record<ExtraTextField, Uint32Array>>;
  extraNumbers?: Partial<Record<ExtraNumberField, Float64Array>>;
}

export function encodeChunk(records: FlowLogEntry[]): ChunkColumns {
  const b = new ChunkBuilder(records.length);
  for (const r of records) b.push(r);
  return b.columns();
}

export function decodeRecord(c: ChunkColumns, i: number): FlowLogEntry {
  const t = (f: TextColumn) => (c.text[f][i] ? c.dict[c.text[f][i]] : null);
  const num = (f: F64Column) => (c.f64[f][i] < 0 ? null : c.f64[f][i]);
  const r: FlowLogEntry = {
    flowLogId: t("flowLogId")!,
    window: c.u32.window[i],
    version: t("version")!,
    "account-id": t("account-id")!,
    "interface-id": t("interface-id")!,
    "vpc-id": t("vpc-id")!,
    "subnet-id": t("subnet-id")!,
    "instance-id": t("instance-id"),
    srcaddr: t("srcaddr"),
    dstaddr: t("dstaddr"),
    srcport: num("srcport"),
    dstport: num("dstport"),
    protocol: num("protocol"),
    direction: DIRECTIONS[c.direction[i]],
    packets: num("packets"),
    bytes: num("bytes"),
    start: c.u32.start[i],
    end: c.u32.end[i],
    action: ACTIONS[c.action[i]],
    "log-status": STATUSES[c.status[i]],
    "tcp-flags": num("tcp-flags"),
    "rule-id": t("rule-id"),
  };
  const skipped = num("skipped");
  if (skipped !== null) r.skipped = skipped;
  if (c.ccn?.ccnid[i]) for (const f of CCN_COLUMNS) r[f] = c.ccn[f][i] ? c.dict[c.ccn[f][i]] : "";
  if (c.extra)
    for (const f of EXTRA_TEXT_FIELDS) {
      const code = c.extra[f]?.[i];
      if (code) r[f] = c.dict[code];
    }
  if (c.extraNumbers)
    for (const f of EXTRA_NUMBER_FIELDS) {
      const v = c.extraNumbers[f]?.[i];
      if (v !== undefined && v >= 0) r[f] = v;
    }
  return r;
}

/** Bytes a chunk's columns take (typed arrays plus dictionary text), for the benchmark. */
export function chunkBytes(c: ChunkColumns): number {
  let n = c.direction.byteLength * 3;
  for (const a of [
    ...Object.values(c.text),
    ...Object.values(c.u32),
    ...Object.values(c.f64),
    ...Object.values(c.ccn ?? {}),
    ...extraArrays(c),
  ])
    n += a.byteLength;
  return n + c.dict.reduce((s, x) => s + x.length + 8, 0);
}

/** The typed arrays of a chunk's extra fields (none for a chunk without them). */
export function extraArrays(c: ChunkColumns): (Uint32Array | Float64Array)[] {
  return [...Object.values(c.extra ?? {}), ...Object.values(c.extraNumbers ?? {})];
}
