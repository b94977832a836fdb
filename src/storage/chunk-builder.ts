// Records appended straight into a chunk's columns (docs/history.md #11): the typed arrays of
// record-columns.ts, filled one record at a time, with the chunk's dictionary and its
// summary kept as they go — no FlowLogEntry object per record for the paths that can
// write fields directly (a flow-log line read from bytes), and one shared way for those
// that still hold entries (EntryChunker, encodeChunk).
import { EXTRA_NUMBER_FIELDS, EXTRA_TEXT_FIELDS, type ExtraNumberField, type ExtraTextField } from "../model/aws-fields";
import type { FlowLogEntry } from "../model/records";
import {
  ACTIONS,
  CCN_COLUMNS,
  type CcnColumn,
  CHUNK_RECORDS,
  type ChunkColumns,
  DIRECTIONS,
  F64_COLUMNS,
  type F64Column,
  STATUSES,
  SUMMARY_ENIS,
  TEXT_COLUMNS,
  type TextColumn,
  U32_COLUMNS,
} from "./record-columns";
import type { ChunkSummary } from "./schema";

// FNV-1a, 32 bits.
const HASH_SEED = 0x811c9dc5,
  HASH_PRIME = 0x01000193;

/** FNV-1a over a text's UTF-16 units: over printable ASCII, the hash of its bytes. */
function hashText(s: string): number {
  let h = HASH_SEED;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), HASH_PRIME);
  return h;
}

export class ChunkBuilder {
  readonly capacity: number;
  count = 0;
  readonly dict: string[] = [""];
  readonly text: Record<TextColumn, Uint32Array>;
  readonly u32: { window: Uint32Array; start: Uint32Array; end: Uint32Array };
  readonly f64: Record<F64Column, Float64Array>;
  readonly direction: Uint8Array;
  readonly action: Uint8Array;
  readonly status: Uint8Array;
  private ccn: Record<CcnColumn, Uint32Array> | null = null;
  private extra: Partial<Record<ExtraTextField, Uint32Array>> | null = null;
  private extraNumbers: Partial<Record<ExtraNumberField, Float64Array>> | null = null;
  // The summary, as records come.
  private windowMin = Infinity;
  private windowMax = -Infinity;
  private startMin = Infinity;
  private endMax = -Infinity;
  private accept = 0;
  private reject = 0;
  private nodata = 0;
  private skipdata = 0;
  private enis = new Set<number>();

  constructor(capacity = CHUNK_RECORDS) {
    this.capacity = capacity;
    this.text = Object.fromEntries(TEXT_COLUMNS.map((f) => [f, new Uint32Array(capacity)])) as ChunkBuilder["text"];
    this.u32 = Object.fromEntries(U32_COLUMNS.map((f) => [f, new Uint32Array(capacity)])) as ChunkBuilder["u32"];
    this.f64 = Object.fromEntries(F64_COLUMNS.map((f) => [f, new Float64Array(capacity).fill(-1)])) as ChunkBuilder["f64"];
    this.direction = new Uint8Array(capacity);
    this.action = new Uint8Array(capacity);
    this.status = new Uint8Array(capacity);
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  /** The CCN fields' columns, made when first asked for (a chunk without CCN records has none). */
  ccnColumns(): Record<CcnColumn, Uint32Array> {
    return (this.ccn ??= Object.fromEntries(CCN_COLUMNS.map((f) => [f, new Uint32Array(this.capacity)])) as Record<CcnColumn, Uint32Array>);
  }

  /** The column of one of AWS's later text fields, made when first asked for (codes 0: none). */
  extraColumn(f: ExtraTextField): Uint32Array {
    this.extra ??= {};
    return (this.extra[f] ??= new Uint32Array(this.capacity));
  }

  /** The column of one of AWS's later numeric fields, made when first asked for (-1: none). */
  extraNumberColumn(f: ExtraNumberField): Float64Array {
    this.extraNumbers ??= {};
    return (this.extraNumbers[f] ??= new Float64Array(this.capacity).fill(-1));
  }

  /** Whether the chunk has a column for the extra field yet. */
  hasExtra(f: ExtraTextField | ExtraNumberField): boolean {
    return !!(this.extra?.[f as ExtraTextField] || this.extraNumbers?.[f as ExtraNumberField]);
  }

  /** The dictionary code of a text value (0 for none). */
  code(s: string | null): number {
    if (s === null) return 0;
    const known = this.index.get(s);
    if (known !== undefined) return known;
    if (!this.bytesUsed) {
      // a chunk built from strings only needs no byte table
      const code = this.dict.length;
      this.dict.push(s);
      this.index.set(s, code);
      return code;
    }
    // Not seen as a string: perhaps read from bytes before. Else a new entry, in both tables.
    const h = hashText(s);
    const mask = this.slots.length - 1;
    for (let at = h & mask, slot = this.slots[at]; slot !== 0; at = (at + 1) & mask, slot = this.slots[at]) {
      if (this.hashes[at] === h && this.dict[slot - 1] === s) {
        this.index.set(s, slot - 1);
        return slot - 1;
      }
    }
    const code = this.insert(s, h);
    this.index.set(s, code);
    return code;
  }

  // Text that arrives as a string (the string reader, entries) is found through a Map (V8
  // keeps each string's hash); text read from bytes through a table keyed by the FNV-1a
  // hash of its bytes (the same as of its UTF-16 units, for the printable ASCII it takes),
  // so that a value seen before costs no string. Every entry is in the byte table, and a
  // string missing from the Map is looked up there, so one value has one code whichever way
  // it came; the byte path never touches the Map (a Map insertion per new address was a
  // fifth of a 1 M-line search, profiled).
  private index = new Map<string, number>();
  /** Whether bytes have been looked up yet: until then only the Map is kept (entries: measured 343 against 258 k records/s). */
  private bytesUsed = false;
  // The byte table: slots hold dictionary codes + 1 (0: empty); open addressing, grown at half full.
  private slots = new Int32Array(1 << 16);
  /** The hash of each slot's text: most probes end on a hash that differs, not a string compare. */
  private hashes = new Int32Array(1 << 16);
  private used = 0;

  /** The dictionary code of the printable-ASCII text buf[start, end): a value seen before in this chunk costs no string. */
  codeBytes(buf: Uint8Array, start: number, end: number): number {
    let h = HASH_SEED;
    for (let k = start; k < end; k++) h = Math.imul(h ^ buf[k], HASH_PRIME);
    return this.codeHashed(buf, start, end, h);
  }

  /** codeBytes with the FNV-1a hash of the bytes already known (the WASM line scanner computes it). */
  codeHashed(buf: Uint8Array, start: number, end: number, h: number): number {
    if (!this.bytesUsed) this.indexBytes();
    const mask = this.slots.length - 1,
      n = end - start;
    for (let at = h & mask, slot = this.slots[at]; slot !== 0; at = (at + 1) & mask, slot = this.slots[at]) {
      if (this.hashes[at] !== h) continue;
      const s = this.dict[slot - 1];
      if (s.length !== n) continue;
      let k = 0;
      while (k < n && s.charCodeAt(k) === buf[start + k]) k++;
      if (k === n) return slot - 1;
    }
    return this.insert(ascii(buf, start, end), h);
  }

  /** A new dictionary entry, in the byte table under its hash. */
  private insert(s: string, h: number): number {
    const code = this.dict.length;
    this.dict.push(s);
    this.place(code, h);
    return code;
  }

  /** The first lookup of bytes: what came as strings so far goes into the byte table too. */
  private indexBytes(): void {
    this.bytesUsed = true;
    for (let code = 1; code < this.dict.length; code++) this.place(code, hashText(this.dict[code]));
  }

  /** Puts `code` into the byte table under hash `h`. */
  private place(code: number, h: number): void {
    if (++this.used * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let at = h & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = code + 1;
    this.hashes[at] = h;
  }

  private grow(): void {
    const old = this.slots,
      oldHashes = this.hashes;
    this.slots = new Int32Array(old.length * 2);
    this.hashes = new Int32Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (let j = 0; j < old.length; j++) {
      if (old[j] === 0) continue;
      let at = oldHashes[j] & mask;
      while (this.slots[at] !== 0) at = (at + 1) & mask;
      this.slots[at] = old[j];
      this.hashes[at] = oldHashes[j];
    }
  }

  /**
   * Ends the record at `count` whose columns the caller has written (text codes, numbers,
   * enums), and counts it into the summary.
   */
  commitRow(): void {
    const i = this.count++;
    const w = this.u32.window[i],
      start = this.u32.start[i],
      end = this.u32.end[i];
    if (w < this.windowMin) this.windowMin = w;
    if (w > this.windowMax) this.windowMax = w;
    if (start < this.startMin) this.startMin = start;
    if (end > this.endMax) this.endMax = end;
    if (this.enis.size <= SUMMARY_ENIS) this.enis.add(this.text["interface-id"][i]);
    const a = this.action[i],
      st = this.status[i];
    if (a === 1) this.accept++;
    else if (a === 2) this.reject++;
    if (st === 1) this.nodata++;
    else if (st === 2) this.skipdata++;
  }

  /** Appends a record held as an entry. */
  push(r: FlowLogEntry): void {
    const i = this.count;
    for (const f of TEXT_COLUMNS) this.text[f][i] = this.code(r[f] as string | null);
    this.u32.window[i] = r.window;
    this.u32.start[i] = r.start;
    this.u32.end[i] = r.end;
    for (const f of F64_COLUMNS) this.f64[f][i] = (r[f] as number | null | undefined) ?? -1;
    this.direction[i] = DIRECTIONS.indexOf(r.direction);
    this.action[i] = ACTIONS.indexOf(r.action);
    this.status[i] = STATUSES.indexOf(r["log-status"]);
    if (r.ccnid !== undefined) {
      const ccn = this.ccnColumns();
      for (const f of CCN_COLUMNS) ccn[f][i] = this.code(r[f] || null);
    }
    // Every extra column the chunk has is written, so a row the byte reader began and gave up keeps nothing of it.
    for (const f of EXTRA_TEXT_FIELDS) {
      const v = r[f];
      const col = v !== undefined ? this.extraColumn(f) : this.extra?.[f];
      if (col) col[i] = v === undefined ? 0 : this.code(v);
    }
    for (const f of EXTRA_NUMBER_FIELDS) {
      const v = r[f];
      const col = v !== undefined ? this.extraNumberColumn(f) : this.extraNumbers?.[f];
      if (col) col[i] = v ?? -1;
    }
    this.commitRow();
  }

  /** The columns of the records so far (views of the builder's arrays, trimmed to count). */
  columns(): ChunkColumns {
    const n = this.count;
    const cut = <T extends Uint32Array | Float64Array | Uint8Array>(a: T) => (n === a.length ? a : a.slice(0, n)) as T;
    return {
      count: n,
      dict: this.dict,
      text: Object.fromEntries(TEXT_COLUMNS.map((f) => [f, cut(this.text[f])])) as ChunkColumns["text"],
      u32: Object.fromEntries(U32_COLUMNS.map((f) => [f, cut(this.u32[f])])) as ChunkColumns["u32"],
      f64: Object.fromEntries(F64_COLUMNS.map((f) => [f, cut(this.f64[f])])) as ChunkColumns["f64"],
      direction: cut(this.direction),
      action: cut(this.action),
      status: cut(this.status),
      ...(this.ccn && { ccn: Object.fromEntries(CCN_COLUMNS.map((f) => [f, cut(this.ccn![f])])) as ChunkColumns["ccn"] }),
      ...(this.extra && { extra: Object.fromEntries(Object.entries(this.extra).map(([f, a]) => [f, cut(a)])) }),
      ...(this.extraNumbers && { extraNumbers: Object.fromEntries(Object.entries(this.extraNumbers).map(([f, a]) => [f, cut(a)])) }),
    };
  }

  /** The extra fields this chunk has columns for, in AWS's order. */
  extraFields(): string[] {
    return [...EXTRA_TEXT_FIELDS, ...EXTRA_NUMBER_FIELDS].filter(
      (f) => this.extra?.[f as ExtraTextField] || this.extraNumbers?.[f as ExtraNumberField],
    );
  }

  summary(project: string, logstore: string, chunk: number, importId: string): ChunkSummary {
    const enis = this.enis.size <= SUMMARY_ENIS ? [...this.enis].map((c) => this.dict[c]).sort() : null;
    return {
      project,
      logstore,
      chunk,
      importId,
      count: this.count,
      windowMin: this.windowMin,
      windowMax: this.windowMax,
      startMin: this.startMin,
      endMax: this.endMax,
      enis,
      accept: this.accept,
      reject: this.reject,
      nodata: this.nodata,
      skipdata: this.skipdata,
      ...((this.extra || this.extraNumbers) && { extraFields: this.extraFields() }),
    };
  }
}

/**
 * Entries cut into chunks of CHUNK_RECORDS, filled across calls: the one way a sink that is
 * handed entries (a capture's records) turns them into chunk columns.
 */
export class EntryChunker {
  private pending = new ChunkBuilder();

  /** Appends entries, yielding each chunk as it fills (write it before taking the next). */
  *add(list: Iterable<FlowLogEntry>): Generator<ChunkBuilder> {
    for (const r of list) {
      this.pending.push(r);
      if (this.pending.full) yield this.take();
    }
  }

  /** The partial chunk held, if any; none is held after. */
  rest(): ChunkBuilder | null {
    return this.pending.count ? this.take() : null;
  }

  private take(): ChunkBuilder {
    const b = this.pending;
    this.pending = new ChunkBuilder();
    return b;
  }
}

/** What a sink that writes chunks at once is handed: entries, chunks built elsewhere, the end. */
export interface ChunkSink {
  add(records: FlowLogEntry[]): void;
  addChunk(b: ChunkBuilder): void;
  finish(): void;
}

/** Entries and built chunks, in the order they come, into `write` a chunk at a time (the spill logstore, the CLI's streaming search). */
export function chunkSink(write: (b: ChunkBuilder) => void): ChunkSink {
  const chunker = new EntryChunker();
  const finish = () => {
    const rest = chunker.rest();
    if (rest) write(rest);
  };
  return {
    add(records) {
      for (const b of chunker.add(records)) write(b);
    },
    addChunk(b) {
      finish();
      write(b);
    },
    finish,
  };
}

/**
 * The text of printable-ASCII bytes. String.fromCharCode with the bytes as arguments, eight
 * at a time: measured 57 ns per 12-character string, against 163 ns adding one character at a time.
 */
export function ascii(b: Uint8Array, s: number, e: number): string {
  let out = "";
  let k = s;
  for (; k + 8 <= e; k += 8) out += String.fromCharCode(b[k], b[k + 1], b[k + 2], b[k + 3], b[k + 4], b[k + 5], b[k + 6], b[k + 7]);
  switch (e - k) {
    case 7:
      return out + String.fromCharCode(b[k], b[k + 1], b[k + 2], b[k + 3], b[k + 4], b[k + 5], b[k + 6]);
    case 6:
      return out + String.fromCharCode(b[k], b[k + 1], b[k + 2], b[k + 3], b[k + 4], b[k + 5]);
    case 5:
      return out + String.fromCharCode(b[k], b[k + 1], b[k + 2], b[k + 3], b[k + 4]);
    case 4:
      return out + String.fromCharCode(b[k], b[k + 1], b[k + 2], b[k + 3]);
    case 3:
      return out + String.fromCharCode(b[k], b[k + 1], b[k + 2]);
    case 2:
      return out + String.fromCharCode(b[k], b[k + 1]);
    case 1:
      return out + String.fromCharCode(b[k]);
    default:
      return out;
  }
}
