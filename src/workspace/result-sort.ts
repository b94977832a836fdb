// A result sorted by one column over all its matches, as a log console's table sorts: the
// order is a permutation of the result's references, ties kept in browsing order (newest
// first). Each match gets one number as its key — the value itself for numbers, the code
// for the small enums, and for text the rank of its value among the result's distinct
// values (IPv4 addresses as their number, so 10.0.0.9 sorts before 10.0.0.10, then other
// text in text order) — so no string is made per match, only per distinct value.
import { isExtraNumber, isExtraText } from "../model/aws-fields";
import { ipv4Number, parseIp } from "../model/cidr";
import type { LogstoreAccess } from "../storage/logstore";
import { CCN_COLUMNS, type ChunkColumns, F64_COLUMNS, TEXT_COLUMNS, U32_COLUMNS } from "../storage/record-columns";
import { type ResultSet, ROW_BITS, ROW_MASK } from "./result-set";

/** Keys that are whole numbers in [0, COUNTING_SLOTS) are sorted by counting (stable, linear). */
const COUNTING_SLOTS = 1 << 22;

type KeyOf = (c: ChunkColumns, row: number) => number;

const isIn = <T extends string>(list: readonly T[], key: string): key is T => (list as readonly string[]).includes(key);

/** How text sorts: addresses by family then number, other text after them as text. */
export function textOrder(value: string): string {
  const ip = parseIp(value);
  if (!ip) return `9${value}`;
  return `${ip.family}${ip.value.toString(16).padStart(ip.family === 4 ? 8 : 32, "0")}`;
}

/**
 * The column's key for one record, or null for a column the records do not have. Text
 * keys are IPv4 addresses as their number; any other text value (an IPv6 address, an id)
 * as OTHER plus its id among `others`, ranked once the pass is over (rankOthers).
 */
function keyReader(column: string, others: Map<string, number>): KeyOf | null {
  // A chunk's dictionary codes are mapped once per code, not once per match.
  let forDict: string[] | null = null;
  let codeKeys = new Float64Array(0);
  const textKey = (code: number, dict: string[]) => {
    if (!code) return -1;
    if (dict !== forDict) {
      forDict = dict;
      codeKeys = new Float64Array(dict.length).fill(Number.NaN);
    }
    let key = codeKeys[code];
    if (Number.isNaN(key)) {
      const v = dict[code];
      const n = ipv4Number(v);
      if (n !== null) key = n;
      else {
        let id = others.get(v);
        if (id === undefined) others.set(v, (id = others.size));
        key = OTHER + id;
      }
      codeKeys[code] = key;
    }
    return key;
  };
  if (isIn(U32_COLUMNS, column)) return (c, i) => c.u32[column][i];
  if (isIn(F64_COLUMNS, column)) return (c, i) => c.f64[column][i];
  if (isIn(TEXT_COLUMNS, column)) return (c, i) => textKey(c.text[column][i], c.dict);
  if (isIn(CCN_COLUMNS, column)) return (c, i) => (c.ccn ? textKey(c.ccn[column][i], c.dict) : -1);
  if (isExtraText(column)) return (c, i) => textKey(c.extra?.[column]?.[i] ?? 0, c.dict);
  if (isExtraNumber(column)) return (c, i) => c.extraNumbers?.[column]?.[i] ?? -1;
  if (column === "direction" || column === "action") return (c, i) => c[column][i];
  if (column === "log-status") return (c, i) => c.status[i];
  return null;
}

/** Text keys above every IPv4 number: the other values, by their rank in text order. */
const OTHER = 2 ** 32;

function rankOthers(keys: Float64Array, others: Map<string, number>): void {
  const values = [...others.keys()];
  const order = values.map((v) => textOrder(v));
  const byOrder = values.map((_, x) => x).sort((a, b) => (order[a] < order[b] ? -1 : order[a] > order[b] ? 1 : 0));
  const rank = new Float64Array(values.length);
  byOrder.forEach((id, r) => {
    rank[id] = r;
  });
  for (let j = 0; j < keys.length; j++) if (keys[j] >= OTHER) keys[j] = OTHER + rank[keys[j] - OTHER];
}

/** The result's references in the column's order (descending if asked); null for an unknown column. */
export async function sortResult(ls: LogstoreAccess, set: ResultSet, column: string, descending: boolean): Promise<Uint32Array | null> {
  const others = new Map<string, number>();
  const read = keyReader(column, others);
  if (!read) return null;
  const n = set.total;
  const keys = new Float64Array(n);
  // Chunk by chunk, not in browsing order (which moves between chunks at every window): each
  // chunk's columns are read once and its dictionary mapped once. The positions of each
  // chunk's matches come from one counting pass over the references.
  const chunkCount = set.chunks.length;
  const starts = new Uint32Array(chunkCount + 1);
  for (let j = 0; j < n; j++) starts[(set.refs[j] >>> ROW_BITS) + 1]++;
  for (let k = 1; k <= chunkCount; k++) starts[k] += starts[k - 1];
  const at = starts.slice(0, chunkCount);
  const byChunk = new Uint32Array(n);
  for (let j = 0; j < n; j++) byChunk[at[set.refs[j] >>> ROW_BITS]++] = j;
  for (let k = 0; k < chunkCount; k++) {
    if (starts[k] === starts[k + 1]) continue;
    const c: ChunkColumns = await ls.columns(set.chunks[k]);
    for (let x = starts[k]; x < starts[k + 1]; x++) {
      const j = byChunk[x];
      keys[j] = read(c, set.refs[j] & ROW_MASK);
    }
  }
  if (others.size) rankOthers(keys, others);
  return permute(set.refs, stableOrder(keys, descending));
}

/** Positions 0..n-1 by key (none, -1, first when ascending), ties by position. */
export function stableOrder(keys: Float64Array, descending: boolean): Uint32Array {
  const n = keys.length;
  let lo = Infinity,
    hi = -Infinity,
    whole = true;
  for (let j = 0; j < n; j++) {
    const v = keys[j];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (whole && !Number.isInteger(v)) whole = false;
  }
  const out = new Uint32Array(n);
  if (!n) return out;
  const slot = (v: number) => (descending ? hi - v : v - lo);
  if (whole && hi - lo < COUNTING_SLOTS) {
    const counts = new Uint32Array(hi - lo + 2);
    for (let j = 0; j < n; j++) counts[slot(keys[j]) + 1]++;
    for (let s = 1; s < counts.length; s++) counts[s] += counts[s - 1];
    for (let j = 0; j < n; j++) out[counts[slot(keys[j])]++] = j;
    return out;
  }
  if (whole && hi - lo < 2 ** 32) {
    // Whole keys within 32 bits (IPv4 addresses, byte counts below 4 GB): two stable
    // counting passes of 16 bits each, linear, where a comparison sort of 10 M took seconds.
    const slots = new Uint32Array(n);
    for (let j = 0; j < n; j++) slots[j] = slot(keys[j]);
    return radixOrder(slots);
  }
  for (let j = 0; j < n; j++) out[j] = j;
  return out.sort((a, b) => slot(keys[a]) - slot(keys[b]) || a - b);
}

/** Positions ordered by 32-bit keys, stable: least significant 16 bits first, then the rest. */
export function radixOrder(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let from = new Uint32Array(n);
  for (let j = 0; j < n; j++) from[j] = j;
  let to = new Uint32Array(n);
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65537);
    for (let j = 0; j < n; j++) counts[((keys[from[j]] >>> shift) & 0xffff) + 1]++;
    for (let s = 1; s < counts.length; s++) counts[s] += counts[s - 1];
    for (let j = 0; j < n; j++) to[counts[(keys[from[j]] >>> shift) & 0xffff]++] = from[j];
    [from, to] = [to, from];
  }
  return from;
}

function permute(refs: Uint32Array, order: Uint32Array): Uint32Array {
  const out = new Uint32Array(order.length);
  for (let j = 0; j < order.length; j++) out[j] = refs[order[j]];
  return out;
}
