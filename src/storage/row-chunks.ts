// A capture's record rows (model/record-rows.ts) straight into the logstores' chunk columns
// (docs/history.md #11): no FlowLogEntry per record on the way to IndexedDB. Each logstore fills its
// own ChunkBuilder. A text value's dictionary code is found once per chunk for each flow
// log, ENI, VSwitch, VPC, address and rule, by its index, not per record and field: with a
// proposed network most ENIs have a record or two, and a dictionary lookup per record and
// field was a third of this (profiled).
import { type RecordRows, STATUS_OK } from "../model/record-rows";
import { versionOf } from "../model/row-entry";
import { ChunkBuilder } from "./chunk-builder";

/**
 * Writes `rows` in their order into chunks, a logstore's rows (by the flow log's `storeOf`)
 * into that logstore's chunks; `write` is awaited for each full chunk (backpressure) and for
 * each partial one at the end.
 */
export async function rowsIntoChunks(
  x: RecordRows,
  storeOf: (cover: number) => number,
  write: (store: number, b: ChunkBuilder) => Promise<void>,
): Promise<void> {
  const R = x.rows,
    codes = new CodeCache(x);
  const open = new Map<number, { b: ChunkBuilder; serial: number }>();
  const stores = x.flowLogs.map((_, c) => storeOf(c));
  let serial = 0;
  for (const r of x.order) {
    const s = stores[R.cover[r]];
    let st = open.get(s);
    if (!st) open.set(s, (st = { b: new ChunkBuilder(), serial: ++serial }));
    put(x, codes, st.b, st.serial, r);
    if (st.b.full) {
      const full = st.b;
      open.set(s, { b: new ChunkBuilder(), serial: ++serial });
      await write(s, full);
    }
  }
  for (const [s, st] of open) if (st.b.count) await write(s, st.b);
}

const FLOW_LOG = 0,
  VPC = 1,
  ENI = 2,
  VSWITCH = 3,
  ADDRESS = 4,
  RULE = 5;

/**
 * Dictionary codes by index, each valid for the chunk whose serial is beside it. Chunks of
 * several logstores fill at once and share the arrays: one overwriting another's entry only
 * costs that one a lookup again.
 */
class CodeCache {
  readonly kinds: { serial: Int32Array; code: Int32Array }[];
  constructor(private readonly x: RecordRows) {
    const sizes = [
      x.flowLogs.length * 2,
      x.inv.vpcs.length * 2,
      x.enis.length * 2,
      x.inv.vswitches.length,
      x.addresses.length,
      x.ruleIds.length,
    ];
    this.kinds = sizes.map((n) => ({ serial: new Int32Array(n), code: new Int32Array(n) }));
  }

  /** The code of entry `at` of kind `kind` in chunk `b` (serial `serial`). */
  code(kind: number, at: number, b: ChunkBuilder, serial: number): number {
    const k = this.kinds[kind];
    if (k.serial[at] === serial) return k.code[at];
    k.serial[at] = serial;
    return (k.code[at] = b.code(this.text(kind, at)));
  }

  // What entry `at` of a kind says (a switch, not a closure per call: those were allocations per field).
  private text(kind: number, at: number): string | null {
    const x = this.x,
      half = at >> 1,
      second = (at & 1) === 1;
    switch (kind) {
      case FLOW_LOG:
        return second ? versionOf(x.flowLogs[half]) : x.flowLogs[half].id;
      case VPC:
        return second ? x.inv.vpcs[half].accountId : x.inv.vpcs[half].id;
      case ENI:
        return second ? (x.enis[half].instanceId ?? null) : x.enis[half].id;
      case VSWITCH:
        return x.inv.vswitches[at].id;
      case ADDRESS:
        return x.addresses[at];
      default:
        return x.ruleIds[at];
    }
  }
}
function put(x: RecordRows, codes: CodeCache, b: ChunkBuilder, serial: number, r: number): void {
  const R = x.rows,
    i = b.count,
    T = b.text;
  const c = R.cover[r],
    e = R.eni[r],
    vpc = x.eniVpc[e],
    vsw = x.eniVswitch[e];
  // In the order of the record's text columns, as ChunkBuilder.push codes an entry.
  T.flowLogId[i] = codes.code(FLOW_LOG, 2 * c, b, serial);
  T.version[i] = codes.code(FLOW_LOG, 2 * c + 1, b, serial);
  T["account-id"][i] = codes.code(VPC, 2 * vpc + 1, b, serial);
  T["interface-id"][i] = codes.code(ENI, 2 * e, b, serial);
  T["vpc-id"][i] = codes.code(VPC, 2 * vpc, b, serial);
  T["subnet-id"][i] = codes.code(VSWITCH, vsw, b, serial);
  T["instance-id"][i] = codes.code(ENI, 2 * e + 1, b, serial);
  const window = R.window[r];
  b.u32.window[i] = window;
  b.status[i] = R.status[r];
  const F = b.f64;
  if (R.status[r] !== STATUS_OK) {
    T.srcaddr[i] = 0;
    T.dstaddr[i] = 0;
    T["rule-id"][i] = 0;
    b.u32.start[i] = window;
    b.u32.end[i] = window + x.flowLogs[c].windowSeconds;
    F.srcport[i] = -1;
    F.dstport[i] = -1;
    F.protocol[i] = -1;
    F.packets[i] = -1;
    F.bytes[i] = -1;
    F["tcp-flags"][i] = -1;
    F.skipped[i] = R.skipped[r];
    b.direction[i] = 0;
    b.action[i] = 0;
  } else {
    const src = R.src[r],
      dst = R.dst[r],
      rule = R.rule[r];
    T.srcaddr[i] = codes.code(ADDRESS, src, b, serial);
    T.dstaddr[i] = codes.code(ADDRESS, dst, b, serial);
    T["rule-id"][i] = rule < 0 ? 0 : codes.code(RULE, rule, b, serial);
    b.u32.start[i] = R.start[r];
    b.u32.end[i] = R.end[r];
    F.srcport[i] = R.srcport[r];
    F.dstport[i] = R.dstport[r];
    F.protocol[i] = R.protocol[r];
    F.packets[i] = R.packets[r];
    F.bytes[i] = R.bytes[r];
    F["tcp-flags"][i] = R.tcpFlags[r];
    F.skipped[i] = -1;
    b.direction[i] = R.direction[r];
    b.action[i] = R.action[r];
  }
  b.commitRow();
}
