// A record's packets (Zui's "Packets"): the capture a record of a search came from, its
// packets listed by the engine from that file (checked to be the same file by its content
// hash), and those packets saved as a pcap. The page brings the file: from the handle kept
// at import (Chromium), or chosen again by the user (Firefox).
import type { EngineApi, EngineErrorData } from "../engine/api";
import type { PacketList, PacketRequest } from "../engine/packet-list";
import { FlowLensError, withText } from "../model/flowlens-error";
import type { FlowLogEntry } from "../model/records";
import { text } from "../model/text";
import type { LogstoreAccess } from "../storage/logstore";
import type { FlowLensDb, ImportRecord } from "../storage/schema";
import { type ResultSet, readRows, rowOrigin } from "./result-set";

/** Where a record of a search came from, when it came from a capture still on record. */
export interface RecordCapture {
  importId: string;
  name: string;
  size: number;
  contentHash: string;
  handle?: FileSystemFileHandle;
}

export type RecordPackets = { ok: true; packets: PacketList; request: PacketRequest } | { ok: false; error: EngineErrorData };

export interface PacketApi {
  /** The capture record `index` of search `id` came from, or null (a flow-log file's record, NODATA, SKIPDATA). */
  recordCapture(id: string, index: number): Promise<RecordCapture | null>;
  /** The record's packets, and with `replies` its connection's replies, read from `file` (which must be the capture imported). */
  recordPackets(id: string, index: number, file: Blob, replies: boolean): Promise<RecordPackets>;
  /** Packets listed from `file`, as a pcap (not `savePackets`: the viewer's worker sends the engine's own names to the engine). */
  saveRecordPackets(file: Blob, packets: PacketList): Promise<Blob>;
}

/** The packets a record counts: its five-tuple, from its first packet's second to past its last's. */
export function packetRequest(r: FlowLogEntry, replies: boolean): PacketRequest | null {
  if (r.srcaddr === null || r.dstaddr === null || r.protocol === null || r.start === null || r.end === null) return null;
  return {
    srcaddr: r.srcaddr,
    dstaddr: r.dstaddr,
    srcport: Number(r.srcport ?? 0),
    dstport: Number(r.dstport ?? 0),
    protocol: Number(r.protocol),
    fromUs: Number(r.start) * 1e6,
    toUs: (Number(r.end) + 1) * 1e6,
    replies,
  };
}

export function createPacketService(
  db: FlowLensDb,
  engine: EngineApi,
  ls: () => Promise<LogstoreAccess>,
  results: Map<string, ResultSet>,
): PacketApi {
  const setOf = (id: string) => {
    const set = results.get(id);
    if (!set) throw new Error(`search ${id} is closed; search again`);
    return set;
  };
  const importOf = async (set: ResultSet, index: number): Promise<ImportRecord | undefined> => {
    const origin = rowOrigin(set, index);
    return origin && (await db.get("imports", origin.importId));
  };
  return {
    async recordCapture(id, index) {
      const set = setOf(id);
      const [row] = await readRows(await ls(), set, index, 1);
      const imp = await importOf(set, index);
      if (!row || !imp?.capture || !imp.contentHash || !packetRequest(row, false)) return null;
      return { importId: imp.id, ...imp.capture, contentHash: imp.contentHash };
    },

    async recordPackets(id, index, file, replies) {
      const set = setOf(id);
      const [row] = await readRows(await ls(), set, index, 1);
      const imp = await importOf(set, index);
      const request = row && packetRequest(row, replies);
      if (!imp?.capture || !request)
        return { ok: false, error: new FlowLensError("packets.no-capture", text("packets_no_capture")).data() };
      const r = await engine.capturePackets(file, request);
      if (!r.ok) return { ok: false, error: withText(r.error) };
      // The same content, the same hash: a file changed or another one chosen is told, not read as this record's.
      if (r.file.contentHash !== imp.contentHash) {
        const name = (file as File).name ?? imp.capture.name;
        return {
          ok: false,
          error: new FlowLensError("packets.other-file", text("packets_other_file", name, imp.capture.name), { file: name }).data(),
        };
      }
      return { ok: true, packets: r.packets, request };
    },

    saveRecordPackets: (file, packets) => engine.savePackets([{ source: file, packets }]),
  };
}
