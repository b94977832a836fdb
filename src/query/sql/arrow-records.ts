// The records a search selects, as DuckDB reads them (SPEC §9): Arrow record batches built from the
// logstore's own column chunks, one per chunk, with Athena's column names for flow logs and AWS's
// Parquet types (formats/parquet/aws-parquet-schema.ts), plus FlowLens's `direction`, `window`,
// `rule_id` and `flow_log_id`. Texts stay dictionary codes — the chunk's dictionary is the Arrow
// dictionary — numbers stay typed arrays: no object and no string per record on the way.
import {
  Field as ArrowField,
  type Data,
  type DataType,
  Dictionary,
  Int32,
  Int64,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Vector,
} from "apache-arrow";
import { AWS_PARQUET_COLUMNS } from "../../formats/parquet/aws-parquet-schema";
import { ACTIONS, STATUSES } from "../../model/record-codes";
import type { ChunkColumns, F64Column, TextColumn } from "../../storage/record-columns";

export type Kind = "text" | "int32" | "int64";

export interface SqlColumn {
  name: string;
  kind: Kind;
  /** Where a chunk holds it. */
  from:
    | { text: TextColumn }
    | { f64: F64Column }
    | { time: "start" | "end" | "window" }
    | { version: true }
    | { enumOf: "action" | "status" | "direction" }
    | { extraText: string }
    | { extraNumber: string };
}

const TEXT_COLUMNS = new Set(["account-id", "interface-id", "srcaddr", "dstaddr", "vpc-id", "subnet-id", "instance-id"]);
const F64 = new Set(["srcport", "dstport", "protocol", "packets", "bytes", "tcp-flags"]);

function columnOf(field: string, name: string, type: string): SqlColumn {
  const kind: Kind = type === "INT64" ? "int64" : type === "INT32" ? "int32" : "text";
  if (field === "version") return { name, kind, from: { version: true } };
  if (TEXT_COLUMNS.has(field)) return { name, kind, from: { text: field as TextColumn } };
  if (F64.has(field)) return { name, kind, from: { f64: field as F64Column } };
  if (field === "start" || field === "end") return { name, kind, from: { time: field } };
  if (field === "action") return { name, kind, from: { enumOf: "action" } };
  if (field === "log-status") return { name, kind, from: { enumOf: "status" } };
  return kind === "text" ? { name, kind, from: { extraText: field } } : { name, kind, from: { extraNumber: field } };
}

/** Every column the table `records` has, in order: AWS's 42 (Athena's names), then FlowLens's. */
export const SQL_COLUMNS: SqlColumn[] = [
  ...AWS_PARQUET_COLUMNS.map((c) => columnOf(c.field, c.name, c.type)),
  { name: "direction", kind: "text", from: { enumOf: "direction" } },
  { name: "window", kind: "int64", from: { time: "window" } },
  { name: "rule_id", kind: "text", from: { text: "rule-id" } },
  { name: "flow_log_id", kind: "text", from: { text: "flowLogId" } },
];
export const SQL_COLUMN_NAMES = SQL_COLUMNS.map((c) => c.name);

/** The records' fields the columns `names` are read from (times, action, status and direction aside: every row has them). */
export function fieldsOfColumns(names: readonly string[]): Set<string> {
  const fields = new Set<string>();
  for (const c of SQL_COLUMNS) {
    if (!names.includes(c.name)) continue;
    const f = c.from;
    if ("text" in f) fields.add(f.text);
    else if ("f64" in f) fields.add(f.f64);
    else if ("extraText" in f) fields.add(f.extraText);
    else if ("extraNumber" in f) fields.add(f.extraNumber);
    else if ("version" in f) fields.add("version");
  }
  return fields;
}

const DIRECTIONS = [null, "in", "out"];
const enumNames = (e: "action" | "status" | "direction") => (e === "action" ? ACTIONS : e === "status" ? STATUSES : DIRECTIONS);

/** A validity bitmap: bit i set where row i has a value. */
function validity(n: number, has: (k: number) => boolean): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let k = 0; k < n; k++)
    if (has(k)) bitmap[k >> 3] |= 1 << (k & 7);
    else nulls++;
  return { bitmap, nulls };
}

const encoder = new TextEncoder();

/**
 * Texts as an Arrow Utf8 vector, built from their bytes and offsets: Arrow's builders compile their
 * null checks with `new Function`, which the extension's CSP (no 'unsafe-eval') refuses.
 */
function utf8Dictionary(texts: readonly (string | null)[]): Vector {
  const parts = texts.map((t) => encoder.encode(t ?? ""));
  const offsets = new Int32Array(parts.length + 1);
  for (let k = 0; k < parts.length; k++) offsets[k + 1] = offsets[k] + parts[k].length;
  const data = new Uint8Array(offsets[parts.length]);
  parts.forEach((p, k) => {
    data.set(p, offsets[k]);
  });
  return makeVector(makeData({ type: new Utf8(), length: parts.length, nullCount: 0, valueOffsets: offsets, data }));
}

/** One column of the chunk's rows `rows` as Arrow data; a text column's dictionary type given (one per column across chunks). */
function columnData(col: SqlColumn, c: ChunkColumns, rows: ArrayLike<number>, dictionaryType: Dictionary | null): Data {
  const n = rows.length;
  const f = col.from;
  const dictionaryOf = (codes: ArrayLike<number> | undefined, dictionary?: Vector) => {
    const indices = new Int32Array(n);
    let texts = dictionary;
    if (texts) for (let k = 0; k < n; k++) indices[k] = codes ? codes[rows[k]] : 0;
    else {
      // The column's own dictionary: only the chunk's texts its rows use (index 0 stays "none"), each encoded once.
      const dense = new Int32Array(c.dict.length);
      const used: string[] = [""];
      for (let k = 0; k < n; k++) {
        const code = codes ? codes[rows[k]] : 0;
        if (code && !dense[code]) dense[code] = used.push(c.dict[code]) - 1;
        indices[k] = code ? dense[code] : 0;
      }
      texts = utf8Dictionary(used);
    }
    const { bitmap, nulls } = validity(n, (k) => indices[k] !== 0);
    const type = dictionaryType ?? new Dictionary(new Utf8(), new Int32());
    return makeData({ type, length: n, nullCount: nulls, nullBitmap: bitmap, data: indices, dictionary: texts });
  };
  if ("text" in f) return dictionaryOf(c.text[f.text]);
  if ("extraText" in f) return dictionaryOf(c.extra?.[f.extraText as never]);
  if ("enumOf" in f) {
    const codes = f.enumOf === "action" ? c.action : f.enumOf === "status" ? c.status : c.direction;
    // The log status has a value at code 0 (OK): shifted by one, so that 0 stays "none".
    const shift = f.enumOf === "status" ? 1 : 0;
    const names = enumNames(f.enumOf);
    const shifted = Uint32Array.from({ length: codes.length }, (_, i) => codes[i] + shift);
    return dictionaryOf(shifted, utf8Dictionary(shift ? [null, ...names] : names));
  }
  const valueAt = numberAt(col, c);
  const { bitmap, nulls } = validity(n, (k) => valueAt(rows[k]) >= 0);
  if (col.kind === "int64") {
    const data = new BigInt64Array(n);
    for (let k = 0; k < n; k++) data[k] = BigInt(Math.max(0, valueAt(rows[k])));
    return makeData({ type: new Int64(), length: n, nullCount: nulls, nullBitmap: bitmap, data });
  }
  const data = new Int32Array(n);
  for (let k = 0; k < n; k++) data[k] = Math.max(0, valueAt(rows[k]));
  return makeData({ type: new Int32(), length: n, nullCount: nulls, nullBitmap: bitmap, data });
}

/** A number column's value at a chunk's row: -1 (or none) is null. */
function numberAt(col: SqlColumn, c: ChunkColumns): (i: number) => number {
  const f = col.from;
  if ("f64" in f) return (i) => c.f64[f.f64][i];
  if ("time" in f) return (i) => c.u32[f.time][i];
  if ("extraNumber" in f) return (i) => c.extraNumbers?.[f.extraNumber as never]?.[i] ?? -1;
  return versionOf(c);
}

/**
 * One column of the chunk's rows as plain values (texts from the chunk's dictionary, INT64 as
 * bigint, null where the record has none): what DuckDB's native appender takes.
 */
export function plainColumn(col: SqlColumn, c: ChunkColumns, rows: ArrayLike<number>): (string | number | bigint | null)[] {
  const n = rows.length;
  const out: (string | number | bigint | null)[] = new Array(n);
  const f = col.from;
  if ("text" in f || "extraText" in f) {
    const codes = "text" in f ? c.text[f.text] : c.extra?.[f.extraText as never];
    for (let k = 0; k < n; k++) {
      const code = codes ? codes[rows[k]] : 0;
      out[k] = code ? c.dict[code] : null;
    }
    return out;
  }
  if ("enumOf" in f) {
    const codes = f.enumOf === "action" ? c.action : f.enumOf === "status" ? c.status : c.direction;
    const names = enumNames(f.enumOf);
    for (let k = 0; k < n; k++) out[k] = names[codes[rows[k]]] ?? null;
    return out;
  }
  const valueAt = numberAt(col, c);
  for (let k = 0; k < n; k++) {
    const v = valueAt(rows[k]);
    out[k] = v < 0 ? null : col.kind === "int64" ? BigInt(v) : v;
  }
  return out;
}

/** A record's version as a number, read once per dictionary entry (AWS's `version` is INT32). */
function versionOf(c: ChunkColumns): (i: number) => number {
  const byCode = new Int32Array(c.dict.length).fill(-1);
  for (let k = 1; k < c.dict.length; k++) if (/^\d{1,9}$/.test(c.dict[k])) byCode[k] = Number(c.dict[k]);
  return (i) => byCode[c.text.version[i]] ?? -1;
}

/**
 * Record batches of the named columns, one per chunk, that share one schema: each text column keeps
 * one dictionary type (its id) across chunks, and each batch carries its chunk's dictionary as a
 * replacement, so that many chunks go to DuckDB in one IPC stream.
 */
export function arrowBatches(names: readonly string[]) {
  const columns = SQL_COLUMNS.filter((col) => names.includes(col.name));
  const types = columns.map((col) => (col.kind === "text" ? new Dictionary(new Utf8(), new Int32()) : null));
  let fields: ArrowField[] | null = null;
  let schema: Schema | null = null;
  return {
    batch(c: ChunkColumns, rows: ArrayLike<number>): RecordBatch {
      const data = columns.map((col, k) => columnData(col, c, rows, types[k]));
      fields ??= columns.map((col, k) => new ArrowField(col.name, data[k].type as DataType, true));
      schema ??= new Schema(fields);
      return new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows.length, nullCount: 0, children: data }));
    },
    /** The batches as one IPC stream. */
    stream: (batches: RecordBatch[]): Uint8Array => tableToIPC(new Table(batches), "stream"),
  };
}
