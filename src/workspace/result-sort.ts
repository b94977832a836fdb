// A result sorted by one column over all its matches, as a log console's table sorts: the
// order is a permutation of the result's references, ties kept in browsing order (newest
// first). Each match gets one number as its key — the value itself for numbers, the code
// for the small enums, and for text the rank of its value among the result's distinct
// values (addresses by family and number, so 10.0.0.9 sorts before 10.0.0.10) — so no
// string is made per match, only per distinct value.
import { parseIp } from "../model/cidr";
import type { LogstoreAccess } from "../storage/logstore";
import { CCN_COLUMNS, CHUNK_RECORDS, type ChunkColumns, F64_COLUMNS, TEXT_COLUMNS, U32_COLUMNS } from "../storage/record-columns";
import type { ResultSet } from "./result-set";

const ROW_BITS = Math.log2(CHUNK_RECORDS);
const ROW_MASK = CHUNK_RECORDS - 1;
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

/** The column's key for one record, or null for a column the records do not have. */
function keyReader(column: string, distinct: Map<string, number>): KeyOf | null {
  const textKey = (code: number, dict: string[]) => {
    if (!code) return -1;
    const v = dict[code];
    let id = distinct.get(v);
    if (id === undefined) distinct.set(v, (id = distinct.size));
    return id;
  };
  if (isIn(U32_COLUMNS, column)) return (c, i) => c.u32[column][i];
  if (isIn(F64_COLUMNS, column)) return (c, i) => c.f64[column][i];
  if (isIn(TEXT_COLUMNS, column)) return (c, i) => textKey(c.text[column][i], c.dict);
  if (isIn(CCN_COLUMNS, column)) return (c, i) => (c.ccn ? textKey(c.ccn[column][i], c.dict) : -1);
  if (column === "direction" || column === "action") return (c, i) => c[column][i];
  if (column === "log-status") return (c, i) => c.status[i];
  return null;
}

/** The result's references in the column's order (descending if asked); null for an unknown column. */
export async function sortResult(ls: LogstoreAccess, set: ResultSet, column: string, descending: boolean): Promise<Uint32Array | null> {
  const distinct = new Map<string, number>();
  const read = keyReader(column, distinct);
  if (!read) return null;
  const n = set.total;
  const keys = new Float64Array(n);
  let k = -1;
  let c: ChunkColumns | null = null;
  for (let j = 0; j < n; j++) {
    const ref = set.refs[j];
    // Neighbouring matches mostly share a chunk: a chunk's columns are awaited once per run.
    if (ref >>> ROW_BITS !== k) {
      k = ref >>> ROW_BITS;
      c = await ls.columns(set.chunks[k]);
    }
    keys[j] = read(c!, ref & ROW_MASK);
  }
  if (distinct.size) {
    // Text: the per-value ids become ranks in text order.
    const values = [...distinct.keys()];
    const order = values.map((v) => textOrder(v));
    const byOrder = values.map((_, x) => x).sort((a, b) => (order[a] < order[b] ? -1 : order[a] > order[b] ? 1 : 0));
    const rank = new Float64Array(values.length);
    byOrder.forEach((id, r) => {
      rank[id] = r;
    });
    for (let j = 0; j < n; j++) if (keys[j] >= 0) keys[j] = rank[keys[j]];
  }
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
  for (let j = 0; j < n; j++) out[j] = j;
  return out.sort((a, b) => slot(keys[a]) - slot(keys[b]) || a - b);
}

function permute(refs: Uint32Array, order: Uint32Array): Uint32Array {
  const out = new Uint32Array(order.length);
  for (let j = 0; j < order.length; j++) out[j] = refs[order[j]];
  return out;
}
