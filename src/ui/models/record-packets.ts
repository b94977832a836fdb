// The record's packets (Zui's "Packets"), as a model: which capture the selected record
// came from, the file to read (the handle kept at import, asked for permission again if
// need be, or the file chosen again by the user), the packets the worker lists from it,
// the replies toggle, and the pcap saved. Built with its dependencies: tested without a DOM.

import type { EngineErrorData } from "../../engine/api";
import type { PacketList, PacketRequest } from "../../engine/packet-list";
import type { PacketApi, RecordCapture } from "../../workspace/record-packets";
import { observable } from "./observable";

export interface PacketsState {
  /** The selected record's capture, once known; null when it has none. */
  capture: RecordCapture | null;
  /** idle: not opened; reading: the worker lists; choose: the file must be chosen (again); ready: listed. */
  phase: "idle" | "reading" | "choose" | "ready";
  replies: boolean;
  packets: PacketList | null;
  request: PacketRequest | null;
  error: EngineErrorData | string | null;
  saving: boolean;
}

export interface PacketsDeps {
  worker: PacketApi;
  /** The file behind a kept handle, with read permission asked for when the browser wants it; null if refused or gone. */
  fileOf: (handle: FileSystemFileHandle) => Promise<File | null>;
  save: (blob: Blob, name: string) => void;
}

export interface RecordPackets {
  state(): PacketsState;
  subscribe(fn: () => void): () => void;
  /** The records table's selection changed: which capture, if any, that record came from. */
  select(search: string | null, index: number | null): Promise<void>;
  /** Opens the packets: from the file known, the kept handle, or by asking for the file. */
  open(): Promise<void>;
  /** The file the user chose (again). */
  choose(file: File): Promise<void>;
  setReplies(on: boolean): Promise<void>;
  save(): Promise<void>;
  close(): void;
}

const IDLE: PacketsState = { capture: null, phase: "idle", replies: true, packets: null, request: null, error: null, saving: false };

export function createRecordPackets(deps: PacketsDeps): RecordPackets {
  const o = observable(IDLE);
  const set = o.set;
  let at: { search: string; index: number } | null = null;
  // The files read, by import: a capture chosen once is not asked for again for its other records.
  const files = new Map<string, File>();
  let generation = 0;

  async function read(file: File): Promise<void> {
    const capture = o.get().capture;
    if (!at || !capture) return;
    const mine = ++generation;
    set({ phase: "reading", error: null });
    try {
      const r = await deps.worker.recordPackets(at.search, at.index, file, o.get().replies);
      if (mine !== generation) return;
      if (!r.ok) return set({ phase: "choose", error: r.error, packets: null });
      files.set(capture.importId, file);
      set({ phase: "ready", packets: r.packets, request: r.request });
    } catch (e) {
      if (mine === generation) set({ phase: "choose", error: (e as Error).message ?? String(e), packets: null });
    }
  }

  /** The file read for the selected record's capture, if one was. */
  const fileRead = () => {
    const c = o.get().capture;
    return c ? files.get(c.importId) : undefined;
  };

  return {
    state: o.get,
    subscribe: o.subscribe,
    async select(search, index) {
      const mine = ++generation;
      at = search !== null && index !== null ? { search, index } : null;
      set({ ...IDLE, replies: o.get().replies });
      if (!at) return;
      const capture = await deps.worker.recordCapture(at.search, at.index).catch(() => null);
      if (mine === generation) set({ capture });
    },
    async open() {
      const c = o.get().capture;
      if (!c) return;
      const known = files.get(c.importId) ?? (c.handle ? await deps.fileOf(c.handle).catch(() => null) : null);
      if (known) return read(known);
      set({ phase: "choose", error: null });
    },
    choose: (file) => read(file),
    async setReplies(on) {
      set({ replies: on });
      const file = fileRead();
      if (file && o.get().phase === "ready") await read(file);
    },
    async save() {
      const { packets, request: q } = o.get();
      const file = fileRead();
      if (!file || !packets || !q) return;
      set({ saving: true, error: null });
      try {
        const blob = await deps.worker.saveRecordPackets(file, packets);
        deps.save(blob, `${q.srcaddr}.${q.srcport}-${q.dstaddr}.${q.dstport}-${q.protocol}.pcap`.replace(/:/g, "_"));
      } catch (e) {
        set({ error: (e as Error).message ?? String(e) });
      } finally {
        set({ saving: false });
      }
    },
    close() {
      generation++;
      set({ phase: "idle", packets: null, error: null });
    },
  };
}
