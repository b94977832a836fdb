// A capture's record rows (model/record-rows.ts) straight into the logstores' chunk columns
// (issue #11): no FlowLogEntry per record on the way to IndexedDB. Each logstore fills its
// own ChunkBuilder; a text value's dictionary code is found once per chunk for each address
// and each (flow log, ENI) identity, not once per record and field.
import { STATUS_OK, type RecordRows } from "../model/record-rows";
import { ChunkBuilder } from "./chunk-builder";

/**
 * Writes `rows` in their order into chunks, a logstore's rows (by the flow log's `storeOf`)
 * into that logstore's chunks; `write` is awaited for each full chunk (backpressure) and for
 * each partial one at the end.
 */
export async function rowsIntoChunks(x: RecordRows, storeOf: (cover: number) => number, write: (store: number, b: ChunkBuilder) => Promise<void>): Promise<void> {
  const R = x.rows;
  const open = new Map<number, ChunkState>();
  const stores = x.flowLogs.map((_, c) => storeOf(c));
  for (const r of x.order) {
    const s = stores[R.cover[r]];
    let st = open.get(s);
    if (!st) open.set(s, (st = new ChunkState(x.addresses.length)));
    st.put(x, r);
    if (st.b.full) { const full = st.b; open.set(s, new ChunkState(x.addresses.length)); await write(s, full); }
  }
  for (const [s, st] of open) if (st.b.count) await write(s, st.b);
}

/** A chunk being filled, with the codes its text values got. */
class ChunkState {
  readonly b = new ChunkBuilder();
  // Address id -> code + 1 (0: not coded in this chunk yet).
  private addressCode: Int32Array;
  // An identity (the same object for one flow log and ENI) -> its seven codes.
  private identityCodes = new Map<object, Uint32Array>();
  private ruleCodes = new Map<number, number>();

  constructor(addresses: number) { this.addressCode = new Int32Array(addresses); }

  private address(x: RecordRows, id: number): number {
    let c = this.addressCode[id];
    if (!c) this.addressCode[id] = c = this.b.code(x.addresses[id]) + 1;
    return c - 1;
  }

  put(x: RecordRows, r: number): void {
    const R = x.rows, b = this.b, i = b.count, T = b.text;
    const id = x.identity(R.cover[r], R.eni[r]);
    let codes = this.identityCodes.get(id);
    if (!codes) {
      codes = Uint32Array.of(b.code(id.flowLogId), b.code(id.version), b.code(id["account-id"]), b.code(id["interface-id"]), b.code(id["vpc-id"]), b.code(id["subnet-id"]), b.code(id["instance-id"]));
      this.identityCodes.set(id, codes);
    }
    T.flowLogId[i] = codes[0]; T.version[i] = codes[1]; T["account-id"][i] = codes[2]; T["interface-id"][i] = codes[3];
    T["vpc-id"][i] = codes[4]; T["subnet-id"][i] = codes[5]; T["instance-id"][i] = codes[6];
    const window = R.window[r];
    b.u32.window[i] = window;
    b.status[i] = R.status[r];
    const F = b.f64;
    if (R.status[r] !== STATUS_OK) {
      T.srcaddr[i] = 0; T.dstaddr[i] = 0; T["rule-id"][i] = 0;
      b.u32.start[i] = window; b.u32.end[i] = window + x.flowLogs[R.cover[r]].windowSeconds;
      F.srcport[i] = -1; F.dstport[i] = -1; F.protocol[i] = -1; F.packets[i] = -1; F.bytes[i] = -1; F["tcp-flags"][i] = -1;
      F.skipped[i] = R.skipped[r];
      b.direction[i] = 0; b.action[i] = 0;
    } else {
      T.srcaddr[i] = this.address(x, R.src[r]); T.dstaddr[i] = this.address(x, R.dst[r]);
      const rule = R.rule[r];
      let ruleCode = 0;
      if (rule >= 0) {
        ruleCode = this.ruleCodes.get(rule) ?? -1;
        if (ruleCode < 0) { ruleCode = b.code(x.ruleIds[rule]); this.ruleCodes.set(rule, ruleCode); }
      }
      T["rule-id"][i] = ruleCode;
      b.u32.start[i] = R.start[r]; b.u32.end[i] = R.end[r];
      F.srcport[i] = R.srcport[r]; F.dstport[i] = R.dstport[r]; F.protocol[i] = R.protocol[r]; F.packets[i] = R.packets[r]; F.bytes[i] = R.bytes[r];
      F["tcp-flags"][i] = R.tcpFlags[r]; F.skipped[i] = -1;
      b.direction[i] = R.direction[r]; b.action[i] = R.action[r];
    }
    b.commitRow();
  }
}
