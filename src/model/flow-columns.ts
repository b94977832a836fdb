// Flows in typed columns (docs/history.md #11): the record pipeline's input, filled from the engine's
// 64-byte structs (or, for tests and old callers, from FlowInput objects) with no object per
// flow. Addresses are interned: a flow holds two address ids, and each distinct address is
// turned into text once, when first seen, because the flow logs' records and the rules
// name addresses as text.

import { AT, formatAddress } from "../engine/flow-record";
import { RECORD_SIZE } from "../engine/wasm/layout";
import { type Columns, GrowingColumns } from "./growing-columns";
import type { FlowInput } from "./records";
import { TupleTable } from "./tuple-table";

/** Every distinct address of an import, by id: its text, found by its bytes or its text. */
export class AddressTable {
  readonly texts: string[] = [];
  // Engine addresses: IPv4 by its word (bytes 12-15), IPv6 by its four words.
  private v4 = new TupleTable(1, 1 << 14);
  private v6 = new TupleTable(4);
  private byText = new Map<string, number>();

  get size(): number {
    return this.texts.length;
  }

  /** The id of the address at `at` of an engine record (words: the record bytes as u32). */
  idOfRecord(bytes: Uint8Array, words: Uint32Array, at: number, family: number): number {
    const w = at >> 2,
      table = family === 4 ? this.v4 : this.v6,
      k = table.key;
    if (family === 4) k[0] = words[w + 3];
    else {
      k[0] = words[w];
      k[1] = words[w + 1];
      k[2] = words[w + 2];
      k[3] = words[w + 3];
    }
    const next = this.texts.length;
    const known = table.getOrAdd(next);
    if (known >= 0) return known;
    // A new id, unless the text came before by the other way in (never for one engine's output).
    const id = this.idOfText(formatAddress(bytes, at, family));
    if (id !== next) table.set(id);
    return id;
  }

  /** The id of an address seen, or -1. */
  find(text: string): number {
    return this.byText.get(text) ?? -1;
  }

  idOfText(text: string): number {
    let id = this.byText.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.byText.set(text, id);
    }
    return id;
  }
}

// `iface`: the capture interface (a pcapng file's interface index; 0 for a pcap), for the interfaces mapped to ENIs.
const FLOW_COLUMNS = {
  src: Int32Array,
  dst: Int32Array,
  srcport: Int32Array,
  dstport: Int32Array,
  protocol: Int32Array,
  tcpFlags: Int32Array,
  iface: Int32Array,
  window: Float64Array,
  packets: Float64Array,
  bytes: Float64Array,
  startUs: Float64Array,
  endUs: Float64Array,
};

/** Flows as columns; `count` of them are filled. */
export class FlowColumns {
  readonly addresses = new AddressTable();
  private store = new GrowingColumns(FLOW_COLUMNS);

  get count(): number {
    return this.store.count;
  }
  get cols(): Columns<typeof FLOW_COLUMNS> {
    return this.store.cols;
  }

  /** A batch of engine records (layout: assembly/layout.ts) whose window starts at `window`. */
  addEngineBatch(records: Uint8Array, count: number, window: number): void {
    const first = this.store.add(count),
      c = this.store.cols,
      base = window * 1e6;
    // The batch owns its buffer (WindowBatch), so it starts word-aligned; copy if ever not.
    const bytes = records.byteOffset % 4 ? records.slice() : records;
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) {
      const at = i * RECORD_SIZE,
        j = first + i;
      const family = bytes[at + AT.family];
      c.src[j] = this.addresses.idOfRecord(bytes, words, at + AT.src, family);
      c.dst[j] = this.addresses.idOfRecord(bytes, words, at + AT.dst, family);
      c.srcport[j] = view.getUint16(at + AT.srcport, true);
      c.dstport[j] = view.getUint16(at + AT.dstport, true);
      c.protocol[j] = bytes[at + AT.protocol];
      c.tcpFlags[j] = view.getUint16(at + AT.tcpFlags, true);
      c.iface[j] = view.getUint32(at + AT.interface, true);
      c.packets[j] = view.getUint32(at + AT.packets, true);
      c.bytes[j] = view.getFloat64(at + AT.bytes, true);
      c.window[j] = window;
      c.startUs[j] = base + view.getUint32(at + AT.start, true);
      c.endUs[j] = base + view.getUint32(at + AT.end, true);
    }
  }

  addFlow(f: FlowInput): void {
    const j = this.store.add(),
      c = this.store.cols;
    c.src[j] = this.addresses.idOfText(f.srcaddr);
    c.dst[j] = this.addresses.idOfText(f.dstaddr);
    c.srcport[j] = f.srcport;
    c.dstport[j] = f.dstport;
    c.protocol[j] = f.protocol;
    c.tcpFlags[j] = f.tcpFlags;
    c.packets[j] = f.packets;
    c.bytes[j] = f.bytes;
    c.window[j] = f.window;
    c.startUs[j] = f.startUs;
    c.endUs[j] = f.endUs;
  }

  static of(flows: Iterable<FlowInput>): FlowColumns {
    const c = new FlowColumns();
    for (const f of flows) c.addFlow(f);
    return c;
  }

  /** Flow `i` as an object: for the few consumers that are not typed yet (CCN records). */
  flow(i: number): FlowInput {
    const c = this.cols,
      t = this.addresses.texts;
    return {
      window: c.window[i],
      srcaddr: t[c.src[i]],
      srcport: c.srcport[i],
      dstaddr: t[c.dst[i]],
      dstport: c.dstport[i],
      protocol: c.protocol[i],
      packets: c.packets[i],
      bytes: c.bytes[i],
      startUs: c.startUs[i],
      endUs: c.endUs[i],
      tcpFlags: c.tcpFlags[i],
    };
  }
}
