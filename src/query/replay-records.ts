// Stored records replayed in time order against one network or two (model/replay.ts): the
// records of a logstore's chunks (or a search's) are put in the order of their first packets
// — a counting sort by second, stable, so records of one second keep the order they were
// stored in (a capture's: its flows' order to the microsecond) — and each is decided by every
// network given. Addresses stay numbers: each chunk's dictionary codes map to one numbering.

import { ipv4Number } from "../model/cidr";
import type { Inventory } from "../model/inventory";
import { DIRECTION_IN, DIRECTION_OUT } from "../model/record-codes";
import { createReplayer, type ReplayView, type Verdict } from "../model/replay";
import { CHUNK_RECORDS, type ChunkColumns } from "../storage/record-columns";
import { inRange, type TimeRange } from "../storage/time-range";

export interface ReplaySource {
  chunks: number;
  columns(k: number): ChunkColumns | Promise<ChunkColumns>;
  /** The rows of chunk k to replay (a search's matches); all its OK records when absent. */
  rows?(k: number): ArrayLike<number> | undefined;
  /** Only the records of this range (as a search's). */
  range?: TimeRange;
}

/**
 * Called for every record replayed, in time order, with each network's verdict (null: its ENI is
 * in no network); a promise it returns is awaited before the next record (backpressure).
 */
export type ReplayVisit = (c: ChunkColumns, row: number, chunk: number, verdicts: (Verdict | null)[]) => Promise<void> | void;

export interface ReplayReport {
  replayed: number;
  /** Records whose interface-id is an ENI of none of the networks (a flow log of another network, a cloud's file). */
  unknownEni: number;
}

const ROW_BITS = Math.log2(CHUNK_RECORDS);
/** Past this many seconds between the first and the last record, a comparison sort instead of counting. */
const MAX_COUNTING_SPAN = 1 << 24;

/** References (chunk << ROW_BITS | row) of the records to replay, and their first packets' seconds. */
async function gather(src: ReplaySource): Promise<{ refs: Uint32Array; starts: Uint32Array }> {
  const range = src.range;
  let refs = new Uint32Array(1 << 16),
    starts = new Uint32Array(1 << 16),
    n = 0;
  for (let k = 0; k < src.chunks; k++) {
    const c = await src.columns(k);
    const rows = src.rows?.(k);
    const m = rows ? rows.length : c.count;
    for (let j = 0; j < m; j++) {
      const i = rows ? rows[j] : j;
      if (c.status[i] !== 0 || !c.text["interface-id"][i] || c.f64.protocol[i] < 0) continue; // NODATA, SKIPDATA: no flow
      if (range && !inRange({ window: c.u32.window[i], start: c.u32.start[i], end: c.u32.end[i] }, range)) continue;
      if (n === refs.length) {
        const r2 = new Uint32Array(n * 2);
        r2.set(refs);
        refs = r2;
        const s2 = new Uint32Array(n * 2);
        s2.set(starts);
        starts = s2;
      }
      refs[n] = (k << ROW_BITS) | i;
      starts[n++] = c.u32.start[i];
    }
  }
  return { refs: refs.subarray(0, n), starts: starts.subarray(0, n) };
}

/** The references in the order of their seconds, ties in the order given. */
function timeOrder(refs: Uint32Array, starts: Uint32Array): Uint32Array {
  const n = refs.length;
  if (!n) return refs;
  let lo = starts[0],
    hi = starts[0];
  for (let i = 1; i < n; i++) {
    if (starts[i] < lo) lo = starts[i];
    if (starts[i] > hi) hi = starts[i];
  }
  if (hi - lo > MAX_COUNTING_SPAN) {
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => starts[a] - starts[b] || a - b);
    return Uint32Array.from(order, (i) => refs[i]);
  }
  const at = new Uint32Array(hi - lo + 2);
  for (let i = 0; i < n; i++) at[starts[i] - lo + 1]++;
  for (let s = 1; s < at.length; s++) at[s] += at[s - 1];
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[at[starts[i] - lo]++] = refs[i];
  return out;
}

/** Replays the source's records against each network, in time order. */
export async function replayInOrder(src: ReplaySource, networks: Inventory[], visit: ReplayVisit): Promise<ReplayReport> {
  const { refs, starts } = await gather(src);
  const order = timeOrder(refs, starts);
  const replayers = networks.map(createReplayer);
  // An address as a number: IPv4 its own (no table), IPv6 one numbering across chunks (as -id);
  // each chunk's dictionary codes are turned into them once (NaN: not yet).
  const v6Ids = new Map<string, number>();
  const cache = new Map<number, { c: ChunkColumns; ids: Float64Array }>();
  const load = async (k: number) => {
    const c = await src.columns(k);
    const hit = { c, ids: new Float64Array(c.dict.length).fill(Number.NaN) };
    if (cache.size >= 16) cache.delete(cache.keys().next().value!);
    cache.set(k, hit);
    return hit;
  };
  const idOf = (hit: { c: ChunkColumns; ids: Float64Array }, code: number) => {
    let id = hit.ids[code];
    if (Number.isNaN(id)) {
      const text = hit.c.dict[code];
      const v4 = ipv4Number(text);
      if (v4 !== null) id = v4;
      else {
        id = v6Ids.get(text) ?? v6Ids.size + 1;
        v6Ids.set(text, id);
        id = -id;
      }
      hit.ids[code] = id;
    }
    return id;
  };
  const verdicts: (Verdict | null)[] = networks.map(() => null);
  const view: ReplayView = {
    eni: "",
    inbound: null,
    src: 0,
    dst: 0,
    v6: false,
    srcText: "",
    dstText: "",
    protocol: 0,
    srcport: 0,
    dstport: 0,
  };
  let unknownEni = 0;
  for (let j = 0; j < order.length; j++) {
    const k = order[j] >>> ROW_BITS,
      i = order[j] & (CHUNK_RECORDS - 1);
    const hit = cache.get(k) ?? (await load(k)); // no await per record: only where a chunk is read
    const c = hit.c;
    const src = c.text.srcaddr[i],
      dst = c.text.dstaddr[i];
    const s = src ? idOf(hit, src) : 0,
      d = dst ? idOf(hit, dst) : 0;
    // One view, filled in per record: no object per record.
    view.eni = c.dict[c.text["interface-id"][i]];
    view.inbound = c.direction[i] === DIRECTION_IN ? true : c.direction[i] === DIRECTION_OUT ? false : null;
    view.src = Math.abs(s);
    view.dst = Math.abs(d);
    view.v6 = s < 0 || d < 0;
    view.srcText = src ? c.dict[src] : "";
    view.dstText = dst ? c.dict[dst] : "";
    view.protocol = c.f64.protocol[i];
    view.srcport = Math.max(0, c.f64.srcport[i]);
    view.dstport = Math.max(0, c.f64.dstport[i]);
    let known = false;
    for (let n = 0; n < replayers.length; n++) {
      verdicts[n] = replayers[n].decide(view);
      known ||= verdicts[n] !== null;
    }
    if (!known) unknownEni++;
    const wait = visit(c, i, k, verdicts);
    if (wait) await wait;
  }
  return { replayed: order.length, unknownEni };
}
