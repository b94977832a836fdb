// From aggregated flows to the records the clouds write (docs/rules.md §3, docs/history.md #4 and #11), in
// typed columns: one record per (flow log, ENI, direction, five-tuple, action) per window of
// the flow log.
//
// - Each flow is offered to the covered ENIs of every Active flow log: the ENI holding the
//   source address gets an `out` record, the one holding the destination an `in` record.
//   A flow that reaches no covered ENI is counted as unattributed, by address pair.
// - DHCP (UDP 67<->68) and link-local metadata traffic (169.254.0.0/16, 100.100.100.200)
//   are not recorded, as in the clouds; both are settings, and both are counted.
// - Security groups and ACLs decide the action (security.ts), over time: flows are taken
//   in order of their first packet, so an answer sees the connection it answers.
// - Traffic type All/Allow/Drop keeps all, ACCEPT or REJECT records; at most
//   maxRecordsPerEniWindow records per ENI and window, then one SKIPDATA record; every
//   covered ENI with no record in a window of the imported span gets a NODATA record.
//
// Addresses, ENIs and flow logs are numbers here (an address id of FlowColumns, an index
// into inv.enis and into the Active flow logs); every key is a TupleTable of integers. A
// string-keyed version of this (a key joined per flow and side, a Map of record objects)
// took 14-27x the engine's time (docs/history.md #11); test/reference keeps it as the oracle.

import { connectionJudge } from "./connection-judge";
import {
  ACTION_ACCEPT as ACCEPT,
  DIRECTION_IN,
  DIRECTION_OUT,
  ACTION_REJECT as REJECT,
  STATUS_NODATA,
  STATUS_OK,
  STATUS_SKIPDATA,
} from "./record-codes";

// What reads record rows finds the status codes here too.
export { STATUS_NODATA, STATUS_OK, STATUS_SKIPDATA } from "./record-codes";

import type { FlowColumns } from "./flow-columns";
import type { FlowLog } from "./flow-log";
import { type Columns, GrowingColumns } from "./growing-columns";
import type { Eni, Inventory } from "./inventory";
import { coverageByAddress, coveredEniIndices, eniPlaces } from "./record-index";
import type { RecordOptions, RecordResult } from "./records";
import { TupleTable } from "./tuple-table";

const ROW_COLUMNS = {
  status: Uint8Array,
  cover: Int32Array,
  eni: Int32Array,
  window: Float64Array,
  group: Int32Array,
  src: Int32Array,
  dst: Int32Array,
  srcport: Int32Array,
  dstport: Int32Array,
  protocol: Int32Array,
  direction: Uint8Array,
  action: Uint8Array,
  rule: Int32Array,
  packets: Float64Array,
  bytes: Float64Array,
  start: Float64Array,
  end: Float64Array,
  tcpFlags: Int32Array,
  skipped: Float64Array,
};
export type RowColumns = Columns<typeof ROW_COLUMNS>;

/** The records of an import as rows of typed columns, listed in their order by `order`. */
export interface RecordRows {
  rows: RowColumns;
  /** Row indices in output order. */
  order: Int32Array;
  /** The Active VPC/VSwitch/ENI flow logs, by a row's `cover`. */
  flowLogs: FlowLog[];
  /**
   * The inventory: a row's `eni` indexes inv.enis; eniVswitch and eniVpc say where each ENI sits (indices
   * into inv.vswitches and inv.vpcs).
   */
  inv: Inventory;
  enis: Eni[];
  eniVswitch: Int32Array;
  eniVpc: Int32Array;
  /** Address text by a row's `src` and `dst`. */
  addresses: string[];
  /** Deciding rules by a row's `rule` (-1: none). */
  ruleIds: string[];
  unattributed: RecordResult["unattributed"];
  excluded: RecordResult["excluded"];
}

const isMetadata = (a: string) => a === "100.100.100.200" || a.startsWith("169.254.");

/** The flows recorded (DHCP and metadata traffic left out, as the clouds do, and counted), by first packet. */
function keptByStart(flows: FlowColumns, o: RecordOptions): { byStart: Int32Array; excluded: RecordRows["excluded"] } {
  const f = flows.cols,
    texts = flows.addresses.texts,
    n = flows.count;
  const metadata = new Uint8Array(texts.length);
  texts.forEach((t, id) => {
    metadata[id] = isMetadata(t) ? 1 : 0;
  });
  const excluded = { dhcp: 0, metadata: 0 };
  const keptList = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const p = f.protocol[i],
      sp = f.srcport[i],
      dp = f.dstport[i];
    if ((o.excludeDhcp ?? true) && p === 17 && ((sp === 67 && dp === 68) || (sp === 68 && dp === 67))) {
      excluded.dhcp += f.packets[i];
      continue;
    }
    if ((o.excludeMetadata ?? true) && (metadata[f.src[i]] || metadata[f.dst[i]])) {
      excluded.metadata += f.packets[i];
      continue;
    }
    keptList[kept++] = i;
  }
  // By first packet; ties keep their order (the index breaks them: a stable sort).
  const byStart = keptList.subarray(0, kept).sort((a, b) => f.startUs[a] - f.startUs[b] || a - b);

  return { byStart, excluded };
}

export function buildRecordRows(flows: FlowColumns, flowLogs: FlowLog[], inv: Inventory, o: RecordOptions = {}): RecordRows {
  const f = flows.cols,
    texts = flows.addresses.texts,
    n = flows.count;
  const { byStart, excluded } = keptByStart(flows, o);

  const active = flowLogs.filter((fl) => fl.status === "Active" && fl.resourceType !== "CCN");
  const coverage = coveredEniIndices(inv, active);
  const { coverFrom, coverPairs } = coverageByAddress(flows.addresses, inv, coverage);

  // Decisions are the ENI's, whichever flow log records them: judged once per flow and side.
  const places = eniPlaces(inv);
  const judge = connectionJudge(flows, inv, places.eniVswitch);

  const store = new GrowingColumns(ROW_COLUMNS);
  const ruleIds: string[] = [],
    ruleIndex = new Map<string, number>();
  // (src, dst, srcport, dstport, protocol, cover, eni, direction, window, action) -> row.
  const recordAt = new TupleTable(10, tableSize(n));
  // (cover, eni, window) -> group: a flow log's records of one ENI and window.
  const groupAt = new TupleTable(3, 1 << 12);
  const groups = new GrowingColumns({ cover: Int32Array, eni: Int32Array, window: Float64Array, rows: Int32Array, skipRow: Int32Array });
  const groupOf = (c: number, eni: number, window: number, create: boolean): number => {
    const k = groupAt.key;
    k[0] = c;
    k[1] = eni;
    k[2] = window;
    if (!create) return groupAt.get();
    const known = groupAt.getOrAdd(groups.count);
    if (known >= 0) return known;
    const g = groups.add(),
      G = groups.cols;
    G.cover[g] = c;
    G.eni[g] = eni;
    G.window[g] = window;
    G.rows[g] = 0;
    G.skipRow[g] = -1;
    return g;
  };
  const emptyRow = (status: number, c: number, eni: number, window: number, skipped: number): number => {
    const r = store.add(),
      R = store.cols;
    R.status[r] = status;
    R.cover[r] = c;
    R.eni[r] = eni;
    R.window[r] = window;
    R.group[r] = -1;
    R.skipped[r] = skipped;
    R.src[r] = -1;
    R.dst[r] = -1;
    R.rule[r] = -1;
    R.direction[r] = 0;
    R.action[r] = 0;
    return r;
  };

  // One side of a flow at one flow log: merged into its record of the flow log's window.
  const record = (c: number, eni: number, i: number, direction: number) => {
    const d = judge(eni, i, direction);
    const fl = active[c];
    if ((fl.trafficType === "Allow" && d.action !== "ACCEPT") || (fl.trafficType === "Drop" && d.action !== "REJECT")) return;
    const window = f.window[i] - (f.window[i] % fl.windowSeconds);
    const action = d.action === "ACCEPT" ? ACCEPT : REJECT;
    const k = recordAt.key;
    k[0] = f.src[i];
    k[1] = f.dst[i];
    k[2] = f.srcport[i];
    k[3] = f.dstport[i];
    k[4] = f.protocol[i];
    k[5] = c;
    k[6] = eni;
    k[7] = direction;
    k[8] = window;
    k[9] = action;
    const start = Math.floor(f.startUs[i] / 1e6),
      end = Math.floor(f.endUs[i] / 1e6);
    const found = recordAt.getOrAdd(store.count);
    if (found >= 0) {
      const R = store.cols;
      R.packets[found] += f.packets[i];
      R.bytes[found] += f.bytes[i];
      R.tcpFlags[found] |= f.tcpFlags[i];
      if (start < R.start[found]) R.start[found] = start;
      if (end > R.end[found]) R.end[found] = end;
      return;
    }
    const g = groupOf(c, eni, window, true);
    const r = store.add(),
      R = store.cols;
    groups.cols.rows[g]++;
    R.status[r] = STATUS_OK;
    R.cover[r] = c;
    R.eni[r] = eni;
    R.window[r] = window;
    R.group[r] = g;
    R.skipped[r] = -1;
    R.src[r] = f.src[i];
    R.dst[r] = f.dst[i];
    R.srcport[r] = f.srcport[i];
    R.dstport[r] = f.dstport[i];
    R.protocol[r] = f.protocol[i];
    R.direction[r] = direction;
    R.action[r] = action;
    R.packets[r] = f.packets[i];
    R.bytes[r] = f.bytes[i];
    R.start[r] = start;
    R.end[r] = end;
    R.tcpFlags[r] = f.tcpFlags[i];
    let rule = -1;
    if (action === REJECT && d.ruleId !== null) {
      rule = ruleIndex.get(d.ruleId) ?? -1;
      if (rule < 0) {
        rule = ruleIds.length;
        ruleIds.push(d.ruleId);
        ruleIndex.set(d.ruleId, rule);
      }
    }
    R.rule[r] = rule;
  };

  const pairAt = new TupleTable(2);
  const unattributed: RecordResult["unattributed"] = [];
  for (let s = 0; s < byStart.length; s++) {
    const i = byStart[s];
    // The flow logs covering either end, in flow-log order, the source's side first.
    let a = coverFrom[f.src[i]],
      b = coverFrom[f.dst[i]];
    const aEnd = coverFrom[f.src[i] + 1],
      bEnd = coverFrom[f.dst[i] + 1];
    const attributed = a < aEnd || b < bEnd;
    while (a < aEnd || b < bEnd) {
      const c = Math.min(a < aEnd ? coverPairs[2 * a] : Infinity, b < bEnd ? coverPairs[2 * b] : Infinity);
      if (a < aEnd && coverPairs[2 * a] === c) {
        record(c, coverPairs[2 * a + 1], i, DIRECTION_OUT);
        a++;
      }
      if (b < bEnd && coverPairs[2 * b] === c) {
        record(c, coverPairs[2 * b + 1], i, DIRECTION_IN);
        b++;
      }
    }
    if (!attributed) {
      pairAt.key[0] = f.src[i];
      pairAt.key[1] = f.dst[i];
      let u = pairAt.get();
      if (u < 0) {
        u = unattributed.length;
        unattributed.push({ srcaddr: texts[f.src[i]], dstaddr: texts[f.dst[i]], packets: 0, bytes: 0 });
        pairAt.set(u);
      }
      unattributed[u].packets += f.packets[i];
      unattributed[u].bytes += f.bytes[i];
    }
  }

  // Rows by group (groups in the order their first record came, rows in theirs), then per
  // group the record limit (SKIPDATA).
  const G = groups.cols,
    okRows = store.count,
    groupCount = groups.count;
  const groupFirst = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) groupFirst[g + 1] = groupFirst[g] + G.rows[g];
  const byGroup = new Int32Array(okRows),
    fill = groupFirst.slice(0, groupCount);
  for (let r = 0; r < okRows; r++) byGroup[fill[store.cols.group[r]]++] = r;
  const order: number[] = [];
  const limit = o.maxRecordsPerEniWindow ?? 100_000;
  for (let g = 0; g < groupCount; g++) {
    const from = groupFirst[g],
      count = G.rows[g];
    for (let k = 0; k < Math.min(count, limit); k++) order.push(byGroup[from + k]);
    if (count > limit) order.push((G.skipRow[g] = emptyRow(STATUS_SKIPDATA, G.cover[g], G.eni[g], G.window[g], count - limit)));
  }
  // A full flow table lost flows of unknown ENIs: every covered ENI gets SKIPDATA there.
  for (const full of o.tableFull ?? []) {
    coverage.forEach((enis, c) => {
      const w = full.window - (full.window % active[c].windowSeconds);
      for (const eni of enis) {
        const g = groupOf(c, eni, w, true); // data was lost here, so no NODATA
        const skip = groups.cols.skipRow[g];
        if (skip >= 0) store.cols.skipped[skip] += full.flows;
        else order.push((groups.cols.skipRow[g] = emptyRow(STATUS_SKIPDATA, c, eni, w, full.flows)));
      }
    });
  }
  // NODATA over the span imported, excluded traffic included.
  let span = o.span ?? null;
  if (!span && n) {
    span = { from: Infinity, to: -Infinity };
    for (let i = 0; i < n; i++) {
      span.from = Math.min(span.from, Math.floor(f.startUs[i] / 1e6));
      span.to = Math.max(span.to, Math.floor(f.endUs[i] / 1e6));
    }
  }
  if (span) {
    coverage.forEach((enis, c) => {
      const W = active[c].windowSeconds;
      for (let w = span.from - (span.from % W); w <= span.to; w += W)
        for (const eni of enis) if (groupOf(c, eni, w, false) < 0) order.push(emptyRow(STATUS_NODATA, c, eni, w, -1));
    });
  }
  return {
    rows: store.cols,
    order: Int32Array.from(order),
    flowLogs: active,
    inv,
    enis: inv.enis,
    ...places,
    addresses: texts,
    ruleIds,
    unattributed,
    excluded,
  };
}

/** A table's first size for about `n` keys (it grows at half full): one growth at most for a record per flow. */
const tableSize = (n: number) => 1 << Math.max(10, Math.min(24, Math.ceil(Math.log2(n + 1))));
