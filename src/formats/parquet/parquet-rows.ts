// A Parquet row group's columns (as hyparquet decodes them, no row objects) into a chunk's
// columns: each value checked by the rules of fields.ts — a text value once per distinct
// value, a number by its range — and written as entryFromText would write the record
// (the same defaults for absent ids). A row found bad is not committed: the next row
// overwrites what it wrote. Measured before: a row object, a string per value and an
// entry per record made a 1 M-row import 29x slower than DuckDB's read_parquet.
import { isExtraNumber, isExtraText } from "../../model/aws-fields";
import { IMPORTED_TEXT_DEFAULTS } from "../../model/imported-records";
import { DIRECTION_IN, DIRECTION_OUT } from "../../model/record-codes";
import type { ChunkBuilder } from "../../storage/chunk-builder";
import type { F64Column, TextColumn } from "../../storage/record-columns";
import { largestValue, parseValue } from "../fields";

type Kind = "text" | "f64" | "extraText" | "extraNumber" | "start" | "end" | "action" | "status" | "flowDirection" | "skip";

const F64 = new Set(["srcport", "dstport", "protocol", "packets", "bytes", "tcp-flags"]);
const TEXT = new Set(["version", "account-id", "interface-id", "vpc-id", "subnet-id", "instance-id", "srcaddr", "dstaddr"]);
/** What entryFromText gives a record whose file has no such field (or none in it). */
const TEXT_DEFAULT = IMPORTED_TEXT_DEFAULTS;

function kindOf(f: string): Kind {
  if (f === "start" || f === "end") return f;
  if (f === "action") return "action";
  if (f === "log-status") return "status";
  if (f === "flow-direction") return "flowDirection";
  if (F64.has(f)) return "f64";
  if (TEXT.has(f)) return "text";
  if (isExtraNumber(f)) return "extraNumber";
  return isExtraText(f) ? "extraText" : "skip";
}

export interface RowPlan {
  fields: string[];
  kinds: Kind[];
  /** Per field, the texts already checked: their dictionary code in the current builder (or the reason they are bad). */
  seen: Map<string, number | string>[];
  builder: ChunkBuilder | null;
  /** Absent fields with a default (ids, version), by column. */
  defaults: [TextColumn, string][];
  statusAt: number;
  flowLogId: string;
  /** Per field, its largest value (numbers). */
  max: Float64Array;
  /** The current builder's codes of the flow log and the defaults. */
  presetCodes: Int32Array;
  flowLogCode: number;
}

export function planRows(fields: string[], flowLogId: string): RowPlan {
  return {
    flowLogId,
    fields,
    kinds: fields.map(kindOf),
    seen: fields.map(() => new Map()),
    builder: null,
    defaults: Object.entries(TEXT_DEFAULT).filter(([f]) => !fields.includes(f)) as [TextColumn, string][],
    statusAt: fields.indexOf("log-status"),
    max: Float64Array.from(fields, (f) => largestValue(f)),
    presetCodes: new Int32Array(0),
    flowLogCode: 0,
  };
}

const STATUS_CODE: Record<string, number> = { OK: 0, NODATA: 1, SKIPDATA: 2 };
const textOf = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Appends row k of the columns to the builder, or says why the row is no record. */
export function appendParquetRow(p: RowPlan, b: ChunkBuilder, columns: ArrayLike<unknown>[], k: number): string | null {
  if (p.builder !== b) {
    p.builder = b;
    for (const m of p.seen) m.clear(); // codes belong to one builder's dictionary
    p.presetCodes = Int32Array.from(p.defaults, ([, v]) => b.code(v));
    p.flowLogCode = b.code(p.flowLogId);
  }
  const i = b.count;
  const statusText = p.statusAt >= 0 ? textOf(columns[p.statusAt][k]) : "OK";
  const status = statusText === null ? 0 : STATUS_CODE[statusText];
  if (status === undefined) return `log-status is ${JSON.stringify(statusText)}, not OK, NODATA or SKIPDATA`;
  for (let d = 0; d < p.defaults.length; d++) b.text[p.defaults[d][0]][i] = p.presetCodes[d];
  b.text.flowLogId[i] = p.flowLogCode;
  let start = -1,
    end = -1,
    action = 0,
    direction = 0;
  for (let t = 0; t < p.fields.length; t++) {
    const f = p.fields[t],
      kind = p.kinds[t],
      v = columns[t][k];
    if (kind === "skip" || kind === "status") continue;
    if (kind === "f64" || kind === "extraNumber" || kind === "start" || kind === "end") {
      let n = -1;
      if (v !== null && v !== undefined) {
        n = typeof v === "bigint" ? Number(v) : (v as number);
        const noCount = n === -1 && status !== 0 && (f === "packets" || f === "bytes");
        if (noCount) n = -1;
        else if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > p.max[t]) {
          const r = parseValue(f, String(v), statusText ?? "OK");
          return "error" in r ? r.error : `${f} is ${String(v)}, not a whole number`;
        }
      }
      if (kind === "start") start = n;
      else if (kind === "end") end = n;
      else if (kind === "f64") b.f64[f as F64Column][i] = n;
      else if (n >= 0 || b.hasExtra(f as "traffic-path")) b.extraNumberColumn(f as "traffic-path")[i] = n;
      continue;
    }
    const s = textOf(v);
    if (kind === "action") {
      if (s === null || s === "-") action = 0;
      else if (s === "ACCEPT") action = 1;
      else if (s === "REJECT") action = 2;
      else return `action is ${JSON.stringify(s.slice(0, 60))}, not ACCEPT or REJECT`;
      continue;
    }
    let code = 0;
    if (s !== null && s !== "" && s !== "-") {
      const known = p.seen[t].get(s);
      if (typeof known === "string") return known;
      if (known === undefined) {
        const r = parseValue(f, s, "OK");
        if ("error" in r) {
          p.seen[t].set(s, r.error);
          return r.error;
        }
        code = b.code(s);
        p.seen[t].set(s, code);
      } else code = known;
    } else if (Object.hasOwn(TEXT_DEFAULT, f)) code = b.code(TEXT_DEFAULT[f]);
    if (kind === "text") b.text[f as TextColumn][i] = code;
    else if (kind === "flowDirection") {
      if (code && s !== "ingress" && s !== "egress") return `flow-direction is ${JSON.stringify(s)}, not ingress or egress`;
      b.extraColumn("flow-direction")[i] = code;
      direction = s === "ingress" ? DIRECTION_IN : s === "egress" ? DIRECTION_OUT : 0;
    } else if (code || b.hasExtra(f as "type")) b.extraColumn(f as "type")[i] = code;
  }
  if (start < 0) start = 0;
  if (end < 0) end = start;
  if (start > end) return `start ${start} is after end ${end}`;
  b.u32.window[i] = start;
  b.u32.start[i] = start;
  b.u32.end[i] = end;
  b.action[i] = action;
  b.direction[i] = direction;
  b.status[i] = status;
  b.commitRow();
  return null;
}
